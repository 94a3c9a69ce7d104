//! One run of the world, one month at a time.
//!
//! Each month, in this order (DESIGN section 2; README's model description gives the
//! formulas):
//! 1. **Join**: people recruited last month become members, pay the entry fee and draw
//!    their kind and traits.
//! 2. **Buy**: each customer draws this month's units and may churn; each member orders
//!    for own use and for their customers' demand, using stock first, then tops up to
//!    the volume needed to stay active or keep last month's rank with probability
//!    `qualify_buying` (buying to qualify; the extra units become inventory).
//! 3. **Sell**: members pitch contacts; a pitched free prospect becomes their customer
//!    with `buy_probability` (or buys once, `sales = "one_off"`) or declines and is left
//!    alone for a while.
//! 4. **Recruit**: members whose `recruit_delay` has passed pitch contacts (or make
//!    referral events); a pitched free prospect or customer accepts with
//!    `join_probability` (joining next month) or declines and is left alone for a while.
//!    With combined `contacts`, steps 3 and 4 are one pass: each contact may buy and,
//!    independently, join.
//! 5. **Pay**: one-off sales are delivered; the plan pays from this month's volumes.
//! 6. **Account**: each member's money and hours for the month.
//! 7. **Quit**: each member quits with probability
//!    `min(1, base + min(1, L / tolerance)^loss_power + contagion x [enroller quit last
//!    month])`, L being the perceived loss, or for certain when this month's net is at
//!    most `month_profit_at_most`; quitters may claim `buyback` of their stock's cost
//!    and their downline rolls up (unless quitters `keep_position`).
//!
//! With `join_timing = "same_month"` recruiting comes first and recruits join at once
//! (join, recruit, join, buy, sell, pay, account, quit); with `order = "random"` members
//! sell and recruit in a fresh random order each month. Nothing here is scripted by time:
//! growth, saturation and decline come from pitches finding fewer open contacts, from
//! a cap on members ever, and from losses driving members out.

use super::customers::{Customer, Customers};
use super::members::{Members, Traits};
use super::memory::{BUDGET, Claim, Outgrown, run_bytes};
use super::network::{ContactNetwork, Reach, Shape, cold_threshold};
use super::people::{People, Standing};
use super::plan_view::PlanView;
use super::poisson::PoissonRate;
use super::reconsider::Reconsider;
use super::record::{MemberOutcomes, MonthRecord, RunRecord};
use super::seeding::{RunRng, run_rng, run_seed};
use super::trace::{Tracer, trace_key};
use crate::plan::{NONE, PlanRun};
use crate::scenario::{JoinTiming, Order, Sales, Scenario};
use rand::RngExt;
use rand::seq::SliceRandom;

/// The state of one run.
pub struct World<'s> {
    scenario: &'s Scenario,
    rng: RunRng,
    network: ContactNetwork,
    people: People,
    customers: Customers,
    members: Members,
    plan: PlanRun<'s>,
    /// The compact member arrays the plan reads.
    plan_view: PlanView,
    /// Recruited, joining next month (or at once): (person, enroller).
    pending: Vec<(u32, u32)>,
    /// Ids of the members in the business, ascending.
    present: Vec<u32>,
    /// Ids of former members who keep their place in the tree (`keep_position`).
    kept: Vec<u32>,
    /// The members the plan pays this month (present and kept), ascending.
    paid: Vec<u32>,
    /// The order in which members act this month.
    acting: Vec<u32>,
    /// The people one member has pitched this month (fixed pitch counts draw distinct
    /// people).
    pitched: Vec<u32>,
    /// This month's nets of the members in the business (for their median).
    nets: Vec<f64>,
    /// Months a declining person waits before being pitched again, minus one.
    reconsider: Option<Reconsider>,
    /// Recruits per referral event, before the cap.
    referral: Vec<Option<PoissonRate>>,
    cold_threshold: u32,
    /// Disclosure year as months `[start, end)`.
    disclosure: Option<(u32, u32)>,
    month: u32,
    record: RunRecord,
    /// The members followed month by month, if this run is traced ([`World::traced`]).
    tracer: Option<Box<Tracer>>,
    /// Whether every month's payout is audited into the record.
    audited: bool,
    /// This world's memory, claimed from [`BUDGET`] month by month.
    claim: Claim,
}

/// Draws needed to find `k` distinct open people before giving up (a member with fewer
/// contacts than pitches).
const DISTINCT_TRIES: u32 = 8;

/// The steps that pitch (see [`World::pitch`]).
#[derive(Clone, Copy)]
enum Pitching {
    Sell,
    Recruit,
    Contact,
}

