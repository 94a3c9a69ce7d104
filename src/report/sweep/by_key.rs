//! One numeric varied key against the sweep's headline statistics: eight small panels,
//! each a statistic (in its own unit) over the key's values.
//!
//! What a point carries per statistic is its [`Summary`] across the point's runs, so
//! each value of the key is drawn as the median across runs with the band of 90 % of
//! runs (5th to 95th percentile). How the points become a line depends on the design:
//!
//! - only this key varies: one point per value, a line through the medians (a dot at
//!   each) over the band, with the 95 % interval of the mean as a whisker at each value;
//! - other keys vary too and values repeat (a grid): the points sharing a value are
//!   pooled, the line through the median of their medians, the band from the lowest
//!   5th to the highest 95th percentile among them (said in the subtitle);
//! - other keys vary too and every value is different (a Latin hypercube): no line can
//!   be drawn through points that differ in the other keys as well, so each point is a
//!   dot at its median with a whisker over its 90 % of runs.

use super::headline::HEADLINE;
use crate::ensemble::statistics::{Summary, median};
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::count;
use crate::report::kit::labels::{Label, Measure, label_of};
use crate::report::kit::layout::{Key, Panel, Swatch, frame, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{extent, line, outer_bands};
use crate::report::kit::style::{BLUE, INK, OUTER_BAND};
use crate::sweep::design::Point;
use crate::sweep::results::SweepResults;
use crate::sweep::sensitivity::numeric_inputs;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Circle;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

/// Panels per row and rows.
const GRID: (usize, usize) = (2, 4);

/// How the points are drawn (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Design {
    /// Only this key varies.
    Alone,
    /// Points that share a value are pooled; at most this many share one.
    Pooled(usize),
    /// Every point has its own value and other keys vary too.
    Scattered,
}

/// One statistic's panel.
struct Series {
    label: &'static Label,
    /// One band per value of the key (per point when scattered); `p25` and `p75` are
    /// undefined.
    bands: Vec<Band>,
    /// The 95 % interval of the mean at each value, when only this key varies.
    ci95: Vec<(f64, [f64; 2])>,
}

pub struct ByKey<'a> {
    key: &'a str,
    design: Design,
    points: usize,
    runs: usize,
    /// The key's smallest and largest value.
    range: (f64, f64),
    panels: Vec<Series>,
}

