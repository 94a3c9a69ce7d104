//! Two plans on one organisation: what each paid over all periods ([`PaidOver`]), and
//! who gains and who loses when the organisation moves from plan A to plan B
//! ([`Versus`]), member by member and summed by paid-as rank under A and by depth in
//! the sponsor tree.
//!
//! Member totals are compared in whole cents, the amounts `downline payout` prints, so
//! that "unchanged" means "paid the same to the cent" and every sum is exact. The
//! hand-worked example that pins this down is `tests/it/payout_vs.rs`.

use super::Plan;
use super::types::{BonusTotal, NONE, Payout};

/// What one plan paid an organisation, summed over every period paid so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PaidOver {
    /// The plan's name.
    pub plan: String,
    /// Rank names, lowest first (rank `r` is `rank_names[r - 1]`).
    pub rank_names: Vec<String>,
    /// Bonus names, in plan order.
    pub bonus_names: Vec<String>,
    /// Pay per member (join order), summed over periods.
    pub member_paid: Vec<f64>,
    /// Paid-as rank per member in the last period paid (0 = none).
    pub last_rank: Vec<u8>,
    /// Total paid, after the cap.
    pub paid: f64,
    /// Total commissionable volume of present members.
    pub cv: f64,
    /// Total breakage: what the rates promised and the rules kept.
    pub breakage: f64,
    /// Per bonus (plan order): paid and `max_payout`, summed over periods.
    pub by_bonus: Vec<BonusTotal>,
}

impl PaidOver {
    /// Nothing paid yet under `plan`.
    pub fn new(plan: &Plan) -> PaidOver {
        PaidOver {
            plan: plan.name.clone(),
            rank_names: plan.rank_names.clone(),
            bonus_names: plan.bonus_names.clone(),
            by_bonus: vec![BonusTotal::default(); plan.bonus_names.len()],
            ..PaidOver::default()
        }
    }

    /// Adds one period's payout.
    pub fn add(&mut self, payout: &Payout) {
        let n = payout.paid.len();
        if self.member_paid.len() < n {
            self.member_paid.resize(n, 0.0);
        }
        for (sum, paid) in self.member_paid.iter_mut().zip(&payout.paid) {
            *sum += paid;
        }
        self.last_rank.clear();
        self.last_rank.extend_from_slice(&payout.rank);
        self.paid += payout.totals.paid;
        self.cv += payout.totals.cv;
        self.breakage += payout.totals.breakage;
        for (sum, bonus) in self.by_bonus.iter_mut().zip(&payout.totals.by_bonus) {
            sum.paid += bonus.paid;
            sum.max_payout += bonus.max_payout;
        }
    }

    /// Paid / CV, `NaN` when there was no volume.
    pub fn payout_ratio(&self) -> f64 {
        if self.cv > 0.0 {
            self.paid / self.cv
        } else {
            f64::NAN
        }
    }

    /// The name of member `m`'s rank in the last period, empty for none.
    pub fn rank_name(&self, m: usize) -> &str {
        match self.last_rank.get(m).copied().unwrap_or(0) {
            0 => "",
            r => self.rank_names[usize::from(r) - 1].as_str(),
        }
    }
}

/// Whole cents of an amount of money (half a cent rounds away from zero).
pub fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

/// One member under both plans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberChange {
    /// Member index (join order).
    pub member: usize,
    /// Depth in the sponsor tree: 0 for a root, 1 for its recruits, ...
    pub depth: u32,
    /// Pay under A over all periods, in cents.
    pub paid_a: i64,
    /// Pay under B over all periods, in cents.
    pub paid_b: i64,
}

impl MemberChange {
    /// B - A, in cents.
    pub fn difference(&self) -> i64 {
        self.paid_b - self.paid_a
    }
}

/// Who gains and who loses in one group of members.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shift {
    /// The group: "all", a rank's name ("no rank" for none) or a depth band ("3-5").
    pub group: String,
    /// Members in the group.
    pub members: u32,
    /// Members paid more under B.
    pub gain: u32,
    /// Members paid less under B.
    pub lose: u32,
    /// Members paid the same to the cent.
    pub unchanged: u32,
    /// What the gainers gain together, in cents (>= 0).
    pub gained: i64,
    /// What the losers lose together, in cents (<= 0).
    pub lost: i64,
    /// The largest gain (cents) and the member who has it (the first in join order on a
    /// tie); `None` when nobody gains.
    pub largest_gain: Option<(i64, usize)>,
    /// The largest loss (cents, negative) and its member; `None` when nobody loses.
    pub largest_loss: Option<(i64, usize)>,
}

impl Shift {
    fn empty(group: impl Into<String>) -> Shift {
        Shift {
            group: group.into(),
            ..Shift::default()
        }
    }

    fn add(&mut self, change: &MemberChange) {
        self.members += 1;
        let d = change.difference();
        match d.cmp(&0) {
            std::cmp::Ordering::Greater => {
                self.gain += 1;
                self.gained += d;
                if self.largest_gain.is_none_or(|(best, _)| d > best) {
                    self.largest_gain = Some((d, change.member));
                }
            }
            std::cmp::Ordering::Less => {
                self.lose += 1;
                self.lost += d;
                if self.largest_loss.is_none_or(|(worst, _)| d < worst) {
                    self.largest_loss = Some((d, change.member));
                }
            }
            std::cmp::Ordering::Equal => self.unchanged += 1,
        }
    }
}