/// The targets of one member's pitches in a month, drawn one at a time. With fixed
/// pitch counts the people are all different: a repeat is drawn again, giving up after
/// [`DISTINCT_TRIES`] draws per pitch (a member with fewer contacts than pitches).
struct Targets {
    person: u32,
    degree: u32,
    count: u32,
    distinct: bool,
    made: u32,
    tries: u32,
}

impl Targets {
    /// `count` pitches by `person` (with `degree` contacts); `pitched` is emptied to
    /// hold the people pitched when they must be distinct.
    fn new(person: u32, degree: u32, count: u32, distinct: bool, pitched: &mut Vec<u32>) -> Self {
        pitched.clear();
        Self {
            person,
            degree,
            count,
            distinct,
            made: 0,
            tries: 0,
        }
    }

    /// The next pitch's target, or `None` when the pitches are made (or given up).
    #[inline(always)]
    fn next<N: Reach>(
        &mut self,
        network: &N,
        cold_threshold: u32,
        pitched: &mut Vec<u32>,
        rng: &mut RunRng,
    ) -> Option<u32> {
        while self.made < self.count {
            let target = network.pitch_target(self.person, self.degree, cold_threshold, rng);
            if self.distinct {
                self.tries += 1;
                if pitched.contains(&target) {
                    if self.tries > DISTINCT_TRIES * self.count {
                        return None;
                    }
                    continue;
                }
                pitched.push(target);
            }
            self.made += 1;
            return Some(target);
        }
        None
    }
}

impl<'s> World<'s> {
    /// A new world for run `run` of the scenario: founders recruited, nobody joined yet.
    pub fn new(scenario: &'s Scenario, run: u32) -> Self {
        let mut rng = run_rng(scenario.simulation.seed, run);
        let market = &scenario.market;
        let network = ContactNetwork::new(market.network, market.population, rng.random());
        let mut people = People::new(market.population);
        let mut pending = Vec::with_capacity(market.founders as usize);
        while pending.len() < market.founders as usize {
            let person = rng.random_range(0..market.population);
            if people.standing[person as usize] == Standing::Prospect {
                people.standing[person as usize] = Standing::Recruited;
                pending.push((person, NONE));
            }
        }
        let reconsider = if market.reconsider_months > 1.0 {
            Reconsider::new(1.0 / market.reconsider_months)
        } else {
            None
        };
        let disclosure = scenario
            .simulation
            .disclosure_year
            .map(|year| (12 * (year - 1), 12 * year));
        let behaviour = &scenario.behaviour;
        let referral = (0..behaviour.kind_count())
            .map(|k| {
                let referral = behaviour.of_kind(k).referral.as_ref()?;
                Some(PoissonRate::new(referral.recruits))
            })
            .collect();
        Self {
            scenario,
            network,
            people,
            customers: Customers::default(),
            members: Members::with_capacity(
                initial_capacity(market.population, market.max_members),
                behaviour.quit.keep_position,
            ),
            plan: scenario.plan.start(),
            plan_view: PlanView::default(),
            pending,
            present: Vec::new(),
            kept: Vec::new(),
            paid: Vec::new(),
            acting: Vec::new(),
            pitched: Vec::new(),
            nets: Vec::new(),
            reconsider,
            referral,
            cold_threshold: cold_threshold(market.cold_reach),
            disclosure,
            month: 0,
            record: RunRecord {
                run,
                seed: run_seed(scenario.simulation.seed, run),
                pay_by_bonus: vec![(0.0, 0.0); scenario.plan.bonus_names.len()],
                months_to_rank: vec![Vec::new(); scenario.plan.rank_names.len()],
                rank_month_pay: vec![(0.0, 0); scenario.plan.rank_names.len() + 1],
                ..RunRecord::default()
            },
            rng,
            tracer: None,
            audited: false,
            claim: Claim::default(),
        }
    }

    /// Audits the plan's payout every month (see [`crate::plan::audit`]): the run's
    /// [`RunRecord::audits`]. Auditing draws nothing and pays the same, so the run is
    /// otherwise the same.
    pub fn audited(mut self) -> Self {
        self.audited = true;
        self
    }

    /// Follows `count` members month by month (see [`super::trace`]): the run's
    /// [`RunRecord::traces`]. Tracing draws nothing from the run's generator, so the
    /// run is otherwise the same.
    pub fn traced(mut self, count: usize) -> Self {
        let key = trace_key(self.scenario.simulation.seed, self.record.run);
        self.tracer = Some(Box::new(Tracer::new(key, count)));
        self
    }

    /// Runs every month and returns the record. A run that outgrows the process's
    /// memory budget ([`super::memory`]), or runs while another did, stops early: its
    /// record ends at the last month it finished, and [`BUDGET`] says why.
    pub fn run(mut self) -> RunRecord {
        for _ in 0..self.scenario.simulation.months {
            if !self.claim_memory() {
                break;
            }
            self.step();
        }
        if let Some(tracer) = self.tracer.take() {
            self.record.traces = tracer.finish(&self.members);
        }
        self.record.members = std::mem::take(&mut self.members.outcomes);
        self.record
    }

