//! What one run leaves behind: per-member outcomes, per-month company series and totals.
//! All money is in the scenario's currency; all volumes in PV points.

/// Per-member lifetime outcomes, struct-of-arrays in join order (member id = index).
#[derive(Clone, Debug, Default)]
pub struct MemberOutcomes {
    /// Enroller's member id, or `u32::MAX` for a founder.
    pub sponsor: Vec<u32>,
    /// Month of joining (0-based).
    pub join_month: Vec<u32>,
    /// Month of quitting, or `u32::MAX` if still a member at the end.
    pub quit_month: Vec<u32>,
    /// Members personally enrolled.
    pub recruits: Vec<u32>,
    /// Commissions and bonuses received from the company.
    pub gross_pay: Vec<f64>,
    /// Retail revenue minus the wholesale cost of the units sold.
    pub retail_profit: Vec<f64>,
    /// Wholesale cost of product bought and not resold, less buyback refunds.
    pub purchases: Vec<f64>,
    /// Entry fee plus monthly fees.
    pub fees: Vec<f64>,
    /// Out-of-pocket business expenses.
    pub expenses: Vec<f64>,
    /// Net = gross pay + retail profit - purchases - fees - expenses.
    pub net: Vec<f64>,
    /// Hours worked.
    pub hours: Vec<f64>,
    /// Highest paid-as rank reached (0 = none, r = the plan's r-th rank).
    pub highest_rank: Vec<u8>,
    /// Gross pay received in the disclosure year.
    pub disclosure_pay: Vec<f64>,
    /// Net in the disclosure year (as `net`, counting that year's months only).
    pub disclosure_net: Vec<f64>,
    /// Hours worked in the disclosure year.
    pub disclosure_hours: Vec<f64>,
    /// Cost of product used oneself by a member whose kind counts it as consumption
    /// (`behaviour.consumption`): not in `purchases` or `net`.
    pub consumption: Vec<f64>,
    /// The member's kind (index into the scenario's kinds; 0 when there are none).
    pub kind: Vec<u8>,
    /// Whether the member ordered anything in the disclosure year.
    pub disclosure_bought: Vec<bool>,
    /// Paid-as rank in the disclosure year's last month (0 if not a member then).
    pub disclosure_rank_last: Vec<u8>,
    /// Highest paid-as rank held in the disclosure year.
    pub disclosure_rank_max: Vec<u8>,
}

impl MemberOutcomes {
    /// Members who ever joined.
    pub fn len(&self) -> usize {
        self.sponsor.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sponsor.is_empty()
    }

    /// Whether member `i` was a member at some time in months `[start, end)`.
    pub fn member_during(&self, i: usize, start: u32, end: u32) -> bool {
        self.join_month[i] < end && (self.quit_month[i] == u32::MAX || self.quit_month[i] >= start)
    }
}

/// Company-level figures of one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MonthRecord {
    /// Members during the month (after joins, before quits).
    pub active: u32,
    /// Members who joined this month.
    pub joins: u32,
    /// Members who quit at the end of this month.
    pub quits: u32,
    /// Everyone who has joined so far.
    pub members_ever: u32,
    /// Retail customers buying this month.
    pub customers: u32,
    /// Product revenue: wholesale sales to members less buyback refunds.
    pub revenue: f64,
    /// Entry and monthly fees received.
    pub fee_revenue: f64,
    /// Commissions and bonuses paid.
    pub payout: f64,
    /// What the plan would have paid had everyone qualified.
    pub max_payout: f64,
    /// The factor `payout_cap` scaled every payment by: 1 when it did not bind.
    pub cap_factor: f64,
    /// Units members resold to retail customers.
    pub retail_units: f64,
    /// Units members ordered from the company.
    pub units_ordered: f64,
    /// The company's cost of the units ordered.
    pub cost_of_goods: f64,
    /// Units ordered only to reach a volume requirement (buying to qualify).
    pub qualify_units: f64,
    /// Commissionable volume.
    pub cv: f64,
    /// Recruiting and sales pitches made.
    pub pitches: u64,
    /// Pitches that reached someone open to them (not a member, not reconsidering).
    pub open_pitches: u64,
    /// Buyback refunds paid to quitters (already taken from `revenue`).
    #[serde(default)]
    pub refunds: f64,
    /// Members whose net this month was above 0.
    #[serde(default)]
    pub profitable: u32,
    /// Members paid anything this month.
    #[serde(default)]
    pub paid_members: u32,
    /// Sum of the members' nets this month.
    #[serde(default)]
    pub month_net_total: f64,
    /// Median of the members' nets this month (`NaN` with no members).
    #[serde(default = "not_a_number", with = "nan_as_null")]
    pub median_month_net: f64,
}

