//! The run report's charts, each drawn from a [`ReportData`] with the kit's frame,
//! axes, series and formats ([`crate::report::kit`]): nine from the tables every
//! folder has, and `member_story` from `traces`, drawn only when the folder has them.
//!
//! One file per chart; each builds a [`crate::report::kit::chart::Figure`] (its title,
//! its caption with the numbers, and how to draw it on any plotters backend), and
//! [`render_all`] draws them all as SVG and PNG. The income histogram's money axis is in
//! `bins`.

mod active_members;
mod bins;
mod by_rank;
mod cohorts;
mod company;
mod income_distribution;
mod income_ladder;
mod lorenz;
pub mod member_story;
pub mod people;
mod subtitle;
mod survival;
#[cfg(test)]
pub(crate) mod test_data;

use crate::report::kit::chart::{Chart, render};
use crate::report::run::data::ReportData;
use anyhow::Result;

/// The charts, in report order (file names without extension); [`STORY`] is drawn only
/// when the folder has traces.
pub const NAMES: [&str; 10] = [
    "people",
    "income_distribution",
    "lorenz",
    "income_ladder",
    "survival",
    "active_members",
    "company",
    "cohorts",
    "by_rank",
    STORY,
];

/// The chart of one typical member's story ([`member_story`]), shown in the page's
/// story section rather than among the other charts.
pub const STORY: &str = "member_story";

/// Renders every chart of [`NAMES`], in that order ([`STORY`] only when the folder has
/// traces).
pub fn render_all(data: &ReportData) -> Result<Vec<Chart>> {
    let mut charts = vec![
        render("people", &people::People::new(data))?,
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
    ];
    if let Some(story) = member_story::MemberStory::new(data) {
        charts.push(render(STORY, &story)?);
    }
    Ok(charts)
}

#[cfg(test)]
mod tests {
    use super::test_data::{data, meta, undefined};
    use super::*;
    use crate::ensemble::run_statistics;
    use crate::ensemble::statistics::Summary;
    use crate::report::run::data::{Bin, Histogram};

    fn assert_all_drawn(charts: &[Chart]) {
        let names: Vec<&str> = charts.iter().map(|c| c.name).collect();
        // Made-up data has no traces: no story.
        assert_eq!(names, NAMES[..NAMES.len() - 1]);
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
        let income = &charts[1];
        assert!(income.caption.contains("shorter than a full year"));
    }

    #[test]
    fn undefined_numbers_everywhere_still_draw_every_chart() {
        let mut data = data(meta(6, &["Bronze", "Silver", "Gold"]));
        data.statistics = run_statistics::NAMES
            .iter()
            .map(|name| (name.to_string(), Summary::UNDEFINED))
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