    /// Claims this world's size for the coming month from [`BUDGET`] (its market and
    /// its members ever, with room for this month's joiners); `false` when the process
    /// is over its limit and the run must stop.
    fn claim_memory(&mut self) -> bool {
        let members = (self.members.len() + self.pending.len()) as u64;
        let bytes = run_bytes(self.scenario.market.population, members);
        let (run, month) = (self.record.run, self.month);
        let limit = BUDGET.limit();
        self.claim.update(bytes, |total| Outgrown {
            run,
            month,
            members,
            run_bytes: bytes,
            total_bytes: total,
            limit_bytes: limit,
        }) && !BUDGET.stopped()
    }

    /// Member outcomes so far (for tests and inspection).
    pub fn outcomes(&self) -> &super::record::MemberOutcomes {
        &self.members.outcomes
    }

    /// Month records so far.
    pub fn months(&self) -> &[MonthRecord] {
        &self.record.months
    }

    /// One month: join, buy, sell, recruit, pay, account, quit (see the module's
    /// documentation for the variants).
    pub fn step(&mut self) {
        let mut month = MonthRecord::default();
        self.join(&mut month);
        let behaviour = &self.scenario.behaviour;
        let combined = behaviour.contacts.is_some();
        if behaviour.join_timing == JoinTiming::SameMonth {
            self.arrange();
            if combined {
                self.pitch(Pitching::Contact, &mut month);
            } else {
                self.pitch(Pitching::Recruit, &mut month);
            }
            self.join(&mut month);
            self.buy(&mut month);
            if !combined {
                self.arrange();
                self.pitch(Pitching::Sell, &mut month);
            }
        } else {
            self.buy(&mut month);
            self.arrange();
            if combined {
                self.pitch(Pitching::Contact, &mut month);
            } else {
                self.pitch(Pitching::Sell, &mut month);
                self.pitch(Pitching::Recruit, &mut month);
            }
        }
        self.deliver(&mut month);
        self.pay_and_account(&mut month);
        if let Some(tracer) = &mut self.tracer {
            tracer.before_quitting(&self.members);
        }
        self.quit(&mut month);
        if let Some(tracer) = &mut self.tracer {
            let keep_position = self.scenario.behaviour.quit.keep_position;
            tracer.record(self.month, &self.members, keep_position);
        }
        month.members_ever = self.members.len() as u32;
        self.record.months.push(month);
        self.month += 1;
    }

    /// Runs one of the pitching steps compiled for the network's kind.
    fn pitch(&mut self, step: Pitching, month: &mut MonthRecord) {
        macro_rules! on {
            ($reach:expr) => {
                match step {
                    Pitching::Sell => self.sell(&$reach, month),
                    Pitching::Recruit => self.recruit(&$reach, month),
                    Pitching::Contact => self.contact(&$reach, month),
                }
            };
        }
        match self.network.shape() {
            Shape::Complete(reach) => on!(reach),
            Shape::Random(reach) => on!(reach),
            Shape::SmallWorld(reach) => on!(reach),
            Shape::ScaleFree(reach) => on!(reach),
        }
    }

    /// The order in which members act this month: join order, or a fresh shuffle.
    fn arrange(&mut self) {
        self.acting.clear();
        self.acting.extend_from_slice(&self.present);
        if self.scenario.behaviour.order == Order::Random {
            self.acting.shuffle(&mut self.rng);
        }
    }

    /// Whether the cap on members ever (`market.max_members`) leaves room for a recruit.
    fn room(members: &Members, pending: &[(u32, u32)], max: Option<u32>) -> bool {
        max.is_none_or(|max| members.len() + pending.len() < max as usize)
    }

    /// Step 1: recruits become members (last month's, or this month's with
    /// `join_timing = "same_month"`).
    fn join(&mut self, month: &mut MonthRecord) {
        let behaviour = &self.scenario.behaviour;
        let entry_fee = self.scenario.product.entry_fee;
        let first = self.members.len() as u32;
        for (person, sponsor) in std::mem::take(&mut self.pending) {
            let kind = match self.scenario.market.founder_kind {
                Some(kind) if sponsor == NONE => kind,
                _ => draw_kind(behaviour, &mut self.rng),
            };
            let sponsor_traits = (sponsor != NONE).then(|| &self.members.traits[sponsor as usize]);
            let traits = Traits::draw(
                kind,
                behaviour.of_kind(usize::from(kind)),
                behaviour.pitch_counts,
                sponsor_traits,
                &mut self.rng,
            );
            let slot = self.people.customer_slot[person as usize];
            if slot != u32::MAX {
                self.drop_customer(slot);
            }
            self.people.standing[person as usize] = Standing::Member;
            let degree = self.network.degree(person);
            let id = self
                .members
                .join(person, degree, sponsor, self.month, traits);
            self.members.entry_fee[id as usize] = entry_fee;
            self.present.push(id);
            month.joins += 1;
        }
        if let Some(tracer) = &mut self.tracer {
            tracer.offer(first..self.members.len() as u32);
        }
        month.active = self.present.len() as u32;
    }

