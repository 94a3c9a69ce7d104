//! How long members stay: the share still a member by months since joining
//! (Kaplan-Meier, so members still in at the end count for as long as they were
//! observed), with the median tenure and the survival at one year marked.

use super::subtitle::subtitle;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::{count, percent};
use crate::report::kit::layout::{Panel, band_keys, frame, label, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{bands, dashed};
use crate::report::kit::style::{BLUE, GREY, INK, TEXT_SIZE, text};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

pub struct Survival<'a> {
    data: &'a ReportData,
    curve: &'a [Band],
    /// Mean across runs of each run's median tenure, in months.
    median_tenure: f64,
    /// Mean across runs of the annual quit share.
    annual_quit: f64,
}

impl<'a> Survival<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        Survival {
            data,
            curve: data.curves.get("survival"),
            median_tenure: data.mean("median_tenure_months"),
            annual_quit: data.mean("annual_quit_share"),
        }
    }

    /// Median share still a member `months` after joining.
    fn still_in_after(&self, months: f64) -> Option<f64> {
        self.curve
            .iter()
            .find(|b| b.x == months)
            .map(|b| b.median)
            .filter(|v| v.is_finite())
    }
}

impl Figure for Survival<'_> {
    fn title(&self) -> String {
        "How long members stay".to_string()
    }

    fn caption(&self) -> String {
        let mut parts = Vec::new();
        use crate::report::kit::html_format::Format;
        if self.median_tenure.is_finite() {
            parts.push(format!(
                "Half of the members had quit within {} months of joining.",
                self.data.fact("median_tenure_months", Format::Count)
            ));
        } else if self.curve.iter().any(|b| b.median.is_finite()) {
            parts.push("More than half of the members were still in at the end.".to_string());
        }
        if self.data.typical("first_year_quit_share").is_finite() {
            parts.push(format!(
                "{} of those who joined quit within their first year.",
                self.data.fact("first_year_quit_share", Format::Percent)
            ));
        }
        if self.annual_quit.is_finite() {
            parts.push(format!(
                "From year 2 on, {} of the members at the start of a year quit within that year.",
                self.data.fact("annual_quit_share", Format::Percent)
            ));
        }
        if !parts.is_empty() {
            parts.push(
                "Each figure is the median run's; the line is the median across runs month by month."
                    .to_string(),
            );
        }
        if parts.is_empty() {
            parts.push("Nobody joined, so there is no one to follow.".to_string());
        }
        parts.join(" ")
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let keys = band_keys(BLUE, "Still a member", self.data.meta.runs);
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let months = f64::from(self.data.meta.months);
        let mut plot = Panel::new(
            "",
            Scale::linear_exact(0.0, months, Unit::Months),
            "Months since joining",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Share still a member",
        )
        .draw(&area)?;
        if self.curve.iter().all(|b| b.median.is_nan()) {
            return note(&plot, "Nobody joined in this run");
        }
        bands(&mut plot, self.curve, BLUE)?;
        let guide = GREY.stroke_width(2);
        let style = text(TEXT_SIZE, INK);
        if self.median_tenure.is_finite() && self.median_tenure <= months {
            // Whole months, as the caption says it: a run's median tenure is the first
            // whole month by which half had quit.
            let t = self.median_tenure.round();
            dashed(&plot, &[(0.0, 0.5), (t, 0.5), (t, 0.0)], guide)?;
            label(
                &plot,
                (t, 0.5),
                (12, -8),
                &format!("Half had quit within {} months", count(t)),
                style.clone(),
                (HPos::Left, VPos::Bottom),
            )?;
        }
        if let Some(year) = self.still_in_after(12.0) {
            if 12.0 <= months {
                dashed(&plot, &[(12.0, 0.0), (12.0, year), (0.0, year)], guide)?;
                label(
                    &plot,
                    (12.0, year),
                    (12, -8),
                    &format!("{} still in after a year", percent(year)),
                    style,
                    (HPos::Left, VPos::Bottom),
                )?;
            }
        }
        Ok(())
    }
}
