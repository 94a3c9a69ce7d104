//! Properties every bonus kind must satisfy, over random organisations and volumes
//! (proptest), for several periods so that carried state (carry-over, placement, awards)
//! is exercised:
//! - pay is never negative, and absent members are never paid;
//! - `paid + breakage = max_payout` with `breakage >= 0`, per bonus and in total;
//! - members' pay adds up to the period's total, per bonus and overall;
//! - with `payout_cap`, total pay never exceeds the cap times the period's CV;
//! - relabelling member ids (any other increasing ids) changes nobody's pay;
//! - for unilevel with rates that do not increase with depth (and no `rates_by_rank`),
//!   total pay under `dynamic` >= `skip_inactive` >= `none`.
//!
//! Each level kind's fast pass is checked against the definition (walking each volume
//! up the line, `rates_by_rank` included) by the property tests in `src/plan/`.

use downline::input_error::KeyPath;
use downline::plan::{NONE, PeriodInput, Placement, Plan, Side, tree};
use proptest::prelude::*;

/// Ranks shared by every plan below, so rank-based keys have something to refer to.
const RANKS: &str = r#"
[[plan.rank]]
name = "Bronze"
pv = 50
gv = 300

[[plan.rank]]
name = "Silver"
pv = 100
gv = 800
legs = 2
leg_gv = 150

[[plan.rank]]
name = "Gold"
pv = 100
gv = 2000
legs = 2
leg_gv = 400
max_leg_share = 0.6
"#;

/// One plan per bonus kind (and a few combinations), as `[[plan.bonus]]` tables.
pub(crate) const BONUSES: &[(&str, &str)] = &[
    ("personal", "kind = \"personal\"\nrate = 0.2"),
    (
        "unilevel none",
        "kind = \"unilevel\"\nrates = [0.1, 0.05, 0.05, 0.02]\ncompression = \"none\"",
    ),
    (
        "unilevel skip",
        "kind = \"unilevel\"\nrates = [0.1, 0.05, 0.05, 0.02]\ncompression = \"skip_inactive\"\nbase_levels = 2\nlevels_by_rank = { Silver = 4 }",
    ),
    (
        "unilevel dynamic",
        "kind = \"unilevel\"\nrates = [0.1, 0.05, 0.05, 0.02]\ncompression = \"dynamic\"\nbase_levels = 1\nlevels_by_rank = { Bronze = 2, Gold = 4 }",
    ),
    (
        "fast start",
        "kind = \"fast_start\"\nrates = [0.2, 0.1]\nmonths = 2",
    ),
    (
        "recruitment",
        "kind = \"recruitment\"\nrates = [0.3, 0.1, 0.05]",
    ),
    (
        "binary rate",
        "kind = \"binary\"\nrate = 0.1\ncarry_cap = 500\nflush_if_inactive = true\ncap = 60",
    ),
    (
        "binary cycle",
        "kind = \"binary\"\ncycle = { big = 200, small = 100, pay = 14 }\nplacement = \"bfs\"\nrequire_sponsored_legs = true",
    ),
    (
        "binary left",
        "kind = \"binary\"\nrate = 0.08\nplacement = \"left\"\ncarry = false",
    ),
    (
        "matrix bfs",
        "kind = \"matrix\"\nwidth = 3\nrates = [0.1, 0.05, 0.05]",
    ),
    (
        "matrix weak leg",
        "kind = \"matrix\"\nwidth = 2\nrates = [0.08, 0.06, 0.04, 0.02]\nspillover = \"weak_leg\"",
    ),
    (
        "stairstep",
        "kind = \"stairstep\"\nschedule = [[100, 0.03], [300, 0.06], [600, 0.09], [1200, 0.12]]",
    ),
    (
        "stairstep breakaway",
        "kind = \"stairstep\"\nschedule = [[100, 0.03], [300, 0.06], [600, 0.09], [1200, 0.12]]\nbreakaway = true\nleadership = 0.04\nleadership_generations = 2",
    ),
    (
        "generation",
        "kind = \"generation\"\nleader_rank = \"Bronze\"\nrates = [0.05, 0.03, 0.02]",
    ),
    (
        "matching",
        "kind = \"unilevel\"\nrates = [0.1, 0.05]\n[[plan.bonus]]\nkind = \"matching\"\nof = \"unilevel\"\nrates = [0.1, 0.05]",
    ),
    (
        "pool",
        "kind = \"pool\"\nshare = 0.03\nshares_by_rank = { Bronze = 1, Gold = 3 }",
    ),
    (
        "rank advancement",
        "kind = \"rank_advancement\"\namounts = { Bronze = 50, Silver = 200, Gold = 1000 }",
    ),
    (
        "unilevel rates by rank",
        "kind = \"unilevel\"\nrates = [0.1, 0.05]\ncompression = \"dynamic\"\nbase_levels = 1\nrates_by_rank = { Bronze = [0.12, 0.06, 0.03], Gold = [0.1, 0.08, 0.05, 0.03] }",
    ),
    (
        "matching rates by rank",
        "kind = \"unilevel\"\nrates = [0.1, 0.05]\n[[plan.bonus]]\nkind = \"matching\"\nof = \"unilevel\"\nrates = [0.05]\ncompression = \"none\"\nrates_by_rank = { Silver = [0.1, 0.05] }",
    ),
    (
        "matrix rates by rank",
        "kind = \"matrix\"\nwidth = 2\nrates = [0.08, 0.04]\nrates_by_rank = { Silver = [0.1, 0.06, 0.04], Gold = [0.12] }",
    ),
    (
        "generation rates by rank",
        "kind = \"generation\"\nleader_rank = \"Bronze\"\nrates = [0.05]\nrates_by_rank = { Silver = [0.05, 0.03], Gold = [0.06, 0.04, 0.02] }",
    ),
    (
        "rank bonus",
        "kind = \"rank_bonus\"\namounts = { Bronze = 50, Gold = 400 }",
    ),
    (
        "rank bonus in a row",
        "kind = \"rank_bonus\"\namounts = { Bronze = 50, Silver = 150, Gold = 400 }\nconsecutive = 2",
    ),
    (
        "geometric",
        "kind = \"geometric\"\nrate = 0.25\nratio = 0.25",
    ),
    (
        "weighted levels",
        "kind = \"weighted_levels\"\nshare = 0.2\nweights = [10000, 6000, 3600]\nround_to = 1.0",
    ),
];

