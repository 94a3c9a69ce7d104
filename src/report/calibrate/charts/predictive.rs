//! The predictive check as a chart: one row per target, each on its own scale so that
//! targets in dollars and in shares sit side by side. Along x, the distance from the
//! target's centre in half-widths of its range, `(x - centre) / ((high - low) / 2)`: the
//! range is -1 to +1 in every row (shaded), the target at 0. The simulated statistic
//! over the accepted points' runs is a bar from its 5th to its 95th percentile with a
//! dot at its mean. Beyond the axis, a bar is cut at the edge and its mean written
//! there. The verdict is written right of each row.

use crate::output::records::calibration::PredictiveRow;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::fixed;
use crate::report::kit::labels::label_of;
use crate::report::kit::layout::{Key, Panel, Swatch, frame, label};
use crate::report::kit::scale::{Scale, Tick};
use crate::report::kit::series::line;
use crate::report::kit::style::{
    BLUE, GREEN, INK, ORANGE, TEXT_SIZE, VERMILLION, anchored, bold, text,
};
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

/// Width of the verdict column right of the rows, in pixels.
const VERDICT_COLUMN: u32 = 250;

/// The axis reaches at least this far either side (a range is ±1) and at most this.
const LEAST: f64 = 1.5;
const MOST: f64 = 8.0;

/// One target's row, in half-widths of its range from its centre.
struct Row {
    label: String,
    mean: f64,
    p5: f64,
    p95: f64,
    verdict: String,
}

pub struct Predictive {
    rows: Vec<Row>,
    limit: f64,
    reproduced: usize,
}

/// The colour a verdict is written in.
pub fn verdict_colour(verdict: &str) -> RGBColor {
    match verdict {
        "reproduced" => GREEN,
        "reproduced on average" => ORANGE,
        _ => VERMILLION,
    }
}

impl Predictive {
    pub fn new(predictive: &[PredictiveRow]) -> Option<Predictive> {
        if predictive.is_empty() {
            return None;
        }
        let rows: Vec<Row> = (predictive.iter())
            .map(|p| {
                let centre = (p.low + p.high) / 2.0;
                let half = (p.high - p.low) / 2.0;
                let z = |x: f64| (x - centre) / half;
                Row {
                    label: label_of(&p.statistic)
                        .map_or(p.statistic.clone(), |l| l.short.to_string()),
                    mean: z(p.mean),
                    p5: z(p.p5),
                    p95: z(p.p95),
                    verdict: p.verdict.clone(),
                }
            })
            .collect();
        let furthest = (rows.iter())
            .flat_map(|r| [r.mean, r.p5, r.p95])
            .filter(|z| z.is_finite())
            .fold(0.0_f64, |m, z| m.max(z.abs()));
        let limit = (furthest * 1.1).clamp(LEAST, MOST);
        let reproduced = rows
            .iter()
            .filter(|r| r.verdict != "not reproduced")
            .count();
        Some(Predictive {
            rows,
            limit,
            reproduced,
        })
    }

    /// The row's position on the y axis: the first target at the top.
    fn y(&self, row: usize) -> f64 {
        (self.rows.len() - 1 - row) as f64
    }

    fn ticks(&self) -> Vec<Tick> {
        let step = if self.limit > 4.0 { 2.0 } else { 1.0 };
        let last = (self.limit / step).floor() as i64;
        (-last..=last)
            .map(|k| {
                let value = k as f64 * step;
                let label = match k {
                    0 => "target".to_string(),
                    k if k > 0 => format!("+{}", fixed(value, 0)),
                    _ => fixed(value, 0),
                };
                Tick { value, label }
            })
            .collect()
    }
}

impl Figure for Predictive {
    fn title(&self) -> String {
        "Each target against what the fitted model simulates".to_string()
    }

    fn caption(&self) -> String {
        format!(
            "{} of {} targets are reproduced (on average at least): the simulated mean lies \
             inside the target's range. Each row is on its own scale: 0 is the target, -1 and \
             +1 the ends of its range; the bar is the middle 90 % of the accepted points' runs.",
            self.reproduced,
            self.rows.len()
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let keys = [
            Key::new(Swatch::Area(GREEN, 0.25), "target range"),
            Key::new(Swatch::Line(BLUE), "simulated: 5th to 95th percentile"),
            Key::new(Swatch::Dot(BLUE), "simulated mean"),
        ];
        let subtitle =
            "Distance from each target in half-widths of its range (the range is -1 to +1)";
        let area = frame(root, &self.title(), subtitle, &keys)?;
        let (width, _) = area.dim_in_pixel();
        let (chart, _) = area.split_horizontally(width.saturating_sub(VERDICT_COLUMN));
        let labels: Vec<String> = self.rows.iter().rev().map(|r| r.label.clone()).collect();
        let plot = Panel::new(
            "",
            Scale::explicit(-self.limit, self.limit, self.ticks()),
            "half-widths of the target range from the target",
            Scale::categories(&labels),
            "",
        )
        .without_y_grid()
        .draw(&chart)?;
        let l = self.limit;
        let top = self.rows.len() as f64 - 0.5;
        plot.plotting_area().draw(&Rectangle::new(
            [(-1.0, -0.5), (1.0, top)],
            GREEN.mix(0.25).filled(),
        ))?;
        line(&plot, &[(0.0, -0.5), (0.0, top)], GREEN.stroke_width(2))?;
        let (right, _) = plot.backend_coord(&(l, 0.0));
        for (r, row) in self.rows.iter().enumerate() {
            let y = self.y(r);
            if row.p5.is_finite() && row.p95.is_finite() {
                let (a, b) = (row.p5.clamp(-l, l), row.p95.clamp(-l, l));
                plot.plotting_area().draw(&Rectangle::new(
                    [(a, y - 0.12), (b, y + 0.12)],
                    BLUE.mix(0.8).filled(),
                ))?;
            }
            if row.mean.is_finite() {
                let m = row.mean.clamp(-l, l);
                plot.plotting_area()
                    .draw(&Circle::new((m, y), 8, INK.filled()))?;
                if row.mean.abs() > l {
                    let (h, dx) = if row.mean > 0.0 {
                        (HPos::Right, -12)
                    } else {
                        (HPos::Left, 12)
                    };
                    label(
                        &plot,
                        (m, y + 0.3),
                        (dx, 0),
                        &format!("mean at {}", fixed(row.mean, 1)),
                        text(TEXT_SIZE - 3.0, INK),
                        (h, VPos::Center),
                    )?;
                }
            }
            let (_, py) = plot.backend_coord(&(0.0, y));
            let style = anchored(
                bold(TEXT_SIZE - 1.0, verdict_colour(&row.verdict)),
                HPos::Left,
                VPos::Center,
            );
            root.draw(&Text::new(row.verdict.clone(), (right + 24, py), style))?;
        }
        Ok(())
    }
}
