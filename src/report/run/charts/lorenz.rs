//! Who gets the pay: the Lorenz curve of lifetime gross pay (members ranked from the
//! least paid to the most, against the running share of all pay they received), the
//! line of equal pay for everyone, and the Gini coefficient, the top 1 %'s share and
//! the share paid nothing beside it.

use super::subtitle::subtitle;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::{fixed, percent};
use crate::report::kit::layout::{Key, Panel, Swatch, band_keys, frame, label, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{bands, dashed, line};
use crate::report::kit::style::{BLUE, GREY, HEADING_SIZE, INK, TEXT_SIZE, VERMILLION, bold, text};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Text;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

pub struct Lorenz<'a> {
    data: &'a ReportData,
    /// The curve with x as a share of members (0 to 1).
    curve: Vec<Band>,
    gini: f64,
    top1: f64,
    zero_pay: f64,
}

impl<'a> Lorenz<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        let curve = data
            .curves
            .get("lorenz_gross_pay")
            .iter()
            .map(|b| Band {
                x: b.x / 100.0,
                ..*b
            })
            .collect();
        Lorenz {
            data,
            curve,
            gini: data.mean("gini_gross_pay"),
            top1: data.mean("top1_share_gross_pay"),
            zero_pay: data.mean("share_zero_pay"),
        }
    }

    fn has_pay(&self) -> bool {
        self.curve.iter().any(|b| b.median.is_finite())
    }

    /// The facts beside the chart: a big number and what it means.
    fn facts(&self) -> Vec<(String, [String; 2])> {
        let mut facts = Vec::new();
        if self.top1.is_finite() {
            facts.push((
                percent(self.top1),
                [
                    "of all pay went to the".to_string(),
                    "top 1 % of members".to_string(),
                ],
            ));
        }
        if self.zero_pay.is_finite() {
            facts.push((
                percent(self.zero_pay),
                [
                    "of members were never".to_string(),
                    "paid anything".to_string(),
                ],
            ));
        }
        if self.gini.is_finite() {
            facts.push((
                fixed(self.gini, 2),
                [
                    "Gini coefficient (0: equal".to_string(),
                    "pay; 1: one member gets all)".to_string(),
                ],
            ));
        }
        facts
    }
}

impl Figure for Lorenz<'_> {
    fn title(&self) -> String {
        "Who gets the pay".to_string()
    }

    fn caption(&self) -> String {
        if !self.has_pay() {
            return "Nobody was paid anything, so there is no share of pay to divide.".to_string();
        }
        use crate::report::kit::html_format::Format;
        let gini = self.data.typical("gini_gross_pay");
        format!(
            "In the median run the top 1 % of members received {} of all the pay they were ever \
             paid, while {} of members were never paid anything (Gini coefficient {}). The curve is \
             the median across runs; the further it sags below the diagonal of equal pay, the more \
             unequal the pay.",
            self.data.fact("top1_share_gross_pay", Format::Percent),
            self.data.fact("share_zero_pay", Format::Percent),
            fixed(gini, 2)
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let mut keys = band_keys(BLUE, "Share of pay", self.data.meta.runs);
        keys.push(Key::new(Swatch::Dashed(GREY), "equal pay for everyone"));
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let (left, right) = area.split_horizontally(760);
        let mut plot = Panel::new(
            "",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Members, from the least paid to the most paid",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Share of all pay they received",
        )
        .draw(&left)?;
        dashed(&plot, &[(0.0, 0.0), (1.0, 1.0)], GREY.stroke_width(2))?;
        if !self.has_pay() {
            return note(&plot, "Nobody was paid anything");
        }
        bands(&mut plot, &self.curve, BLUE)?;
        if let Some(at99) = self.curve.iter().find(|b| b.x == 0.99).map(|b| b.median) {
            if at99.is_finite() && self.top1.is_finite() {
                line(
                    &plot,
                    &[(0.99, at99), (0.99, 1.0)],
                    VERMILLION.stroke_width(4),
                )?;
                label(
                    &plot,
                    (0.99, at99),
                    (-12, 6),
                    &format!("top 1 %: {}", percent(self.top1)),
                    bold(TEXT_SIZE, VERMILLION),
                    (HPos::Right, VPos::Top),
                )?;
            }
        }
        if self.zero_pay.is_finite() && self.zero_pay > 0.05 {
            label(
                &plot,
                (self.zero_pay / 2.0, 0.0),
                (0, -10),
                &format!("{} never paid", percent(self.zero_pay)),
                text(TEXT_SIZE, INK),
                (HPos::Center, VPos::Bottom),
            )?;
        }
        let mut y = 40;
        for (number, lines) in self.facts() {
            right.draw(&Text::new(number, (24, y), bold(2.2 * HEADING_SIZE, INK)))?;
            y += 58;
            for line in lines {
                right.draw(&Text::new(line, (24, y), text(TEXT_SIZE, GREY)))?;
                y += 26;
            }
            y += 34;
        }
        Ok(())
    }
}