/// Plan text with the shared ranks, the given bonus tables and optional plan keys.
fn plan_text(extra: &str, bonuses: &[&str]) -> String {
    let mut text = format!("[plan]\nname = \"p\"\nactive_pv = 50\n{extra}\n{RANKS}");
    for bonus in bonuses {
        text.push_str("\n[[plan.bonus]]\n");
        text.push_str(bonus);
        text.push('\n');
    }
    text
}

fn plan(text: &str) -> Plan {
    let table: toml::Table = toml::from_str(text).expect("test plan is TOML");
    let value = table.get("plan").cloned().expect("a [plan] table");
    Plan::from_toml(value, &KeyPath::root().key("plan"))
        .unwrap_or_else(|e| panic!("test plan is invalid: {e}\n{text}"))
}

/// A random organisation over `PERIODS` periods. Members are in join order; member `i`
/// joins in `joined[i]` (non-decreasing), may leave in `left[i]`, and has a volume in
/// each period.
#[derive(Clone, Debug)]
struct Org {
    sponsor: Vec<u32>,
    joined: Vec<u32>,
    left: Vec<u32>,
    pv: Vec<[f64; PERIODS]>,
    retail_share: Vec<f64>,
    side: Vec<Option<Side>>,
}

const PERIODS: usize = 3;

