//! The representative member: whose story the report tells, chosen from `traces.csv` by
//! a rule that uses the numbers only, so that anyone can check the choice.
//!
//! **The rule.** Among the traced members of the first traced run (run 0), take those
//! whose story is complete: who quit before the run ended (they have a `quit` row). The
//! representative is the one whose lifetime net (their last row's `cumulative_net`) is
//! the median of theirs: with the members sorted by lifetime net, and by member number
//! where two nets are equal, the one at position `(n - 1) / 2` from the lowest (for an
//! even `n`, the lower of the two middle ones). If no traced member quit, the rule is
//! applied to all of them.
//!
//! The traced members are a uniform sample of everyone who ever joined
//! ([`crate::model::trace`]), so a typical one joined when most people joined, and
//! taking a complete story means the report can say how it ended: the chart
//! (`member_story`) and the page's story section both draw on the [`Story`] chosen here.

use crate::model::TraceStatus;
use crate::output::records::traces::TraceRow;
use crate::report::kit::html_format::Format;

/// The representative member's months, and where they sit among the traced.
#[derive(Clone, Debug, PartialEq)]
pub struct Story {
    /// The run the member is in.
    pub run: u32,
    /// Member number.
    pub member: u32,
    /// Their rows of `traces.csv`, in month order (at least one).
    pub rows: Vec<TraceRow>,
    /// Members traced in the run.
    pub traced: usize,
    /// Traced members who quit before the run ended.
    pub quitters: usize,
}

/// A traced member of the run: their rows, lifetime net and whether they quit.
struct Traced<'a> {
    rows: &'a [TraceRow],
    net: f64,
    quit: bool,
}

/// The representative member of `rows` (the rows of `traces.csv`), by the rule above;
/// `None` if no member was traced.
pub fn representative(rows: &[TraceRow]) -> Option<Story> {
    let run = rows.first()?.run;
    let in_run: Vec<TraceRow> = rows.iter().filter(|r| r.run == run).cloned().collect();
    let members: Vec<Traced> = in_run
        .chunk_by(|a, b| a.member == b.member)
        .map(|rows| Traced {
            rows,
            net: rows.last().map_or(0.0, |r| r.cumulative_net.0),
            quit: rows.iter().any(|r| r.status == TraceStatus::Quit),
        })
        .collect();
    let quitters = members.iter().filter(|m| m.quit).count();
    let mut candidates: Vec<&Traced> = members.iter().filter(|m| m.quit || quitters == 0).collect();
    candidates.sort_by(|a, b| {
        a.net
            .total_cmp(&b.net)
            .then(a.rows[0].member.cmp(&b.rows[0].member))
    });
    let chosen = candidates.get(candidates.len().checked_sub(1)? / 2)?;
    Some(Story {
        run,
        member: chosen.rows[0].member,
        rows: chosen.rows.to_vec(),
        traced: members.len(),
        quitters,
    })
}

impl Story {
    /// The month the member joined.
    pub fn join_month(&self) -> u32 {
        self.rows[0].month
    }

    /// Months in the business (rows that are `active` or `quit`).
    pub fn months_in_business(&self) -> u32 {
        self.rows
            .iter()
            .filter(|r| r.status != TraceStatus::Former)
            .count() as u32
    }

    /// The month at whose end the member quit, if they did.
    pub fn quit_month(&self) -> Option<u32> {
        (self.rows.iter())
            .find(|r| r.status == TraceStatus::Quit)
            .map(|r| r.month)
    }

    /// The last month traced.
    pub fn last_month(&self) -> u32 {
        self.rows.last().map_or(0, |r| r.month)
    }

    /// The lifetime net: the last row's cumulative net.
    pub fn lifetime_net(&self) -> f64 {
        self.rows.last().map_or(0.0, |r| r.cumulative_net.0)
    }

    /// The sum of a column over the member's rows.
    pub fn total(&self, column: impl Fn(&TraceRow) -> f64) -> f64 {
        self.rows.iter().map(column).sum()
    }

    /// Members the member personally enrolled.
    pub fn recruits(&self) -> u32 {
        self.rows.iter().map(|r| r.recruits).sum()
    }

    /// The months in which the paid-as rank changed from the month before (the first
    /// month counts as a change from no rank), with the new rank (empty: no rank).
    pub fn rank_changes(&self) -> Vec<(u32, &str)> {
        let mut changes = Vec::new();
        let mut held = "";
        for row in self.rows.iter().filter(|r| r.status != TraceStatus::Former) {
            if row.rank != held {
                changes.push((row.month, row.rank.as_str()));
                held = &row.rank;
            }
        }
        changes
    }

