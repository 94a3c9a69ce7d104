//! Plan validation (every impossible value is reported at its key) and engine
//! properties that the binary-level vectors in `tests/it/payout.rs` do not show.

use super::*;
use crate::input_error::Anchor;

/// Validates the `[plan]` table of a TOML text (shared by the kinds' unit tests).
pub(crate) fn plan(text: &str) -> Result<Plan, ConfigError> {
    let mut table: toml::Table = toml::from_str(text).expect("test TOML parses");
    let value = table.remove("plan").expect("test TOML has [plan]");
    Plan::from_toml(value, &KeyPath::root().key("plan"))
}

/// The error for a plan that must be rejected.
fn rejected(text: &str) -> ConfigError {
    must_reject(plan(text))
}

/// A plan named "t" with `preamble` (more `[plan]` keys, `[[plan.rank]]` tables) and one
/// `[[plan.bonus]]` of `kind` with `keys` (shared by the kinds' unit tests).
pub(crate) fn one_bonus(preamble: &str, kind: &str, keys: &str) -> Result<Plan, ConfigError> {
    plan(&format!(
        "[plan]\nname = \"t\"\n{preamble}\n[[plan.bonus]]\nkind = \"{kind}\"\n{keys}\n"
    ))
}

/// The error of a plan that must be rejected.
pub(crate) fn must_reject(plan: Result<Plan, ConfigError>) -> ConfigError {
    match plan {
        Ok(plan) => panic!("accepted: {plan:?}"),
        Err(err) => err,
    }
}

fn unilevel(keys: &str) -> String {
    format!(
        "[plan]\nname = \"t\"\n\
         [[plan.rank]]\nname = \"Director\"\ngv = 100\n\
         [[plan.bonus]]\nkind = \"unilevel\"\n{keys}\n"
    )
}

// ---------------------------------------------------------------- validation

#[test]
fn the_example_scenario_plan_is_valid() {
    let plan = plan(
        r#"
        [plan]
        name = "Example unilevel"
        active_pv = 100
        payout_cap = 0.55

        [[plan.rank]]
        name = "Leader"
        pv = 100
        gv = 1500
        legs = 2
        leg_gv = 300

        [[plan.bonus]]
        kind = "unilevel"
        rates = [0.25, 0.15, 0.08, 0.05, 0.05]
        compression = "dynamic"
        base_levels = 2
        levels_by_rank = { Leader = 5 }

        [[plan.bonus]]
        kind = "fast_start"
        rates = [0.20, 0.10]
        months = 2

        [plan.rules]
        customer_share = 0.0
        own_purchases_qualify = true
        "#,
    )
    .unwrap();
    assert_eq!(plan.name, "Example unilevel");
    assert_eq!(plan.active_pv, 100.0);
    assert_eq!(plan.payout_cap, Some(0.55));
    assert_eq!(plan.rank_names, ["Leader"]);
    assert_eq!(plan.bonus_names, ["unilevel", "fast_start"]);
}

#[test]
fn a_misspelt_plan_key_is_reported_with_a_suggestion() {
    let err = rejected("[plan]\nname = \"t\"\nactve_pv = 10\n");
    assert_eq!(err.path.to_string(), "plan.actve_pv");
    assert_eq!(err.anchor, Anchor::Key);
    assert_eq!(err.help.as_deref(), Some("did you mean `active_pv`?"));
}

#[test]
fn a_single_bracket_bonus_table_gets_a_hint() {
    let err = rejected("[plan]\nname = \"t\"\n[plan.bonus]\nkind = \"personal\"\nrate = 0.1\n");
    assert_eq!(err.path.to_string(), "plan.bonus");
    assert!(err.help.unwrap_or_default().contains("[[plan.bonus]]"));
}

#[test]
fn a_plan_needs_a_name() {
    let err = rejected("[plan]\nactive_pv = 10\n");
    assert_eq!(err.path.to_string(), "plan");
    assert_eq!(err.expected, "a key `name`");
}

