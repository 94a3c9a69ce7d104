//! Synthetic organisations for stress-testing a plan: `downline org` draws a sponsor tree
//! and its volumes from a [`Shape`] and a seed, as a [`Network`] that `downline payout`
//! pays (the command writes it with [`Network::write_csv`]).
//!
//! Members are numbered in join order, so a sponsor always comes before its recruits.
//! The tree grows one of two ways. A *branching* rule (geometric, Poisson or fixed
//! counts) is a Galton–Watson tree grown breadth first: member 0 founds it, each member in
//! turn draws how many it sponsors, and the recruits take the next numbers; when every
//! member has drawn and fewer than `members` have joined (the line died out, or every
//! line reached `max_depth`), the next member founds a new tree. *Preferential*
//! attachment gives each newcomer a sponsor chosen with weight (recruits so far + 1), so
//! early, busy sponsors pull ahead (a heavy-tailed frontline, as in real organisations).
//!
//! Volumes are drawn per member and period: with probability `active` a member buys, a
//! log-normal PV rounded to the cent (at least 0.01); otherwise its PV is 0. CV and retail
//! are fixed shares of PV. Members join evenly over the periods and stay; the entry fee
//! is paid in the joining period. Pure and deterministic: the tree comes from stream 0 of
//! [`seeding::run_rng`] and period `p`'s volumes from stream `p`, so the same shape and
//! seed give the same organisation on any machine.

use crate::model::seeding::{self, RunRng};
use crate::network_csv::{Network, Period, Row, Side};
use crate::plan::placement::{PlacementTree, Rule};
use crate::plan::{NONE, Placement};
use rand::RngExt;
use rand_distr::{Distribution, Geometric, LogNormal, Poisson};

/// How many members each member sponsors.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sponsoring {
    /// Geometric counts (0, 1, 2, ... with P(k) = p (1 − p)^k) with this mean: most
    /// sponsor nobody or one, a few sponsor many.
    Geometric { mean: f64 },
    /// Poisson counts with this mean: everyone sponsors about the mean.
    Poisson { mean: f64 },
    /// Everyone sponsors exactly this many (a full tree of this width).
    Fixed { count: u32 },
    /// Each newcomer's sponsor is drawn with weight (recruits so far + 1) among the
    /// members above `max_depth`: a single tree with a heavy-tailed frontline.
    Preferential,
}

/// Where a binary plan places each member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placing {
    /// No placement columns: the plan's own rule places everyone.
    Plan,
    /// Under the sponsor, its recruits alternately left and right (`side` = L for its 1st,
    /// 3rd, ... recruit, R for its 2nd, 4th, ...); a taken side sends the recruit to the
    /// bottom of that leg's outside edge, and `placement` names the parent it lands under.
    Sponsor,
}

/// The most rows (members × periods) an organisation may have: it is built in memory.
pub const MAX_ROWS: u64 = 100_000_000;

/// What an organisation looks like: the validated options of `downline org`.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// Members in the organisation, at least 1.
    pub members: u32,
    /// Periods listed, at least 1; members join evenly over them.
    pub periods: u32,
    pub sponsoring: Sponsoring,
    /// The deepest level a member may sit on (founders are level 0), at least 1.
    pub max_depth: Option<u32>,
    /// Median PV of a member who buys in a period (PV points, > 0).
    pub pv_median: f64,
    /// Log-scale spread of that PV (0: everyone who buys buys `pv_median`).
    pub pv_sigma: f64,
    /// Probability that a member buys in a period, 0 to 1.
    pub active: f64,
    /// CV as a share of PV, 0 to 1 or more (CV = share × PV, to the cent).
    pub cv_share: f64,
    /// Retail as a share of PV, 0 to 1.
    pub retail_share: f64,
    /// Entry fee paid in the joining period (money, ≥ 0).
    pub entry_fee: f64,
    pub placing: Placing,
}

