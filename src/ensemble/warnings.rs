//! Warnings that a finished ensemble shows about its scenario: valid but probably not
//! what was meant, and only visible once it has run. Never fatal; `run` prints them on
//! stderr (and in `--json`) beside the scenario's own ([`crate::scenario::warnings`]).
//!
//! - **Fees above the pay**: `product.monthly_fee` is more than the pay of a typical
//!   member-month, the median across runs of (gross pay of all members ever) / (member-
//!   months): the plan pays its members less than the company charges them to stay.
//! - **A horizon too short**: in most runs active membership peaks in the last month, so
//!   the run ends while the business is still growing and shows no saturation.

use super::RunOutcome;
use super::statistics::median;
use crate::scenario::Scenario;

/// The warnings of `runs` of `scenario`, in a fixed order.
pub fn of(scenario: &Scenario, runs: &[&RunOutcome]) -> Vec<String> {
    let mut warnings = Vec::new();
    if runs.is_empty() {
        return warnings;
    }
    let fee = scenario.product.monthly_fee;
    let pay_per_month: Vec<f64> = (runs.iter())
        .filter(|r| r.member_months > 0)
        .map(|r| {
            let s = &r.statistics;
            s.mean_gross_pay * s.members_ever / r.member_months as f64
        })
        .filter(|x| x.is_finite())
        .collect();
    let typical = median(&pay_per_month);
    if fee > 0.0 && typical.is_finite() && fee > typical {
        warnings.push(format!(
            "product.monthly_fee (${fee:.2}) is more than the plan pays a typical member-month \
             (${typical:.2} in the median run): the company charges its members more to stay \
             than it pays them"
        ));
    }
    let months = scenario.simulation.months;
    let peaks: Vec<f64> = runs.iter().map(|r| r.statistics.peak_month).collect();
    let peak = median(&peaks);
    if months >= 2 && peak >= f64::from(months - 1) {
        warnings.push(format!(
            "in the median run membership peaks in the last month (month {peak}, counting \
             from 0, of {months}): the runs end while the business still grows; raise \
             simulation.months to see the peak and what follows"
        ));
    }
    warnings
}
