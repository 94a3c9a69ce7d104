//! The audit: why each member was paid what it was, line by line.
//!
//! Paying a period with [`super::PlanRun::pay_audited`] fills an [`Audit`] besides the
//! usual [`super::Payout`]: one [`Line`] per payment (who was paid, by which bonus, on
//! whose volume, at which level, generation or leg, the volume, the rate and the
//! amount, and a reason in words); one [`Broken`] per amount the plan's rates promised
//! but did not pay (breakage), with its [`Cause`]; one [`TreeRow`] per member of a
//! placement tree (binary and matrix: parent and side, leg volumes, carry in and out,
//! cycles); and one [`Standing`] per member: active, qualified, paid-as rank and, when
//! the next rank was not reached, the first requirement that failed.
//!
//! The lines of a bonus add up to what the bonus paid, and its lines plus its broken
//! amounts to its `max_payout`; caps and the minimum cheque appear as lines of their
//! own (negative when they take money away), so a member's lines add up to its pay.
//! Property tests check both over every plan configuration.
//!
//! Members are named by stable id ([`super::types::PeriodInput::id`]). Auditing is a
//! separate path: paying without an audit costs nothing extra.

use super::types::Side;
use std::fmt;

/// Where on the tree an amount came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Not on a tree: own volume, a rank, a pool share.
    Own,
    /// The l-th level of the sponsor or placement line (1 = directly above).
    Level(u32),
    /// The g-th generation of leaders (1 = the nearest).
    Generation(u32),
    /// Both binary legs, matched.
    Legs,
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Own => Ok(()),
            Step::Level(l) => write!(f, "{l}"),
            Step::Generation(g) => write!(f, "gen {g}"),
            Step::Legs => f.write_str("legs"),
        }
    }
}

/// Why an amount the rates promised was not paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    /// The member in line was not qualified (inactive, or failing a compliance rule).
    Unqualified,
    /// Compression passed the amount up the line and nobody took it.
    Compression,
    /// A cap (a bonus' `cap` or the plan's `payout_cap`) cut it.
    Cap,
    /// The member's rank does not unlock that level, or the volume lies deeper than
    /// the plan pays.
    Depth,
    /// A member left holding a balance below the minimum cheque.
    Forfeited,
}

impl Cause {
    /// The word in the ledger.
    pub fn word(self) -> &'static str {
        match self {
            Cause::Unqualified => "unqualified",
            Cause::Compression => "compression",
            Cause::Cap => "cap",
            Cause::Depth => "depth",
            Cause::Forfeited => "forfeited",
        }
    }
}

/// One payment.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    /// The bonus, in plan order; `None` for the plan's own adjustments (the minimum
    /// cheque).
    pub bonus: Option<usize>,
    /// The week of the month, for a weekly bonus (1-based); 0 for a monthly one.
    pub week: u32,
    /// Who is paid (stable id).
    pub payee: u32,
    /// Whose volume it is (stable id), or [`NONE`](super::NONE) (a pool, a rank award, a cap).
    pub source: u32,
    pub step: Step,
    /// The amount the rate applies to (CV, an entry fee, a group's CV, matched legs).
    pub volume: f64,
    pub rate: f64,
    pub amount: f64,
    pub reason: String,
}

/// One amount promised by the rates and not paid.
#[derive(Clone, Debug, PartialEq)]
pub struct Broken {
    pub bonus: Option<usize>,
    pub week: u32,
    /// Who would have been paid (stable id), or [`NONE`](super::NONE) when nobody was in line.
    pub member: u32,
    pub source: u32,
    pub step: Step,
    pub amount: f64,
    pub cause: Cause,
    pub reason: String,
}

/// One member's position in a placement tree, for one period.
#[derive(Clone, Debug, PartialEq)]
pub struct TreeRow {
    pub bonus: usize,
    pub week: u32,
    pub member: u32,
    /// Placement parent (stable id) or [`NONE`](super::NONE).
    pub parent: u32,
    /// `left`/`right` under a binary parent; the position (1-based) under a matrix one.
    pub side: String,
    /// Volume in the left and right legs this period (binary); the CV of the member's
    /// whole placement downline in `left` (matrix).
    pub left: f64,
    pub right: f64,
    pub carry_in: [f64; 2],
    pub carry_out: [f64; 2],
    /// Matched cycles (binary with `cycle`), or the matched volume (binary with `rate`).
    pub cycles: f64,
}