    /// Ends a customer relationship; the person is a free prospect again.
    fn drop_customer(&mut self, slot: u32) {
        let person = self.customers.list[slot as usize].person;
        self.people.customer_slot[person as usize] = u32::MAX;
        self.people.standing[person as usize] = Standing::Prospect;
        if let Some((moved, new_slot)) = self.customers.remove(slot) {
            self.people.customer_slot[moved as usize] = new_slot;
        }
    }

    /// Step 2: customers' demand, then members' orders.
    fn buy(&mut self, month: &mut MonthRecord) {
        let members = &mut self.members;
        for &i in &self.present {
            members.demand[i as usize] = 0.0;
        }
        // Customers: buy, then maybe churn. Customers of members who quit are released.
        let mut k = 0;
        while k < self.customers.list.len() {
            let customer = self.customers.list[k];
            if !self.members.present[customer.member as usize] {
                self.drop_customer(k as u32);
                continue;
            }
            let units = self.scenario.behaviour.customer_units.sample(&mut self.rng);
            self.members.demand[customer.member as usize] += units;
            month.customers += 1;
            if self.rng.random::<f64>() < customer.churn {
                self.drop_customer(k as u32);
                self.people.reconsider_at[customer.person as usize] =
                    reconsider_at(self.reconsider.as_ref(), self.month, &mut self.rng);
                continue;
            }
            k += 1;
        }
        let product = &self.scenario.product;
        let plan = &self.scenario.plan;
        let behaviour = &self.scenario.behaviour;
        let counts_own = plan.counts_own_purchases();
        let members = &mut self.members;
        // Every column cut to the same length `n`: one check of `i < n` covers them all.
        let n = members.len();
        let (traits, last_rank, demand) = (
            &members.traits[..n],
            &members.last_rank[..n],
            &members.demand[..n],
        );
        let (stock, ordered, own_now) = (
            &mut members.stock[..n],
            &mut members.ordered[..n],
            &mut members.own_now[..n],
        );
        let (pv, cv, retail, own_use_cost) = (
            &mut members.pv[..n],
            &mut members.cv[..n],
            &mut members.retail[..n],
            &mut members.own_use_cost[..n],
        );
        for &id in &self.present {
            let i = id as usize;
            if i >= n {
                continue;
            }
            let traits = &traits[i];
            let own = match &behaviour.of_kind(usize::from(traits.kind)).own_order {
                None => f64::from(traits.own_rate.sample(&mut self.rng)),
                Some(order) => {
                    if self.rng.random::<f64>() < order.probability && product.wholesale_price > 0.0
                    {
                        order.amount.sample(&mut self.rng) / product.wholesale_price
                    } else {
                        0.0
                    }
                }
            };
            let demand = demand[i];
            let need = own + demand;
            let from_stock = stock[i].min(need);
            stock[i] -= from_stock;
            let mut order = need - from_stock;
            // Retail volume is what customers bought this month, whether it came from
            // this month's order or from stock bought earlier.
            let retail_volume = demand * product.pv_per_unit;
            // Buying to qualify: only when own orders count toward qualification (with
            // `own_purchases_qualify = false`, buying more cannot help).
            let requirement = plan.qualifying_volume(last_rank[i]);
            let qualifying = order * product.pv_per_unit;
            if counts_own
                && qualifying < requirement
                && product.pv_per_unit > 0.0
                && self.rng.random::<f64>() < traits.qualify_buying
            {
                let extra = ((requirement - qualifying) / product.pv_per_unit).ceil();
                order += extra;
                stock[i] += extra;
                month.qualify_units += extra;
            }
            ordered[i] = order;
            own_now[i] = own;
            pv[i] = order * product.pv_per_unit;
            cv[i] = order * product.cv_per_unit;
            retail[i] = retail_volume;
            own_use_cost[i] += own * product.wholesale_price;
            month.units_ordered += order;
            month.cost_of_goods += order * product.cost_of_goods;
            month.retail_units += demand;
        }
    }

