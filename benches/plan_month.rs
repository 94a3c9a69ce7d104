//! Time to pay one month of a 1,000,000-member organisation, per bonus kind, on one
//! core. The organisation grows like a real one: members quit, so recruits come mostly
//! from recent joiners (85 % of sponsors are a geometric number of places back, mean
//! 5,000; 15 % are any earlier member), and half the time a recruit is credited to its
//! finder's sponsor, so a few members sponsor many. Volumes are 0 to 300 PV, with three
//! ranks. Kinds with a placement tree place everyone on the first call, outside the
//! measurement (breadth-first placement; placing is paid once per member, at joining);
//! what is measured is a steady-state month.
//!
//! `cargo bench --bench plan_month`; the figures go into README.

use criterion::{Criterion, criterion_group, criterion_main};
use downline::input_error::KeyPath;
use downline::plan::{NONE, PeriodInput, Plan};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use std::hint::black_box;

const MEMBERS: usize = 1_000_000;

const RANKS: &str = r#"
[[plan.rank]]
name = "Bronze"
pv = 100
gv = 1000

[[plan.rank]]
name = "Silver"
pv = 100
gv = 5000
legs = 2
leg_gv = 1000

[[plan.rank]]
name = "Gold"
pv = 100
gv = 20000
legs = 3
leg_gv = 4000
max_leg_share = 0.5
"#;

/// One `[[plan.bonus]]` table per kind (`matching` needs the unilevel it matches, so its
/// entry is two tables and its time includes that unilevel's).
const KINDS: &[(&str, &str)] = &[
    ("personal", "kind = \"personal\"\nrate = 0.2"),
    (
        "unilevel_dynamic",
        "kind = \"unilevel\"\nrates = [0.25, 0.15, 0.08, 0.05, 0.05]\ncompression = \"dynamic\"\nbase_levels = 2\nlevels_by_rank = { Silver = 5 }",
    ),
    (
        "unilevel_rates_by_rank",
        "kind = \"unilevel\"\nrates = [0.25, 0.15]\ncompression = \"dynamic\"\nrates_by_rank = { Bronze = [0.25, 0.15, 0.08], Silver = [0.25, 0.15, 0.08, 0.05, 0.05] }",
    ),
    (
        "fast_start",
        "kind = \"fast_start\"\nrates = [0.2, 0.1]\nmonths = 2",
    ),
    (
        "recruitment",
        "kind = \"recruitment\"\nrates = [0.5, 0.2, 0.1]",
    ),
    (
        "binary",
        "kind = \"binary\"\nrate = 0.1\nplacement = \"bfs\"\ncarry_cap = 5000\nflush_if_inactive = true\ncap = 2000",
    ),
    (
        "binary_cycles_sponsored_legs",
        "kind = \"binary\"\ncycle = { big = 200, small = 100, pay = 14 }\nplacement = \"bfs\"\nrequire_sponsored_legs = true",
    ),
    (
        "matrix",
        "kind = \"matrix\"\nwidth = 3\nrates = [0.06, 0.06, 0.06, 0.06, 0.06, 0.06, 0.06]",
    ),
    (
        "stairstep_breakaway",
        "kind = \"stairstep\"\nschedule = [[200,0.03],[600,0.06],[1200,0.09],[2400,0.12],[4000,0.15],[7000,0.18],[10000,0.21]]\nbreakaway = true\nleadership = 0.04\nleadership_generations = 3",
    ),
    (
        "generation",
        "kind = \"generation\"\nleader_rank = \"Silver\"\nrates = [0.05, 0.04, 0.03, 0.02]",
    ),
    (
        "matching",
        "kind = \"unilevel\"\nrates = [0.1, 0.05, 0.03]\n[[plan.bonus]]\nkind = \"matching\"\nof = \"unilevel\"\nrates = [0.1, 0.05]",
    ),
    (
        "pool",
        "kind = \"pool\"\nshare = 0.03\nshares_by_rank = { Silver = 1, Gold = 3 }",
    ),
    (
        "rank_advancement",
        "kind = \"rank_advancement\"\namounts = { Bronze = 50, Silver = 200, Gold = 1000 }",
    ),
    (
        "rank_bonus",
        "kind = \"rank_bonus\"\namounts = { Bronze = 50, Silver = 200, Gold = 1000 }\nconsecutive = 3",
    ),
    (
        "geometric",
        "kind = \"geometric\"\nrate = 0.25\nratio = 0.25",
    ),
    (
        "weighted_levels",
        "kind = \"weighted_levels\"\nshare = 0.2\nweights = [10000, 6000, 3600, 2160, 1296, 777, 466, 279, 167, 100]\nround_to = 1.0",
    ),
];

struct Organisation {
    upline: Vec<u32>,
    present: Vec<bool>,
    pv: Vec<f64>,
    retail: Vec<f64>,
    joined: Vec<u32>,
    fee: Vec<f64>,
}

fn organisation() -> Organisation {
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(2026);
    let mut upline = Vec::with_capacity(MEMBERS);
    for i in 0..MEMBERS {
        upline.push(match i {
            0..=9 => NONE,
            _ => {
                let j = if rng.random::<f64>() < 0.85 {
                    let back = (-rng.random::<f64>().ln() * 5_000.0) as usize;
                    i - 1 - back.min(i - 1)
                } else {
                    rng.random_range(0..i)
                };
                if rng.random::<bool>() && upline[j] != NONE {
                    upline[j]
                } else {
                    j as u32
                }
            }
        });
    }
    let pv: Vec<f64> = (0..MEMBERS)
        .map(|_| f64::from(rng.random_range(0u32..=30) * 10))
        .collect();
    Organisation {
        retail: pv.iter().map(|v| (v * 0.3).floor()).collect(),
        present: vec![true; MEMBERS],
        joined: (0..MEMBERS).map(|i| 1 + (i * 3 / MEMBERS) as u32).collect(),
        fee: (0..MEMBERS)
            .map(|i| if i * 3 / MEMBERS == 2 { 99.0 } else { 0.0 })
            .collect(),
        upline,
        pv,
    }
}

fn plan(bonus: &str) -> Plan {
    let text =
        format!("[plan]\nname = \"bench\"\nactive_pv = 100\n{RANKS}\n[[plan.bonus]]\n{bonus}\n");
    let table: toml::Table = toml::from_str(&text).expect("bench plan is TOML");
    Plan::from_toml(table["plan"].clone(), &KeyPath::root().key("plan"))
        .unwrap_or_else(|e| panic!("bench plan is invalid: {e}"))
}

fn plan_month(c: &mut Criterion) {
    let org = organisation();
    let input = PeriodInput {
        period: 3,
        upline: &org.upline,
        present: &org.present,
        pv: &org.pv,
        cv: &org.pv,
        retail: &org.retail,
        joined: &org.joined,
        entry_fee: &org.fee,
        id: &[],
        placement: &[],
    };
    let mut group = c.benchmark_group("plan_month_1m_members");
    group.sample_size(10);
    for (name, bonus) in KINDS {
        let plan = plan(bonus);
        let mut run = plan.start();
        run.pay(&input);
        group.bench_function(*name, |b| b.iter(|| black_box(run.pay(&input).totals.paid)));
    }
    group.finish();
}

criterion_group!(benches, plan_month);
criterion_main!(benches);
