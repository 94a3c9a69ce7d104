//! Traces: a few members of a run followed month by month, so that a report can tell
//! one ordinary member's story (what they paid, what they were paid, when they quit).
//!
//! **Who is traced.** Every member gets a *trace priority*, a 64-bit number that depends
//! on (master seed, run index, member id) only: `mix64(key XOR id)` with the run's trace
//! key `key = mix64(run_seed XOR TRACE_SALT)`. The traced members are the [`TRACED`]
//! members with the smallest priorities among everyone who ever joined in the run
//! (founders included), or everyone if fewer joined. `mix64` is a bijection, so no two
//! members share a priority, and the sample is a uniformly random one of everyone who
//! ever joined, fixed by the seed and the run index. It uses no number from the run's
//! generator, so tracing changes nothing else the run does or records.
//!
//! **How, in one pass.** Who ever joins is known only at the end of the run, but a
//! member's priority is known when they join. [`Tracer`] keeps the members with the
//! smallest priorities seen so far and follows them from their join month; a newcomer
//! with a smaller priority than the largest kept one takes its place and that member's
//! months are dropped. A member still kept at the end was kept from the month they
//! joined (priorities never change), so their trace is complete, and the kept set is
//! exactly the sample above ([`sample`] computes it directly). The cost is one mix per
//! join and, each month, one look at each of at most [`TRACED`] members.
//!
//! **What a month holds.** Each month from the join month on, a traced member's row has
//! what the month added to their lifetime outcomes (pay, retail profit, purchases, fees,
//! expenses, net, recruits: the differences of [`super::MemberOutcomes`] from one month's
//! end to the next, so a buyback refund is in the quit month's purchases), the buyback
//! refund on its own, their cumulative net, their paid-as rank and whether they were
//! still in the business. Rows end with the month at
//! whose end the member quit (status [`TraceStatus::Quit`]); when quitters keep their
//! place in the tree (`quit.keep_position`) and may still be paid on their downline,
//! rows go on to the end of the run with status [`TraceStatus::Former`]. A member still
//! in the business at the end has rows to the last month.

use super::members::Members;
use super::record::{TraceMonth, TraceStatus};
use super::seeding::{mix64, run_seed};

/// How many members a traced run follows.
pub const TRACED: usize = 50;

/// Mixed into the run seed to give the trace key (the bytes of "traces"), so that the
/// trace sample is not correlated with the run's own generator.
const TRACE_SALT: u64 = 0x7472_6163_6573;

/// The trace key of run `run` under master seed `master_seed`.
pub fn trace_key(master_seed: u64, run: u32) -> u64 {
    mix64(run_seed(master_seed, run) ^ TRACE_SALT)
}

/// The trace priority of member `member` under trace key `key`: the smaller, the sooner
/// traced.
pub fn priority(key: u64, member: u32) -> u64 {
    mix64(key ^ u64::from(member))
}

/// The members traced in a run in which `members_ever` members joined: the `count` with
/// the smallest priorities under `key`, in ascending id order.
pub fn sample(key: u64, members_ever: u32, count: usize) -> Vec<u32> {
    let mut ranked: Vec<(u64, u32)> = (0..members_ever).map(|m| (priority(key, m), m)).collect();
    ranked.sort_unstable();
    let mut chosen: Vec<u32> = ranked.into_iter().take(count).map(|(_, m)| m).collect();
    chosen.sort_unstable();
    chosen
}

/// A member's lifetime figures at the end of the last month recorded.
#[derive(Clone, Copy, Debug, Default)]
struct Totals {
    recruits: u32,
    pay: f64,
    retail_profit: f64,
    purchases: f64,
    fees: f64,
    expenses: f64,
    net: f64,
}

impl Totals {
    fn of(members: &Members, i: usize) -> Totals {
        let o = &members.outcomes;
        Totals {
            recruits: o.recruits[i],
            pay: o.gross_pay[i],
            retail_profit: o.retail_profit[i],
            purchases: o.purchases[i],
            fees: o.fees[i],
            expenses: o.expenses[i],
            net: o.net[i],
        }
    }
}

/// One traced member: their priority, the figures at the last month's end, their rows.
#[derive(Clone, Debug)]
struct Slot {
    member: u32,
    priority: u64,
    last: Totals,
    /// Lifetime purchases after this month's accounts, before its quitting.
    before_quitting: f64,
    rows: Vec<TraceMonth>,
    /// The member's story is over (quit, and quitters do not keep their place).
    done: bool,
}

/// Follows the traced members of one run (see the module's documentation).
#[derive(Clone, Debug)]
pub struct Tracer {
    key: u64,
    count: usize,
    slots: Vec<Slot>,
    /// The slot with the largest priority, once all `count` slots are taken.
    largest: Option<usize>,
}

impl Tracer {
    /// A tracer of `count` members under trace key `key`.
    pub fn new(key: u64, count: usize) -> Tracer {
        Tracer {
            key,
            count,
            slots: Vec::with_capacity(count),
            largest: None,
        }
    }

    /// The members `joined` have just joined (in id order): trace each whose priority is
    /// among the `count` smallest so far. (None of the tracer's methods is inlined: they
    /// stay out of the month step's code, which almost always runs untraced.)
    #[inline(never)]
    pub fn offer(&mut self, joined: std::ops::Range<u32>) {
        for member in joined {
            self.offer_one(member);
        }
    }