    /// The first month in which the member held their highest paid-as rank, and its
    /// name, where `ranks` are the plan's rank names lowest first; `None` if they never
    /// held one.
    pub fn highest_rank<'a>(&'a self, ranks: &[String]) -> Option<(u32, &'a str)> {
        let level = |name: &str| ranks.iter().position(|r| r == name).map_or(0, |p| p + 1);
        self.rank_changes()
            .into_iter()
            .filter(|(_, name)| !name.is_empty())
            .fold(
                None,
                |best: Option<(u32, &str)>, (month, name)| match best {
                    Some((_, held)) if level(held) >= level(name) => best,
                    _ => Some((month, name)),
                },
            )
    }
}

/// How a number of the story comes from the member's rows of one column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Of {
    /// The sum over their rows.
    Sum,
    /// The first row's value.
    First,
    /// The last row's value.
    Last,
    /// The value in the row of this month.
    Row(u32),
    /// How many of their rows are `active` or `quit`: their months in the business.
    Months,
}

impl Of {
    /// The name written in the page's `data-of`.
    pub fn name(self) -> &'static str {
        match self {
            Of::Sum => "sum",
            Of::First => "first",
            Of::Last => "last",
            Of::Row(_) => "row",
            Of::Months => "months",
        }
    }
}

/// One number of the story: its value, its format, and where it comes from.
#[derive(Clone, Copy, Debug)]
pub struct Number<'a> {
    /// The column of `traces.csv`, or columns joined by `+` for their sum.
    pub column: &'a str,
    pub of: Of,
    pub value: f64,
    pub format: Format,
}

/// How the story's numbers and words are written: plainly (a chart's caption) or
/// marked with their source (the page).
pub trait Marker {
    fn number(&self, number: Number) -> String;
    /// Text from the files (a rank's name).
    fn text(&self, text: &str) -> String;
}

/// Numbers formatted, text as it is.
pub struct Plain;

impl Marker for Plain {
    fn number(&self, number: Number) -> String {
        number.format.apply(number.value)
    }

    fn text(&self, text: &str) -> String {
        text.to_string()
    }
}

