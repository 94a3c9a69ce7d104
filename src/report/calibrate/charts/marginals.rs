//! Each varied key's posterior against its prior: one small panel per key (at most
//! [`MOST`]), the accepted points' weights in 20 bins over the prior range (one bin per
//! value for a key of whole numbers with at most 40 values), drawn as
//! density relative to the prior's (the prior is uniform: a flat line at 1), so a bar
//! above 1 is a value the targets favour. The 90 % interval is shaded and the median
//! drawn; the heading gives the key's shrinkage.

use super::short_key;
use crate::report::calibrate::data::CalibrationData;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::fixed;
use crate::report::kit::layout::{Key, Panel, Swatch, frame};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{dashed, line};
use crate::report::kit::style::{BLUE, GREY, INK, ORANGE};
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Rectangle;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

/// Keys drawn, at most.
pub const MOST: usize = 6;

/// Bins across the prior range.
const BINS: usize = 20;

/// A key of whole numbers with fewer than this many values past its first gets a bin
/// per value.
const MOST_VALUES: f64 = 40.0;

/// Characters of a panel heading, at most (a third of the chart's width).
const HEADING: usize = 26;

/// The key for a panel heading: without its top-level table, and if still long, its
/// last two parts.
fn heading(key: &str) -> String {
    let short = short_key(key);
    if short.chars().count() <= HEADING {
        return short;
    }
    let parts: Vec<&str> = short.split('.').collect();
    let tail = parts[parts.len().saturating_sub(2)..].join(".");
    if tail.chars().count() <= HEADING {
        tail
    } else {
        parts.last().map_or(tail.clone(), |p| (*p).to_string())
    }
}

struct Marginal {
    heading: String,
    shrinkage: String,
    low: f64,
    high: f64,
    /// Per bin: posterior weight over the prior's (1 / BINS).
    ratio: Vec<f64>,
    median: f64,
    q05: f64,
    q95: f64,
}

pub struct Marginals {
    panels: Vec<Marginal>,
    keys: usize,
    points: usize,
}

impl Marginals {
    pub fn new(data: &CalibrationData) -> Option<Marginals> {
        if data.posterior.is_empty() || data.parameters.is_empty() {
            return None;
        }
        let panels = (data.parameters.iter().enumerate().take(MOST))
            .map(|(k, p)| {
                let values = data.weighted(k);
                let whole = |x: f64| x.fract() == 0.0;
                let integer = whole(p.prior_low)
                    && whole(p.prior_high)
                    && p.prior_high - p.prior_low < MOST_VALUES
                    && values.iter().all(|(v, _)| whole(*v));
                let (low, high, bins) = if integer {
                    let n = (p.prior_high - p.prior_low) as usize + 1;
                    (p.prior_low - 0.5, p.prior_high + 0.5, n)
                } else {
                    (p.prior_low, p.prior_high, BINS)
                };
                let width = (high - low) / bins as f64;
                let mut ratio = vec![0.0; bins];
                let total: f64 = values.iter().map(|(_, w)| w).sum();
                for (value, weight) in values {
                    if !(value.is_finite() && width > 0.0) {
                        continue;
                    }
                    let bin = (((value - low) / width).floor().max(0.0) as usize).min(bins - 1);
                    ratio[bin] += weight / total * bins as f64;
                }
                Marginal {
                    heading: heading(&p.key),
                    shrinkage: format!("shrinkage {}", fixed(p.shrinkage, 2)),
                    low,
                    high,
                    ratio,
                    median: p.median,
                    q05: p.q05,
                    q95: p.q95,
                }
            })
            .collect();
        Some(Marginals {
            panels,
            keys: data.parameters.len(),
            points: data.posterior.len(),
        })
    }

    fn draw_panel<DB: DrawingBackend>(
        &self,
        cell: &DrawingArea<DB, Shift>,
        m: &Marginal,
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let top = m.ratio.iter().copied().fold(1.0_f64, f64::max) * 1.1;
        let plot = Panel::new(
            &m.heading,
            Scale::linear_exact_with(m.low, m.high, Unit::Count, 4),
            &m.shrinkage,
            Scale::linear_with(0.0, top, Unit::Count, 3),
            "",
        )
        .without_x_grid()
        .draw(cell)?;
        let width = (m.high - m.low) / m.ratio.len() as f64;
        plot.plotting_area().draw(&Rectangle::new(
            [(m.q05, 0.0), (m.q95, top)],
            ORANGE.mix(0.15).filled(),
        ))?;
        for (b, &r) in m.ratio.iter().enumerate() {
            if r > 0.0 {
                let x0 = m.low + b as f64 * width;
                plot.plotting_area().draw(&Rectangle::new(
                    [(x0 + 0.06 * width, 0.0), (x0 + 0.94 * width, r)],
                    BLUE.filled(),
                ))?;
            }
        }
        dashed(&plot, &[(m.low, 1.0), (m.high, 1.0)], GREY.stroke_width(3))?;
        line(
            &plot,
            &[(m.median, 0.0), (m.median, top)],
            INK.stroke_width(3),
        )?;
        Ok(())
    }
}

impl Figure for Marginals {
    fn title(&self) -> String {
        "What the targets say about each key".to_string()
    }

    fn caption(&self) -> String {
        let mut text = format!(
            "The {} accepted points' weights across each key's prior range, as density \
             relative to the prior: bars above the dashed line at 1 are values the targets \
             favour; a flat spread at 1 means the targets say nothing about the key.",
            self.points
        );
        if self.keys > MOST {
            text.push_str(&format!(
                " The first {MOST} of {} keys are drawn; parameters.csv has them all.",
                self.keys
            ));
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let keys = [
            Key::new(Swatch::Bar(BLUE), "posterior"),
            Key::new(Swatch::Dashed(GREY), "prior (uniform)"),
            Key::new(Swatch::Line(INK), "median"),
            Key::new(Swatch::Area(ORANGE, 0.15), "90 % interval"),
        ];
        let subtitle = "Posterior density over prior density, 20 bins across each prior range (a bin per value for whole numbers)";
        let area = frame(root, &self.title(), subtitle, &keys)?;
        let n = self.panels.len();
        let columns = n.min(3);
        let rows = n.div_ceil(columns);
        let cells = area.split_evenly((rows, columns));
        for (cell, m) in cells.iter().zip(&self.panels) {
            self.draw_panel(cell, m)?;
        }
        Ok(())
    }
}
