//! The accepted points two keys at a time (at most [`MOST`] keys): below the diagonal
//! a scatter of each pair over their prior ranges, the dot's size growing with its
//! weight; above it the weighted correlation of the pair, written large and coloured
//! when strong (|r| of 0.5 or more); on the diagonal the key's name. A strong
//! correlation means the targets constrain a combination of the keys more than either
//! alone (a ridge: one can make up for the other).

use super::short_key;
use crate::report::calibrate::data::CalibrationData;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::fixed;
use crate::report::kit::layout::{Panel, frame};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::style::{BLUE, GREY, INK, TEXT_SIZE, VERMILLION, anchored, bold, text};
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

/// Keys drawn, at most.
pub const MOST: usize = 4;

/// From this |r| on a correlation is called strong.
pub const STRONG: f64 = 0.5;

pub struct Pairs<'a> {
    data: &'a CalibrationData,
    keys: usize,
}

impl<'a> Pairs<'a> {
    /// The chart, when there are two keys or more and accepted points.
    pub fn new(data: &'a CalibrationData) -> Option<Pairs<'a>> {
        let keys = data.parameters.len().min(MOST);
        (keys >= 2 && data.posterior.len() >= 2).then_some(Pairs { data, keys })
    }

    fn scatter<DB: DrawingBackend>(
        &self,
        cell: &DrawingArea<DB, Shift>,
        x: usize,
        y: usize,
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (px, py) = (&self.data.parameters[x], &self.data.parameters[y]);
        let plot = Panel::new(
            "",
            Scale::linear_exact_with(px.prior_low, px.prior_high, Unit::Count, 2),
            "",
            Scale::linear_exact_with(py.prior_low, py.prior_high, Unit::Count, 2),
            "",
        )
        .draw(cell)?;
        let largest = (self.data.posterior.iter())
            .map(|(w, _)| *w)
            .fold(0.0_f64, f64::max);
        for (w, values) in &self.data.posterior {
            let radius = 2 + (5.0 * (w / largest).sqrt()).round() as i32;
            plot.plotting_area().draw(&Circle::new(
                (values[x], values[y]),
                radius,
                BLUE.mix(0.45).filled(),
            ))?;
        }
        Ok(())
    }

    fn correlation<DB: DrawingBackend>(
        &self,
        cell: &DrawingArea<DB, Shift>,
        x: usize,
        y: usize,
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let r = self.data.correlation(x, y);
        let (w, h) = cell.dim_in_pixel();
        let words = if r.is_finite() {
            let sign = if r >= 0.0 { "+" } else { "" };
            format!("r = {sign}{}", fixed(r, 2))
        } else {
            "r undefined".to_string()
        };
        let colour = if r.abs() >= STRONG { VERMILLION } else { GREY };
        let style = anchored(bold(TEXT_SIZE + 8.0, colour), HPos::Center, VPos::Center);
        cell.draw(&Text::new(words, (w as i32 / 2, h as i32 / 2), style))?;
        Ok(())
    }
}

impl Figure for Pairs<'_> {
    fn title(&self) -> String {
        "The accepted points, two keys at a time".to_string()
    }

    fn caption(&self) -> String {
        let mut strong = Vec::new();
        for a in 0..self.keys {
            for b in a + 1..self.keys {
                let r = self.data.correlation(a, b);
                if r.abs() >= STRONG {
                    strong.push(format!(
                        "{} and {} (r = {})",
                        self.data.parameters[a].key,
                        self.data.parameters[b].key,
                        fixed(r, 2)
                    ));
                }
            }
        }
        let mut text = if strong.is_empty() {
            "No pair of keys is strongly correlated among the accepted points: the targets \
             constrain each key on its own rather than a trade-off between them."
                .to_string()
        } else {
            format!(
                "Strongly correlated among the accepted points: {}. The targets pin down a \
                 combination of these keys more than either alone.",
                strong.join("; ")
            )
        };
        if self.data.parameters.len() > MOST {
            text.push_str(&format!(
                " The first {MOST} of {} keys are drawn.",
                self.data.parameters.len()
            ));
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let subtitle = "Below the diagonal: accepted points (larger: more weight); above: weighted correlation";
        let area = frame(root, &self.title(), subtitle, &[])?;
        let n = self.keys;
        let cells = area.split_evenly((n, n));
        for (i, cell) in cells.iter().enumerate() {
            let (row, column) = (i / n, i % n);
            if row == column {
                let (w, h) = cell.dim_in_pixel();
                let style = anchored(bold(TEXT_SIZE, INK), HPos::Center, VPos::Center);
                let name = short_key(&self.data.parameters[row].key);
                cell.draw(&Text::new(name, (w as i32 / 2, h as i32 / 2 - 12), style))?;
                let style = anchored(text(TEXT_SIZE - 3.0, GREY), HPos::Center, VPos::Center);
                cell.draw(&Text::new(
                    "x of the points below, y of those left",
                    (w as i32 / 2, h as i32 / 2 + 16),
                    style,
                ))?;
            } else if row > column {
                self.scatter(cell, column, row)?;
            } else {
                self.correlation(cell, column, row)?;
            }
        }
        Ok(())
    }
}