    fn offer_one(&mut self, member: u32) {
        if self.count == 0 {
            return;
        }
        let priority = priority(self.key, member);
        let slot = Slot {
            member,
            priority,
            last: Totals::default(),
            before_quitting: 0.0,
            rows: Vec::new(),
            done: false,
        };
        if self.slots.len() < self.count {
            self.slots.push(slot);
            if self.slots.len() == self.count {
                self.largest = self.find_largest();
            }
            return;
        }
        if let Some(k) = self.largest.filter(|&k| priority < self.slots[k].priority) {
            self.slots[k] = slot;
            self.largest = self.find_largest();
        }
    }

    fn find_largest(&self) -> Option<usize> {
        (0..self.slots.len()).max_by_key(|&k| self.slots[k].priority)
    }

    /// Notes the traced members' purchases before the month's quitting, so that
    /// [`Tracer::record`] can tell a buyback refund (the only thing quitting takes
    /// from purchases) from the month's buying.
    #[inline(never)]
    pub fn before_quitting(&mut self, members: &Members) {
        for slot in self.slots.iter_mut().filter(|s| !s.done) {
            slot.before_quitting = members.outcomes.purchases[slot.member as usize];
        }
    }

    /// Records month `month` of every traced member whose story is not over; called at
    /// the end of the month, after quitting. `keep_position`: quitters keep their place
    /// (and their rows go on).
    #[inline(never)]
    pub fn record(&mut self, month: u32, members: &Members, keep_position: bool) {
        for slot in &mut self.slots {
            if slot.done {
                continue;
            }
            let i = slot.member as usize;
            let o = &members.outcomes;
            let status = if members.present[i] {
                TraceStatus::Active
            } else if o.quit_month[i] == month {
                TraceStatus::Quit
            } else {
                TraceStatus::Former
            };
            let now = Totals::of(members, i);
            let last = std::mem::replace(&mut slot.last, now);
            slot.rows.push(TraceMonth {
                member: slot.member,
                month,
                month_in_business: month - o.join_month[i],
                status,
                rank: if status == TraceStatus::Former {
                    0
                } else {
                    members.last_rank[i]
                },
                recruits: now.recruits - last.recruits,
                pay: now.pay - last.pay,
                retail_profit: now.retail_profit - last.retail_profit,
                purchases: now.purchases - last.purchases,
                refund: slot.before_quitting - now.purchases,
                fees: now.fees - last.fees,
                expenses: now.expenses - last.expenses,
                net: now.net - last.net,
                cumulative_net: now.net,
            });
            slot.done = status == TraceStatus::Quit && !keep_position;
        }
    }

    /// The traced members' rows, in member order and then month order, at the end of
    /// the run. A member's last row also counts the recruits who joined after it (signed
    /// up in the month the member quit, joining the month after), so that the rows'
    /// recruits add up to the member's.
    #[inline(never)]
    pub fn finish(mut self, members: &Members) -> Vec<TraceMonth> {
        for slot in &mut self.slots {
            let recruits = members.outcomes.recruits[slot.member as usize] - slot.last.recruits;
            if let Some(row) = slot.rows.last_mut() {
                row.recruits += recruits;
            }
        }
        self.slots.sort_unstable_by_key(|s| s.member);
        self.slots.into_iter().flat_map(|s| s.rows).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offering members one at a time keeps exactly the members [`sample`] picks
    /// from the whole run: the one-pass rule is the stated rule.
    #[test]
    fn the_members_kept_in_one_pass_are_the_smallest_priorities_of_everyone() {
        for (seed, run, joined, count) in [(42, 0, 10_000, 50), (7, 3, 30, 50), (1, 9, 500, 1)] {
            let key = trace_key(seed, run);
            let mut tracer = Tracer::new(key, count);
            // Joining in batches of different sizes, as months do.
            let (mut member, mut batch) = (0, 1);
            while member < joined {
                let end = (member + batch).min(joined);
                tracer.offer(member..end);
                (member, batch) = (end, batch + 1);
            }
            let mut kept: Vec<u32> = tracer.slots.iter().map(|s| s.member).collect();
            kept.sort_unstable();
            let expected = sample(key, joined, count);
            assert_eq!(kept, expected);
            assert_eq!(kept.len(), count.min(joined as usize));
        }
    }

    #[test]
    fn the_sample_depends_on_the_seed_and_the_run_only() {
        let a = sample(trace_key(42, 0), 10_000, 50);
        assert_eq!(a, sample(trace_key(42, 0), 10_000, 50));
        assert_ne!(a, sample(trace_key(42, 1), 10_000, 50));
        assert_ne!(a, sample(trace_key(43, 0), 10_000, 50));
        // Everyone who joined is equally likely: over many runs, each tenth of the
        // members by id holds about a tenth of the sample (5,000 draws per tenth;
        // four standard deviations is about 280).
        let mut tenths = [0u32; 10];
        for run in 0..1000 {
            for member in sample(trace_key(5, run), 1000, 50) {
                tenths[member as usize / 100] += 1;
            }
        }
        for count in tenths {
            assert!((4720..=5280).contains(&count), "{tenths:?}");
        }
    }

    #[test]
    fn a_tracer_of_no_one_keeps_no_one() {
        let mut tracer = Tracer::new(trace_key(1, 0), 0);
        tracer.offer(0..10);
        assert!(tracer.slots.is_empty());
    }
}