    /// Step 3: sales pitches win customers (or one-off sales).
    fn sell<N: Reach>(&mut self, network: &N, record: &mut MonthRecord) {
        let month = self.month;
        let Self {
            scenario,
            rng,
            people,
            customers,
            members,
            acting,
            pitched,
            reconsider,
            cold_threshold,
            ..
        } = self;
        let behaviour = &scenario.behaviour;
        for &id in acting.iter() {
            let i = id as usize;
            let traits = &members.traits[i];
            let (person, degree) = (members.person[i], members.degree[i]);
            let pitches = traits.sales_rate.sample(rng);
            record.pitches += u64::from(pitches);
            let mut targets = Targets::new(
                person,
                degree,
                pitches,
                traits.sales_rate.is_fixed(),
                pitched,
            );
            while let Some(target) = targets.next(network, *cold_threshold, pitched, rng) {
                let t = target as usize;
                if people.standing[t] != Standing::Prospect
                    || u32::from(people.reconsider_at[t]) > month
                {
                    continue;
                }
                record.open_pitches += 1;
                if rng.random::<f64>() < traits.buy_probability {
                    if behaviour.sales == Sales::OneOff {
                        members.sold_once[i] += behaviour.customer_units.sample(rng);
                        people.reconsider_at[t] = (month + 1).min(u32::from(u16::MAX)) as u16;
                        continue;
                    }
                    let churn = behaviour.customer_churn.sample(rng);
                    let slot = customers.add(Customer {
                        person: target,
                        member: id,
                        churn,
                    });
                    people.customer_slot[t] = slot;
                    people.standing[t] = Standing::Customer;
                } else {
                    people.reconsider_at[t] = reconsider_at(reconsider.as_ref(), month, rng);
                }
            }
        }
    }

    /// Step 4: recruiting pitches (or referral events) win members.
    fn recruit<N: Reach>(&mut self, network: &N, record: &mut MonthRecord) {
        let month = self.month;
        let max_members = self.scenario.market.max_members;
        let population = self.scenario.market.population;
        let Self {
            scenario,
            rng,
            people,
            members,
            acting,
            pitched,
            pending,
            reconsider,
            referral,
            cold_threshold,
            ..
        } = self;
        for &id in acting.iter() {
            let i = id as usize;
            let traits = &members.traits[i];
            let kind = usize::from(traits.kind);
            let delay = recruit_delay(scenario, i, kind);
            if month - members.outcomes.join_month[i] < delay {
                continue;
            }
            if let (Some(event), Some(count)) =
                (&scenario.behaviour.of_kind(kind).referral, &referral[kind])
            {
                if rng.random::<f64>() >= event.probability {
                    continue;
                }
                let mut recruits = count.sample(rng);
                if let Some(max) = event.max_recruits {
                    recruits = recruits.min(max);
                }
                for _ in 0..recruits {
                    if !Self::room(members, pending, max_members) {
                        break;
                    }
                    // Anyone open in the market, drawn uniformly.
                    let found = (0..64)
                        .map(|_| rng.random_range(0..population))
                        .find(|&p| people.open(p, month));
                    let Some(target) = found else { break };
                    people.standing[target as usize] = Standing::Recruited;
                    pending.push((target, id));
                }
                continue;
            }
            let (person, degree) = (members.person[i], members.degree[i]);
            let pitches = traits.recruit_rate.sample(rng);
            record.pitches += u64::from(pitches);
            let mut targets = Targets::new(
                person,
                degree,
                pitches,
                traits.recruit_rate.is_fixed(),
                pitched,
            );
            while let Some(target) = targets.next(network, *cold_threshold, pitched, rng) {
                if !people.open(target, month) {
                    continue;
                }
                record.open_pitches += 1;
                if rng.random::<f64>() < traits.join_probability {
                    if !Self::room(members, pending, max_members) {
                        continue;
                    }
                    people.standing[target as usize] = Standing::Recruited;
                    pending.push((target, id));
                } else {
                    people.reconsider_at[target as usize] =
                        reconsider_at(reconsider.as_ref(), month, rng);
                }
            }
        }
    }