fn org() -> impl Strategy<Value = Org> {
    (1usize..70).prop_flat_map(|n| {
        (
            proptest::collection::vec(
                (
                    any::<prop::sample::Index>(),
                    prop::bool::weighted(0.15),
                    1u32..=PERIODS as u32,
                    2u32..=PERIODS as u32 + 1,
                    proptest::array::uniform3(0u32..40),
                    0.0f64..=1.0,
                    prop_oneof![Just(None), Just(Some(Side::Left)), Just(Some(Side::Right))],
                ),
                n,
            ),
            Just(n),
        )
            .prop_map(|(rows, _)| {
                let mut org = Org {
                    sponsor: Vec::new(),
                    joined: Vec::new(),
                    left: Vec::new(),
                    pv: Vec::new(),
                    retail_share: Vec::new(),
                    side: Vec::new(),
                };
                let mut joined_so_far = 1;
                for (i, (parent, root, join, leave, pv, share, side)) in
                    rows.into_iter().enumerate()
                {
                    joined_so_far = joined_so_far.max(join);
                    let k = parent.index(i.max(1));
                    org.sponsor
                        .push(if i == 0 || root { NONE } else { k as u32 });
                    org.joined.push(joined_so_far);
                    org.left.push(leave.max(joined_so_far + 1));
                    org.pv.push(pv.map(|v| f64::from(v) * 10.0));
                    org.retail_share.push(share);
                    org.side.push(side);
                }
                org
            })
    })
}

/// One period's arrays: everyone who has joined by `period`, ids relabelled by `ids`.
struct PeriodArrays {
    upline: Vec<u32>,
    present: Vec<bool>,
    pv: Vec<f64>,
    retail: Vec<f64>,
    joined: Vec<u32>,
    fee: Vec<f64>,
    id: Vec<u32>,
}

fn arrays(org: &Org, period: u32, ids: &[u32]) -> PeriodArrays {
    let n = org.joined.iter().filter(|&&j| j <= period).count();
    let present: Vec<bool> = (0..n).map(|i| period < org.left[i]).collect();
    let pv: Vec<f64> = (0..n)
        .map(|i| {
            if present[i] {
                org.pv[i][period as usize - 1]
            } else {
                0.0
            }
        })
        .collect();
    let mut upline = Vec::new();
    tree::roll_up(&org.sponsor[..n], &present, &mut upline);
    PeriodArrays {
        retail: (0..n)
            .map(|i| (pv[i] * org.retail_share[i]).floor())
            .collect(),
        fee: (0..n)
            .map(|i| if org.joined[i] == period { 100.0 } else { 0.0 })
            .collect(),
        joined: org.joined[..n].to_vec(),
        id: ids[..n].to_vec(),
        upline,
        present,
        pv,
    }
}

/// Pays every period; returns each period's per-member pay (by position) and checks
/// the per-period properties on the way.
fn run(plan: &Plan, org: &Org, ids: &[u32], with_placement: bool) -> Vec<Vec<f64>> {
    let mut run = plan.start();
    let mut paid = Vec::new();
    for period in 1..=PERIODS as u32 {
        let a = arrays(org, period, ids);
        // Given placements: under the sponsor, on the drawn side (binary reads the side).
        let placement: Vec<Option<Placement>> = (0..a.joined.len())
            .map(|i| match org.sponsor[i] {
                NONE => None,
                s if with_placement && org.side[i].is_some() => Some(Placement {
                    parent: ids[s as usize],
                    side: org.side[i],
                }),
                _ => None,
            })
            .collect();
        let input = PeriodInput {
            period,
            upline: &a.upline,
            present: &a.present,
            pv: &a.pv,
            cv: &a.pv,
            retail: &a.retail,
            joined: &a.joined,
            entry_fee: &a.fee,
            id: &a.id,
            placement: if with_placement { &placement } else { &[] },
        };
        let payout = run.pay(&input);
        let t = &payout.totals;
        let eps = 1e-6 * (1.0 + t.max_payout.abs());
        for (i, &p) in payout.paid.iter().enumerate() {
            assert!(p >= 0.0, "period {period}: member {i} paid {p}");
            assert!(
                a.present[i] || p == 0.0,
                "period {period}: absent member {i} paid {p}"
            );
        }
        let sum: f64 = payout.paid.iter().sum();
        assert!(
            (sum - t.paid).abs() <= eps,
            "members' pay {sum} vs total {}",
            t.paid
        );
        assert!(t.breakage >= -eps, "negative breakage {}", t.breakage);
        assert!(
            (t.paid + t.breakage - t.max_payout).abs() <= eps,
            "paid + breakage != max"
        );
        for (b, total) in t.by_bonus.iter().enumerate() {
            let column: f64 = payout.by_bonus[b].iter().sum();
            assert!(
                (column - total.paid).abs() <= eps,
                "bonus {b}: column {column} vs {}",
                total.paid
            );
            assert!(
                total.paid <= total.max_payout + eps,
                "bonus {b}: paid {} > max {}",
                total.paid,
                total.max_payout
            );
            assert!(total.paid >= -eps);
        }
        if let Some(cap) = plan.payout_cap {
            assert!(
                t.paid <= cap * t.cv + eps,
                "paid {} over cap {cap} x CV {}",
                t.paid,
                t.cv
            );
        }
        paid.push(payout.paid.clone());
    }
    paid
}

