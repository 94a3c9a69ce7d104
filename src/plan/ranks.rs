//! Ranks: titles a member earns each period from their own and their organisation's
//! volume, and that unlock pay (more levels of a unilevel, a share of a pool, ...).
//!
//! Ranks are listed lowest first. Each period a member *meets* the highest rank whose
//! every requirement they meet this period ([`assign`]). A member must be active
//! (present, with qualifying volume >= `active_pv`) to meet any rank. The requirements
//! of a rank are:
//!
//! - `pv`: own qualifying volume (`qv`) at least this;
//! - `gv`: group volume (own `qv` plus the whole sponsor-tree downline's) at least this;
//! - `legs` / `leg_gv`: at least `legs` frontline members whose own group volume (their
//!   *leg*) is at least `leg_gv`. A member's own volume is never in their legs;
//! - `max_leg_share` (the industry's "50 % rule"): when computing the group volume
//!   for this rank, each leg counts for at most `max_leg_share x gv` (the rank's own
//!   requirement, so the test is not circular). One big leg built by somebody else can
//!   then not carry a member to a rank alone: capped GV = `qv + sum min(leg, share x gv)`;
//! - `sponsored_active`: at least this many *active* members on the member's roll-up
//!   frontline (personally sponsored, plus recruits of quitters who rolled up to it);
//! - `binary_leg_volume`: this period's CV in the weaker leg of the member's position in
//!   the plan's (first) binary placement tree at least this (no carry-over). The period
//!   state keeps its own copy of that tree ([`super::binary_legs`]) only when a rank
//!   asks for it.
//!
//! The rank a member is *paid as* then follows from what it met and its history, kept
//! by stable id ([`RankHistory`]): a rank with `grace_periods = n` is kept, while the
//! member stays active, for up to `n` consecutive periods in which it is not met; the
//! *title* is the highest rank a member has ever been paid as. With the plan's
//! `pay_on = "title"`, bonuses read the title (of active members) instead of the
//! paid-as rank. [`first_failed`] says, after [`assign`], which requirement of a rank a
//! member missed first. Hand-worked vectors: `tests/it/payout_ranks.rs`.
//!
//! Rank 0 means "no rank"; rank `r` is the `r`-th listed rank.

use super::check;
use super::placement::Rule;
use super::tree;
use super::types::{NONE, PeriodInput};
use crate::input_error::{ConfigError, KeyPath, decode, grouped};
use serde::Deserialize;

/// The most ranks a plan can have (ranks are stored as `u8`, 0 = none).
pub const MAX_RANKS: usize = 255;

/// `[[plan.rank]]` as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "rank")]
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
    #[serde(default)]
    sponsored_active: u32,
    binary_leg_volume: Option<f64>,
    #[serde(default)]
    grace_periods: u32,
}

/// The JSON Schema of `[[plan.rank]]`: a list of rank tables (`downline schema`).
pub(crate) fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "array",
        "items": generator.subschema_for::<RawRank>(),
    })
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
    /// Active members required on the roll-up frontline.
    pub sponsored_active: u32,
    /// CV required this period in the weaker binary leg; `None`: no requirement.
    pub binary_leg_volume: Option<f64>,
    /// Consecutive periods the rank is kept, while active, after it is last met.
    pub grace_periods: u32,
}

/// Which rank the bonuses pay on (`[plan] pay_on`).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PayOn {
    /// The rank met this period, or kept by grace (the default).
    #[default]
    PaidAs,
    /// The highest rank ever paid as, while active ("once a Director, always a
    /// Director").
    Title,
}