impl Story {
    /// The story in a few sentences: "This member joined in month 4 and stayed 11
    /// months. They paid $319 in fees and $412 for product; the company paid them
    /// nothing. They reached no rank, recruited nobody, and quit at the end of month 14,
    /// $731 behind." Product is what they bought and did not resell before any buyback
    /// refund (`purchases + refund`), and the refund is said on its own. Amounts that
    /// round to nothing are left out. `ranks` are the plan's rank names, lowest first.
    pub fn tell(&self, ranks: &[String], mark: &impl Marker) -> String {
        let first = &self.rows[0];
        let number = |column, of, value, format| {
            mark.number(Number {
                column,
                of,
                value,
                format,
            })
        };
        let month = |row: &TraceRow| {
            number(
                "month",
                Of::Row(row.month),
                f64::from(row.month),
                Format::Count,
            )
        };
        let sum = |column, part: fn(&TraceRow) -> f64| {
            let total = self.total(part);
            (Format::Money.apply(total) != "$0")
                .then(|| number(column, Of::Sum, total, Format::Money))
        };
        let stayed = self.months_in_business();
        let paid: Vec<String> = [
            sum("fees", |r| r.fees.0).map(|x| format!("{x} in fees")),
            sum("purchases+refund", |r| r.purchases.0 + r.refund.0)
                .map(|x| format!("{x} for product")),
            sum("expenses", |r| r.expenses.0).map(|x| format!("{x} in other expenses")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let paid = match paid.as_slice() {
            [] => "They paid nothing".to_string(),
            [one] => format!("They paid {one}"),
            [init @ .., last] => format!("They paid {} and {last}", init.join(", ")),
        };
        let pay = sum("pay", |r| r.pay.0).map_or("nothing".to_string(), |x| x);
        let received: Vec<String> = [
            Some(format!("the company paid them {pay}")),
            sum("retail_profit", |r| r.retail_profit.0)
                .map(|x| format!("they made {x} selling to customers")),
            sum("refund", |r| r.refund.0)
                .map(|x| format!("{x} came back as a buyback of the stock they returned")),
        ]
        .into_iter()
        .flatten()
        .collect();
        let received = match received.as_slice() {
            [init @ .., last] if !init.is_empty() => format!("{}, and {last}", init.join(", ")),
            _ => received.concat(),
        };
        let rank = match self.highest_rank(ranks) {
            Some((m, name)) => {
                let row = self.rows.iter().find(|r| r.month == m).unwrap_or(first);
                format!(
                    "reached the rank {} in month {}",
                    mark.text(name),
                    month(row)
                )
            }
            None => "reached no rank".to_string(),
        };
        let recruits = match self.recruits() {
            0 => "recruited nobody".to_string(),
            n => format!(
                "recruited {} {}",
                number("recruits", Of::Sum, f64::from(n), Format::Count),
                if n == 1 { "person" } else { "people" }
            ),
        };
        let end = match self.rows.iter().find(|r| r.status == TraceStatus::Quit) {
            Some(row) => format!("quit at the end of month {}", month(row)),
            None => format!(
                "were still a member when the run ended in month {}",
                number(
                    "month",
                    Of::Last,
                    f64::from(self.last_month()),
                    Format::Count
                )
            ),
        };
        let net = self.lifetime_net();
        let amount = number("cumulative_net", Of::Last, net, Format::MoneyAbs);
        let standing = match Format::MoneyAbs.apply(net).as_str() {
            "$0" => "even".to_string(),
            _ if net < 0.0 => format!("{amount} behind"),
            _ => format!("{amount} ahead"),
        };
        format!(
            "This member joined in month {} and stayed {} {}. {paid}; {received}. They {rank}, \
             {recruits}, and {end}, {standing}.",
            month(first),
            number("month", Of::Months, f64::from(stayed), Format::Count),
            if stayed == 1 { "month" } else { "months" },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::encode::Money;

    /// A member's rows: one per month from `join`, nets as given, quitting at the end
    /// if `quits`.
    fn member(id: u32, join: u32, nets: &[f64], quits: bool) -> Vec<TraceRow> {
        let mut total = 0.0;
        (nets.iter().enumerate())
            .map(|(k, &net)| {
                total += net;
                let last = k + 1 == nets.len();
                TraceRow {
                    run: 0,
                    member: id,
                    month: join + k as u32,
                    month_in_business: k as u32,
                    status: if last && quits {
                        TraceStatus::Quit
                    } else {
                        TraceStatus::Active
                    },
                    net: Money(net),
                    cumulative_net: Money(total),
                    ..TraceRow::default()
                }
            })
            .collect()
    }

    #[test]
    fn the_median_of_those_who_quit_is_chosen() {
        let rows: Vec<TraceRow> = [
            member(3, 0, &[-100.0, -50.0], true), // -150
            member(5, 2, &[-10.0], true),         // -10
            member(8, 1, &[500.0], false),        // still in: not a candidate
            member(9, 4, &[-40.0, -40.0], true),  // -80
            member(12, 6, &[-300.0], true),       // -300
        ]
        .concat();
        let story = representative(&rows).expect("a story");
        // Quitters by net: 12 (-300), 3 (-150), 9 (-80), 5 (-10); the lower middle: 3.
        assert_eq!(story.member, 3);
        assert_eq!((story.traced, story.quitters), (5, 4));
        assert_eq!(story.join_month(), 0);
        assert_eq!(story.quit_month(), Some(1));
        assert_eq!(story.months_in_business(), 2);
        assert_eq!(story.lifetime_net(), -150.0);
    }

    #[test]
    fn ties_go_to_the_lower_member_number_and_without_quitters_everyone_counts() {
        let rows: Vec<TraceRow> = [
            member(4, 0, &[-20.0], false),
            member(7, 0, &[-20.0], false),
            member(9, 0, &[30.0], false),
        ]
        .concat();
        assert_eq!(representative(&rows).expect("a story").member, 7);
        assert_eq!(representative(&[]), None);
    }

    #[test]
    fn only_the_first_run_is_told() {
        let mut later = member(1, 0, &[-5.0], true);
        for row in &mut later {
            row.run = 1;
        }
        let rows = [member(2, 0, &[-9.0], true), later].concat();
        let story = representative(&rows).expect("a story");
        assert_eq!((story.run, story.member, story.traced), (0, 2, 1));
    }

    #[test]
    fn rank_changes_and_the_highest_rank() {
        let mut rows = member(1, 3, &[0.0; 5], true);
        for (row, rank) in rows.iter_mut().zip(["", "Bronze", "Silver", "Bronze", ""]) {
            row.rank = rank.to_string();
        }
        let story = representative(&rows).expect("a story");
        assert_eq!(
            story.rank_changes(),
            [(4, "Bronze"), (5, "Silver"), (6, "Bronze"), (7, "")]
        );
        let ranks = ["Bronze".to_string(), "Silver".to_string()];
        assert_eq!(story.highest_rank(&ranks), Some((5, "Silver")));
    }
}
