//! Ranks: titles a member earns each period from their own and their organisation's
//! volume, and that unlock pay (more levels of a unilevel, a share of a pool, ...).
//!
//! Ranks are listed lowest first and recomputed every period: a member is *paid as* the
//! highest rank whose every requirement they meet this period, whatever they held last
//! month. A member must be active (present, with qualifying volume >= `active_pv`) to
//! hold any rank. The requirements of a rank are:
//!
//! - `pv`: own qualifying volume (`qv`) at least this;
//! - `gv`: group volume (own `qv` plus the whole sponsor-tree downline's) at least this;
//! - `legs` / `leg_gv`: at least `legs` frontline members whose own group volume (their
//!   *leg*) is at least `leg_gv`. A member's own volume is never in their legs;
//! - `max_leg_share` (the industry's "50 % rule"): when computing the group volume
//!   for this rank, each leg counts for at most `max_leg_share x gv` (the rank's own
//!   requirement, so the test is not circular). One big leg built by somebody else can
//!   then not carry a member to a rank alone: capped GV = `qv + sum min(leg, share x gv)`.
//!
//! Rank 0 means "no rank"; rank `r` is the `r`-th listed rank.

use super::check;
use super::tree;
use super::types::NONE;
use crate::input_error::{ConfigError, KeyPath, decode};
use serde::Deserialize;

/// The most ranks a plan can have (ranks are stored as `u8`, 0 = none).
pub const MAX_RANKS: usize = 255;

/// `[[plan.rank]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRank {
    name: String,
    #[serde(default)]
    pv: f64,
    #[serde(default)]
    gv: f64,
    #[serde(default)]
    legs: u32,
    #[serde(default)]
    leg_gv: f64,
    max_leg_share: Option<f64>,
}

/// A validated rank.
#[derive(Clone, Debug, PartialEq)]
pub struct Rank {
    pub name: String,
    /// Own qualifying volume required.
    pub pv: f64,
    /// Group volume required (capped by `max_leg_share` when set).
    pub gv: f64,
    /// Number of frontline legs required with at least `leg_gv` each.
    pub legs: u32,
    pub leg_gv: f64,
    /// The most any one leg counts toward `gv`, as an absolute volume
    /// (`max_leg_share x gv`); `None` when legs are not capped.
    pub leg_cap: Option<f64>,
}

/// Validates the `[[plan.rank]]` array at `at` (`plan.rank`).
pub fn from_toml(values: Vec<toml::Value>, at: &KeyPath) -> Result<Vec<Rank>, ConfigError> {
    if values.len() > MAX_RANKS {
        return Err(ConfigError::value(
            at.clone(),
            format!("at most {MAX_RANKS} ranks"),
            format!("{} ranks", values.len()),
        ));
    }
    let mut ranks: Vec<Rank> = Vec::with_capacity(values.len());
    for (i, value) in values.into_iter().enumerate() {
        let at = at.index(i);
        let raw: RawRank = decode(value, &at)?;
        if raw.name.trim().is_empty() {
            return Err(ConfigError::value(
                at.key("name"),
                "a non-empty rank name",
                "an empty string",
            ));
        }
        if ranks.iter().any(|r| r.name == raw.name) {
            return Err(ConfigError::value(
                at.key("name"),
                "a rank name not used by an earlier rank",
                format!("`{}` a second time", raw.name),
            ));
        }
        let gv = check::non_negative(raw.gv, &at.key("gv"))?;
        let leg_cap = match raw.max_leg_share {
            Some(share) => Some(check::share_above_zero(share, &at.key("max_leg_share"))? * gv),
            None => None,
        };
        ranks.push(Rank {
            pv: check::non_negative(raw.pv, &at.key("pv"))?,
            gv,
            legs: raw.legs,
            leg_gv: check::non_negative(raw.leg_gv, &at.key("leg_gv"))?,
            leg_cap,
            name: raw.name,
        });
    }
    Ok(ranks)
}

