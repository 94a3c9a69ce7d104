//! The per-member CSV of `downline payout A.toml B.toml NETWORK.csv`: one row per member
//! of the organisation, in join order, with its pay over all periods under plan A and
//! under plan B and the difference B - A (see [`crate::plan::versus`]).

use crate::plan::versus::{MemberChange, PaidOver};
use serde::{Deserialize, Serialize, Serializer};

/// One member under two plans. Money is in the network's currency, written with two
/// decimals.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PayoutVsRow {
    /// The member's id, as in the network CSV.
    pub id: String,
    /// Depth in the sponsor tree: 0 for a root, 1 for a root's recruits, ...
    pub depth: u32,
    /// Paid-as rank under A in the last period (empty: none).
    pub rank_a: String,
    /// Paid-as rank under B in the last period (empty: none).
    pub rank_b: String,
    /// Pay under A, summed over all periods.
    #[serde(serialize_with = "two_decimals")]
    pub paid_a: f64,
    /// Pay under B, summed over all periods.
    #[serde(serialize_with = "two_decimals")]
    pub paid_b: f64,
    /// `paid_b - paid_a`: positive when the member gains under B.
    #[serde(serialize_with = "two_decimals")]
    pub difference: f64,
}

impl PayoutVsRow {
    /// The row of `change`, whose member is called `id`.
    pub fn of(change: &MemberChange, id: &str, a: &PaidOver, b: &PaidOver) -> PayoutVsRow {
        let money = |cents: i64| cents as f64 / 100.0;
        PayoutVsRow {
            id: id.to_string(),
            depth: change.depth,
            rank_a: a.rank_name(change.member).to_string(),
            rank_b: b.rank_name(change.member).to_string(),
            paid_a: money(change.paid_a),
            paid_b: money(change.paid_b),
            difference: money(change.difference()),
        }
    }
}

/// Money with exactly two decimals (never `-0.00`).
fn two_decimals<S: Serializer>(amount: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format!("{:.2}", amount + 0.0))
}