/// Increasing ids other than 0..n: random gaps.
fn relabelled(gaps: &[u32]) -> Vec<u32> {
    gaps.iter()
        .scan(7u32, |next, &gap| {
            let id = *next;
            *next += 1 + gap;
            Some(id)
        })
        .collect()
}

fn identity(n: usize) -> Vec<u32> {
    (0..n as u32).collect()
}

fn assert_same_pay(a: &[Vec<f64>], b: &[Vec<f64>], what: &str) {
    for (period, (x, y)) in a.iter().zip(b).enumerate() {
        for (i, (p, q)) in x.iter().zip(y).enumerate() {
            assert!(
                (p - q).abs() <= 1e-9 * (1.0 + p.abs()),
                "{what}: period {}: member {i}: {p} vs {q}",
                period + 1
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, .. ProptestConfig::default() })]

    #[test]
    fn every_kind_pays_within_its_max_and_ignores_id_labels(
        org in org(),
        gaps in proptest::collection::vec(0u32..5, 70),
    ) {
        let n = org.joined.len();
        let ids = relabelled(&gaps[..n]);
        for (name, bonus) in BONUSES {
            for with_placement in [false, true] {
                let plan = plan(&plan_text("", &[bonus]));
                let plain = run(&plan, &org, &identity(n), with_placement);
                let relabel = run(&plan, &org, &ids, with_placement);
                assert_same_pay(&plain, &relabel, name);
            }
        }
    }

    #[test]
    fn all_kinds_together_respect_the_payout_cap(org in org()) {
        let n = org.joined.len();
        let bonuses: Vec<&str> = BONUSES.iter().map(|(_, b)| *b).collect();
        // Distinct names: several unilevels in one plan.
        // Each entry's first table gets a distinct name; a matching bonus in an entry
        // matches the entry's own first table.
        let named: Vec<String> = bonuses
            .iter()
            .enumerate()
            .map(|(i, b)| {
                format!("name = \"b{i}\"\n{b}")
                    .replace("[[plan.bonus]]\n", &format!("[[plan.bonus]]\nname = \"b{i}m\"\n"))
                    .replace("of = \"unilevel\"", &format!("of = \"b{i}\""))
            })
            .collect();
        let named: Vec<&str> = named.iter().map(String::as_str).collect();
        for cap in ["payout_cap = 0.3", "payout_cap = 1.0", ""] {
            let plan = plan(&plan_text(cap, &named));
            run(&plan, &org, &identity(n), true);
        }
    }

    #[test]
    fn unilevel_dynamic_pays_at_least_skip_inactive_which_pays_at_least_none(org in org()) {
        let n = org.joined.len();
        let total = |compression: &str| -> Vec<f64> {
            let bonus = format!(
                "kind = \"unilevel\"\nrates = [0.1, 0.05, 0.05, 0.02]\ncompression = \"{compression}\"\nbase_levels = 2\nlevels_by_rank = {{ Silver = 4 }}"
            );
            run(&plan(&plan_text("", &[&bonus])), &org, &identity(n), false)
                .iter()
                .map(|period| period.iter().sum())
                .collect()
        };
        let (none, skip, dynamic) = (total("none"), total("skip_inactive"), total("dynamic"));
        for p in 0..PERIODS {
            prop_assert!(dynamic[p] + 1e-9 >= skip[p], "period {}: dynamic {} < skip {}", p + 1, dynamic[p], skip[p]);
            prop_assert!(skip[p] + 1e-9 >= none[p], "period {}: skip {} < none {}", p + 1, skip[p], none[p]);
        }
    }
}