/// Reusable buffers for [`assign`]: per member and rank, the qualifying legs and the
/// capped group volume.
#[derive(Debug, Default)]
pub struct RankBuffers {
    /// Per member, one row of tallies: a leg count for each rank that requires legs,
    /// then a capped group volume for each rank that caps legs (`max_leg_share`).
    /// Ranks with neither read the group volume directly. Keeping only what the ranks
    /// need, in one contiguous row, makes adding a leg to an upline one memory access.
    tallies: Vec<f64>,
    /// Whether each member can hold any rank (active, with the lowest rank's `pv`).
    can_rank: Vec<bool>,
}

/// What ranks are computed from, per member.
pub struct RankInput<'a> {
    /// The roll-up line.
    pub upline: &'a [u32],
    pub present: &'a [bool],
    /// Who may hold a rank.
    pub active: &'a [bool],
    /// Qualifying volume (zero for absent members).
    pub qv: &'a [f64],
    /// Group volume over the roll-up line.
    pub gv: &'a [f64],
}

/// Computes every member's paid-as rank into `rank`.
///
/// One pass over members adds each present member's leg to its upline's counters for
/// every rank, then one pass picks each member's highest rank met:
/// O(members x ranks).
pub fn assign(ranks: &[Rank], input: &RankInput, buffers: &mut RankBuffers, rank: &mut Vec<u8>) {
    let RankInput {
        upline,
        present,
        active,
        qv,
        gv,
    } = *input;
    let n = upline.len();
    rank.clear();
    rank.resize(n, 0);
    if ranks.is_empty() {
        return;
    }
    // Row layout: leg counts for the ranks that require legs, then capped GVs for the
    // ranks that cap legs.
    let counted: Vec<usize> = (0..ranks.len()).filter(|&k| ranks[k].legs > 0).collect();
    let capped: Vec<usize> = (0..ranks.len())
        .filter(|&k| ranks[k].leg_cap.is_some())
        .collect();
    let width = counted.len() + capped.len();
    // Each rank's slots in a row: its leg count and its capped GV, if it has them.
    let slots: Vec<(Option<usize>, Option<usize>)> = (0..ranks.len())
        .map(|k| {
            (
                counted.iter().position(|&c| c == k),
                capped
                    .iter()
                    .position(|&c| c == k)
                    .map(|at| counted.len() + at),
            )
        })
        .collect();
    // Only active members with the lowest rank's `pv` can hold a rank; the rows of the
    // others are neither initialised nor read (the buffer keeps its length across
    // periods, so there is no memset of the whole table).
    let lowest_pv = ranks
        .iter()
        .map(|spec| spec.pv)
        .fold(f64::INFINITY, f64::min);
    let can_rank = &mut buffers.can_rank;
    can_rank.clear();
    can_rank.extend((0..n).map(|i| active[i] && qv[i] >= lowest_pv));
    let tallies = &mut buffers.tallies;
    if width > 0 {
        if tallies.len() < n * width {
            tallies.resize(n * width, 0.0);
        }
        for i in 0..n {
            if can_rank[i] {
                let row = &mut tallies[i * width..(i + 1) * width];
                row[..counted.len()].fill(0.0);
                row[counted.len()..].fill(qv[i]);
            }
        }
        for j in 0..n {
            let up = upline[j];
            if up == NONE || !present[j] || !can_rank[up as usize] {
                continue;
            }
            let leg = gv[j];
            let row = &mut tallies[up as usize * width..(up as usize + 1) * width];
            let (counts, caps) = row.split_at_mut(counted.len());
            for (count, &k) in counts.iter_mut().zip(&counted) {
                *count += f64::from(u8::from(leg >= ranks[k].leg_gv));
            }
            for (sum, &k) in caps.iter_mut().zip(&capped) {
                *sum += ranks[k].leg_cap.map_or(leg, |cap| leg.min(cap));
            }
        }
    }
    for i in 0..n {
        if !can_rank[i] {
            continue;
        }
        let row = &tallies[(i * width).min(tallies.len())..];
        for k in (0..ranks.len()).rev() {
            let spec = &ranks[k];
            let (count_slot, cap_slot) = slots[k];
            let legs = count_slot.map_or(0.0, |at| row[at]);
            let group = cap_slot.map_or(gv[i], |at| row[at]);
            if qv[i] >= spec.pv && group >= spec.gv && legs >= f64::from(spec.legs) {
                // k < MAX_RANKS = 255, so k + 1 fits in a u8.
                rank[i] = (k + 1) as u8;
                break;
            }
        }
    }
}

