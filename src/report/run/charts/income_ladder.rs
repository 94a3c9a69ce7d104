//! The income ladder: every member's lifetime net (pay and retail profit less
//! purchases, fees and expenses), members ranked from the biggest loss to the biggest
//! gain, with the line of breaking even and the share who lost money marked. The money
//! axis is logarithmic on both sides of zero, because losses of hundreds sit beside
//! gains of hundreds of thousands.

use super::subtitle::subtitle;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::{money, percent};
use crate::report::kit::layout::{Key, Panel, Swatch, band_keys, frame, label, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{band_extent, bands, line, upright};
use crate::report::kit::style::{BLUE, GREEN, GREY, INK, TEXT_SIZE, VERMILLION, bold};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

/// Below this many dollars from zero the money axis is close to linear.
const LINEAR_WITHIN: f64 = 10.0;

pub struct IncomeLadder<'a> {
    data: &'a ReportData,
    /// Net by percentile, with x as a share of members (0 to 1).
    curve: Vec<Band>,
    share_loss: f64,
}

impl<'a> IncomeLadder<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        let curve = data
            .curves
            .get("net_by_percentile")
            .iter()
            .map(|b| Band {
                x: b.x / 100.0,
                ..*b
            })
            .collect();
        IncomeLadder {
            data,
            curve,
            share_loss: data.mean("share_net_loss"),
        }
    }

    /// The median across runs of the net at `share` of members.
    fn at(&self, share: f64) -> f64 {
        self.curve
            .iter()
            .find(|b| (b.x - share).abs() < 1e-9)
            .map_or(f64::NAN, |b| b.median)
    }
}

impl Figure for IncomeLadder<'_> {
    fn title(&self) -> String {
        "Lifetime net of every member, lowest to highest".to_string()
    }

    fn caption(&self) -> String {
        if self.curve.iter().all(|b| b.median.is_nan()) {
            return "Nobody joined, so nobody made or lost money.".to_string();
        }
        use crate::report::kit::html_format::Format;
        let median = self.data.typical("median_net");
        let middle = if median.is_finite() {
            signed(median)
        } else {
            "n/a".to_string()
        };
        format!(
            "In the median run {} of members lost money over the run (net of purchases, fees and \
             expenses), and the member in the middle ended {middle}. Each point of the curve is \
             the median across runs of that rank's net: the member at the 99th percentile came \
             out {}, the best-off member {}.",
            self.data.fact("share_net_loss", Format::Percent),
            signed(self.at(0.99)),
            signed(self.at(1.0)),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let mut keys = band_keys(BLUE, "Lifetime net", self.data.meta.runs);
        keys.push(Key::new(Swatch::Line(INK), "break-even"));
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let (lo, hi) = band_extent(&self.curve).unwrap_or((-LINEAR_WITHIN, LINEAR_WITHIN));
        let mut plot = Panel::new(
            "",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Members ranked by lifetime net (percentile)",
            Scale::symlog(lo, hi, LINEAR_WITHIN, Unit::Money),
            "Lifetime net ($, log scale)",
        )
        .draw(&area)?;
        line(&plot, &[(0.0, 0.0), (1.0, 0.0)], INK.stroke_width(2))?;
        if self.curve.iter().all(|b| b.median.is_nan()) {
            return note(&plot, "Nobody joined in this run");
        }
        bands(&mut plot, &self.curve, BLUE)?;
        let loss = self.share_loss;
        if loss.is_finite() {
            upright(&plot, loss, GREY.stroke_width(2))?;
            let y = plot.y_range();
            let top = y.end;
            if loss > 0.0 {
                label(
                    &plot,
                    (loss, top),
                    (-10, 10),
                    &format!("← {} lost money", percent(loss)),
                    bold(TEXT_SIZE, VERMILLION),
                    (HPos::Right, VPos::Top),
                )?;
            }
            if loss < 1.0 {
                let (dx, h) = if loss > 0.8 {
                    (-10, HPos::Right)
                } else {
                    (10, HPos::Left)
                };
                label(
                    &plot,
                    (loss, top),
                    (dx, 44),
                    &format!("{} made money →", percent(1.0 - loss)),
                    bold(TEXT_SIZE, GREEN),
                    (h, VPos::Top),
                )?;
            }
        }
        Ok(())
    }
}

/// Money with the words people use: "$2,697 ahead" or "$140 behind".
fn signed(x: f64) -> String {
    if x.is_nan() {
        money(x)
    } else if x >= 0.0 {
        format!("{} ahead", money(x))
    } else {
        format!("{} behind", money(-x))
    }
}