/// Plan-wide rank settings beside the rank table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RankRules {
    /// Which rank the bonuses read.
    pub pay_on: PayOn,
    /// The placement rule of the binary tree whose legs `binary_leg_volume` measures;
    /// `None` when no rank requires binary leg volume.
    pub binary_legs: Option<Rule>,
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
        let binary_leg_volume = match raw.binary_leg_volume {
            Some(v) => Some(check::non_negative(v, &at.key("binary_leg_volume"))?),
            None => None,
        };
        ranks.push(Rank {
            pv: check::non_negative(raw.pv, &at.key("pv"))?,
            gv,
            legs: raw.legs,
            leg_gv: check::non_negative(raw.leg_gv, &at.key("leg_gv"))?,
            leg_cap,
            sponsored_active: raw.sponsored_active,
            binary_leg_volume,
            grace_periods: raw.grace_periods,
            name: raw.name,
        });
    }
    Ok(ranks)
}

/// Reusable buffers for [`assign`]: per member and rank, the qualifying legs and the
/// capped group volume; [`first_failed`] reads them after `assign`.
#[derive(Debug, Default)]
pub struct RankBuffers {
    /// Per member, one row of tallies: a leg count for each rank that requires legs,
    /// then a capped group volume for each rank that caps legs (`max_leg_share`).
    /// Ranks with neither read the group volume directly. Keeping only what the ranks
    /// need, in one contiguous row, makes adding a leg to an upline one memory access.
    tallies: Vec<f64>,
    /// Whether each member can hold any rank (active, with the lowest rank's `pv`).
    can_rank: Vec<bool>,
    /// The row layout: the ranks that require legs, the ranks that cap legs, and each
    /// rank's slots (its leg count, its capped GV) in a row.
    counted: Vec<usize>,
    capped: Vec<usize>,
    slots: Vec<(Option<usize>, Option<usize>)>,
    /// Per member, active members on its roll-up frontline (only when a rank requires
    /// `sponsored_active`; otherwise empty).
    sponsored: Vec<u32>,
    /// Per leg-count slot, the leg volume that counts (`leg_gv`); per capped slot, the
    /// cap (`leg_cap`).
    leg_gv: Vec<f64>,
    leg_cap: Vec<f64>,
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
    /// This period's CV in the weaker leg of the binary placement tree; empty when no
    /// rank requires `binary_leg_volume`.
    pub weak_leg: &'a [f64],
}