fn not_a_number() -> f64 {
    f64::NAN
}

/// `NaN` written as `null` and read back (a month with no members has no median).
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        if x.is_nan() {
            serializer.serialize_none()
        } else {
            serializer.serialize_f64(*x)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        Option::<f64>::deserialize(deserializer).map(|x| x.unwrap_or(f64::NAN))
    }
}

impl MonthRecord {
    /// Product revenue before buyback refunds.
    pub fn gross_revenue(&self) -> f64 {
        self.revenue + self.refunds
    }

    /// The company's gross margin: product revenue and fees less the cost of goods.
    pub fn gross_margin(&self) -> f64 {
        self.revenue + self.fee_revenue - self.cost_of_goods
    }

    /// Whether the plan paid more than the month's gross margin.
    pub fn over_margin(&self) -> bool {
        self.payout > self.gross_margin()
    }
}

/// Everything one run produced.
#[derive(Clone, Debug, Default)]
pub struct RunRecord {
    /// Run index within the ensemble.
    pub run: u32,
    /// The run's own 64-bit seed, derived from (master seed, run).
    pub seed: u64,
    /// Per-member outcomes.
    pub members: MemberOutcomes,
    /// One record per month.
    pub months: Vec<MonthRecord>,
    /// Pay by bonus over the run: (paid, max_payout), in the plan's bonus order.
    pub pay_by_bonus: Vec<(f64, f64)>,
    /// For each rank (index r - 1 for rank r), the months from joining to first holding
    /// it, one entry per member who did.
    pub months_to_rank: Vec<Vec<u32>>,
    /// For each paid-as rank (0 = none), the pay of members holding it, summed over
    /// member-months, and those member-months.
    pub rank_month_pay: Vec<(f64, u64)>,
    /// The traced members' months, in member order and then month order; empty unless
    /// the run was traced ([`super::World::traced`], [`super::trace`]).
    pub traces: Vec<TraceMonth>,
    /// Every month's audit of the plan's payout (month, audit); empty unless the run
    /// was audited ([`super::World::audited`]).
    pub audits: Vec<(u32, crate::plan::audit::Audit)>,
}

impl RunRecord {
    /// Sum of a month field over the run, in month order.
    pub fn total(&self, field: impl Fn(&MonthRecord) -> f64) -> f64 {
        self.months.iter().map(field).sum()
    }

    /// Member-months simulated (sum over months of members during the month).
    pub fn member_months(&self) -> u64 {
        self.months.iter().map(|m| u64::from(m.active)).sum()
    }
}

/// Where a traced member stood in a month (see [`super::trace`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TraceStatus {
    /// In the business all month, and still in it at the month's end.
    #[default]
    Active,
    /// In the business this month, and quit at its end.
    Quit,
    /// Quit in an earlier month but kept their place in the tree (`keep_position`):
    /// may still be paid on their downline, nothing else.
    Former,
}

impl TraceStatus {
    /// The name written in `traces.csv`.
    pub fn name(self) -> &'static str {
        match self {
            TraceStatus::Active => "active",
            TraceStatus::Quit => "quit",
            TraceStatus::Former => "former",
        }
    }
}

/// One month of one traced member. Money is what the month added to the member's
/// lifetime figure, in the scenario's currency.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct TraceMonth {
    /// Member id (join order from 0).
    pub member: u32,
    /// Month of the run (0-based).
    pub month: u32,
    /// Months since joining: 0 in the join month.
    pub month_in_business: u32,
    pub status: TraceStatus,
    /// Paid-as rank this month (0 = none; always 0 for a former member).
    pub rank: u8,
    /// Members personally enrolled who joined this month (in the last row, also those
    /// who joined after it).
    pub recruits: u32,
    /// Commissions and bonuses.
    pub pay: f64,
    /// Units sold to customers x (retail price - wholesale price).
    pub retail_profit: f64,
    /// Wholesale cost of product bought and not resold, less any buyback refund.
    pub purchases: f64,
    /// The buyback refund for stock handed back on quitting (already taken from
    /// `purchases`); 0 but in the quit month.
    pub refund: f64,
    /// Monthly fee, and the entry fee in the join month.
    pub fees: f64,
    /// Out-of-pocket expenses.
    pub expenses: f64,
    /// pay + retail_profit - purchases - fees - expenses.
    pub net: f64,
    /// Lifetime net at the month's end.
    pub cumulative_net: f64,
}
