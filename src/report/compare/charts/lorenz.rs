//! Who gets the pay in A and in B: the Lorenz curves of lifetime gross pay (members from
//! the least paid to the most against the running share of all pay), with the line of
//! equal pay.

use super::pair::Pair;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::fixed;
use crate::report::kit::html_format::Format;
use crate::report::kit::layout::{Key, Panel, Swatch, frame, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::dashed;
use crate::report::kit::style::GREY;
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

pub struct Lorenz<'a> {
    pair: &'a Pair<'a>,
    /// The curves with x as a share of members (0 to 1).
    a: Vec<Band>,
    b: Vec<Band>,
}

/// The curve of `data` with x as a share of members.
fn curve(data: &ReportData) -> Vec<Band> {
    (data.curves.get("lorenz_gross_pay").iter())
        .map(|b| Band {
            x: b.x / 100.0,
            ..*b
        })
        .collect()
}

impl<'a> Lorenz<'a> {
    pub fn new(pair: &'a Pair<'a>) -> Self {
        Lorenz {
            pair,
            a: curve(&pair.a.data),
            b: curve(&pair.b.data),
        }
    }
}

impl Figure for Lorenz<'_> {
    fn title(&self) -> String {
        "Who gets the pay: A and B".to_string()
    }

    fn caption(&self) -> String {
        let (a, b) = (&self.pair.a.data, &self.pair.b.data);
        let (top_a, top_b) = (
            a.typical("top1_share_gross_pay"),
            b.typical("top1_share_gross_pay"),
        );
        if !(top_a.is_finite() && top_b.is_finite()) {
            return "At least one side paid nobody anything, so there is no share of pay to \
                    compare."
                .to_string();
        }
        format!(
            "In the median run the top 1 % of members received {} of all pay in A and {} in B \
             (Gini coefficient {} against {}); the further a curve sags below the diagonal, the \
             more unequal the pay.",
            a.fact("top1_share_gross_pay", Format::Percent),
            b.fact("top1_share_gross_pay", Format::Percent),
            fixed(a.typical("gini_gross_pay"), 2),
            fixed(b.typical("gini_gross_pay"), 2)
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let mut keys = self.pair.keys();
        keys.push(Key::new(Swatch::Dashed(GREY), "equal pay for everyone"));
        let area = frame(root, &self.title(), &self.pair.subtitle(), &keys)?;
        let mut plot = Panel::new(
            "",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Members, from the least paid to the most paid",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Share of all pay they received",
        )
        .draw(&area)?;
        dashed(&plot, &[(0.0, 0.0), (1.0, 1.0)], GREY.stroke_width(2))?;
        if [&self.a, &self.b]
            .iter()
            .all(|c| c.iter().all(|b| b.median.is_nan()))
        {
            return note(&plot, "Nobody was paid anything on either side");
        }
        Pair::overlay(&mut plot, &self.a, &self.b)
    }
}
