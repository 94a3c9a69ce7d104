//! The charts: each drawn from a [`ReportData`] with plotters, as SVG and PNG, with the
//! bundled font (no system font libraries).
//!
//! One file per chart; each builds a `Figure` (its title, its caption with the
//! numbers, and how to draw it on any plotters backend), and [`render_all`] draws each
//! figure twice, into an SVG string and an RGB buffer that `encode` turns into PNG
//! bytes. The shared look lives in `style` and `layout`, axes in `scale`, number
//! formats in `format`, series drawing in `series`, the income histogram's money axis
//! in `bins`. Nothing here reads a clock or iterates a hash map, so the same data gives
//! the same bytes. The sweep's and the comparison's charts (`sweep_charts`,
//! `compare_charts`) are figures too, drawn with the same frame, axes and formats.

mod active_members;
mod bins;
mod by_rank;
mod cohorts;
mod company;
pub(crate) mod encode;
pub(crate) mod font;
pub(crate) mod format;
mod income_distribution;
mod income_ladder;
pub(crate) mod layout;
mod lorenz;
pub(crate) mod scale;
pub(crate) mod series;
pub(crate) mod style;
mod survival;
#[cfg(test)]
pub(crate) mod test_data;

use super::data::ReportData;
use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::{BitMapBackend, DrawingBackend, IntoDrawingArea, SVGBackend};
use style::{HEIGHT, WIDTH};

/// The charts, in report order (file names without extension).
pub const NAMES: [&str; 8] = [
    "income_distribution",
    "lorenz",
    "income_ladder",
    "survival",
    "active_members",
    "company",
    "cohorts",
    "by_rank",
];

/// One rendered chart.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File name without extension: one of [`NAMES`] for a report's charts.
    pub name: &'static str,
    /// Short title.
    pub title: String,
    /// What to notice, in plain language, with the numbers.
    pub caption: String,
    /// The chart as an SVG document.
    pub svg: String,
    /// The chart as a PNG image.
    pub png: Vec<u8>,
}

/// A chart before rendering: what it says and how it is drawn.
pub(crate) trait Figure {
    /// Short title, drawn on the chart too.
    fn title(&self) -> String;
    /// What to notice, with the numbers.
    fn caption(&self) -> String;
    /// Draws the whole chart on `root` (a blank canvas of [`WIDTH`] by [`HEIGHT`]).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static;
}

/// Renders every chart of [`NAMES`], in that order.
pub fn render_all(data: &ReportData) -> Result<Vec<Chart>> {
    Ok(vec![
        render(
            "income_distribution",
            &income_distribution::IncomeDistribution::new(data),
        )?,
        render("lorenz", &lorenz::Lorenz::new(data))?,
        render("income_ladder", &income_ladder::IncomeLadder::new(data))?,
        render("survival", &survival::Survival::new(data))?,
        render("active_members", &active_members::ActiveMembers::new(data))?,
        render("company", &company::Company::new(data))?,
        render("cohorts", &cohorts::Cohorts::new(data))?,
        render("by_rank", &by_rank::ByRank::new(data))?,
    ])
}

/// Draws `figure` as SVG and PNG.
pub(crate) fn render(name: &'static str, figure: &impl Figure) -> Result<Chart> {
    let (svg, png) = draw(name, figure)?;
    Ok(Chart {
        name,
        title: figure.title(),
        caption: figure.caption(),
        svg,
        png,
    })
}

/// Draws `figure` (called `name` in error messages) into an SVG document and PNG bytes.
pub(crate) fn draw(name: &str, figure: &impl Figure) -> Result<(String, Vec<u8>)> {
    font::register()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        figure
            .draw(&root)
            .with_context(|| format!("cannot draw the {name} chart as SVG"))?;
        root.present()?;
    }
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        figure
            .draw(&root)
            .with_context(|| format!("cannot draw the {name} chart as PNG"))?;
        root.present()?;
    }
    Ok((svg, encode::png(&rgb, WIDTH, HEIGHT)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::run_statistics;
    use crate::ensemble::statistics::Summary;
    use crate::report::data::{Bin, Histogram};
    use test_data::{data, meta, undefined};

    fn assert_all_drawn(charts: &[Chart]) {
        let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
        assert_eq!(names, NAMES);
        for chart in charts {
            assert!(!chart.caption.is_empty(), "{} has no caption", chart.name);
            assert!(chart.svg.contains("viewBox"), "{}", chart.name);
            assert!(chart.png.starts_with(b"\x89PNG"), "{}", chart.name);
        }
    }

    #[test]
    fn a_data_set_with_nothing_in_it_still_draws_every_chart() {
        let charts = render_all(&data(meta(12, &[]))).expect("draws");
        assert_all_drawn(&charts);
        let income = &charts[0];
        assert!(income.caption.contains("shorter than a full year"));
    }

    #[test]
    fn undefined_numbers_everywhere_still_draw_every_chart() {
        let mut data = data(meta(6, &["Bronze", "Silver", "Gold"]));
        data.statistics = run_statistics::NAMES
            .iter()
            .map(|name| {
                let nan = f64::NAN;
                let summary = Summary {
                    mean: nan,
                    median: nan,
                    p5: nan,
                    p95: nan,
                    ci95: [nan; 2],
                };
                (name.to_string(), summary)
            })
            .collect();
        for (quantity, _) in crate::ensemble::month_series::QUANTITIES {
            let bands = (0..6).map(|m| undefined(f64::from(m))).collect();
            data.months.0.insert(quantity.to_string(), bands);
        }
        for curve in crate::ensemble::curves::CURVES {
            // Rank curves shorter than the ranks: a rank nobody reached.
            let bands = (0..2).map(|x| undefined(f64::from(x))).collect();
            data.curves.0.insert(curve.to_string(), bands);
        }
        let bins = crate::ensemble::curves::bin_edges()
            .windows(2)
            .map(|w| Bin {
                low: w[0],
                high: w[1],
                count: 0,
            })
            .collect::<Vec<_>>();
        for quantity in crate::ensemble::curves::HISTOGRAMS {
            data.histograms.push(Histogram {
                quantity: quantity.to_string(),
                bins: bins.clone(),
            });
        }
        let charts = render_all(&data).expect("draws");
        assert_all_drawn(&charts);
        for chart in &charts {
            let caption = &chart.caption;
            assert!(
                !caption.contains("NaN") && !caption.contains("n/a"),
                "{caption}"
            );
        }
    }
}
