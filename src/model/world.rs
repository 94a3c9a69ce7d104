//! One run of the world, one month at a time.
//!
//! Each month, in this order (DESIGN section 2; README's model description gives the
//! formulas):
//! 1. **Join**: people recruited last month become members, pay the entry fee and draw
//!    their traits.
//! 2. **Buy**: each customer draws this month's units and may churn; each member orders
//!    for own use and for their customers' demand, using stock first, then tops up to
//!    the volume needed to stay active or keep last month's rank with probability
//!    `qualify_buying` (buying to qualify; the extra units become inventory).
//! 3. **Sell**: members pitch contacts; a pitched free prospect becomes their customer
//!    with `buy_probability` or declines and is left alone for a while.
//! 4. **Recruit**: members who joined before this month pitch contacts; a pitched free
//!    prospect or customer accepts with `join_probability` (joining next month) or
//!    declines and is left alone for a while.
//! 5. **Pay**: the plan pays from this month's volumes.
//! 6. **Account**: each member's money and hours for the month.
//! 7. **Quit**: each member quits with probability
//!    `min(1, base + min(1, L / tolerance)^loss_power + contagion x [enroller quit last
//!    month])`, L being the perceived loss; quitters get `buyback` of their stock's cost
//!    back and their downline rolls up.
//!
//! Nothing here is scripted by time: growth, saturation and decline come from pitches
//! finding fewer open contacts and from losses driving members out.

