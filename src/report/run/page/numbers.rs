//! Numbers that name their source. Every number the page shows from `summary.json`
//! is written as `<span class="n" data-stat=".." data-field=".." data-format="..">`,
//! so anyone (and the tests) can trace it back to one field of one statistic and redo
//! its formatting. Numbers from the head of `summary.json` (runs, months, ...) carry
//! `data-meta`, and per-bonus amounts `data-bonus` (the bonus' index in plan order)
//! and `data-part`.
//!
//! The page summarises each statistic across runs by one convention, [`TYPICAL`]: the
//! median over the simulated futures, which a few extreme runs cannot pull, with the
//! 5th to 95th percentile across runs as the range where it matters.

use crate::ensemble::statistics::Summary;
use crate::report::kit::html_format::{Format, escape};
use crate::report::run::data::ReportData;

pub use crate::report::run::facts::{Field, TYPICAL};

/// The statistics of one output folder, as traceable numbers.
#[derive(Clone, Copy)]
pub struct Numbers<'a> {
    data: &'a ReportData,
}

impl<'a> Numbers<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        Numbers { data }
    }

    /// `field` of statistic `stat`, if `summary.json` has it and it is a number.
    pub fn value(&self, stat: &str, field: Field) -> Option<f64> {
        let value = field.of(self.data.statistic(stat)?);
        value.is_finite().then_some(value)
    }

    /// The typical value ([`TYPICAL`]) of `stat`.
    pub fn typical(&self, stat: &str) -> Option<f64> {
        self.value(stat, TYPICAL)
    }

    /// `field` of `stat`, formatted and marked with its source.
    pub fn span(&self, stat: &str, field: Field, format: Format) -> Option<String> {
        let value = self.value(stat, field)?;
        Some(format!(
            r#"<span class="n" data-stat="{}" data-field="{}" data-format="{}">{}</span>"#,
            escape(stat),
            field.name(),
            format.name(),
            format.apply(value)
        ))
    }

    /// The typical value of `stat`, formatted and marked with its source.
    pub fn typical_span(&self, stat: &str, format: Format) -> Option<String> {
        self.span(stat, TYPICAL, format)
    }

    /// The 5th to 95th percentile across runs of `stat`, as "low to high".
    pub fn range(&self, stat: &str, format: Format) -> Option<String> {
        let low = self.span(stat, Field::P5, format)?;
        let high = self.span(stat, Field::P95, format)?;
        Some(format!("{low} to {high}"))
    }
}

/// A number from the head of `summary.json` (`runs`, `months`, ...), marked with its
/// key.
pub fn meta_span(key: &str, value: f64, format: Format) -> String {
    format!(
        r#"<span class="n" data-meta="{}" data-format="{}">{}</span>"#,
        escape(key),
        format.name(),
        format.apply(value)
    )
}

/// A per-bonus amount: `field` of `part` (`paid_per_run` or `breakage_per_run`) of the
/// bonus at `index` in plan order.
pub fn bonus_span(index: usize, part: &str, field: Field, summary: &Summary) -> String {
    format!(
        r#"<span class="n" data-bonus="{index}" data-part="{}" data-field="{}" data-format="{}">{}</span>"#,
        escape(part),
        field.name(),
        Format::Money.name(),
        Format::Money.apply(field.of(summary))
    )
}

/// A figure of the stress view (`stress` in `summary.json`), marked with its path
/// there, e.g. `monthly_payout_ratio.p95`.
pub fn stress_span(path: &str, value: f64, format: Format) -> String {
    format!(
        r#"<span class="n" data-stress="{}" data-format="{}">{}</span>"#,
        escape(path),
        format.name(),
        format.apply(value)
    )
}