    /// Steps 3 and 4 as one (`behaviour.contacts`): each contact may buy and,
    /// independently, join; every open person contacted waits before the next contact
    /// as one who declined.
    fn contact<N: Reach>(&mut self, network: &N, record: &mut MonthRecord) {
        let month = self.month;
        let max_members = self.scenario.market.max_members;
        let Self {
            scenario,
            rng,
            people,
            customers,
            members,
            acting,
            pitched,
            pending,
            reconsider,
            cold_threshold,
            ..
        } = self;
        let behaviour = &scenario.behaviour;
        for &id in acting.iter() {
            let i = id as usize;
            let traits = &members.traits[i];
            let Some(contacts) = traits.contacts.as_ref() else {
                continue;
            };
            let delay = recruit_delay(scenario, i, usize::from(traits.kind));
            let recruits = month - members.outcomes.join_month[i] >= delay;
            let (person, degree) = (members.person[i], members.degree[i]);
            let count = contacts.sample(rng);
            record.pitches += u64::from(count);
            let mut targets = Targets::new(person, degree, count, contacts.is_fixed(), pitched);
            while let Some(target) = targets.next(network, *cold_threshold, pitched, rng) {
                let t = target as usize;
                if !people.open(target, month) {
                    continue;
                }
                record.open_pitches += 1;
                let buys = rng.random::<f64>() < traits.buy_probability;
                let joins = rng.random::<f64>() < traits.join_probability;
                people.reconsider_at[t] = reconsider_at(reconsider.as_ref(), month, rng);
                if buys {
                    if behaviour.sales == Sales::OneOff {
                        members.sold_once[i] += behaviour.customer_units.sample(rng);
                    } else if people.standing[t] == Standing::Prospect {
                        let churn = behaviour.customer_churn.sample(rng);
                        let slot = customers.add(Customer {
                            person: target,
                            member: id,
                            churn,
                        });
                        people.customer_slot[t] = slot;
                        people.standing[t] = Standing::Customer;
                    }
                }
                if joins && recruits && Self::room(members, pending, max_members) {
                    people.standing[t] = Standing::Recruited;
                    pending.push((target, id));
                }
            }
        }
    }

    /// Step 5, first part: one-off sales of the month are ordered and delivered.
    fn deliver(&mut self, month: &mut MonthRecord) {
        if self.scenario.behaviour.sales != Sales::OneOff {
            return;
        }
        let product = &self.scenario.product;
        let members = &mut self.members;
        for &id in &self.present {
            let i = id as usize;
            let units = std::mem::take(&mut members.sold_once[i]);
            if units == 0.0 {
                continue;
            }
            members.ordered[i] += units;
            members.demand[i] += units;
            members.pv[i] += units * product.pv_per_unit;
            members.cv[i] += units * product.cv_per_unit;
            members.retail[i] += units * product.pv_per_unit;
            month.units_ordered += units;
            month.cost_of_goods += units * product.cost_of_goods;
            month.retail_units += units;
        }
    }

