//! Members as struct-of-arrays, numbered in join order.
//!
//! Join-order numbering makes every enroller's id smaller than their recruits', so tree
//! aggregates are single linear passes (group volume backwards, nearest active upline
//! forwards) with no recursion and no pointers. Traits are drawn once, at joining, from
//! the scenario's distributions; `mentoring` then moves a recruit's recruiting and selling
//! efforts part of the way toward their enroller's (training and duplication).

use super::poisson::{Count, PoissonRate};
use super::record::MemberOutcomes;
use crate::plan::NONE;
use crate::scenario::{Behaviour, PitchCounts};
use rand::Rng;

/// Per-member traits, drawn at joining.
#[derive(Clone, Debug)]
pub struct Traits {
    /// The member's kind (index into `behaviour.kinds`; 0 when there are none).
    pub kind: u8,
    pub recruit_rate: Count,
    pub join_probability: f64,
    pub sales_rate: Count,
    pub buy_probability: f64,
    /// Combined pitches a month (`behaviour.contacts`), if the scenario uses them.
    pub contacts: Option<Count>,
    pub own_rate: PoissonRate,
    pub qualify_buying: f64,
    pub hours: f64,
    pub expenses: f64,
    pub quit_base: f64,
    pub loss_tolerance: f64,
    pub contagion: f64,
}

impl Traits {
    /// Draws the traits of a new member of kind `kind`, whose behaviour is `behaviour`
    /// (with `pitch_counts` the market's rule). The order of draws is fixed: it is part
    /// of what makes a seed reproducible; keys a scenario does not use draw nothing.
    pub fn draw<R: Rng + ?Sized>(
        kind: u8,
        behaviour: &Behaviour,
        pitch_counts: PitchCounts,
        sponsor: Option<&Traits>,
        rng: &mut R,
    ) -> Self {
        let mut recruit = behaviour.recruit_pitches.sample(rng);
        let join_probability = behaviour.join_probability.sample(rng);
        let mut sales = behaviour.sales_pitches.sample(rng);
        let buy_probability = behaviour.buy_probability.sample(rng);
        let own = behaviour.own_units.sample(rng);
        let qualify_buying = behaviour.qualify_buying.sample(rng);
        let hours = behaviour.hours_per_month.sample(rng);
        let expenses = behaviour.expenses_per_month.sample(rng);
        let quit_base = behaviour.quit.base.sample(rng);
        let loss_tolerance = behaviour.quit.loss_tolerance.sample(rng);
        let contagion = behaviour.quit.contagion.sample(rng);
        let mut contacts = behaviour.contacts.as_ref().map(|c| c.sample(rng));
        if let Some(sponsor) = sponsor {
            let m = behaviour.mentoring;
            recruit += m * (sponsor.recruit_rate.mean() - recruit);
            sales += m * (sponsor.sales_rate.mean() - sales);
            if let (Some(own), Some(theirs)) = (contacts.as_mut(), &sponsor.contacts) {
                *own += m * (theirs.mean() - *own);
            }
        }
        let fixed = pitch_counts == PitchCounts::Fixed;
        Self {
            kind,
            recruit_rate: Count::new(recruit, fixed),
            join_probability,
            sales_rate: Count::new(sales, fixed),
            buy_probability,
            contacts: contacts.map(|c| Count::new(c, fixed)),
            own_rate: PoissonRate::new(own),
            qualify_buying,
            hours,
            expenses,
            quit_base,
            loss_tolerance,
            contagion,
        }
    }
}

/// All members of a run.
#[derive(Clone, Debug, Default)]
pub struct Members {
    /// The person each member is.
    pub person: Vec<u32>,
    /// How many contacts that person has.
    pub degree: Vec<u32>,
    /// Roll-up sponsor: nearest upline still in the business, or [`NONE`].
    pub upline: Vec<u32>,
    /// In the business this month (joined, not quit).
    pub present: Vec<bool>,
    pub traits: Vec<Traits>,
    /// Units in stock (bought, neither used nor sold).
    pub stock: Vec<f64>,
    /// Cumulative cost of product used oneself.
    pub own_use_cost: Vec<f64>,
    /// Paid-as rank last month.
    pub last_rank: Vec<u8>,
    /// This month's figures, read by the plan and the accounts.
    pub pv: Vec<f64>,
    pub cv: Vec<f64>,
    pub retail: Vec<f64>,
    pub entry_fee: Vec<f64>,
    /// Units ordered from the company this month.
    pub ordered: Vec<f64>,
    /// Units customers bought from this member this month.
    pub demand: Vec<f64>,
    /// Units used oneself this month.
    pub own_now: Vec<f64>,
    /// Units sold in one-off sales this month, delivered before paying.
    pub sold_once: Vec<f64>,
    /// This month's net (read by the quit rule on a month's result).
    pub month_net: Vec<f64>,
    /// Lifetime outcomes.
    pub outcomes: MemberOutcomes,
    /// Former members keep their place in the tree (`behaviour.quit.keep_position`): a
    /// recruit of a former member sits below them, and nobody rolls up.
    pub keep_position: bool,
}