use super::customers::{Customer, Customers};
use super::members::{Members, Traits};
use super::network::{ContactNetwork, cold_threshold};
use super::people::{People, Standing};
use super::plan_view::PlanView;
use super::record::{MonthRecord, RunRecord};
use super::seeding::{RunRng, run_rng, run_seed};
use crate::plan::{NONE, PlanRun};
use crate::scenario::Scenario;
use rand::RngExt;
use rand_distr::{Distribution, Geometric};

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
    /// Recruited this month, joining next month: (person, enroller).
    pending: Vec<(u32, u32)>,
    /// Ids of the members in the business, ascending.
    present: Vec<u32>,
    /// Months a declining person waits before being pitched again, minus one.
    reconsider: Option<Geometric>,
    cold_threshold: u32,
    /// Disclosure year as months `[start, end)`.
    disclosure: Option<(u32, u32)>,
    month: u32,
    record: RunRecord,
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
            Geometric::new(1.0 / market.reconsider_months).ok()
        } else {
            None
        };
        let disclosure = scenario
            .simulation
            .disclosure_year
            .map(|year| (12 * (year - 1), 12 * year));
        Self {
            scenario,
            network,
            people,
            customers: Customers::default(),
            members: Members::default(),
            plan: scenario.plan.start(),
            plan_view: PlanView::default(),
            pending,
            present: Vec::new(),
            reconsider,
            cold_threshold: cold_threshold(market.cold_reach),
            disclosure,
            month: 0,
            record: RunRecord {
                run,
                seed: run_seed(scenario.simulation.seed, run),
                pay_by_bonus: vec![(0.0, 0.0); scenario.plan.bonus_names.len()],
                ..RunRecord::default()
            },
            rng,
        }
    }

    /// Runs every month and returns the record.
    pub fn run(mut self) -> RunRecord {
        for _ in 0..self.scenario.simulation.months {
            self.step();
        }
        self.record.members = std::mem::take(&mut self.members.outcomes);
        self.record
    }

    /// Member outcomes so far (for tests and inspection).
    pub fn outcomes(&self) -> &super::record::MemberOutcomes {
        &self.members.outcomes
    }

    /// Month records so far.
    pub fn months(&self) -> &[MonthRecord] {
        &self.record.months
    }

    /// One month: join, buy, sell, recruit, pay, account, quit.
    pub fn step(&mut self) {
        let mut month = MonthRecord::default();
        self.join(&mut month);
        self.buy(&mut month);
        self.sell(&mut month);
        self.recruit(&mut month);
        self.pay_and_account(&mut month);
        self.quit(&mut month);
        month.members_ever = self.members.len() as u32;
        self.record.months.push(month);
        self.month += 1;
    }

    /// Step 1: last month's recruits become members.
    fn join(&mut self, month: &mut MonthRecord) {
        let behaviour = &self.scenario.behaviour;
        let entry_fee = self.scenario.product.entry_fee;
        for (person, sponsor) in std::mem::take(&mut self.pending) {
            let sponsor_traits = (sponsor != NONE).then(|| &self.members.traits[sponsor as usize]);
            let traits = Traits::draw(behaviour, sponsor_traits, &mut self.rng);
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
                    reconsider_at(self.reconsider, self.month, &mut self.rng);
                continue;
            }
            k += 1;
        }
        let product = &self.scenario.product;
        let plan = &self.scenario.plan;
        let counts_own = plan.counts_own_purchases();
        let members = &mut self.members;
        for &id in &self.present {
            let i = id as usize;
            let traits = &members.traits[i];
            let own = f64::from(traits.own_rate.sample(&mut self.rng));
            let demand = members.demand[i];
            let need = own + demand;
            let from_stock = members.stock[i].min(need);
            members.stock[i] -= from_stock;
            let mut ordered = need - from_stock;
            // Retail volume is what customers bought this month, whether it came from
            // this month's order or from stock bought earlier.
            let retail_volume = demand * product.pv_per_unit;
            // Buying to qualify: only when own orders count toward qualification (with
            // `own_purchases_qualify = false`, buying more cannot help).
            let requirement = plan.qualifying_volume(members.last_rank[i]);
            let qualifying = ordered * product.pv_per_unit;
            if counts_own
                && qualifying < requirement
                && product.pv_per_unit > 0.0
                && self.rng.random::<f64>() < traits.qualify_buying
            {
                let extra = ((requirement - qualifying) / product.pv_per_unit).ceil();
                ordered += extra;
                members.stock[i] += extra;
                month.qualify_units += extra;
            }
            members.ordered[i] = ordered;
            members.pv[i] = ordered * product.pv_per_unit;
            members.cv[i] = ordered * product.cv_per_unit;
            members.retail[i] = retail_volume;
            members.own_use_cost[i] += own * product.wholesale_price;
            month.units_ordered += ordered;
            month.cost_of_goods += ordered * product.cost_of_goods;
            month.retail_units += demand;
        }
    }

    /// Step 3: sales pitches win customers.
    fn sell(&mut self, record: &mut MonthRecord) {
        let month = self.month;
        let Self {
            scenario,
            rng,
            network,
            people,
            customers,
            members,
            present,
            reconsider,
            cold_threshold,
            ..
        } = self;
        for &id in present.iter() {
            let i = id as usize;
            let traits = &members.traits[i];
            let (person, degree) = (members.person[i], members.degree[i]);
            let pitches = traits.sales_rate.sample(rng);
            record.pitches += u64::from(pitches);
            for _ in 0..pitches {
                let target = network.pitch_target(person, degree, *cold_threshold, rng);
                let t = target as usize;
                if people.standing[t] != Standing::Prospect
                    || u32::from(people.reconsider_at[t]) > month
                {
                    continue;
                }
                record.open_pitches += 1;
                if rng.random::<f64>() < traits.buy_probability {
                    let churn = scenario.behaviour.customer_churn.sample(rng);
                    let slot = customers.add(Customer {
                        person: target,
                        member: id,
                        churn,
                    });
                    people.customer_slot[t] = slot;
                    people.standing[t] = Standing::Customer;
                } else {
                    people.reconsider_at[t] = reconsider_at(*reconsider, month, rng);
                }
            }
        }
    }

    /// Step 4: recruiting pitches win next month's members.
    fn recruit(&mut self, record: &mut MonthRecord) {
        let month = self.month;
        let Self {
            rng,
            network,
            people,
            members,
            present,
            pending,
            reconsider,
            cold_threshold,
            ..
        } = self;
        for &id in present.iter() {
            let i = id as usize;
            if members.outcomes.join_month[i] == month {
                continue;
            }
            let traits = &members.traits[i];
            let (person, degree) = (members.person[i], members.degree[i]);
            let pitches = traits.recruit_rate.sample(rng);
            record.pitches += u64::from(pitches);
            for _ in 0..pitches {
                let target = network.pitch_target(person, degree, *cold_threshold, rng);
                if !people.open(target, month) {
                    continue;
                }
                record.open_pitches += 1;
                if rng.random::<f64>() < traits.join_probability {
                    people.standing[target as usize] = Standing::Recruited;
                    pending.push((target, id));
                } else {
                    people.reconsider_at[target as usize] = reconsider_at(*reconsider, month, rng);
                }
            }
        }
    }

    /// Steps 5 and 6: the plan pays; every member's month is booked.
    fn pay_and_account(&mut self, month: &mut MonthRecord) {
        let members = &mut self.members;
        self.plan_view.build(members, &self.present);
        let payout = self.plan.pay(&self.plan_view.input(self.month));
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
        let in_disclosure = self
            .disclosure
            .is_some_and(|(start, end)| (start..end).contains(&self.month));
        let o = &mut members.outcomes;
        for (k, &id) in self.present.iter().enumerate() {
            let i = id as usize;
            let gross = payout.paid[k];
            let demand = members.demand[i];
            let retail_profit = demand * (product.retail_price - product.wholesale_price);
            let purchases = (members.ordered[i] - demand) * product.wholesale_price;
            let fees = product.monthly_fee + members.entry_fee[i];
            let expenses = members.traits[i].expenses;
            o.gross_pay[i] += gross;
            o.retail_profit[i] += retail_profit;
            o.purchases[i] += purchases;
            o.fees[i] += fees;
            o.expenses[i] += expenses;
            o.hours[i] += members.traits[i].hours;
            let net = gross + retail_profit - purchases - fees - expenses;
            o.net[i] += net;
            if in_disclosure {
                o.disclosure_pay[i] += gross;
                o.disclosure_net[i] += net;
                o.disclosure_hours[i] += members.traits[i].hours;
            }
            let rank = payout.rank[k];
            members.last_rank[i] = rank;
            o.highest_rank[i] = o.highest_rank[i].max(rank);
            month.revenue += members.ordered[i] * product.wholesale_price;
            month.fee_revenue += fees;
            members.entry_fee[i] = 0.0;
        }
    }

    /// Step 7: members quit; quitters' stock is bought back and their downline rolls up.
    fn quit(&mut self, month: &mut MonthRecord) {
        let quit = &self.scenario.behaviour.quit;
        let in_disclosure = self
            .disclosure
            .is_some_and(|(start, end)| (start..end).contains(&self.month));
        let wholesale = self.scenario.product.wholesale_price;
        let members = &mut self.members;
        let mut anyone_quit = false;
        for &id in &self.present {
            let i = id as usize;
            let traits = &members.traits[i];
            let o = &members.outcomes;
            let felt_loss = (-o.net[i] - quit.own_use_value * members.own_use_cost[i]).max(0.0);
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
            let sponsor = o.sponsor[i];
            let enroller_quit_last_month = self.month > 0
                && sponsor != NONE
                && o.quit_month[sponsor as usize] == self.month - 1;
            let contagion = if enroller_quit_last_month {
                traits.contagion
            } else {
                0.0
            };
            let probability = (traits.quit_base + pressure + contagion).min(1.0);
            if self.rng.random::<f64>() < probability {
                let refund = quit.buyback * members.stock[i] * wholesale;
                let o = &mut members.outcomes;
                o.purchases[i] -= refund;
                o.net[i] += refund;
                if in_disclosure {
                    o.disclosure_net[i] += refund;
                }
                o.quit_month[i] = self.month;
                month.revenue -= refund;
                members.stock[i] = 0.0;
                members.present[i] = false;
                members.pv[i] = 0.0;
                members.cv[i] = 0.0;
                members.retail[i] = 0.0;
                self.people.standing[members.person[i] as usize] = Standing::Former;
                month.quits += 1;
                anyone_quit = true;
            }
        }
        if anyone_quit {
            let present = &members.present;
            self.present.retain(|&id| present[id as usize]);
            members.roll_up();
        }
    }
}

/// The first month in which someone who declined in `month` can be pitched again: a
/// geometric wait of at least one month with mean `reconsider_months`.
fn reconsider_at(reconsider: Option<Geometric>, month: u32, rng: &mut RunRng) -> u16 {
    let wait = 1 + reconsider.map_or(0, |g| g.sample(rng));
    (u64::from(month) + wait).min(u64::from(u16::MAX)) as u16
}

/// Simulates run `run` of a scenario from start to end.
pub fn simulate(scenario: &Scenario, run: u32) -> RunRecord {
    World::new(scenario, run).run()
}