/// Extra plan keys that change how bonuses are paid out: per-bonus caps, weekly
/// bonuses, a minimum cheque and a payout cap, added to every configuration.
const EXTRAS: &[(&str, &str)] = &[
    ("", ""),
    ("payout_cap = 0.3", ""),
    ("minimum_cheque = 25", ""),
    ("", "cap = 15"),
    ("weeks_per_month = 4", "period = \"week\"\ncap = 9"),
    ("minimum_cheque = 40\npayout_cap = 0.4", "period = \"week\""),
    ("pay_on = \"title\"", ""),
];

/// Pays every period with and without an audit and checks that the audit explains the
/// payout to the cent: the two payouts are identical; each bonus' lines add up to what
/// it paid, and lines plus broken amounts to its `max_payout`; each member's lines add
/// up to its pay; the minimum cheque's balances reconcile; every present member has
/// one standing row.
fn audited(plan: &Plan, org: &Org) {
    let n = org.joined.len();
    let ids = identity(n);
    let mut plain = plan.start();
    let mut run = plan.start();
    let mut audit = downline::plan::audit::Audit::default();
    let mut held_before = 0.0;
    for period in 1..=PERIODS as u32 {
        let a = arrays(org, period, &ids);
        let input = PeriodInput {
            period,
            upline: &a.upline,
            present: &a.present,
            pv: &a.pv,
            cv: &a.pv,
            retail: &a.retail,
            joined: &a.joined,
            entry_fee: &a.fee,
            id: &a.id,
            placement: &[],
        };
        let expected = plain.pay(&input).clone();
        let payout = run.pay_audited(&input, &mut audit);
        assert_eq!(
            payout.paid, expected.paid,
            "period {period}: audited pay differs"
        );
        assert_eq!(payout.totals, expected.totals);
        let t = &payout.totals;
        let cent = 0.005;
        for (b, total) in t.by_bonus.iter().enumerate() {
            let lines: f64 = (audit.lines.iter())
                .filter(|l| l.bonus == Some(b))
                .map(|l| l.amount)
                .sum();
            let broken: f64 = (audit.broken.iter())
                .filter(|l| l.bonus == Some(b))
                .map(|l| l.amount)
                .sum();
            assert!(
                (lines - total.paid).abs() < cent,
                "period {period}: bonus {b}: lines {lines} vs paid {}",
                total.paid
            );
            assert!(
                (lines + broken - total.max_payout).abs() < cent,
                "period {period}: bonus {b}: lines {lines} + broken {broken} vs max {}",
                total.max_payout
            );
            assert!(audit.broken.iter().all(|l| l.amount >= -1e-9));
        }
        let mut by_member = vec![0.0; n];
        for line in &audit.lines {
            assert!(line.amount.is_finite());
            by_member[line.payee as usize] += line.amount;
        }
        for (k, &paid) in payout.paid.iter().enumerate() {
            assert!(
                (by_member[k] - paid).abs() < cent,
                "period {period}: member {k}: lines {} vs paid {paid}",
                by_member[k]
            );
        }
        let columns: f64 = payout.by_bonus.iter().flatten().sum();
        assert!(
            (t.paid - (columns + held_before - t.forfeited - t.held)).abs() < cent,
            "period {period}: cheques {} vs earned {columns} + held before {held_before} \
             - forfeited {} - held {}",
            t.paid,
            t.forfeited,
            t.held
        );
        held_before = t.held;
        let present = a.present.iter().filter(|&&p| p).count();
        assert_eq!(audit.standing.len(), present);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn the_audit_explains_every_payout_to_the_cent(org in org()) {
        for (plan_keys, bonus_keys) in EXTRAS {
            for (_, bonus) in BONUSES {
                // The keys go into the entry's first table (a matching entry's
                // unilevel).
                // A binary with its own `cap` keeps it.
                let keys: Vec<&str> = (bonus_keys.lines())
                    .filter(|key| !(key.starts_with("cap") && bonus.contains("\ncap =")))
                    .collect();
                let bonus = format!("{}\n{bonus}", keys.join("\n"));
                audited(&plan(&plan_text(plan_keys, &[&bonus])), &org);
            }
        }
    }
}
