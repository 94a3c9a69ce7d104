//! A sweep's charts, each written into `out/charts/` as PNG and SVG with the report's
//! look (the frame, axes, formats and font of [`crate::report::kit`]):
//!
//! - `tornado`: for each headline statistic ([`HEADLINE`]), how strongly each numeric
//!   varied key moves it (the standardised rank regression coefficients of
//!   `sensitivity.csv`), with the fit's R². A sweep with no numeric key (only text or
//!   table values, which have no order) or no fitted statistic has nothing to rank and
//!   writes no tornado.
//! - `sweep_<key>` for each numeric varied key (the key made into a file name by
//!   [`file_name`]): the headline statistics against the key's values, as small
//!   multiples. How the points are drawn depends on the design; see `by_key`.
//!
//! A sweep without a numeric key writes no chart at all.

mod by_key;
mod headline;
mod tornado;

pub use headline::HEADLINE;

use crate::error::Result;
use crate::report::kit::chart::{draw, write_chart};
use crate::sweep::results::SweepResults;
use anyhow::Context;
use std::collections::BTreeSet;
use std::path::Path;

/// Writes the sweep's charts into `out/charts/`.
pub fn write_sweep_charts(results: &SweepResults, out: &Path) -> Result<()> {
    let tornado = tornado::Tornado::new(results);
    if tornado.is_none() && results.numeric_keys.is_empty() {
        return Ok(());
    }
    let dir = out.join("charts");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    if let Some(tornado) = tornado {
        let (svg, png) = draw("tornado", &tornado)?;
        write_chart(&dir, "tornado", &svg, &png)?;
    }
    let mut taken = BTreeSet::from(["tornado".to_string()]);
    for key in &results.numeric_keys {
        let name = file_name(key, &taken);
        let figure = by_key::ByKey::new(results, key);
        let (svg, png) = draw(&name, &figure)?;
        write_chart(&dir, &name, &svg, &png)?;
        taken.insert(name);
    }
    Ok(())
}

/// `sweep_` and `key` with every run of characters other than ASCII letters, digits
/// and `-` made one `_` (`behaviour.join_probability` -> `sweep_behaviour_join_probability`,
/// `plan.bonus[1].rate` -> `sweep_plan_bonus_1_rate`); `_2`, `_3`, ... appended if that
/// name is `taken` by another key.
pub fn file_name(key: &str, taken: &BTreeSet<String>) -> String {
    let mut name = String::from("sweep");
    // A separator is written only before the next kept character: none doubled, none
    // at the end.
    let mut separated = true;
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            if separated {
                name.push('_');
                separated = false;
            }
            name.push(c);
        } else {
            separated = true;
        }
    }
    if name == "sweep" {
        name.push_str("_key");
    }
    if !taken.contains(&name) {
        return name;
    }
    (2..)
        .map(|k| format!("{name}_{k}"))
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::run_statistics::NAMES;
    use crate::ensemble::statistics::Summary;
    use crate::ensemble::stress::{RatioQuantiles, Stress};
    use crate::sweep::design::Point;
    use crate::sweep::results::PointResult;
    use crate::sweep::sensitivity::numeric_inputs;

    #[test]
    fn headline_statistics_have_names_that_fit_a_small_panel() {
        for name in HEADLINE {
            let short = crate::report::kit::labels::label_of(name)
                .expect("a statistic")
                .short;
            assert!(short.chars().count() <= 20, "{short} is too long");
        }
    }

    /// A sweep of `key` over `values` whose every statistic is `summary` at every point.
    fn sweep(key: &str, values: &[toml::Value], summary: Summary) -> SweepResults {
        let nan = f64::NAN;
        let points: Vec<PointResult> = (values.iter().enumerate())
            .map(|(index, value)| PointResult {
                point: Point {
                    index: index as u32,
                    values: vec![(key.to_string(), value.clone())],
                },
                runs: 3,
                statistics: NAMES.iter().map(|&name| (name, summary)).collect(),
                stress: Stress {
                    run_months: 0,
                    monthly_payout_ratio: RatioQuantiles {
                        p50: nan,
                        p95: nan,
                        p99: nan,
                        worst: nan,
                    },
                    cap_binding_share: nan,
                    over_margin_share: nan,
                    runs_ever_over_margin: nan,
                    breakage_ratio: nan,
                },
            })
            .collect();
        let (numeric_keys, _) =
            numeric_inputs(&points.iter().map(|p| p.point.clone()).collect::<Vec<_>>());
        SweepResults {
            points,
            numeric_keys,
            sensitivity: Vec::new(),
        }
    }

    #[test]
    fn undefined_statistics_draw_a_note_and_no_tornado_without_a_fit() {
        let values = [0.1, 0.2, 0.3].map(toml::Value::Float);
        let results = sweep("behaviour.join_probability", &values, Summary::UNDEFINED);
        assert!(tornado::Tornado::new(&results).is_none());
        let figure = by_key::ByKey::new(&results, "behaviour.join_probability");
        let (svg, png) = draw("sweep", &figure).expect("draws");
        assert!(svg.contains("Not defined"));
        assert!(png.starts_with(b"\x89PNG"));
    }

    #[test]
    fn a_sweep_without_a_numeric_key_writes_no_chart() {
        let values = ["complete", "random"].map(|v| toml::Value::String(v.to_string()));
        let results = sweep("market.network.kind", &values, Summary::UNDEFINED);
        let dir = tempfile::tempdir().expect("a temporary folder");
        write_sweep_charts(&results, dir.path()).expect("nothing to write is no error");
        assert!(!dir.path().join("charts").exists());
    }

    #[test]
    fn a_sweep_of_one_value_draws_it() {
        let one = Summary {
            mean: 0.5,
            median: 0.5,
            p5: 0.4,
            p95: 0.6,
            ci95: [0.45, 0.55],
        };
        let results = sweep("product.entry_fee", &[toml::Value::Integer(99)], one);
        let dir = tempfile::tempdir().expect("a temporary folder");
        write_sweep_charts(&results, dir.path()).expect("writes");
        for file in ["sweep_product_entry_fee.svg", "sweep_product_entry_fee.png"] {
            assert!(dir.path().join("charts").join(file).is_file(), "{file}");
        }
    }

    #[test]
    fn keys_become_file_names() {
        let none = BTreeSet::new();
        assert_eq!(
            file_name("behaviour.join_probability", &none),
            "sweep_behaviour_join_probability"
        );
        assert_eq!(
            file_name("plan.bonus[1].rate", &none),
            "sweep_plan_bonus_1_rate"
        );
        assert_eq!(file_name("a-b", &none), "sweep_a-b");
        assert_eq!(file_name("..", &none), "sweep_key");
    }

    #[test]
    fn two_keys_never_share_a_file() {
        let taken = BTreeSet::from(["sweep_a_b".to_string(), "sweep_a_b_2".to_string()]);
        assert_eq!(file_name("a.b", &taken), "sweep_a_b_3");
    }
}
