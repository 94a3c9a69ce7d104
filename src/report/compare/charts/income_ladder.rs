//! Every member's lifetime net in A and in B, members ranked from the biggest loss to
//! the biggest gain, on a money axis logarithmic on both sides of zero (as in the
//! report's income ladder), with the line of breaking even.

use super::pair::Pair;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::money;
use crate::report::kit::html_format::Format;
use crate::report::kit::layout::{Key, Panel, Swatch, frame, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{band_extent, line};
use crate::report::kit::style::INK;
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

/// Below this many dollars from zero the money axis is close to linear.
const LINEAR_WITHIN: f64 = 10.0;

pub struct IncomeLadder<'a> {
    pair: &'a Pair<'a>,
    /// Net by percentile, with x as a share of members (0 to 1).
    a: Vec<Band>,
    b: Vec<Band>,
}

/// The curve of `data` with x as a share of members.
fn curve(data: &ReportData) -> Vec<Band> {
    (data.curves.get("net_by_percentile").iter())
        .map(|b| Band {
            x: b.x / 100.0,
            ..*b
        })
        .collect()
}

/// The median across runs of the net of the member in the middle.
fn middle(curve: &[Band]) -> f64 {
    curve
        .iter()
        .find(|b| (b.x - 0.5).abs() < 1e-9)
        .map_or(f64::NAN, |b| b.median)
}

impl<'a> IncomeLadder<'a> {
    pub fn new(pair: &'a Pair<'a>) -> Self {
        IncomeLadder {
            pair,
            a: curve(&pair.a.data),
            b: curve(&pair.b.data),
        }
    }
}

impl Figure for IncomeLadder<'_> {
    fn title(&self) -> String {
        "Lifetime net of every member: A and B".to_string()
    }

    fn caption(&self) -> String {
        let loss = |side: &ReportData| side.typical("share_net_loss");
        let (a, b) = (loss(&self.pair.a.data), loss(&self.pair.b.data));
        let mut parts = Vec::new();
        if a.is_finite() && b.is_finite() {
            parts.push(format!(
                "In the median run {} of A\u{2019}s members lost money over the run, against {} \
                 of B\u{2019}s.",
                self.pair.a.data.fact("share_net_loss", Format::Percent),
                self.pair.b.data.fact("share_net_loss", Format::Percent)
            ));
        }
        let (mid_a, mid_b) = (middle(&self.a), middle(&self.b));
        if mid_a.is_finite() && mid_b.is_finite() {
            parts.push(format!(
                "The member in the middle ended with {} in A and {} in B.",
                money(mid_a),
                money(mid_b)
            ));
        }
        if parts.is_empty() {
            parts.push("At least one side has nobody who joined.".to_string());
        }
        parts.join(" ")
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let mut keys = self.pair.keys();
        keys.push(Key::new(Swatch::Line(INK), "break-even"));
        let area = frame(root, &self.title(), &self.pair.subtitle(), &keys)?;
        let (lo, hi) = [&self.a, &self.b]
            .iter()
            .filter_map(|c| band_extent(c))
            .fold((-LINEAR_WITHIN, LINEAR_WITHIN), |(lo, hi), (l, h)| {
                (lo.min(l), hi.max(h))
            });
        let mut plot = Panel::new(
            "",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Members ranked by lifetime net (percentile)",
            Scale::symlog(lo, hi, LINEAR_WITHIN, Unit::Money),
            "Lifetime net ($, log scale)",
        )
        .draw(&area)?;
        line(&plot, &[(0.0, 0.0), (1.0, 0.0)], INK.stroke_width(2))?;
        if [&self.a, &self.b]
            .iter()
            .all(|c| c.iter().all(|b| b.median.is_nan()))
        {
            return note(&plot, "Nobody joined on either side");
        }
        Pair::overlay(&mut plot, &self.a, &self.b)
    }
}
