//! Active members by month in A and in B: which grows bigger, peaks sooner, and keeps
//! more members at the end.

use super::pair::Pair;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::html_format::Format;
use crate::report::kit::layout::{Panel, frame, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::band_extent;
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

pub struct ActiveMembers<'a> {
    pair: &'a Pair<'a>,
    a: &'a [Band],
    b: &'a [Band],
}

impl<'a> ActiveMembers<'a> {
    pub fn new(pair: &'a Pair<'a>) -> Self {
        ActiveMembers {
            pair,
            a: pair.a.data.months.get("active"),
            b: pair.b.data.months.get("active"),
        }
    }
}

/// "peaked at 1,234 members in month 14 and ended at 56", each the median run's value
/// (as in the side's own report).
fn course(data: &ReportData) -> Option<String> {
    let (peak, month, last) = (
        data.typical("peak_active"),
        data.typical("peak_month"),
        data.typical("final_active"),
    );
    [peak, month, last].iter().all(|v| v.is_finite()).then(|| {
        format!(
            "peaked at {} members in month {} and ended at {}",
            data.fact("peak_active", Format::Count),
            data.fact("peak_month", Format::Count),
            data.fact("final_active", Format::Count)
        )
    })
}

impl Figure for ActiveMembers<'_> {
    fn title(&self) -> String {
        "Members over time: A and B".to_string()
    }

    fn caption(&self) -> String {
        match (course(&self.pair.a.data), course(&self.pair.b.data)) {
            (Some(a), Some(b)) => format!(
                "In the median run, A {a}; B {b}. The lines are the median run month by \
                 month."
            ),
            _ => "At least one side has no members to show.".to_string(),
        }
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
        let most = [self.a, self.b]
            .iter()
            .filter_map(|b| band_extent(b))
            .fold(1.0_f64, |hi, (_, h)| hi.max(h));
        let mut plot = Panel::new(
            "",
            Scale::linear_exact(0.0, self.pair.months(), Unit::Months),
            "Months since launch",
            Scale::linear(0.0, most, Unit::Count),
            "Active members",
        )
        .draw(&area)?;
        if self.a.is_empty() && self.b.is_empty() {
            return note(&plot, "No month was simulated");
        }
        Pair::overlay(&mut plot, self.a, self.b)
    }
}