impl<'a> ByKey<'a> {
    /// The chart of `key`, one of the sweep's numeric keys.
    pub fn new(results: &SweepResults, key: &'a str) -> Self {
        let points: Vec<Point> = results.points.iter().map(|p| p.point.clone()).collect();
        let (keys, inputs) = numeric_inputs(&points);
        let column = keys.iter().position(|k| k == key);
        let values: Vec<f64> = (inputs.iter())
            .map(|row| column.and_then(|j| row.get(j).copied()).unwrap_or(f64::NAN))
            .collect();
        let mut order: Vec<usize> = (0..values.len())
            .filter(|&i| values[i].is_finite())
            .collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
        let groups: Vec<&[usize]> = order.chunk_by(|&a, &b| values[a] == values[b]).collect();
        let others_vary = points.first().is_some_and(|p| p.values.len() > 1);
        let largest = groups.iter().map(|g| g.len()).max().unwrap_or(0);
        let design = match (largest > 1, others_vary) {
            (true, _) => Design::Pooled(largest),
            (false, true) => Design::Scattered,
            (false, false) => Design::Alone,
        };
        let panels = HEADLINE
            .iter()
            .filter_map(|&name| {
                let label = label_of(name)?;
                let summaries: Vec<Option<&Summary>> = (results.points.iter())
                    .map(|p| {
                        p.statistics
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, s)| s)
                    })
                    .collect();
                let at = |group: &[usize]| -> Vec<&Summary> {
                    group.iter().filter_map(|&i| summaries[i]).collect()
                };
                let bands = groups
                    .iter()
                    .map(|group| pooled(values[group[0]], &at(group)))
                    .collect();
                let ci95 = match design {
                    Design::Alone => (groups.iter())
                        .filter_map(|group| Some((values[group[0]], at(group).first()?.ci95)))
                        .collect(),
                    _ => Vec::new(),
                };
                Some(Series { label, bands, ci95 })
            })
            .collect();
        ByKey {
            key,
            design,
            points: points.len(),
            runs: results.points.first().map_or(0, |p| p.runs),
            range: extent(order.iter().map(|&i| values[i])).unwrap_or((0.0, 1.0)),
            panels,
        }
    }

    fn subtitle(&self) -> String {
        let (points, runs) = (count(self.points as f64), count(self.runs as f64));
        match self.design {
            Design::Alone => format!("{points} values of {}, {runs} runs each", self.key),
            Design::Pooled(most) => format!(
                "{points} points, {runs} runs each; pooled over the other varied keys at each \
                 value (up to {most} points)"
            ),
            Design::Scattered => format!(
                "{points} points, {runs} runs each; the other varied keys change from dot to dot"
            ),
        }
    }

    fn keys(&self) -> Vec<Key> {
        let runs = count(self.runs as f64);
        match self.design {
            Design::Alone => vec![
                Key::new(Swatch::Line(BLUE), format!("median of {runs} runs")),
                Key::new(Swatch::Area(BLUE, OUTER_BAND), "90 % of runs"),
                Key::new(Swatch::Whisker(INK), "95 % interval of the mean"),
            ],
            Design::Pooled(_) => vec![
                Key::new(Swatch::Line(BLUE), "median of the points\u{2019} medians"),
                Key::new(
                    Swatch::Area(BLUE, OUTER_BAND),
                    "lowest 5th to highest 95th percentile of their runs",
                ),
            ],
            Design::Scattered => vec![
                Key::new(Swatch::Dot(BLUE), format!("a point: median of {runs} runs")),
                Key::new(Swatch::Whisker(BLUE), "90 % of its runs"),
            ],
        }
    }

    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        series: &Series,
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let unit = unit(series.label.measure);
        let (lo, hi) = extent(
            (series.bands.iter().flat_map(|b| [b.p5, b.median, b.p95]))
                .chain(series.ci95.iter().flat_map(|(_, ci)| *ci)),
        )
        .unwrap_or((0.0, 1.0));
        let (x_lo, x_hi) = self.range;
        let pad = if self.design == Design::Scattered {
            0.04 * (x_hi - x_lo)
        } else {
            0.0
        };
        let mut plot = Panel::new(
            series.label.short,
            key_axis(x_lo - pad, x_hi + pad),
            "",
            Scale::linear_with(lo, hi, unit, 4),
            "",
        )
        .draw(area)?;
        if series.bands.iter().all(|b| b.median.is_nan()) {
            return note(&plot, "Not defined");
        }
        match self.design {
            Design::Alone | Design::Pooled(_) => {
                outer_bands(&mut plot, &series.bands, BLUE)?;
                for b in series.bands.iter().filter(|b| b.median.is_finite()) {
                    plot.plotting_area()
                        .draw(&Circle::new((b.x, b.median), 3, BLUE.filled()))?;
                }
                for &(x, [low, high]) in &series.ci95 {
                    line(&plot, &[(x, low), (x, high)], INK.stroke_width(2))?;
                }
            }
            Design::Scattered => {
                for b in &series.bands {
                    line(
                        &plot,
                        &[(b.x, b.p5), (b.x, b.p95)],
                        BLUE.mix(0.35).stroke_width(2),
                    )?;
                    if b.median.is_finite() {
                        plot.plotting_area().draw(&Circle::new(
                            (b.x, b.median),
                            4,
                            BLUE.filled(),
                        ))?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The band of the points `summaries` at value `x`: the median of their medians, the
/// lowest 5th and highest 95th percentile, the mean of one point (undefined for more).
fn pooled(x: f64, summaries: &[&Summary]) -> Band {
    let finite = |field: fn(&Summary) -> f64| -> Vec<f64> {
        (summaries.iter())
            .map(|s| field(s))
            .filter(|v| v.is_finite())
            .collect()
    };
    let low = finite(|s| s.p5).into_iter().fold(f64::NAN, f64::min);
    let high = finite(|s| s.p95).into_iter().fold(f64::NAN, f64::max);
    Band {
        x,
        mean: match summaries {
            [only] => only.mean,
            _ => f64::NAN,
        },
        p5: low,
        p25: f64::NAN,
        median: median(&finite(|s| s.median)),
        p75: f64::NAN,
        p95: high,
    }
}

/// The key's axis over exactly `lo..hi`: as many round ticks (up to five) as fit a
/// small panel without their labels running into each other.
fn key_axis(lo: f64, hi: f64) -> Scale {
    // About 11 pixels per character of tick label, 10 between labels, in a plot about
    // 190 pixels wide.
    let fits = |scale: &Scale| {
        let ticks = scale.ticks();
        let widest = ticks
            .iter()
            .map(|t| t.label.chars().count())
            .max()
            .unwrap_or(0);
        ticks.len() < 2 || (widest * 11 + 10) as f64 <= 190.0 / (ticks.len() - 1) as f64
    };
    [4, 3, 2]
        .into_iter()
        .map(|intervals| Scale::linear_exact_with(lo, hi, Unit::Count, intervals))
        .find(fits)
        .unwrap_or_else(|| Scale::linear_exact_with(lo, hi, Unit::Count, 1))
}

/// The axis unit of a statistic's values.
fn unit(measure: Measure) -> Unit {
    match measure {
        Measure::Share => Unit::Percent,
        Measure::Money | Measure::MoneyCents => Unit::Money,
        Measure::Months => Unit::Months,
        Measure::Count | Measure::Hours | Measure::Index => Unit::Count,
    }
}

impl Figure for ByKey<'_> {
    fn title(&self) -> String {
        format!("What changes with {}", self.key)
    }

    fn caption(&self) -> String {
        format!(
            "The sweep's headline results against {}: {}.",
            self.key,
            self.subtitle()
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let area = frame(root, &self.title(), &self.subtitle(), &self.keys())?;
        let cells = area.split_evenly(GRID);
        for (cell, series) in cells.iter().zip(&self.panels) {
            self.draw_panel(cell, series)?;
        }
        Ok(())
    }
}