/// A value of a [`Shape`] outside its range: the field, what it may be, what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct ShapeError {
    /// The field's name, as in [`Shape`] (the command names the flag after it).
    pub field: &'static str,
    pub expected: String,
    pub found: String,
}

impl Shape {
    /// Checks every value once; an organisation is only drawn from a checked shape.
    pub fn check(&self) -> Result<(), ShapeError> {
        let fail = |field, expected: &str, found: String| {
            Err(ShapeError {
                field,
                expected: expected.to_string(),
                found,
            })
        };
        if self.members == 0 {
            return fail("members", "at least 1 member", "0".into());
        }
        if self.periods == 0 {
            return fail("periods", "at least 1 period", "0".into());
        }
        let rows = u64::from(self.members) * u64::from(self.periods);
        if rows > MAX_ROWS {
            return fail(
                if self.periods == 1 {
                    "members"
                } else {
                    "periods"
                },
                &format!(
                    "at most {MAX_ROWS} rows (members x periods; the organisation is held in memory, roughly 100 bytes a row)"
                ),
                format!(
                    "{} members x {} periods = {rows} rows",
                    self.members, self.periods
                ),
            );
        }
        if self.max_depth == Some(0) {
            return fail(
                "max_depth",
                "at least 1 (founders are on level 0, their recruits on level 1)",
                "0".into(),
            );
        }
        match self.sponsoring {
            Sponsoring::Geometric { mean } | Sponsoring::Poisson { mean }
                if !(mean > 0.0 && mean <= 1000.0) =>
            {
                return fail(
                    "mean_recruits",
                    "a mean number of recruits above 0 and at most 1000",
                    mean.to_string(),
                );
            }
            Sponsoring::Fixed { count } if count == 0 || count > 1000 => {
                return fail(
                    "mean_recruits",
                    "a whole number of recruits from 1 to 1000 for `fixed`",
                    count.to_string(),
                );
            }
            _ => {}
        }
        let checks: [(&'static str, f64, &str, bool); 6] = [
            (
                "pv_median",
                self.pv_median,
                "a PV above 0",
                self.pv_median > 0.0 && self.pv_median.is_finite(),
            ),
            (
                "pv_sigma",
                self.pv_sigma,
                "a log-scale spread from 0 to 5",
                (0.0..=5.0).contains(&self.pv_sigma),
            ),
            (
                "active",
                self.active,
                "a share from 0 to 1",
                (0.0..=1.0).contains(&self.active),
            ),
            (
                "cv_share",
                self.cv_share,
                "a share from 0 to 10",
                (0.0..=10.0).contains(&self.cv_share),
            ),
            (
                "retail_share",
                self.retail_share,
                "a share of PV from 0 to 1 (retail is part of PV)",
                (0.0..=1.0).contains(&self.retail_share),
            ),
            (
                "entry_fee",
                self.entry_fee,
                "an amount >= 0",
                self.entry_fee >= 0.0 && self.entry_fee.is_finite(),
            ),
        ];
        for (field, value, expected, ok) in checks {
            if !ok {
                return fail(field, expected, value.to_string());
            }
        }
        Ok(())
    }

    /// The number of members who have joined by the end of period `p` (1-based).
    fn joined_by(&self, p: u32) -> usize {
        (u64::from(self.members) * u64::from(p)).div_ceil(u64::from(self.periods)) as usize
    }
}

/// Draws the organisation of a checked `shape` from `seed`. Member `i` has id `i + 1`.
pub fn generate(shape: &Shape, seed: u64) -> Network {
    let n = shape.members as usize;
    let mut tree_rng = seeding::run_rng(seed, 0);
    let sponsor = match shape.sponsoring {
        Sponsoring::Preferential => preferential(n, shape.max_depth, &mut tree_rng),
        branching => breadth_first(n, branching, shape.max_depth, &mut tree_rng),
    };
    let (placement, side) = place(&sponsor, shape.placing);
    let joined: Vec<u32> = (1..=shape.periods)
        .flat_map(|p| {
            let count = shape.joined_by(p) - shape.joined_by(p - 1);
            std::iter::repeat_n(p, count)
        })
        .collect();
    let periods = (1..=shape.periods)
        .map(|p| period(shape, seed, p, &joined))
        .collect();
    Network {
        ids: (1..=n).map(|i| i.to_string()).collect(),
        sponsor,
        joined,
        placement,
        side,
        periods,
    }
}

/// Galton–Watson, breadth first: member `next` draws its recruits, who take the next
/// numbers; an exhausted tree is followed by a new founder.
fn breadth_first(
    n: usize,
    sponsoring: Sponsoring,
    max_depth: Option<u32>,
    rng: &mut RunRng,
) -> Vec<u32> {
    let count: Box<dyn Fn(&mut RunRng) -> u64> = match sponsoring {
        Sponsoring::Geometric { mean } => {
            // Geometric counts failures before the first success: mean (1 − p) / p.
            let geometric = Geometric::new(1.0 / (1.0 + mean))
                .unwrap_or_else(|_| unreachable!("Shape::check keeps the mean in (0, 1000]"));
            Box::new(move |rng| geometric.sample(rng))
        }
        Sponsoring::Poisson { mean } => {
            let poisson = Poisson::new(mean)
                .unwrap_or_else(|_| unreachable!("Shape::check keeps the mean in (0, 1000]"));
            Box::new(move |rng| poisson.sample(rng) as u64)
        }
        Sponsoring::Fixed { count } => Box::new(move |_| u64::from(count)),
        Sponsoring::Preferential => unreachable!("preferential attachment is not branching"),
    };
    let max_depth = max_depth.unwrap_or(u32::MAX);
    let mut sponsor = Vec::with_capacity(n);
    let mut depth: Vec<u32> = Vec::with_capacity(n);
    let mut next = 0;
    while sponsor.len() < n {
        if next == sponsor.len() {
            sponsor.push(NONE);
            depth.push(0);
        } else {
            if depth[next] < max_depth {
                let room = (n - sponsor.len()) as u64;
                let recruits = count(rng).min(room);
                for _ in 0..recruits {
                    sponsor.push(next as u32);
                    depth.push(depth[next] + 1);
                }
            }
            next += 1;
        }
    }
    sponsor
}

/// Preferential attachment: one founder; each newcomer draws a ticket, and every member
/// above `max_depth` holds one ticket plus one per recruit.
fn preferential(n: usize, max_depth: Option<u32>, rng: &mut RunRng) -> Vec<u32> {
    let max_depth = max_depth.unwrap_or(u32::MAX);
    let mut sponsor = Vec::with_capacity(n);
    let mut depth: Vec<u32> = Vec::with_capacity(n);
    let mut tickets: Vec<u32> = Vec::with_capacity(2 * n);
    for i in 0..n {
        let (s, d) = if tickets.is_empty() {
            (NONE, 0)
        } else {
            // Only members above max_depth hold tickets, so the sponsor may recruit.
            let s = tickets[rng.random_range(0..tickets.len())];
            tickets.push(s);
            (s, depth[s as usize] + 1)
        };
        sponsor.push(s);
        depth.push(d);
        if d < max_depth {
            tickets.push(i as u32);
        }
    }
    sponsor
}

/// The placement columns: none, or each recruit under its sponsor, sides alternating;
/// a taken side sends the recruit to the bottom of that leg's outside edge, as the
/// placement tree resolves a given side ([`PlacementTree::place`]), and the columns name
/// the parent and side it lands on, so that no two members share a side of one parent.
fn place(sponsor: &[u32], placing: Placing) -> (Vec<u32>, Vec<Option<Side>>) {
    match placing {
        Placing::Plan => (vec![NONE; sponsor.len()], vec![None; sponsor.len()]),
        Placing::Sponsor => {
            let mut recruits = vec![0u32; sponsor.len()];
            let mut tree = PlacementTree::binary(Rule::Left);
            let side: Vec<Option<Side>> = (sponsor.iter().enumerate())
                .map(|(m, &s)| {
                    let side = (s != NONE).then(|| {
                        let k = &mut recruits[s as usize];
                        *k += 1;
                        if *k % 2 == 1 { Side::Left } else { Side::Right }
                    });
                    let given = side.map(|side| Placement {
                        parent: s,
                        side: Some(side),
                    });
                    tree.place(m as u32, s, given);
                    side
                })
                .collect();
            let placement = (0..sponsor.len() as u32).map(|m| tree.parent(m)).collect();
            (placement, side)
        }
    }
}

/// One period's rows: every member who has joined by its end, in join order.
fn period(shape: &Shape, seed: u64, p: u32, joined: &[u32]) -> Period {
    let members = shape.joined_by(p);
    let mut rng = seeding::run_rng(seed, p);
    let mu = shape.pv_median.ln();
    let pv = LogNormal::new(mu, shape.pv_sigma)
        .unwrap_or_else(|_| unreachable!("Shape::check keeps the median > 0 and sigma >= 0"));
    let rows = (0..members)
        .map(|m| {
            let pv = if rng.random_bool(shape.active) {
                cents(pv.sample(&mut rng)).max(0.01)
            } else {
                0.0
            };
            Row {
                member: m as u32,
                pv,
                cv: cents(pv * shape.cv_share),
                retail: cents(pv * shape.retail_share).min(pv),
                entry_fee: if joined[m] == p { shape.entry_fee } else { 0.0 },
            }
        })
        .collect();
    Period {
        number: p,
        members,
        rows,
    }
}

/// Rounds an amount to the cent.
fn cents(amount: f64) -> f64 {
    (amount * 100.0).round() / 100.0
}

/// What an organisation turned out to be, for the command's summary line.
#[derive(Clone, Debug, PartialEq)]
pub struct OrgStats {
    pub members: usize,
    /// Members without a sponsor.
    pub founders: usize,
    /// The deepest level (founders are level 0).
    pub depth: u32,
    /// Share of members who sponsor nobody, 0 to 1.
    pub sponsor_nobody: f64,
    /// The most recruits of one member.
    pub widest: u32,
    /// Share of rows (member-periods) with PV above 0, 0 to 1.
    pub active: f64,
    /// Total PV over all rows (PV points).
    pub pv: f64,
}

impl OrgStats {
    /// Counts them in `network`.
    pub fn of(network: &Network) -> Self {
        let n = network.sponsor.len();
        let mut recruits = vec![0u32; n];
        let mut depth = vec![0u32; n];
        for (m, &s) in network.sponsor.iter().enumerate() {
            if s != NONE {
                recruits[s as usize] += 1;
                depth[m] = depth[s as usize] + 1;
            }
        }
        let rows = network.periods.iter().flat_map(|p| &p.rows);
        let (count, active, pv) = rows.fold((0usize, 0usize, 0.0), |(c, a, v), row| {
            (c + 1, a + usize::from(row.pv > 0.0), v + row.pv)
        });
        Self {
            members: n,
            founders: network.sponsor.iter().filter(|&&s| s == NONE).count(),
            depth: depth.iter().copied().max().unwrap_or(0),
            sponsor_nobody: share(recruits.iter().filter(|&&k| k == 0).count(), n),
            widest: recruits.iter().copied().max().unwrap_or(0),
            active: share(active, count),
            pv,
        }
    }
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(sponsoring: Sponsoring) -> Shape {
        Shape {
            members: 10_000,
            periods: 1,
            sponsoring,
            max_depth: None,
            pv_median: 100.0,
            pv_sigma: 0.5,
            active: 0.8,
            cv_share: 0.8,
            retail_share: 0.25,
            entry_fee: 0.0,
            placing: Placing::Plan,
        }
    }