    /// Steps 5 and 6: the plan pays; every member's month is booked.
    fn pay_and_account(&mut self, month: &mut MonthRecord) {
        let members = &mut self.members;
        let paid: &[u32] = if self.kept.is_empty() {
            &self.present
        } else {
            self.paid.clear();
            self.paid.extend_from_slice(&self.present);
            self.paid.extend_from_slice(&self.kept);
            self.paid.sort_unstable();
            &self.paid
        };
        self.plan_view.build(members, paid);
        let input = self.plan_view.input(self.month);
        let payout = if self.audited {
            let mut audit = crate::plan::audit::Audit::default();
            self.plan.pay_audited(&input, &mut audit);
            self.record.audits.push((self.month, audit));
            self.plan.payout()
        } else {
            self.plan.pay(&input)
        };
        let totals = &payout.totals;
        month.payout = totals.paid;
        month.max_payout = totals.max_payout;
        month.cap_factor = totals.cap_factor;
        month.cv = totals.cv;
        for (sum, bonus) in self.record.pay_by_bonus.iter_mut().zip(&totals.by_bonus) {
            sum.0 += bonus.paid;
            sum.1 += bonus.max_payout;
        }
        let product = &self.scenario.product;
        let behaviour = &self.scenario.behaviour;
        let in_disclosure = self
            .disclosure
            .is_some_and(|(start, end)| (start..end).contains(&self.month));
        let last_of_year = self
            .disclosure
            .is_some_and(|(_, end)| self.month + 1 == end);
        // Every column cut to the same length `n`: one check of `i < n` covers them all.
        let n = members.len();
        let MemberOutcomes {
            gross_pay: o_gross,
            retail_profit: o_retail,
            purchases: o_purchases,
            consumption: o_consumption,
            fees: o_fees,
            expenses: o_expenses,
            hours: o_hours,
            net: o_net,
            disclosure_pay: d_pay,
            disclosure_net: d_net,
            disclosure_hours: d_hours,
            disclosure_bought: d_bought,
            disclosure_rank_max: d_rank_max,
            disclosure_rank_last: d_rank_last,
            highest_rank,
            join_month,
            ..
        } = &mut members.outcomes;
        let (o_gross, o_retail, o_purchases) =
            (&mut o_gross[..n], &mut o_retail[..n], &mut o_purchases[..n]);
        let (o_consumption, o_fees, o_expenses, o_hours, o_net) = (
            &mut o_consumption[..n],
            &mut o_fees[..n],
            &mut o_expenses[..n],
            &mut o_hours[..n],
            &mut o_net[..n],
        );
        let (d_pay, d_net, d_hours) = (&mut d_pay[..n], &mut d_net[..n], &mut d_hours[..n]);
        let (d_bought, d_rank_max, d_rank_last) = (
            &mut d_bought[..n],
            &mut d_rank_max[..n],
            &mut d_rank_last[..n],
        );
        let (highest_rank, join_month) = (&mut highest_rank[..n], &join_month[..n]);
        let (present, demand, traits) = (
            &members.present[..n],
            &members.demand[..n],
            &members.traits[..n],
        );
        let (own_now, ordered) = (&members.own_now[..n], &members.ordered[..n]);
        let (entry_fee, month_net, last_rank) = (
            &mut members.entry_fee[..n],
            &mut members.month_net[..n],
            &mut members.last_rank[..n],
        );
        let (paid_out, ranks) = (&payout.paid[..paid.len()], &payout.rank[..paid.len()]);
        let margin = product.retail_price - product.wholesale_price;
        self.nets.clear();
        for (k, &id) in paid.iter().enumerate() {
            let i = id as usize;
            if i >= n {
                continue;
            }
            let gross = paid_out[k];
            if !present[i] {
                // A former member who keeps their place: paid, nothing else.
                o_gross[i] += gross;
                o_net[i] += gross;
                if in_disclosure {
                    d_pay[i] += gross;
                    d_net[i] += gross;
                }
                continue;
            }
            let traits = &traits[i];
            let demand = demand[i];
            let retail_profit = demand * margin;
            let consumed = if behaviour.of_kind(usize::from(traits.kind)).consumption {
                own_now[i]
            } else {
                0.0
            };
            let ordered = ordered[i];
            let purchases = (ordered - demand - consumed) * product.wholesale_price;
            let fees = product.monthly_fee + entry_fee[i];
            let expenses = traits.expenses;
            o_gross[i] += gross;
            o_retail[i] += retail_profit;
            o_purchases[i] += purchases;
            o_consumption[i] += consumed * product.wholesale_price;
            o_fees[i] += fees;
            o_expenses[i] += expenses;
            o_hours[i] += traits.hours;
            let net = gross + retail_profit - purchases - fees - expenses;
            o_net[i] += net;
            month_net[i] = net;
            self.nets.push(net);
            month.profitable += u32::from(net > 0.0);
            month.paid_members += u32::from(gross > 0.0);
            month.month_net_total += net;
            let rank = ranks[k];
            if in_disclosure {
                d_pay[i] += gross;
                d_net[i] += net;
                d_hours[i] += traits.hours;
                d_bought[i] |= ordered > 0.0;
                d_rank_max[i] = d_rank_max[i].max(rank);
                if last_of_year {
                    d_rank_last[i] = rank;
                }
            }
            last_rank[i] = rank;
            for r in highest_rank[i]..rank {
                let tenure = self.month - join_month[i];
                self.record.months_to_rank[usize::from(r)].push(tenure);
            }
            highest_rank[i] = highest_rank[i].max(rank);
            if let Some(slot) = self.record.rank_month_pay.get_mut(usize::from(rank)) {
                slot.0 += gross;
                slot.1 += 1;
            }
            month.revenue += ordered * product.wholesale_price;
            month.fee_revenue += fees;
            entry_fee[i] = 0.0;
        }
        month.median_month_net = median_in_place(&mut self.nets);
    }