#[test]
fn impossible_plan_level_values_are_rejected_at_their_key() {
    for (keys, path) in [
        ("active_pv = -1", "plan.active_pv"),
        ("active_pv = nan", "plan.active_pv"),
        ("payout_cap = 0", "plan.payout_cap"),
        ("payout_cap = -0.2", "plan.payout_cap"),
        ("payout_cap = 1.5", "plan.payout_cap"),
        (
            "rules = { customer_share = 1.0 }",
            "plan.rules.customer_share",
        ),
        (
            "rules = { customer_share = -0.1 }",
            "plan.rules.customer_share",
        ),
        (
            "rules = { own_purchases = false }",
            "plan.rules.own_purchases",
        ),
    ] {
        let err = rejected(&format!("[plan]\nname = \"t\"\n{keys}\n"));
        assert_eq!(err.path.to_string(), path, "{keys}");
    }
    assert!(plan("[plan]\nname = \"t\"\npayout_cap = 1.0\n").is_ok());
}

#[test]
fn ranks_are_checked_one_key_at_a_time() {
    let rank = |keys: &str| rejected(&format!("[plan]\nname = \"t\"\n[[plan.rank]]\n{keys}\n"));
    assert_eq!(rank("gv = 5").path.to_string(), "plan.rank[0]");
    assert_eq!(
        rank("name = \"A\"\ngv = -5").path.to_string(),
        "plan.rank[0].gv"
    );
    assert_eq!(
        rank("name = \"A\"\nmax_leg_share = 0").path.to_string(),
        "plan.rank[0].max_leg_share"
    );
    assert_eq!(
        rank("name = \"A\"\nmax_leg_share = 1.2").path.to_string(),
        "plan.rank[0].max_leg_share"
    );
    let err = rank("name = \"A\"\nleg = 2");
    assert_eq!(err.path.to_string(), "plan.rank[0].leg");
    assert_eq!(err.help.as_deref(), Some("did you mean `legs`?"));
    assert_eq!(
        rank("name = \"A\"\nlegs = -2").path.to_string(),
        "plan.rank[0].legs"
    );
    let err = rejected(
        "[plan]\nname = \"t\"\n[[plan.rank]]\nname = \"A\"\n[[plan.rank]]\nname = \"A\"\n",
    );
    assert_eq!(err.path.to_string(), "plan.rank[1].name");
}

#[test]
fn the_rank_features_of_real_plans_are_checked_at_their_keys() {
    let rank = |keys: &str| rejected(&format!("[plan]\nname = \"t\"\n[[plan.rank]]\n{keys}\n"));
    for (keys, path) in [
        (
            "name = \"A\"\nsponsored_active = -1",
            "plan.rank[0].sponsored_active",
        ),
        (
            "name = \"A\"\nsponsored_active = 1.5",
            "plan.rank[0].sponsored_active",
        ),
        (
            "name = \"A\"\ngrace_periods = -1",
            "plan.rank[0].grace_periods",
        ),
        (
            "name = \"A\"\nbinary_leg_volume = -5",
            "plan.rank[0].binary_leg_volume",
        ),
    ] {
        assert_eq!(rank(keys).path.to_string(), path, "{keys}");
    }
    let err = rank("name = \"A\"\ngrace_period = 1");
    assert_eq!(err.help.as_deref(), Some("did you mean `grace_periods`?"));

    // Binary leg volume needs a binary bonus, whose tree it measures.
    let err = rejected(
        "[plan]\nname = \"t\"\n[[plan.rank]]\nname = \"A\"\n\
         [[plan.rank]]\nname = \"B\"\nbinary_leg_volume = 1000\n\
         [[plan.bonus]]\nkind = \"personal\"\nrate = 0.1\n",
    );
    assert_eq!(err.path.to_string(), "plan.rank[1].binary_leg_volume");
    assert_eq!(err.found, "no `binary` bonus in the plan");
    assert!(err.help.as_deref().unwrap().contains("kind = \"binary\""));
    let binary = one_bonus(
        "[[plan.rank]]\nname = \"B\"\nbinary_leg_volume = 1000",
        "binary",
        "rate = 0.1\nplacement = \"left\"",
    )
    .unwrap();
    assert_eq!(binary.rank_rules.binary_legs, Some(placement::Rule::Left));

    // pay_on: a known value, ranks to pay on, and no grace (a title is never lost).
    let err = rejected("[plan]\nname = \"t\"\npay_on = \"titel\"\n[[plan.rank]]\nname = \"A\"\n");
    assert_eq!(err.path.to_string(), "plan.pay_on");
    assert_eq!(err.help.as_deref(), Some("did you mean `title`?"));
    let err = rejected("[plan]\nname = \"t\"\npay_on = \"title\"\n");
    assert_eq!(err.path.to_string(), "plan.pay_on");
    let err = rejected(
        "[plan]\nname = \"t\"\npay_on = \"title\"\n[[plan.rank]]\nname = \"A\"\n\
         [[plan.rank]]\nname = \"B\"\ngrace_periods = 1\n",
    );
    assert_eq!(err.path.to_string(), "plan.rank[1].grace_periods");
    assert!(err.expected.contains("never lost"), "{}", err.expected);
    let title =
        plan("[plan]\nname = \"t\"\npay_on = \"title\"\n[[plan.rank]]\nname = \"A\"\npv = 300\n")
            .unwrap();
    assert_eq!(title.qualifying_volume(1), 0.0);
    assert!(plan("[plan]\nname = \"t\"\npay_on = \"paid_as\"\n").is_ok());
}