/// Computes every member's highest rank met this period into `rank`.
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
        weak_leg,
    } = *input;
    let n = upline.len();
    rank.clear();
    rank.resize(n, 0);
    if ranks.is_empty() {
        return;
    }
    // Row layout: leg counts for the ranks that require legs, then capped GVs for the
    // ranks that cap legs.
    let RankBuffers {
        tallies,
        can_rank,
        counted,
        capped,
        slots,
        sponsored,
        leg_gv,
        leg_cap,
    } = buffers;
    counted.clear();
    counted.extend((0..ranks.len()).filter(|&k| ranks[k].legs > 0));
    capped.clear();
    capped.extend((0..ranks.len()).filter(|&k| ranks[k].leg_cap.is_some()));
    let width = counted.len() + capped.len();
    slots.clear();
    slots.extend((0..ranks.len()).map(|k| {
        (
            counted.iter().position(|&c| c == k),
            capped
                .iter()
                .position(|&c| c == k)
                .map(|at| counted.len() + at),
        )
    }));
    // Each slot's threshold in row order, so adding a leg reads two short arrays.
    leg_gv.clear();
    leg_gv.extend(counted.iter().map(|&k| ranks[k].leg_gv));
    leg_cap.clear();
    leg_cap.extend(capped.iter().filter_map(|&k| ranks[k].leg_cap));
    // Every per-member slice cut to `n`: one check of an index covers them all.
    let (upline, present, active, qv, gv) = (
        &upline[..n],
        &present[..n],
        &active[..n],
        &qv[..n],
        &gv[..n],
    );
    // Only active members with the lowest rank's `pv` can hold a rank; the rows of the
    // others are neither initialised nor read (the buffer keeps its length across
    // periods, so there is no memset of the whole table).
    let lowest_pv = ranks
        .iter()
        .map(|spec| spec.pv)
        .fold(f64::INFINITY, f64::min);
    can_rank.clear();
    can_rank.extend(
        active
            .iter()
            .zip(qv)
            .map(|(&active, &qv)| active && qv >= lowest_pv),
    );
    let can_rank = &can_rank[..n];
    if width > 0 {
        if tallies.len() < n * width {
            tallies.resize(n * width, 0.0);
        }
        let counts = counted.len();
        let rows = tallies[..n * width].chunks_exact_mut(width);
        for ((row, &can), &qv) in rows.zip(can_rank).zip(qv) {
            if can {
                // Element by element: rows are a few numbers wide, too short for a
                // call to memset to pay.
                for (slot, tally) in row.iter_mut().enumerate() {
                    *tally = if slot < counts { 0.0 } else { qv };
                }
            }
        }
        for ((&up, &here), &leg) in upline.iter().zip(present).zip(gv) {
            if up == NONE || !here {
                continue;
            }
            let up = up as usize;
            if !can_rank[up] {
                continue;
            }
            let row = &mut tallies[up * width..(up + 1) * width];
            let (row_counts, row_caps) = row.split_at_mut(counts);
            for (count, &need) in row_counts.iter_mut().zip(leg_gv.iter()) {
                *count += f64::from(u8::from(leg >= need));
            }
            for (sum, &cap) in row_caps.iter_mut().zip(leg_cap.iter()) {
                *sum += leg.min(cap);
            }
        }
    }
    sponsored.clear();
    if ranks.iter().any(|spec| spec.sponsored_active > 0) {
        sponsored.resize(n, 0);
        for (&up, &active) in upline.iter().zip(active) {
            if active && up != NONE {
                sponsored[up as usize] += 1;
            }
        }
    }
    let rank = &mut rank[..n];
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
            if qv[i] >= spec.pv
                && group >= spec.gv
                && legs >= f64::from(spec.legs)
                && (spec.sponsored_active == 0 || sponsored[i] >= spec.sponsored_active)
                && spec
                    .binary_leg_volume
                    .is_none_or(|need| weak_leg[i] >= need)
            {
                // k < MAX_RANKS = 255, so k + 1 fits in a u8.
                rank[i] = (k + 1) as u8;
                break;
            }
        }
    }
}

/// The first requirement of rank `rank` (1-based) that member `i` misses this period,
/// as a short readable line ("gv 1,240 < 1,500"), or `None` when every requirement is
/// met (or `rank` is 0 or not a rank of the plan).
///
/// Call it after [`assign`] for the same period, with the same ranks, input and
/// buffers (it reads the leg tallies `assign` left there). Requirements are checked in
/// the order: active, `pv`, `gv` (capped by `max_leg_share`), `legs`,
/// `sponsored_active`, `binary_leg_volume`. Grace periods play no part: this is about
/// meeting the rank, not about being paid as it.
pub fn first_failed(
    ranks: &[Rank],
    input: &RankInput,
    buffers: &RankBuffers,
    i: usize,
    rank: u8,
) -> Option<String> {
    let k = usize::from(rank).checked_sub(1)?;
    let spec = ranks.get(k)?;
    if !input.active[i] {
        return Some("not active".to_string());
    }
    let qv = input.qv[i];
    if qv < spec.pv {
        return Some(format!("pv {} < {}", grouped(qv), grouped(spec.pv)));
    }
    // Active with the rank's `pv`, so at least the lowest rank's: `assign` filled the
    // member's row.
    let width = buffers.counted.len() + buffers.capped.len();
    let row = &buffers.tallies[(i * width).min(buffers.tallies.len())..];
    let (count_slot, cap_slot) = buffers.slots[k];
    let group = cap_slot.map_or(input.gv[i], |at| row[at]);
    if group < spec.gv {
        let capped = match spec.leg_cap {
            Some(cap) => format!(" (legs capped at {})", grouped(cap)),
            None => String::new(),
        };
        return Some(format!(
            "gv {} < {}{capped}",
            grouped(group),
            grouped(spec.gv)
        ));
    }
    let legs = count_slot.map_or(0.0, |at| row[at]);
    if legs < f64::from(spec.legs) {
        return Some(format!(
            "legs {} < {} (of gv >= {})",
            legs as u32,
            spec.legs,
            grouped(spec.leg_gv)
        ));
    }
    let sponsored = buffers.sponsored.get(i).copied().unwrap_or(0);
    if sponsored < spec.sponsored_active {
        return Some(format!(
            "sponsored_active {sponsored} < {}",
            spec.sponsored_active
        ));
    }
    if let Some(need) = spec.binary_leg_volume {
        let weak = input.weak_leg[i];
        if weak < need {
            return Some(format!(
                "binary weaker leg {} < {}",
                grouped(weak),
                grouped(need)
            ));
        }
    }
    None
}

