//! What each per-run statistic ([`crate::ensemble::run_statistics::NAMES`]) is called
//! where people read it, and what it measures, so that a chart's axis, a table row and a
//! sentence that compares two scenarios all say the same thing in the same unit.
//!
//! The definitions stay with the statistics (the field docs of
//! [`crate::ensemble::run_statistics::RunStatistics`]); this table only names them: a
//! phrase for sentences and tables, a short one for chart panels, the unit that decides
//! how a value is written, and the words for "more" and "less" of it.

/// What a statistic measures, which decides how its values and differences are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// A share (0.71 is 71 %); a difference of shares is in percentage points.
    Share,
    /// Whole dollars.
    Money,
    /// Dollars and cents (pay per hour).
    MoneyCents,
    /// People.
    Count,
    /// Months.
    Months,
    /// Hours.
    Hours,
    /// A plain number such as a Gini coefficient (0 to 1), written with two decimals.
    Index,
}

/// How one statistic is named.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label {
    /// The statistic's name in `runs.csv` and `summary.json`.
    pub name: &'static str,
    /// A phrase to open a sentence or a table row: "Members who ever joined".
    pub phrase: &'static str,
    /// A few words for a chart panel: "Ever joined".
    pub short: &'static str,
    pub measure: Measure,
    /// How a larger value is said ("higher", "more", "later").
    pub more: &'static str,
    /// How a smaller value is said ("lower", "fewer", "earlier").
    pub less: &'static str,
}

const fn label(
    name: &'static str,
    phrase: &'static str,
    short: &'static str,
    measure: Measure,
) -> Label {
    let (more, less) = match measure {
        Measure::Count => ("more", "fewer"),
        Measure::Months | Measure::Hours => ("longer", "shorter"),
        _ => ("higher", "lower"),
    };
    Label {
        name,
        phrase,
        short,
        measure,
        more,
        less,
    }
}

/// A month of the run: later or earlier, not longer or shorter.
const fn month(name: &'static str, phrase: &'static str, short: &'static str) -> Label {
    Label {
        more: "later",
        less: "earlier",
        ..label(name, phrase, short, Measure::Months)
    }
}

use Measure::{Count, Hours, Index, Money, MoneyCents, Share};

/// The statistics named here; the rest of [`crate::ensemble::run_statistics::NAMES`] are
/// the `ids_*` ones over a group of the year's members, named after these
/// ([`all_labels`]).
const NAMED: usize = 58;