impl Members {
    /// No members yet, with room for `capacity` before any column grows (growing copies
    /// every column, ~30 of them, at each doubling).
    pub fn with_capacity(capacity: usize, keep_position: bool) -> Self {
        let o = MemberOutcomes {
            sponsor: Vec::with_capacity(capacity),
            join_month: Vec::with_capacity(capacity),
            quit_month: Vec::with_capacity(capacity),
            recruits: Vec::with_capacity(capacity),
            gross_pay: Vec::with_capacity(capacity),
            retail_profit: Vec::with_capacity(capacity),
            purchases: Vec::with_capacity(capacity),
            fees: Vec::with_capacity(capacity),
            expenses: Vec::with_capacity(capacity),
            net: Vec::with_capacity(capacity),
            hours: Vec::with_capacity(capacity),
            highest_rank: Vec::with_capacity(capacity),
            disclosure_pay: Vec::with_capacity(capacity),
            disclosure_net: Vec::with_capacity(capacity),
            disclosure_hours: Vec::with_capacity(capacity),
            consumption: Vec::with_capacity(capacity),
            kind: Vec::with_capacity(capacity),
            disclosure_bought: Vec::with_capacity(capacity),
            disclosure_rank_last: Vec::with_capacity(capacity),
            disclosure_rank_max: Vec::with_capacity(capacity),
        };
        Self {
            person: Vec::with_capacity(capacity),
            degree: Vec::with_capacity(capacity),
            upline: Vec::with_capacity(capacity),
            present: Vec::with_capacity(capacity),
            traits: Vec::with_capacity(capacity),
            stock: Vec::with_capacity(capacity),
            own_use_cost: Vec::with_capacity(capacity),
            last_rank: Vec::with_capacity(capacity),
            pv: Vec::with_capacity(capacity),
            cv: Vec::with_capacity(capacity),
            retail: Vec::with_capacity(capacity),
            entry_fee: Vec::with_capacity(capacity),
            ordered: Vec::with_capacity(capacity),
            demand: Vec::with_capacity(capacity),
            own_now: Vec::with_capacity(capacity),
            sold_once: Vec::with_capacity(capacity),
            month_net: Vec::with_capacity(capacity),
            outcomes: o,
            keep_position,
        }
    }

    /// Number of members who ever joined.
    pub fn len(&self) -> usize {
        self.person.len()
    }

    pub fn is_empty(&self) -> bool {
        self.person.is_empty()
    }

    /// Adds a member who joins in `month`; returns the new id.
    pub fn join(
        &mut self,
        person: u32,
        degree: u32,
        sponsor: u32,
        month: u32,
        traits: Traits,
    ) -> u32 {
        let id = self.len() as u32;
        let upline = match sponsor {
            NONE => NONE,
            s if self.present[s as usize] || self.keep_position => s,
            s => self.upline[s as usize],
        };
        self.person.push(person);
        self.degree.push(degree);
        self.upline.push(upline);
        self.present.push(true);
        self.traits.push(traits);
        self.stock.push(0.0);
        self.own_use_cost.push(0.0);
        self.last_rank.push(0);
        for column in [
            &mut self.pv,
            &mut self.cv,
            &mut self.retail,
            &mut self.entry_fee,
            &mut self.ordered,
            &mut self.demand,
            &mut self.own_now,
            &mut self.sold_once,
            &mut self.month_net,
        ] {
            column.push(0.0);
        }
        let o = &mut self.outcomes;
        o.sponsor.push(sponsor);
        o.join_month.push(month);
        o.quit_month.push(u32::MAX);
        o.recruits.push(0);
        for column in [
            &mut o.gross_pay,
            &mut o.retail_profit,
            &mut o.purchases,
            &mut o.fees,
            &mut o.expenses,
            &mut o.net,
            &mut o.hours,
            &mut o.disclosure_pay,
            &mut o.disclosure_net,
            &mut o.disclosure_hours,
        ] {
            column.push(0.0);
        }
        o.highest_rank.push(0);
        o.consumption.push(0.0);
        o.disclosure_bought.push(false);
        o.disclosure_rank_last.push(0);
        o.disclosure_rank_max.push(0);
        o.kind.push(self.traits[id as usize].kind);
        if sponsor != NONE {
            o.recruits[sponsor as usize] += 1;
        }
        id
    }

    /// Re-points every upline that is no longer in the business to that member's own
    /// upline: the quitter's downline rolls up. One forward pass: an upline always has a
    /// smaller id, so it has already been re-pointed when its downline is visited.
    pub fn roll_up(&mut self) {
        for i in 0..self.len() {
            let up = self.upline[i];
            if up != NONE && !self.present[up as usize] {
                self.upline[i] = self.upline[up as usize];
            }
        }
    }
}
