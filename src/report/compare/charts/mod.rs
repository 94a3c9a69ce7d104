//! The overlay charts of `downline compare`: the same curve of both output folders on
//! one panel, A in blue and B in orange, each as the median across its runs over the
//! band of the middle half of its runs, with thin lines at the edges of its 90 % (the
//! report's look, from [`crate::report::kit`]). One file per chart; what they share
//! (the sides' names, the legend, the line under the title, drawing two sets of bands
//! so that neither line is hidden) is in `pair`.
//!
//! Each side is named by its scenario and its folder, since two folders may hold the
//! same scenario run two ways.

mod active_members;
mod income_ladder;
mod lorenz;
mod pair;
mod survival;

use crate::report::compare::side::Side;
use crate::report::kit::chart::{Chart, render};
use anyhow::Result;
use pair::Pair;

/// The overlay charts, in page order (file names without extension).
pub const NAMES: [&str; 4] = [
    "compare_active_members",
    "compare_survival",
    "compare_lorenz",
    "compare_income_ladder",
];

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

#[cfg(test)]
mod tests {
    use super::pair::folder;
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