/// Every statistic of a run but the group variants, in the order of
/// [`crate::ensemble::run_statistics::NAMES`].
pub const LABELS: [Label; NAMED] = [
    label(
        "members_ever",
        "Members who ever joined",
        "Ever joined",
        Count,
    ),
    label(
        "peak_active",
        "Members at the peak",
        "Members at the peak",
        Count,
    ),
    month("peak_month", "Month of the peak", "Month of the peak"),
    month(
        "collapse_month",
        "Month membership fell to half its peak",
        "Month of the collapse",
    ),
    label(
        "final_active",
        "Members at the end",
        "Members at the end",
        Count,
    ),
    label(
        "saturation",
        "Share of the market that ever joined",
        "Market ever joined",
        Share,
    ),
    label(
        "share_zero_pay",
        "Share of members never paid anything",
        "Never paid",
        Share,
    ),
    label(
        "median_gross_pay",
        "Median lifetime pay",
        "Median lifetime pay",
        Money,
    ),
    label(
        "mean_gross_pay",
        "Mean lifetime pay",
        "Mean lifetime pay",
        Money,
    ),
    label(
        "median_net",
        "Median lifetime net",
        "Median lifetime net",
        Money,
    ),
    label("mean_net", "Mean lifetime net", "Mean lifetime net", Money),
    label(
        "share_net_loss",
        "Share of members who lost money",
        "Lost money",
        Share,
    ),
    label(
        "gini_gross_pay",
        "Gini coefficient of lifetime pay",
        "Gini of pay",
        Index,
    ),
    label(
        "top1_share_gross_pay",
        "Top 1 %\u{2019}s share of all pay",
        "Top 1 %\u{2019}s pay share",
        Share,
    ),
    label(
        "share_never_recruit",
        "Share of members who recruited nobody",
        "Recruited nobody",
        Share,
    ),
    label(
        "first_year_quit_share",
        "Share who quit within their first year",
        "Quit in first year",
        Share,
    ),
    label(
        "annual_quit_share",
        "Share of members who quit each year",
        "Quit each year",
        Share,
    ),
    label(
        "median_tenure_months",
        "Median months of membership",
        "Median tenure",
        Measure::Months,
    ),
    label(
        "payout_ratio",
        "Pay as a share of product revenue",
        "Payout ratio",
        Share,
    ),
    label(
        "retail_share",
        "Share of product resold to outside customers",
        "Resold to customers",
        Share,
    ),
    label(
        "breakage_ratio",
        "Share of the most the plan could pay that went unpaid",
        "Breakage",
        Share,
    ),
    label(
        "recruiting_pay_share",
        "Share of pay for recruiting",
        "Pay for recruiting",
        Share,
    ),
    label(
        "qualify_buying_share",
        "Share of product bought only to qualify",
        "Bought to qualify",
        Share,
    ),
    label(
        "fee_revenue_share",
        "Fees as a share of the company\u{2019}s revenue",
        "Fees in revenue",
        Share,
    ),
    label(
        "worst_month_payout_ratio",
        "Worst month\u{2019}s pay over product revenue",
        "Worst month\u{2019}s payout",
        Share,
    ),
    label(
        "cap_binding_share",
        "Share of months the payout cap cut pay",
        "Cap binding",
        Share,
    ),
    label(
        "over_margin_share",
        "Share of months paying out more than the gross margin",
        "Over the margin",
        Share,
    ),
    label(
        "ids_members",
        "Members in the disclosure year",
        "Members (disclosure year)",
        Count,
    ),
    label(
        "ids_share_zero_pay",
        "Share paid nothing in the disclosure year",
        "Paid $0 in the year",
        Share,
    ),
    label(
        "ids_share_under_1000",
        "Share paid under $1,000 in the disclosure year",
        "Under $1,000 (disclosure year)",
        Share,
    ),
    label(
        "ids_median_gross_pay",
        "Median pay in the disclosure year",
        "Median pay (disclosure year)",
        Money,
    ),
    label(
        "ids_mean_gross_pay",
        "Mean pay in the disclosure year",
        "Mean pay (disclosure year)",
        Money,
    ),
    label(
        "ids_p25_gross_pay",
        "25th percentile of pay in the disclosure year",
        "Pay, 25th percentile",
        Money,
    ),
    label(
        "ids_p75_gross_pay",
        "75th percentile of pay in the disclosure year",
        "Pay, 75th percentile",
        Money,
    ),
    label(
        "ids_p90_gross_pay",
        "90th percentile of pay in the disclosure year",
        "Pay, 90th percentile",
        Money,
    ),
    label(
        "ids_p99_gross_pay",
        "99th percentile of pay in the disclosure year",
        "Pay, 99th percentile",
        Money,
    ),
    label(
        "ids_top1_share",
        "Top 1 %\u{2019}s share of the disclosure year\u{2019}s pay",
        "Top 1 % (disclosure year)",
        Share,
    ),
    label(
        "ids_median_net",
        "Median net in the disclosure year",
        "Median net (disclosure year)",
        Money,
    ),
    label(
        "ids_mean_net",
        "Mean net in the disclosure year",
        "Mean net (disclosure year)",
        Money,
    ),
    label(
        "ids_p10_net",
        "10th percentile of net in the disclosure year",
        "Net, 10th percentile",
        Money,
    ),
    label(
        "ids_p25_net",
        "25th percentile of net in the disclosure year",
        "Net, 25th percentile",
        Money,
    ),
    label(
        "ids_p75_net",
        "75th percentile of net in the disclosure year",
        "Net, 75th percentile",
        Money,
    ),
    label(
        "ids_p90_net",
        "90th percentile of net in the disclosure year",
        "Net, 90th percentile",
        Money,
    ),
    label(
        "ids_share_net_loss",
        "Share who lost money in the disclosure year",
        "Lost money (disclosure year)",
        Share,
    ),
    label(
        "ids_mean_hours",
        "Mean hours worked in the disclosure year",
        "Hours worked",
        Hours,
    ),
    label(
        "ids_hourly_gross",
        "Pay per hour worked in the disclosure year",
        "Pay per hour",
        MoneyCents,
    ),
    label(
        "ids_hourly_net",
        "Net per hour worked in the disclosure year",
        "Net per hour",
        MoneyCents,
    ),
    label(
        "ids_top01_share",
        "Share of the disclosure year's pay to its top 0.1 %",
        "Top 0.1 % share of pay",
        Share,
    ),
    label(
        "ids_share_under_100",
        "Share paid under $100 in the disclosure year",
        "Paid under $100",
        Share,
    ),
    label(
        "ids_share_under_250",
        "Share paid under $250 in the disclosure year",
        "Paid under $250",
        Share,
    ),
    label(
        "payout_ratio_gross",
        "Pay as a share of product revenue before refunds",
        "Payout ratio (gross)",
        Share,
    ),
    label(
        "refund_share",
        "Buyback refunds as a share of product revenue",
        "Refund share",
        Share,
    ),
    label(
        "fizzled",
        "Share of futures that never took off",
        "Never took off",
        Share,
    ),
    label(
        "survival_12",
        "Share still members 12 months after joining",
        "Still in after 1 year",
        Share,
    ),
    label(
        "survival_24",
        "Share still members 24 months after joining",
        "Still in after 2 years",
        Share,
    ),
    label(
        "survival_36",
        "Share still members 36 months after joining",
        "Still in after 3 years",
        Share,
    ),
    label(
        "cohort_made_money",
        "Share of those who joined at least a year before the end who made money",
        "Made money (cohort)",
        Share,
    ),
    label(
        "cohort_quit_first_year_lost",
        "Share of those who joined at least a year before the end who quit in year one and lost money",
        "Quit in year 1, lost",
        Share,
    ),
];

