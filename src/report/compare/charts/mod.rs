//! The overlay charts of `downline compare`: the same curve of both output folders on
//! one panel, A in blue and B in orange, each as the median across its runs over the
//! band of the middle half of its runs, with thin lines at the edges of its 90 % (the
//! report's look, from
//! [`crate::report::kit`]). One file per chart; what they share (the sides' names,
//! the legend, the line under the title, drawing two sets of bands so that neither
//! line is hidden) is here.
//!
//! Each side is named by its scenario and its folder, since two folders may hold the
//! same scenario run two ways.

mod active_members;
mod income_ladder;
mod lorenz;
mod survival;

use crate::report::compare::Side;
use crate::report::kit::band::Band;
use crate::report::kit::chart::{Chart, render};
use crate::report::kit::format::count;
use crate::report::kit::layout::{Key, Plot, Swatch};
use crate::report::kit::series::{line, overlaid_bands};
use crate::report::kit::style::{BLUE, GREY, INNER_BAND, ORANGE};
use anyhow::Result;
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor};

/// The overlay charts, in page order (file names without extension).
pub const NAMES: [&str; 4] = [
    "compare_active_members",
    "compare_survival",
    "compare_lorenz",
    "compare_income_ladder",
];

/// Side A's colour.
const A: RGBColor = BLUE;
/// Side B's colour.
const B: RGBColor = ORANGE;

/// Folder names longer than this many characters are cut, to keep the legend on a line.
const LONGEST_FOLDER: usize = 32;

/// Renders every chart of [`NAMES`], in that order.
pub fn render_compare_charts(a: &Side, b: &Side) -> Result<Vec<Chart>> {
    let pair = Pair { a, b };
    Ok(vec![
        render(
            "compare_active_members",
            &active_members::ActiveMembers::new(&pair),
        )?,
        render("compare_survival", &survival::Survival::new(&pair))?,
        render("compare_lorenz", &lorenz::Lorenz::new(&pair))?,
        render(
            "compare_income_ladder",
            &income_ladder::IncomeLadder::new(&pair),
        )?,
    ])
}

/// The two sides of a comparison.
pub(crate) struct Pair<'a> {
    pub a: &'a Side,
    pub b: &'a Side,
}

impl Pair<'_> {
    /// "A: “default” (run-a)".
    fn name(letter: &str, side: &Side) -> String {
        format!(
            "{letter}: \u{201c}{}\u{201d} ({})",
            side.data.meta.scenario,
            folder(side)
        )
    }

    /// The legend: each side's colour and name, and what the lines and shading are.
    pub fn keys(&self) -> Vec<Key> {
        vec![
            Key::new(Swatch::Line(A), Pair::name("A", self.a)),
            Key::new(Swatch::Line(B), Pair::name("B", self.b)),
            Key::new(Swatch::Area(GREY, INNER_BAND), "middle half of runs"),
            Key::new(Swatch::Edges(GREY), "90 % of runs"),
        ]
    }

    /// What each side ran, for the line under the title.
    pub fn subtitle(&self) -> String {
        let side = |letter: &str, side: &Side| {
            let m = &side.data.meta;
            format!(
                "{letter}: {} runs of {} months, {} people",
                count(f64::from(m.runs)),
                count(f64::from(m.months)),
                count(f64::from(m.population))
            )
        };
        format!("{}; {}", side("A", self.a), side("B", self.b))
    }

    /// The longer run's months.
    pub fn months(&self) -> f64 {
        f64::from(self.a.data.meta.months.max(self.b.data.meta.months))
    }

    /// Draws A's and B's bands, then A's median line again so that B's shading does
    /// not cover it. Each side's median is drawn over its middle half of runs, with
    /// thin lines at the edges of its 90 % of runs.
    pub fn overlay<DB: DrawingBackend>(
        plot: &mut Plot<'_, DB>,
        a: &[Band],
        b: &[Band],
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        overlaid_bands(plot, a, A)?;
        overlaid_bands(plot, b, B)?;
        let median: Vec<(f64, f64)> = a.iter().map(|band| (band.x, band.median)).collect();
        line(plot, &median, A.stroke_width(3))
    }
}

/// The last part of the side's folder, cut to [`LONGEST_FOLDER`] characters.
fn folder(side: &Side) -> String {
    let name = side.dir.file_name().map_or_else(
        || side.dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if name.chars().count() <= LONGEST_FOLDER {
        return name;
    }
    let cut: String = name.chars().take(LONGEST_FOLDER - 1).collect();
    format!("{cut}\u{2026}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::run::charts::test_data::{data, meta, undefined};
    use std::path::PathBuf;

    fn side(folder: &str, months: u32) -> Side {
        Side {
            dir: PathBuf::from("out").join(folder),
            data: data(meta(months, &[])),
            per_run: Vec::new(),
        }
    }

    fn assert_drawn(charts: &[Chart]) {
        let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
        assert_eq!(names, NAMES);
        for chart in charts {
            assert!(chart.svg.contains("viewBox"), "{}", chart.name);
            assert!(chart.png.starts_with(b"\x89PNG"), "{}", chart.name);
            let caption = &chart.caption;
            assert!(caption.ends_with('.'), "{caption}");
            assert!(
                !caption.contains("NaN") && !caption.contains("n/a"),
                "{caption}"
            );
        }
    }

    #[test]
    fn two_folders_with_nothing_in_them_still_draw_every_chart() {
        let charts = render_compare_charts(&side("a", 12), &side("b", 24)).expect("draws");
        assert_drawn(&charts);
    }

    #[test]
    fn undefined_curves_on_one_side_still_draw_every_chart() {
        let a = side("a", 6);
        let mut b = side("b", 6);
        for curve in ["survival", "lorenz_gross_pay", "net_by_percentile"] {
            let bands = (0..4).map(|x| undefined(f64::from(x))).collect();
            b.data.curves.0.insert(curve.to_string(), bands);
        }
        let bands = (0..6).map(|m| undefined(f64::from(m))).collect();
        b.data.months.0.insert("active".to_string(), bands);
        assert_drawn(&render_compare_charts(&a, &b).expect("draws"));
    }

    #[test]
    fn sides_are_named_by_scenario_and_a_folder_cut_to_fit() {
        let long = side(&"x".repeat(50), 12);
        let key = Pair::name("B", &long);
        assert!(
            key.starts_with("B: \u{201c}synthetic\u{201d} (xxx"),
            "{key}"
        );
        assert!(key.ends_with("\u{2026})"), "{key}");
        assert_eq!(folder(&side("run-a", 12)), "run-a");
    }
}
