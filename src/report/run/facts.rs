//! One number, one value. Every headline fact of a run is one statistic of
//! `summary.json`, summarised across runs one way, [`TYPICAL`]: the median over the runs
//! (the value of the median run, which a few extreme runs cannot pull), written in one
//! [`Format`]. The terminal summary of `downline run`, report.html's sentences and
//! tables, the chart captions and compare.html all take a fact's value from here, so a
//! reader never sees two values for one fact. A chart that draws another aggregation
//! (runs pooled into one histogram, the median curve across runs month by month) says
//! so in words and quotes the fact as here.

use crate::ensemble::statistics::Summary;
use crate::report::kit::html_format::Format;

/// Which summary across runs of a statistic a number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Median,
    P5,
    P95,
}

/// The one summary across runs used for a statistic's headline value.
pub const TYPICAL: Field = Field::Median;

impl Field {
    /// The key in `summary.json`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Median => "median",
            Field::P5 => "p5",
            Field::P95 => "p95",
        }
    }

    /// This field of `summary`.
    pub fn of(self, summary: &Summary) -> f64 {
        match self {
            Field::Median => summary.median,
            Field::P5 => summary.p5,
            Field::P95 => summary.p95,
        }
    }
}

/// The headline facts and how each is written: the terminal summary shows these, in
/// this order, and the test of one number, one value checks each wherever it appears.
pub const HEADLINE: [(&str, Format); 12] = [
    ("members_ever", Format::Count),
    ("saturation", Format::Percent),
    ("peak_active", Format::Count),
    ("peak_month", Format::Count),
    ("final_active", Format::Count),
    ("share_zero_pay", Format::Percent),
    ("share_net_loss", Format::Percent),
    ("median_net", Format::Money),
    ("payout_ratio", Format::Percent),
    ("retail_share", Format::Percent),
    ("top1_share_gross_pay", Format::Percent),
    ("ids_share_zero_pay", Format::Percent),
];

/// The typical value of a statistic summarised as `summary` (`None` if undefined).
pub fn typical(summary: &Summary) -> Option<f64> {
    let value = TYPICAL.of(summary);
    value.is_finite().then_some(value)
}

/// A fact as every product writes it: the typical value in `format`, or `n/a`.
pub fn fact(summary: Option<&Summary>, format: Format) -> String {
    format.apply(summary.and_then(typical).unwrap_or(f64::NAN))
}