/// The first requirement of `rank` that a member fails, in words (`gv 1,240 < 1,500`),
/// or an empty string when it meets them all. `legs` holds the group volume of each of
/// the member's frontline legs.
pub fn first_failed(rank: &Rank, active: bool, qv: f64, gv: f64, legs: &[f64]) -> String {
    use super::audit::amount;
    if !active {
        return "not active".to_string();
    }
    if qv < rank.pv {
        return format!("pv {} < {}", amount(qv), amount(rank.pv));
    }
    let group = match rank.leg_cap {
        Some(cap) => qv + legs.iter().map(|&leg| leg.min(cap)).sum::<f64>(),
        None => gv,
    };
    if group < rank.gv {
        return match rank.leg_cap {
            Some(cap) => format!(
                "gv {} < {} (each leg counted up to {})",
                amount(group),
                amount(rank.gv),
                amount(cap)
            ),
            None => format!("gv {} < {}", amount(group), amount(rank.gv)),
        };
    }
    let strong = legs.iter().filter(|&&leg| leg >= rank.leg_gv).count();
    if strong < rank.legs as usize {
        return format!(
            "legs {strong} < {} (of gv >= {})",
            rank.legs,
            amount(rank.leg_gv)
        );
    }
    String::new()
}

/// Group volume: own qualifying volume plus the whole downline's (one reverse pass).
pub fn group_volume(upline: &[u32], qv: &[f64], gv: &mut Vec<f64>) {
    tree::subtree_sums(upline, qv, gv);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rank(name: &str, gv: f64, legs: u32, leg_gv: f64, leg_cap: Option<f64>) -> Rank {
        Rank {
            name: name.into(),
            pv: 0.0,
            gv,
            legs,
            leg_gv,
            leg_cap,
        }
    }

    fn ranks_of(ranks: &[Rank], upline: &[u32], qv: &[f64]) -> Vec<u8> {
        let n = upline.len();
        let mut gv = Vec::new();
        group_volume(upline, qv, &mut gv);
        let mut out = Vec::new();
        let yes = vec![true; n];
        let input = RankInput {
            upline,
            present: &yes,
            active: &yes,
            qv,
            gv: &gv,
        };
        assign(ranks, &input, &mut RankBuffers::default(), &mut out);
        out
    }

    #[test]
    fn the_highest_rank_met_is_held() {
        // A(100) with two legs: B(400) and C(300) -> GV 800, two legs of >= 300:
        // Director. B's GV 400 and C's 300 are below Manager's 500.
        let upline = [NONE, 0, 0];
        let qv = [100.0, 400.0, 300.0];
        let ranks = [
            rank("Manager", 500.0, 0, 0.0, None),
            rank("Director", 800.0, 2, 300.0, None),
            rank("Executive", 800.0, 2, 350.0, None),
        ];
        assert_eq!(ranks_of(&ranks, &upline, &qv), vec![2, 0, 0]);
        let low = [rank("Starter", 400.0, 0, 0.0, None)];
        assert_eq!(ranks_of(&low, &upline, &qv), vec![1, 1, 0]);
    }

    #[test]
    fn a_capped_leg_counts_only_its_share_of_the_requirement() {
        // A(100) with one leg of 900: GV 1000. Rank needs 1000 with max_leg_share 0.5,
        // so the leg counts for 500 and the capped GV is 600: not met.
        let upline = [NONE, 0];
        let qv = [100.0, 900.0];
        let capped = [rank("Director", 1000.0, 0, 0.0, Some(500.0))];
        assert_eq!(ranks_of(&capped, &upline, &qv), vec![0, 0]);
        let uncapped = [rank("Director", 1000.0, 0, 0.0, None)];
        assert_eq!(ranks_of(&uncapped, &upline, &qv), vec![1, 0]);
    }
}