    /// Step 7: members quit; quitters may claim a refund of their stock and their
    /// downline rolls up (unless quitters keep their place).
    fn quit(&mut self, month: &mut MonthRecord) {
        let behaviour = &self.scenario.behaviour;
        let keep_position = behaviour.quit.keep_position;
        let in_disclosure = self
            .disclosure
            .is_some_and(|(start, end)| (start..end).contains(&self.month));
        let wholesale = self.scenario.product.wholesale_price;
        let members = &mut self.members;
        // Every column cut to the same length `n`: one check of `i < n` covers them all.
        let n = members.len();
        let (traits, month_net, own_use_cost) = (
            &members.traits[..n],
            &members.month_net[..n],
            &members.own_use_cost[..n],
        );
        let (stock, here, person) = (
            &mut members.stock[..n],
            &mut members.present[..n],
            &members.person[..n],
        );
        let (pv, cv, retail) = (
            &mut members.pv[..n],
            &mut members.cv[..n],
            &mut members.retail[..n],
        );
        let o = &mut members.outcomes;
        let (net, sponsors, quit_month) =
            (&mut o.net[..n], &o.sponsor[..n], &mut o.quit_month[..n]);
        let (purchases, disclosure_net) = (&mut o.purchases[..n], &mut o.disclosure_net[..n]);
        let mut anyone_quit = false;
        for &id in &self.present {
            let i = id as usize;
            if i >= n {
                continue;
            }
            let traits = &traits[i];
            let kind = behaviour.of_kind(usize::from(traits.kind));
            let quit = &kind.quit;
            let certain = quit
                .month_profit_at_most
                .is_some_and(|floor| month_net[i] <= floor);
            let leaves = certain || {
                // Product used oneself as consumption is not in `net` already.
                let own_use = if kind.consumption {
                    0.0
                } else {
                    quit.own_use_value * own_use_cost[i]
                };
                let felt_loss = (-net[i] - own_use).max(0.0);
                // L / tolerance: an infinite tolerance gives 0, a zero tolerance 1. The
                // default power 2 skips `powf`, which is slow in this per-member loop.
                let pressure = if felt_loss > 0.0 {
                    let ratio = (felt_loss / traits.loss_tolerance).min(1.0);
                    if quit.loss_power == 2.0 {
                        ratio * ratio
                    } else {
                        ratio.powf(quit.loss_power)
                    }
                } else {
                    0.0
                };
                let sponsor = sponsors[i];
                let enroller_quit_last_month = self.month > 0
                    && sponsor != NONE
                    && quit_month.get(sponsor as usize) == Some(&(self.month - 1));
                let contagion = if enroller_quit_last_month {
                    traits.contagion
                } else {
                    0.0
                };
                let probability = (traits.quit_base + pressure + contagion).min(1.0);
                self.rng.random::<f64>() < probability
            };
            if leaves {
                let claims = quit.buyback_claim >= 1.0
                    || (quit.buyback > 0.0
                        && stock[i] > 0.0
                        && self.rng.random::<f64>() < quit.buyback_claim);
                let refund = if claims {
                    quit.buyback * stock[i] * wholesale
                } else {
                    0.0
                };
                purchases[i] -= refund;
                net[i] += refund;
                if in_disclosure {
                    disclosure_net[i] += refund;
                }
                quit_month[i] = self.month;
                month.revenue -= refund;
                month.refunds += refund;
                stock[i] = 0.0;
                here[i] = false;
                pv[i] = 0.0;
                cv[i] = 0.0;
                retail[i] = 0.0;
                self.people.standing[person[i] as usize] = Standing::Former;
                month.quits += 1;
                anyone_quit = true;
                if keep_position {
                    self.kept.push(id);
                }
            }
        }
        if anyone_quit {
            let present = &members.present;
            self.present.retain(|&id| present[id as usize]);
            if keep_position {
                self.kept.sort_unstable();
            } else {
                members.roll_up();
            }
        }
    }
}

/// The median of `values` (reordered; `NaN` when empty): the mean of the two middle
/// values for an even count.
fn median_in_place(values: &mut [f64]) -> f64 {
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    let (_, &mut upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    if n % 2 == 1 {
        return upper;
    }
    let lower = values[..n / 2]
        .iter()
        .copied()
        .max_by(f64::total_cmp)
        .unwrap_or(upper);
    (lower + upper) / 2.0
}

/// The kind of a new member, drawn by the kinds' shares (no draw without kinds).
/// Members a world reserves room for before it starts: everyone who could join, up to
/// 65,536 (beyond that, columns grow by doubling as they are needed; big blocks are
/// moved by the system without copying).
fn initial_capacity(population: u32, max_members: Option<u32>) -> usize {
    let possible = max_members.map_or(population, |max| max.min(population));
    (possible as usize).min(1 << 16)
}

fn draw_kind(behaviour: &crate::scenario::Behaviour, rng: &mut RunRng) -> u8 {
    if behaviour.kinds.is_empty() {
        return 0;
    }
    let u: f64 = rng.random();
    let mut cumulative = 0.0;
    for (k, kind) in behaviour.kinds.iter().enumerate() {
        cumulative += kind.share;
        if u < cumulative {
            return k as u8;
        }
    }
    (behaviour.kinds.len() - 1) as u8
}

/// The first month in which someone who declined in `month` can be pitched again: a
/// geometric wait of at least one month with mean `reconsider_months`.
/// Months member `i` of kind `kind` waits after joining before recruiting: the kind's
/// `recruit_delay`, or `market.founder_recruit_delay` for a founder (the founders are
/// the first members, ids `0..founders`).
fn recruit_delay(scenario: &Scenario, i: usize, kind: usize) -> u32 {
    match scenario.market.founder_recruit_delay {
        Some(delay) if i < scenario.market.founders as usize => delay,
        _ => scenario.behaviour.of_kind(kind).recruit_delay,
    }
}

fn reconsider_at(reconsider: Option<&Reconsider>, month: u32, rng: &mut RunRng) -> u16 {
    let wait = 1 + reconsider.map_or(0, |g| g.sample(rng));
    (u64::from(month) + wait).min(u64::from(u16::MAX)) as u16
}

/// Simulates run `run` of a scenario from start to end.
pub fn simulate(scenario: &Scenario, run: u32) -> RunRecord {
    World::new(scenario, run).run()
}