    #[test]
    fn sponsors_come_before_their_recruits() {
        for sponsoring in [
            Sponsoring::Geometric { mean: 2.0 },
            Sponsoring::Poisson { mean: 0.7 },
            Sponsoring::Fixed { count: 3 },
            Sponsoring::Preferential,
        ] {
            let net = generate(&shape(sponsoring), 1);
            assert_eq!(net.sponsor.len(), 10_000);
            for (m, &s) in net.sponsor.iter().enumerate() {
                assert!(
                    s == NONE || (s as usize) < m,
                    "{sponsoring:?}: {m} under {s}"
                );
            }
        }
    }

    #[test]
    fn a_fixed_count_of_three_fills_a_full_ternary_tree() {
        let mut s = shape(Sponsoring::Fixed { count: 3 });
        s.members = 40; // 1 + 3 + 9 + 27
        let stats = OrgStats::of(&generate(&s, 5));
        assert_eq!((stats.founders, stats.depth, stats.widest), (1, 3, 3));
        assert_eq!(stats.sponsor_nobody, 27.0 / 40.0);
    }

    #[test]
    fn max_depth_caps_the_levels_and_starts_new_founders() {
        let mut s = shape(Sponsoring::Fixed { count: 2 });
        s.members = 15;
        s.max_depth = Some(1);
        let stats = OrgStats::of(&generate(&s, 5));
        // Trees of 1 + 2 members: 5 founders.
        assert_eq!((stats.founders, stats.depth), (5, 1));
        let mut s = shape(Sponsoring::Preferential);
        s.max_depth = Some(2);
        let stats = OrgStats::of(&generate(&s, 5));
        assert_eq!((stats.founders, stats.depth), (1, 2));
    }