/// What ranks carry from period to period, by stable id: the title, and for plans with
/// `grace_periods` the rank held and how many periods in a row it has been missed.
#[derive(Debug, Default)]
pub struct RankHistory {
    /// By id: the highest rank ever paid as.
    title: Vec<u8>,
    /// By id: the rank last paid as while met or kept by grace (grace plans only).
    held: Vec<u8>,
    /// By id: consecutive periods in which `held` was not met (grace plans only).
    missed: Vec<u32>,
}

impl RankHistory {
    /// Turns `rank`, the ranks met this period by position (from [`assign`]), into the
    /// ranks the bonuses read, and writes every member's title by position into
    /// `title`.
    ///
    /// Grace: a member who last held rank `h` (met, or kept by grace) and meets less
    /// this period keeps `h` for as long as it has missed `h` for at most
    /// `grace_periods` periods in a row, but is paid as it only while active (an
    /// inactive or absent period counts as missed and pays no rank). After that it
    /// falls to the rank it meets. Meeting `h` or more resets the count. The title is
    /// the highest paid-as rank so far. With `pay_on = "title"`, an active member is
    /// paid as its title.
    pub fn advance(
        &mut self,
        ranks: &[Rank],
        pay_on: PayOn,
        input: &PeriodInput,
        active: &[bool],
        rank: &mut [u8],
        title: &mut Vec<u8>,
    ) {
        let n = rank.len();
        title.clear();
        title.resize(n, 0);
        if ranks.is_empty() || n == 0 {
            return;
        }
        let grace = ranks.iter().any(|spec| spec.grace_periods > 0);
        // Ids ascend with position: the last member has the largest id.
        let ids = input.id_of(n - 1) as usize + 1;
        if self.title.len() < ids {
            self.title.resize(ids, 0);
            if grace {
                self.held.resize(ids, 0);
                self.missed.resize(ids, 0);
            }
        }
        for k in 0..n {
            let id = input.id_of(k) as usize;
            let mut paid = rank[k];
            if grace {
                let (held, missed) = (&mut self.held[id], &mut self.missed[id]);
                if paid >= *held {
                    (*held, *missed) = (paid, 0);
                } else if *missed < ranks[usize::from(*held) - 1].grace_periods {
                    *missed += 1;
                    if active[k] {
                        paid = *held;
                    }
                } else {
                    (*held, *missed) = (paid, 0);
                }
            }
            let best = &mut self.title[id];
            *best = (*best).max(paid);
            title[k] = *best;
            rank[k] = match pay_on {
                PayOn::PaidAs => paid,
                PayOn::Title if active[k] => *best,
                PayOn::Title => 0,
            };
        }
    }
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
            sponsored_active: 0,
            binary_leg_volume: None,
            grace_periods: 0,
        }
    }

    /// Ranks met, with every member active, and the first failed requirement of each
    /// member for each rank.
    fn assigned(
        ranks: &[Rank],
        upline: &[u32],
        qv: &[f64],
        active: &[bool],
        weak_leg: &[f64],
    ) -> (Vec<u8>, Vec<Vec<Option<String>>>) {
        let n = upline.len();
        let mut gv = Vec::new();
        group_volume(upline, qv, &mut gv);
        let mut out = Vec::new();
        let yes = vec![true; n];
        let input = RankInput {
            upline,
            present: &yes,
            active,
            qv,
            gv: &gv,
            weak_leg,
        };
        let mut buffers = RankBuffers::default();
        assign(ranks, &input, &mut buffers, &mut out);
        let failed = (0..n)
            .map(|i| {
                (1..=ranks.len() as u8)
                    .map(|r| first_failed(ranks, &input, &buffers, i, r))
                    .collect()
            })
            .collect();
        (out, failed)
    }

    fn ranks_of(ranks: &[Rank], upline: &[u32], qv: &[f64]) -> Vec<u8> {
        assigned(ranks, upline, qv, &vec![true; upline.len()], &[]).0
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

    #[test]
    fn the_first_failed_requirement_is_named_with_its_numbers() {
        // A(100) <- B(1040), C(100) <- D(50, inactive). GV: A 1290, B 1040, C 150.
        // Active frontline: A has B and C (2); C has none (D is inactive).
        let upline = [NONE, 0, 0, 2];
        let qv = [100.0, 1040.0, 100.0, 50.0];
        let active = [true, true, true, false];
        let weak = [800.0, 0.0, 0.0, 0.0];
        let pv = Rank {
            pv: 200.0,
            ..rank("Pv", 0.0, 0, 0.0, None)
        };
        let gv = rank("Gv", 1500.0, 0, 0.0, None);
        // Capped at 0.5 x 1500 = 750: A's capped GV is 100 + 750 + 150 = 1000.
        let capped = rank("Capped", 1500.0, 0, 0.0, Some(750.0));
        let legs = rank("Legs", 0.0, 2, 300.0, None);
        let sponsored = Rank {
            sponsored_active: 3,
            ..rank("Sponsored", 0.0, 0, 0.0, None)
        };
        let binary = Rank {
            binary_leg_volume: Some(1000.0),
            ..rank("Binary", 0.0, 0, 0.0, None)
        };
        let ranks = [pv, gv, capped, legs, sponsored, binary];
        let (met, failed) = assigned(&ranks, &upline, &qv, &active, &weak);
        // Only B (pv 1,040) meets a rank: Pv.
        assert_eq!(met, vec![0, 1, 0, 0]);
        assert_eq!(failed[1][0], None);
        let a: Vec<Option<&str>> = failed[0].iter().map(Option::as_deref).collect();
        assert_eq!(
            a,
            [
                Some("pv 100 < 200"),
                Some("gv 1,290 < 1,500"),
                Some("gv 1,000 < 1,500 (legs capped at 750)"),
                Some("legs 1 < 2 (of gv >= 300)"),
                Some("sponsored_active 2 < 3"),
                Some("binary weaker leg 800 < 1,000"),
            ]
        );
        assert_eq!(failed[3][0].as_deref(), Some("not active"));
        // Rank 0, or one past the last rank, is never failed.
        let easy = [rank("Easy", 1000.0, 0, 0.0, None)];
        let (met, failed) = assigned(&easy, &upline, &qv, &active, &[]);
        assert_eq!(met, vec![1, 1, 0, 0]);
        assert_eq!(failed[2][0].as_deref(), Some("gv 150 < 1,000"));
        let n = upline.len();
        let mut gvs = Vec::new();
        group_volume(&upline, &qv, &mut gvs);
        let input = RankInput {
            upline: &upline,
            present: &vec![true; n],
            active: &active,
            qv: &qv,
            gv: &gvs,
            weak_leg: &[],
        };
        let buffers = RankBuffers::default();
        assert_eq!(first_failed(&easy, &input, &buffers, 0, 0), None);
        assert_eq!(first_failed(&easy, &input, &buffers, 0, 2), None);
    }

    #[test]
    fn sponsored_active_counts_active_members_on_the_roll_up_frontline() {
        // A <- B, C, D; D inactive. A has 2 active frontline members.
        let upline = [NONE, 0, 0, 0];
        let qv = [100.0, 100.0, 100.0, 0.0];
        let active = [true, true, true, false];
        let two = Rank {
            sponsored_active: 2,
            ..rank("Two", 0.0, 0, 0.0, None)
        };
        let three = Rank {
            sponsored_active: 3,
            ..two.clone()
        };
        let (met, _) = assigned(&[two, three], &upline, &qv, &active, &[]);
        assert_eq!(met, vec![1, 0, 0, 0]);
    }

    /// Pays `met` (by member, per period) through the history; returns (rank, title)
    /// per period.
    fn history(
        ranks: &[Rank],
        pay_on: PayOn,
        periods: &[(&[u8], &[bool])],
    ) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut h = RankHistory::default();
        let mut title = Vec::new();
        periods
            .iter()
            .map(|&(met, active)| {
                let n = met.len();
                let upline = vec![NONE; n];
                let zeros = vec![0.0; n];
                let input = PeriodInput {
                    period: 0,
                    upline: &upline,
                    present: active,
                    pv: &zeros,
                    cv: &zeros,
                    retail: &zeros,
                    joined: &vec![0; n],
                    entry_fee: &zeros,
                    id: &[],
                    placement: &[],
                };
                let mut rank = met.to_vec();
                h.advance(ranks, pay_on, &input, active, &mut rank, &mut title);
                (rank, title.clone())
            })
            .collect()
    }

    #[test]
    fn a_grace_rank_is_kept_while_active_for_its_periods_then_dropped() {
        // Director (rank 2) has 2 grace periods; Leader (1) none.
        let ranks = [
            rank("Leader", 0.0, 0, 0.0, None),
            Rank {
                grace_periods: 2,
                ..rank("Director", 0.0, 0, 0.0, None)
            },
        ];
        let on = [true];
        let off = [false];
        // Met: 2, 1 (grace 1), 0 inactive (grace 2, unpaid), 1 (grace over: 1), 2, 0, 2.
        let periods: [(&[u8], &[bool]); 7] = [
            (&[2], &on),
            (&[1], &on),
            (&[0], &off),
            (&[1], &on),
            (&[2], &on),
            (&[1], &on),
            (&[2], &on),
        ];
        let got = history(&ranks, PayOn::PaidAs, &periods);
        let paid: Vec<u8> = got.iter().map(|(r, _)| r[0]).collect();
        assert_eq!(paid, [2, 2, 0, 1, 2, 2, 2]);
        assert!(got.iter().all(|(_, title)| title[0] == 2));
        // Leader has no grace: a Leader who meets nothing drops at once.
        let got = history(&ranks, PayOn::PaidAs, &[(&[1], &on), (&[0], &on)]);
        assert_eq!(got[1].0, [0]);
        assert_eq!(got[1].1, [1]);
    }

    #[test]
    fn paying_on_titles_pays_active_members_their_highest_rank_ever() {
        let ranks = [
            rank("Leader", 0.0, 0, 0.0, None),
            rank("Director", 0.0, 0, 0.0, None),
        ];
        let on = [true, true];
        let periods: [(&[u8], &[bool]); 3] =
            [(&[2, 1], &on), (&[0, 0], &on), (&[1, 0], &[false, true])];
        let got = history(&ranks, PayOn::Title, &periods);
        assert_eq!(got[0], (vec![2, 1], vec![2, 1]));
        assert_eq!(got[1], (vec![2, 1], vec![2, 1]));
        // The inactive member is paid as nothing but keeps its title.
        assert_eq!(got[2], (vec![0, 1], vec![2, 1]));
    }
}