/// One member's qualification in one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Standing {
    pub member: u32,
    pub qv: f64,
    pub gv: f64,
    pub active: bool,
    pub qualified: bool,
    /// Paid-as rank (0: none).
    pub rank: u8,
    /// Why the member is not active or not qualified; empty when it is.
    pub not_qualified: String,
    /// The first requirement of the next rank above `rank` that failed; empty at the
    /// top rank.
    pub next_rank: String,
    /// Balance held below the minimum cheque after this period.
    pub held: f64,
}

/// Everything audited in one period.
#[derive(Clone, Debug, Default)]
pub struct Audit {
    pub lines: Vec<Line>,
    pub broken: Vec<Broken>,
    pub tree: Vec<TreeRow>,
    pub standing: Vec<Standing>,
    /// The plan's rank names, lowest first (set by the plan), for reasons.
    pub rank_names: Vec<String>,
}

impl Audit {
    /// Empties every table (buffers are kept).
    pub fn clear(&mut self) {
        self.lines.clear();
        self.broken.clear();
        self.tree.clear();
        self.standing.clear();
    }

    /// A rank's name for reasons (`no rank` for 0).
    pub fn rank_name(&self, rank: u8) -> String {
        match usize::from(rank).checked_sub(1) {
            None => "no rank".to_string(),
            Some(r) => (self.rank_names.get(r).cloned()).unwrap_or_else(|| format!("rank {rank}")),
        }
    }

    /// Records a payment of bonus `bonus`' run (the bonus index is set by the plan).
    #[allow(clippy::too_many_arguments)]
    pub fn pay(
        &mut self,
        payee: u32,
        source: u32,
        step: Step,
        volume: f64,
        rate: f64,
        amount: f64,
        reason: String,
    ) {
        self.lines.push(Line {
            bonus: None,
            week: 0,
            payee,
            source,
            step,
            volume,
            rate,
            amount,
            reason,
        });
    }

    /// Records an amount promised and not paid.
    pub fn broke(
        &mut self,
        member: u32,
        source: u32,
        step: Step,
        amount: f64,
        cause: Cause,
        reason: String,
    ) {
        self.broken.push(Broken {
            bonus: None,
            week: 0,
            member,
            source,
            step,
            amount,
            cause,
            reason,
        });
    }

    /// Marks every line, broken amount and tree row recorded since `mark` as bonus
    /// `bonus`' in `week`.
    pub fn assign(&mut self, mark: Mark, bonus: usize, week: u32) {
        for line in &mut self.lines[mark.lines..] {
            line.bonus = Some(bonus);
            line.week = week;
        }
        for broken in &mut self.broken[mark.broken..] {
            broken.bonus = Some(bonus);
            broken.week = week;
        }
        for row in &mut self.tree[mark.tree..] {
            row.bonus = bonus;
            row.week = week;
        }
    }

    /// Where the tables end now.
    pub fn mark(&self) -> Mark {
        Mark {
            lines: self.lines.len(),
            broken: self.broken.len(),
            tree: self.tree.len(),
        }
    }
}

/// The lengths of an [`Audit`]'s tables at some moment.
#[derive(Clone, Copy, Debug)]
pub struct Mark {
    lines: usize,
    broken: usize,
    tree: usize,
}

/// A side's word.
pub fn side_word(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
    }
}

/// A money or volume amount as the ledger's reasons write it: two decimals,
/// thousands separated (`1,240.50`).
pub fn amount(value: f64) -> String {
    let text = format!("{:.2}", value.abs());
    let (whole, cents) = text.split_once('.').unwrap_or((&text, "00"));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let sign = if value < 0.0 && text != "0.00" {
        "-"
    } else {
        ""
    };
    if cents == "00" {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{cents}")
    }
}

/// A rate as a percentage (`7.5 %`).
pub fn percent(rate: f64) -> String {
    let p = rate * 100.0;
    let text = format!("{p:.4}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} %")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_percentages_read_as_written_by_hand() {
        assert_eq!(amount(1240.5), "1,240.50");
        assert_eq!(amount(1500.0), "1,500");
        assert_eq!(amount(-12.345), "-12.35");
        assert_eq!(amount(0.001), "0");
        assert_eq!(amount(1_234_567.0), "1,234,567");
        assert_eq!(percent(0.075), "7.5 %");
        assert_eq!(percent(0.1), "10 %");
        assert_eq!(percent(0.0333), "3.33 %");
    }
}