    #[test]
    fn members_join_evenly_over_the_periods_and_pay_the_fee_once() {
        let mut s = shape(Sponsoring::Geometric { mean: 2.0 });
        s.members = 10;
        s.periods = 3;
        s.entry_fee = 50.0;
        let net = generate(&s, 9);
        let sizes: Vec<usize> = net.periods.iter().map(|p| p.rows.len()).collect();
        assert_eq!(sizes, [4, 7, 10]);
        assert_eq!(net.joined, [1, 1, 1, 1, 2, 2, 2, 3, 3, 3]);
        let fees: Vec<f64> = net.periods[1].rows.iter().map(|r| r.entry_fee).collect();
        assert_eq!(fees, [0.0, 0.0, 0.0, 0.0, 50.0, 50.0, 50.0]);
    }

    #[test]
    fn cv_and_retail_are_shares_of_pv_to_the_cent() {
        let net = generate(&shape(Sponsoring::Preferential), 3);
        for row in &net.periods[0].rows {
            assert_eq!(row.cv, cents(row.pv * 0.8));
            assert_eq!(row.retail, cents(row.pv * 0.25));
            assert!(row.retail <= row.pv);
        }
    }

    #[test]
    fn sponsor_placement_alternates_sides() {
        let mut s = shape(Sponsoring::Fixed { count: 3 });
        s.members = 5;
        s.placing = Placing::Sponsor;
        let net = generate(&s, 1);
        // 0 sponsors 1 (L), 2 (R) and 3 (L: taken, so under 1 on the left); 1 sponsors
        // 4 (L: taken by 3, so under 3 on the left).
        assert_eq!(net.placement, [NONE, 0, 0, 1, 3]);
        use Side::{Left, Right};
        assert_eq!(
            net.side,
            [None, Some(Left), Some(Right), Some(Left), Some(Left)]
        );
    }

    #[test]
    fn bad_values_name_their_field() {
        let mut s = shape(Sponsoring::Poisson { mean: 0.0 });
        assert_eq!(s.check().unwrap_err().field, "mean_recruits");
        s.sponsoring = Sponsoring::Preferential;
        s.retail_share = 1.5;
        assert_eq!(s.check().unwrap_err().field, "retail_share");
        s.retail_share = 0.0;
        assert_eq!(s.check(), Ok(()));
        s.members = 10_000_000;
        s.periods = 11;
        let err = s.check().unwrap_err();
        assert_eq!(err.field, "periods");
        assert_eq!(err.found, "10000000 members x 11 periods = 110000000 rows");
    }
}