/// The groups of the disclosure year's members: the suffix of a statistic's name, the
/// group in words, and in one word.
const GROUPS: [(&str, &str, &str); 3] = [
    ("_active", "members who bought that year", "buyers"),
    ("_paid", "members paid that year", "paid"),
    ("_recruiters", "members who had recruited", "recruiters"),
];

/// Every statistic of a run, in the order of [`crate::ensemble::run_statistics::NAMES`]:
/// [`LABELS`], then each `ids_*` statistic over each group of the year's members, its
/// phrase saying which group.
pub fn all_labels() -> &'static [Label] {
    static ALL: std::sync::OnceLock<Vec<Label>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let names = &crate::ensemble::run_statistics::NAMES;
        let mut all = LABELS.to_vec();
        for &name in &names[NAMED..] {
            let Some((base, words, word)) = GROUPS.iter().find_map(|(suffix, words, word)| {
                Some((name.strip_suffix(suffix)?, *words, *word))
            }) else {
                continue;
            };
            let Some(of) = LABELS.iter().find(|l| l.name == base) else {
                continue;
            };
            // Built once for the life of the process: leaking them is their `'static`.
            let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
            all.push(Label {
                name,
                phrase: leak(format!("{} (of {words})", of.phrase)),
                short: leak(format!("{} ({word})", of.short)),
                ..*of
            });
        }
        all
    })
}

/// How the statistic `name` is named, if it is one of a run's statistics.
pub fn label_of(name: &str) -> Option<&'static Label> {
    all_labels().iter().find(|l| l.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::run_statistics::NAMES;

    #[test]
    fn every_statistic_is_named_in_order() {
        let names: Vec<&str> = all_labels().iter().map(|l| l.name).collect();
        assert_eq!(names, NAMES);
        let group = label_of("ids_share_zero_pay_active").expect("a label");
        assert_eq!(
            group.phrase,
            "Share paid nothing in the disclosure year (of members who bought that year)"
        );
        for l in &LABELS {
            assert!(!l.phrase.starts_with(char::is_lowercase), "{}", l.name);
            assert!(l.short.chars().count() <= 30, "{}", l.short);
        }
    }

    #[test]
    fn months_of_the_run_are_later_or_earlier() {
        let peak = label_of("peak_month").expect("a statistic");
        assert_eq!((peak.more, peak.less), ("later", "earlier"));
        let tenure = label_of("median_tenure_months").expect("a statistic");
        assert_eq!((tenure.more, tenure.less), ("longer", "shorter"));
        assert!(label_of("no_such_statistic").is_none());
    }
}