/// The depth bands of the summary: 0, 1, 2, 3-5 and 6 or more.
pub const DEPTH_BANDS: [(u32, u32, &str); 5] = [
    (0, 0, "0"),
    (1, 1, "1"),
    (2, 2, "2"),
    (3, 5, "3-5"),
    (6, u32::MAX, "6+"),
];

/// An organisation paid under A and under B.
#[derive(Clone, Debug, PartialEq)]
pub struct Versus {
    /// Every member, in join order.
    pub members: Vec<MemberChange>,
    /// Everyone together.
    pub all: Shift,
    /// By paid-as rank under A in the last period: "no rank", then A's ranks lowest
    /// first; only groups with members.
    pub by_rank: Vec<Shift>,
    /// By depth band ([`DEPTH_BANDS`]); only bands with members.
    pub by_depth: Vec<Shift>,
}

impl Versus {
    /// Compares `a` and `b`, both paid on the organisation whose original sponsors are
    /// `sponsor` (index or [`NONE`], sponsors before their recruits).
    pub fn of(sponsor: &[u32], a: &PaidOver, b: &PaidOver) -> Versus {
        let depth = depths(sponsor);
        let paid =
            |over: &PaidOver, m: usize| cents(over.member_paid.get(m).copied().unwrap_or(0.0));
        let members: Vec<MemberChange> = (0..sponsor.len())
            .map(|m| MemberChange {
                member: m,
                depth: depth[m],
                paid_a: paid(a, m),
                paid_b: paid(b, m),
            })
            .collect();
        let mut all = Shift::empty("all");
        let mut by_rank: Vec<Shift> = std::iter::once("no rank")
            .chain(a.rank_names.iter().map(String::as_str))
            .map(Shift::empty)
            .collect();
        let mut by_depth: Vec<Shift> = DEPTH_BANDS.iter().map(|b| Shift::empty(b.2)).collect();
        for change in &members {
            all.add(change);
            let rank = a.last_rank.get(change.member).copied().unwrap_or(0);
            by_rank[usize::from(rank)].add(change);
            let band = DEPTH_BANDS
                .iter()
                .position(|&(low, high, _)| (low..=high).contains(&change.depth))
                .unwrap_or(DEPTH_BANDS.len() - 1);
            by_depth[band].add(change);
        }
        by_rank.retain(|s| s.members > 0);
        by_depth.retain(|s| s.members > 0);
        Versus {
            members,
            all,
            by_rank,
            by_depth,
        }
    }
}

/// Each member's depth in the sponsor tree (a root is 0).
pub fn depths(sponsor: &[u32]) -> Vec<u32> {
    let mut depth: Vec<u32> = Vec::with_capacity(sponsor.len());
    for &s in sponsor {
        let d = match s {
            NONE => 0,
            s => depth.get(s as usize).map_or(0, |d| d + 1),
        };
        depth.push(d);
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;

    fn over(paid: &[f64], rank: &[u8]) -> PaidOver {
        PaidOver {
            rank_names: vec!["Star".into()],
            member_paid: paid.to_vec(),
            last_rank: rank.to_vec(),
            ..PaidOver::default()
        }
    }

    #[test]
    fn depths_follow_the_sponsor_line() {
        assert_eq!(depths(&[NONE, 0, 0, 1, 3, NONE]), [0, 1, 1, 2, 3, 0]);
    }

    #[test]
    fn gains_and_losses_are_counted_in_cents_by_rank_and_depth() {
        // R (root, Star) 10.00 -> 12.50; S 5.00 -> 4.00; T 3.004 -> 2.996 (both 3.00:
        // unchanged); U 0 -> 1.25.
        let sponsor = [NONE, 0, 1, 2];
        let a = over(&[10.0, 5.0, 3.004, 0.0], &[1, 0, 0, 0]);
        let b = over(&[12.5, 4.0, 2.996, 1.25], &[1, 1, 0, 0]);
        let v = Versus::of(&sponsor, &a, &b);
        assert_eq!(
            v.all,
            Shift {
                group: "all".into(),
                members: 4,
                gain: 2,
                lose: 1,
                unchanged: 1,
                gained: 375,
                lost: -100,
                largest_gain: Some((250, 0)),
                largest_loss: Some((-100, 1)),
            }
        );
        let groups = |s: &[Shift]| {
            s.iter()
                .map(|s| (s.group.clone(), s.members))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            groups(&v.by_rank),
            [("no rank".into(), 3), ("Star".into(), 1)]
        );
        assert_eq!(
            groups(&v.by_depth),
            [
                ("0".into(), 1),
                ("1".into(), 1),
                ("2".into(), 1),
                ("3-5".into(), 1)
            ]
        );
        assert_eq!(v.by_rank[0].gained, 125);
    }
}