#[test]
fn a_negative_rate_is_reported_at_its_index() {
    let err = rejected(&unilevel("rates = [0.1, 0.05, -0.03]"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].rates[2]");
    assert_eq!(err.expected, "a rate between 0 and 1");
    assert_eq!(err.found, "-0.03");
}

#[test]
fn rates_summing_above_one_are_rejected() {
    let err = rejected(&unilevel("rates = [0.5, 0.3, 0.3]"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].rates");
    assert!(err.found.starts_with("a sum of 1.1"), "{}", err.found);
    assert!(
        rejected(&unilevel("rates = []"))
            .expected
            .contains("at least one")
    );
}

#[test]
fn levels_by_rank_must_name_a_defined_rank() {
    let err = rejected(&unilevel(
        "rates = [0.1, 0.05]\nlevels_by_rank = { Directr = 2 }",
    ));
    assert_eq!(err.path.to_string(), "plan.bonus[0].levels_by_rank.Directr");
    assert_eq!(err.anchor, Anchor::Key);
    assert_eq!(err.found, "unknown rank `Directr`");
    assert_eq!(err.help.as_deref(), Some("did you mean `Director`?"));

    let no_ranks = "[plan]\nname = \"t\"\n[[plan.bonus]]\nkind = \"unilevel\"\n\
                    rates = [0.1]\nlevels_by_rank = { Director = 1 }\n";
    let err = rejected(no_ranks);
    assert!(
        err.found.contains("the plan defines no ranks"),
        "{}",
        err.found
    );
}

#[test]
fn levels_beyond_the_rates_are_rejected() {
    let err = rejected(&unilevel(
        "rates = [0.1, 0.05]\nlevels_by_rank = { Director = 3 }",
    ));
    assert_eq!(
        err.path.to_string(),
        "plan.bonus[0].levels_by_rank.Director"
    );
    assert_eq!(err.expected, "at most 2 levels (the number of rates)");
    let err = rejected(&unilevel("rates = [0.1]\nbase_levels = 2"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].base_levels");
}

#[test]
fn bonus_keys_and_values_are_checked_per_kind() {
    let err = rejected(&unilevel("rate = 0.1"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].rate");
    assert_eq!(err.help.as_deref(), Some("did you mean `rates`?"));

    let err = rejected(&unilevel("rates = [0.1]\ncompression = \"skip_inactiv\""));
    assert_eq!(err.path.to_string(), "plan.bonus[0].compression");
    assert_eq!(err.help.as_deref(), Some("did you mean `skip_inactive`?"));

    let err = rejected(&unilevel("rates = \"ten percent\""));
    assert_eq!(err.path.to_string(), "plan.bonus[0].rates");

    let fast_start = "[plan]\nname = \"t\"\n[[plan.bonus]]\nkind = \"fast_start\"\n";
    let err = rejected(&format!("{fast_start}rates = [0.2]\nmonths = 0\n"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].months");
    let err = rejected(&format!("{fast_start}rates = [0.2]\n"));
    assert_eq!(err.path.to_string(), "plan.bonus[0]");
    assert_eq!(err.expected, "a key `months`");

    let personal = "[plan]\nname = \"t\"\n[[plan.bonus]]\nkind = \"personal\"\n";
    let err = rejected(&format!("{personal}rate = 1.5\n"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].rate");
    let err = rejected(&format!("{personal}rate = 0.1\nlevels = 2\n"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].levels");

    let recruitment = "[plan]\nname = \"t\"\n[[plan.bonus]]\nkind = \"recruitment\"\n";
    let err = rejected(&format!("{recruitment}rates = [0.9, 0.2]\n"));
    assert_eq!(err.path.to_string(), "plan.bonus[0].rates");
}

#[test]
fn the_kind_is_read_first_and_a_misspelt_kind_gets_a_suggestion() {
    let bonus = |keys: &str| rejected(&format!("[plan]\nname = \"t\"\n[[plan.bonus]]\n{keys}\n"));
    let err = bonus("kind = \"unilevl\"\nrates = [0.1]");
    assert_eq!(err.path.to_string(), "plan.bonus[0].kind");
    assert_eq!(err.found, "unknown kind `unilevl`");
    assert_eq!(err.help.as_deref(), Some("did you mean `unilevel`?"));

    let err = bonus("rates = [0.1]");
    assert_eq!(err.path.to_string(), "plan.bonus[0]");
    assert_eq!(err.expected, "a key `kind`");

    let err = bonus("kind = 3");
    assert_eq!(err.path.to_string(), "plan.bonus[0].kind");
}

#[test]
fn bonus_names_default_to_the_kind_and_must_be_distinct() {
    let two = "[plan]\nname = \"t\"\n\
               [[plan.bonus]]\nkind = \"personal\"\nrate = 0.1\n\
               [[plan.bonus]]\nkind = \"personal\"\nrate = 0.2\n";
    let err = rejected(two);
    assert_eq!(err.path.to_string(), "plan.bonus[1].kind");
    assert!(err.help.as_deref().unwrap_or("").contains("distinct `name"));

    let named = two.replace("rate = 0.2", "rate = 0.2\nname = \"retail\"");
    assert_eq!(plan(&named).unwrap().bonus_names, ["personal", "retail"]);

    let reserved = two.replace("rate = 0.2", "rate = 0.2\nname = \"paid\"");
    let err = rejected(&reserved);
    assert_eq!(err.path.to_string(), "plan.bonus[1].name");

    let err = rejected(&two.replace("rate = 0.2", "rate = 0.2\nname = 7"));
    assert_eq!(err.path.to_string(), "plan.bonus[1].name");
}

// ---------------------------------------------------------------- engine

/// The U-1 tree: A <- {B, C}, B <- D <- E <- F.
const UPLINE: [u32; 6] = [NONE, 0, 0, 1, 3, 4];

fn one_period<'a>(
    pv: &'a [f64],
    present: &'a [bool],
    zeros: &'a [f64],
    joined: &'a [u32],
) -> PeriodInput<'a> {
    PeriodInput {
        period: 1,
        upline: &UPLINE,
        present,
        pv,
        cv: pv,
        retail: zeros,
        joined,
        entry_fee: zeros,
        id: &[],
        placement: &[],
    }
}

#[test]
fn after_paying_a_period_the_first_failed_requirement_of_a_rank_is_named() {
    // U-1 tree, pv 100 each, active_pv 100 except D (50): GV A 500, B 350, C 100,
    // D 250, E 200, F 100. Leader: GV 300 and 2 active frontline members; Director
    // adds 500 in the weaker binary leg (legs of the binary bonus' tree: A's are B's
    // subtree, 350, and C, 100).
    let plan = plan(
        "[plan]\nname = \"t\"\nactive_pv = 100\n\
         [[plan.rank]]\nname = \"Leader\"\ngv = 300\nsponsored_active = 2\n\
         [[plan.rank]]\nname = \"Director\"\ngv = 300\nbinary_leg_volume = 500\n\
         [[plan.bonus]]\nkind = \"binary\"\nrate = 0.1\nplacement = \"bfs\"\n",
    )
    .unwrap();
    let pv = [100.0, 100.0, 100.0, 50.0, 100.0, 100.0];
    let zeros = [0.0; 6];
    let input = one_period(&pv, &[true; 6], &zeros, &[1; 6]);
    let mut run = plan.start();
    assert_eq!(run.pay(&input).rank, [1, 0, 0, 0, 0, 0]);
    assert_eq!(run.first_failed(&input, 0, 1), None);
    assert_eq!(
        run.first_failed(&input, 0, 2).as_deref(),
        Some("binary weaker leg 100 < 500")
    );
    assert_eq!(
        run.first_failed(&input, 1, 1).as_deref(),
        Some("sponsored_active 0 < 2")
    );
    assert_eq!(
        run.first_failed(&input, 3, 1).as_deref(),
        Some("not active")
    );
    assert_eq!(
        run.first_failed(&input, 4, 1).as_deref(),
        Some("gv 200 < 300")
    );
    assert_eq!(run.first_failed(&input, 0, 3), None);
}

#[test]
fn max_payout_is_what_everyone_qualifying_would_be_paid() {
    let plan = plan(
        "[plan]\nname = \"U-2\"\nactive_pv = 50\n\
         [[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.10, 0.05, 0.03]\ncompression = \"none\"\n",
    )
    .unwrap();
    let pv = [100.0, 100.0, 50.0, 20.0, 150.0, 100.0];
    let present = [true; 6];
    let mut run = plan.start();
    let payout = run.pay(&one_period(&pv, &present, &[0.0; 6], &[1; 6]));
    let totals = &payout.totals;
    assert!((totals.max_payout - 63.0).abs() < 1e-9);
    assert!((totals.paid - 43.0).abs() < 1e-9);
    assert!((totals.breakage - 20.0).abs() < 1e-9);
    assert_eq!(totals.cap_factor, 1.0);
    assert!((totals.cv - 520.0).abs() < 1e-9);
    assert_eq!(totals.by_bonus.len(), 1);
    assert!((totals.by_bonus[0].max_payout - 63.0).abs() < 1e-9);
    assert_eq!(payout.qualified, [true, true, true, false, true, true]);
}

#[test]
fn the_cap_factor_scales_members_and_bonus_totals_alike() {
    let plan = plan(
        "[plan]\nname = \"H-3\"\nactive_pv = 50\npayout_cap = 0.1\n\
         [[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.10, 0.05, 0.03]\ncompression = \"none\"\n\
         [[plan.bonus]]\nkind = \"personal\"\nrate = 0.05\n",
    )
    .unwrap();
    let pv = [100.0, 100.0, 50.0, 200.0, 150.0, 100.0];
    let present = [true; 6];
    let mut run = plan.start();
    let payout = run.pay(&one_period(&pv, &present, &[0.0; 6], &[1; 6]));
    let totals = &payout.totals;
    assert!((totals.cap_factor - 0.56).abs() < 1e-12);
    assert!((totals.paid - 70.0).abs() < 1e-9);
    assert!((totals.by_bonus[0].paid - 90.0 * 0.56).abs() < 1e-9);
    assert!((totals.by_bonus[1].paid - 35.0 * 0.56).abs() < 1e-9);
    assert!((totals.max_payout - 125.0).abs() < 1e-9);
    let sum: f64 = payout.by_bonus.iter().map(|c| c[0]).sum();
    assert!((payout.paid[0] - sum).abs() < 1e-12);
}

#[test]
fn absent_members_are_neither_paid_nor_anyone_s_upline_and_the_organisation_may_grow() {
    let plan =
        plan("[plan]\nname = \"t\"\n[[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.10, 0.05]\n")
            .unwrap();
    let mut run = plan.start();
    // Period 1: A alone.
    let p1 = PeriodInput {
        period: 1,
        upline: &[NONE],
        present: &[true],
        pv: &[100.0],
        cv: &[100.0],
        retail: &[0.0],
        joined: &[1],
        entry_fee: &[0.0],
        id: &[],
        placement: &[],
    };
    assert_eq!(run.pay(&p1).paid, [0.0]);
    // Period 2: B and C join under A; B reports volume although it is absent (it
    // must be ignored).
    let p2 = PeriodInput {
        period: 2,
        upline: &[NONE, 0, 0],
        present: &[true, false, true],
        pv: &[100.0, 500.0, 40.0],
        cv: &[100.0, 500.0, 40.0],
        retail: &[0.0; 3],
        joined: &[1, 2, 2],
        entry_fee: &[0.0; 3],
        id: &[],
        placement: &[],
    };
    let payout = run.pay(&p2);
    assert_eq!(payout.paid.len(), 3);
    assert!((payout.paid[0] - 4.0).abs() < 1e-12);
    assert_eq!(payout.qualified, [true, false, true]);
    assert!((payout.totals.cv - 140.0).abs() < 1e-12);
}

#[test]
fn qualifying_volume_is_the_larger_of_activity_and_rank_volume() {
    let plan = plan(
        "[plan]\nname = \"t\"\nactive_pv = 50\n\
         [[plan.rank]]\nname = \"Bronze\"\npv = 30\n\
         [[plan.rank]]\nname = \"Gold\"\npv = 200\n\
         [plan.rules]\nown_purchases_qualify = false\n",
    )
    .unwrap();
    assert_eq!(plan.qualifying_volume(0), 50.0);
    assert_eq!(plan.qualifying_volume(1), 50.0);
    assert_eq!(plan.qualifying_volume(2), 200.0);
    assert_eq!(plan.qualifying_volume(9), 200.0);
    assert!(!plan.counts_own_purchases());
}

#[test]
fn a_plan_without_bonuses_pays_nothing() {
    let plan = plan("[plan]\nname = \"retail only\"\n").unwrap();
    let pv = [100.0; 6];
    let mut run = plan.start();
    let payout = run.pay(&one_period(&pv, &[true; 6], &[0.0; 6], &[1; 6]));
    assert!(payout.by_bonus.is_empty());
    assert_eq!(payout.totals.paid, 0.0);
    assert_eq!(payout.totals.breakage, 0.0);
}

#[test]
fn plans_are_shared_across_threads_and_runs_move_between_them() {
    fn shared<T: Send + Sync>() {}
    fn movable<T: Send>() {}
    shared::<Plan>();
    movable::<PlanRun<'static>>();
}

// ---------------------------------------------------------------- properties

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A random organisation: roll-up line, presence, pv, retail share, join period.
    #[derive(Debug, Clone)]
    struct Org {
        upline: Vec<u32>,
        present: Vec<bool>,
        pv: Vec<f64>,
        retail: Vec<f64>,
        joined: Vec<u32>,
        fee: Vec<f64>,
    }

    fn org() -> impl Strategy<Value = Org> {
        (1usize..60).prop_flat_map(|n| {
            proptest::collection::vec(
                (
                    any::<prop::sample::Index>(),
                    prop::bool::weighted(0.9),
                    0u32..400,
                    0.0f64..=1.0,
                    1u32..=3,
                    prop_oneof![Just(0.0), Just(100.0)],
                ),
                n,
            )
            .prop_map(|rows| {
                let mut org = Org {
                    upline: Vec::new(),
                    present: Vec::new(),
                    pv: Vec::new(),
                    retail: Vec::new(),
                    joined: Vec::new(),
                    fee: Vec::new(),
                };
                let mut sponsor = Vec::new();
                for (i, (parent, here, pv, share, joined, fee)) in rows.into_iter().enumerate() {
                    let k = parent.index(i + 1);
                    sponsor.push(if k == i { NONE } else { k as u32 });
                    org.present.push(here);
                    org.pv.push(f64::from(pv));
                    org.retail.push((f64::from(pv) * share).floor());
                    org.joined.push(joined);
                    org.fee.push(fee);
                }
                tree::roll_up(&sponsor, &org.present, &mut org.upline);
                org
            })
        })
    }

    fn pay(plan: &Plan, org: &Org) -> Payout {
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
        plan.start().pay(&input).clone()
    }

    fn full_plan(compression: &str, cap: &str) -> Plan {
        plan(&format!(
            "[plan]\nname = \"p\"\nactive_pv = 100\n{cap}\n\
             [[plan.rank]]\nname = \"Leader\"\ngv = 500\nlegs = 1\nleg_gv = 100\nmax_leg_share = 0.6\n\
             [[plan.rank]]\nname = \"Director\"\ngv = 1500\nlegs = 2\nleg_gv = 300\n\
             [[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.2, 0.1, 0.05, 0.05]\n\
             compression = \"{compression}\"\nbase_levels = 1\n\
             levels_by_rank = {{ Leader = 3, Director = 4 }}\n\
             [[plan.bonus]]\nkind = \"fast_start\"\nrates = [0.1, 0.05]\nmonths = 2\n\
             compression = \"{compression}\"\n\
             [[plan.bonus]]\nkind = \"recruitment\"\nrates = [0.3]\n\
             [[plan.bonus]]\nkind = \"personal\"\nrate = 0.05\n\
             [plan.rules]\ncustomer_share = 0.3\n"
        ))
        .unwrap()
    }

    proptest! {
        #[test]
        fn pay_never_exceeds_max_payout_and_goes_only_to_qualified_members(
            org in org(),
            compression in prop_oneof![Just("none"), Just("skip_inactive"), Just("dynamic")],
            cap in prop_oneof![Just(""), Just("payout_cap = 0.2")],
        ) {
            let payout = pay(&full_plan(compression, cap), &org);
            let totals = &payout.totals;
            prop_assert!(totals.paid <= totals.max_payout + 1e-9);
            prop_assert!((totals.paid + totals.breakage - totals.max_payout).abs() < 1e-6);
            let sum: f64 = payout.paid.iter().sum();
            prop_assert!((sum - totals.paid).abs() < 1e-6);
            for (i, &paid) in payout.paid.iter().enumerate() {
                prop_assert!(paid >= 0.0);
                prop_assert!(paid == 0.0 || payout.qualified[i], "member {} paid {}", i, paid);
                prop_assert!(payout.qualified[i] <= org.present[i]);
            }
            if !cap.is_empty() {
                prop_assert!(totals.paid <= 0.2 * totals.cv + 1e-6);
            }
        }

        /// Grace and titles are kept by stable id, and binary legs for ranks by a tree
        /// of their own: listing quitters as absent or leaving them out pays the same.
        #[test]
        fn rank_features_pay_the_same_whether_quitters_are_listed_absent_or_left_out(
            h in crate::plan::placement::testing::history(),
            pay_on in prop_oneof![Just("paid_as"), Just("title")],
            placement in prop_oneof![Just("weak_leg"), Just("left"), Just("bfs")],
        ) {
            use crate::plan::placement::testing;
            let grace = if pay_on == "paid_as" { "grace_periods = 2" } else { "" };
            let plan = plan(&format!(
                "[plan]\nname = \"p\"\nactive_pv = 50\npay_on = \"{pay_on}\"\n\
                 [[plan.rank]]\nname = \"Leader\"\nsponsored_active = 1\n{grace}\n\
                 [[plan.rank]]\nname = \"Star\"\nbinary_leg_volume = 100\n\
                 [[plan.bonus]]\nkind = \"binary\"\nrate = 0.1\nplacement = \"{placement}\"\n\
                 [[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.1, 0.05]\nbase_levels = 0\n\
                 levels_by_rank = {{ Leader = 1, Star = 2 }}\n\
                 [[plan.bonus]]\nkind = \"pool\"\nshare = 0.05\nshares_by_rank = {{ Star = 1 }}\n"
            ))
            .unwrap();
            let full = testing::pay(&plan, &h, false);
            let compact = testing::pay(&plan, &h, true);
            for (f, c) in full.iter().zip(&compact) {
                prop_assert_eq!(&f.by_id, &c.by_id);
                prop_assert!((f.totals.max_payout - c.totals.max_payout).abs() < 1e-9);
                prop_assert!(f.totals.paid <= f.totals.max_payout + 1e-9);
            }
        }

        #[test]
        fn nothing_breaks_when_everyone_qualifies_for_everything(
            org in org(),
            compression in prop_oneof![Just("none"), Just("skip_inactive"), Just("dynamic")],
        ) {
            let plan = plan(&format!(
                "[plan]\nname = \"p\"\n\
                 [[plan.bonus]]\nkind = \"unilevel\"\nrates = [0.2, 0.1, 0.05]\n\
                 compression = \"{compression}\"\n"
            ))
            .unwrap();
            let totals = pay(&plan, &org).totals;
            prop_assert!(totals.breakage.abs() < 1e-6, "breakage {}", totals.breakage);
        }
    }
}
