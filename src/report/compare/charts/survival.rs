//! How long members stay in A and in B: the share still a member by months since
//! joining (Kaplan-Meier, as in the report's survival chart).

use super::pair::Pair;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::{count, percent};
use crate::report::kit::layout::{Panel, frame, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

pub struct Survival<'a> {
    pair: &'a Pair<'a>,
    a: &'a [Band],
    b: &'a [Band],
}

impl<'a> Survival<'a> {
    pub fn new(pair: &'a Pair<'a>) -> Self {
        Survival {
            pair,
            a: pair.a.data.curves.get("survival"),
            b: pair.b.data.curves.get("survival"),
        }
    }
}

/// The median share still a member a year after joining, if the curve reaches it.
fn after_a_year(curve: &[Band]) -> Option<f64> {
    curve
        .iter()
        .find(|b| b.x == 12.0)
        .map(|b| b.median)
        .filter(|v| v.is_finite())
}

/// "half had quit within 7 months", from the mean across runs of the median tenure.
fn half_gone(data: &ReportData) -> Option<String> {
    let months = data.typical("median_tenure_months");
    months
        .is_finite()
        .then(|| format!("half had quit within {} months", count(months)))
}

impl Figure for Survival<'_> {
    fn title(&self) -> String {
        "How long members stay: A and B".to_string()
    }

    fn caption(&self) -> String {
        let mut parts = Vec::new();
        if let (Some(a), Some(b)) = (after_a_year(self.a), after_a_year(self.b)) {
            parts.push(format!(
                "A year after joining, {} of A\u{2019}s members were still in, against {} of \
                 B\u{2019}s.",
                percent(a),
                percent(b)
            ));
        }
        match (half_gone(&self.pair.a.data), half_gone(&self.pair.b.data)) {
            (Some(a), Some(b)) => parts.push(format!("In A {a}; in B {b}.")),
            (Some(a), None) => parts.push(format!(
                "In A {a}; in B more than half were still in at the end."
            )),
            (None, Some(b)) => parts.push(format!(
                "In B {b}; in A more than half were still in at the end."
            )),
            (None, None) => {}
        }
        if parts.is_empty() {
            parts.push("Neither side has members to follow for long.".to_string());
        }
        parts.join(" ")
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let area = frame(
            root,
            &self.title(),
            &self.pair.subtitle(),
            &self.pair.keys(),
        )?;
        let mut plot = Panel::new(
            "",
            Scale::linear_exact(0.0, self.pair.months(), Unit::Months),
            "Months since joining",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Share still a member",
        )
        .draw(&area)?;
        if [self.a, self.b]
            .iter()
            .all(|c| c.iter().all(|b| b.median.is_nan()))
        {
            return note(&plot, "Nobody joined on either side");
        }
        Pair::overlay(&mut plot, self.a, self.b)
    }
}
