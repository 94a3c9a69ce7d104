//! The model's optional mechanics, each pinned by a small world whose outcome can be
//! worked by hand: everyone joins when asked (`join_probability = 1`), pitch counts are
//! fixed, the market is complete, so what happens each month is certain.

use crate::common::scenario::scenario;
use downline::model::World;
use downline::model::record::MonthRecord;
use downline::scenario::Scenario;

/// A world of `population` people and one founder, a plan paying 50 % of volume to the
/// sponsor, and `[behaviour]` / `[behaviour.quit]` / extra `[market]` keys as given.
fn world_text(population: u32, market: &str, behaviour: &str, quit: &str) -> String {
    format!(
        r#"
[simulation]
months = 6
runs = 1
seed = 3

[market]
population = {population}
founders = 1
network = {{ kind = "complete" }}
reconsider_months = 1
{market}

[product]
retail_price = 15.0
wholesale_price = 10.0
pv_per_unit = 10.0

[behaviour]
pitch_counts = "fixed"
{behaviour}

[behaviour.quit]
{quit}

[plan]
name = "half to the sponsor"

[[plan.bonus]]
kind = "unilevel"
rates = [0.5]
compression = "none"
"#
    )
}

/// A market too large for members' pitches to meet by chance in these few months.
const BIG: u32 = 1_000_000;

fn months(scenario: &Scenario, count: u32) -> (World<'_>, Vec<MonthRecord>) {
    let mut world = World::new(scenario, 0);
    for _ in 0..count {
        world.step();
    }
    let months = world.months().to_vec();
    (world, months)
}

fn members_ever(months: &[MonthRecord]) -> Vec<u32> {
    months.iter().map(|m| m.members_ever).collect()
}

#[test]
fn fixed_pitch_counts_recruit_exactly_and_the_delay_holds_recruits_back() {
    // Each member makes exactly 3 pitches a month from the month after joining
    // (`recruit_delay = 1`); everyone pitched joins the next month.
    // Month 0: the founder joins (1). Month 1: it recruits 3, who join in month 2 (4).
    // Month 2: the founder recruits 3 more; the 3 new ones wait. Month 3: 7.
    // Month 3: founder 3 + the three of month 2 x 3 = 12. Month 4: 19.
    let text = world_text(
        BIG,
        "",
        "recruit_pitches = 3\njoin_probability = 1.0\nrecruit_delay = 1",
        "",
    );
    let s = scenario(&text);
    let (_, m) = months(&s, 5);
    assert_eq!(members_ever(&m), [1, 1, 4, 7, 19]);
    // With no delay a member recruits in its joining month: 1, 4, 16, 64.
    let text = world_text(
        BIG,
        "",
        "recruit_pitches = 3\njoin_probability = 1.0\nrecruit_delay = 0",
        "",
    );
    let s = scenario(&text);
    let (_, m) = months(&s, 4);
    assert_eq!(members_ever(&m), [1, 4, 16, 64]);
    // Two months' delay: the founder first recruits in month 2.
    let text = world_text(
        BIG,
        "",
        "recruit_pitches = 3\njoin_probability = 1.0\nrecruit_delay = 2",
        "",
    );
    let s = scenario(&text);
    let (_, m) = months(&s, 4);
    assert_eq!(members_ever(&m), [1, 1, 1, 4]);
    // Founders may have their own delay: with none, the founder recruits in month 0
    // while its recruits still wait one month.
    let text = world_text(
        BIG,
        "founder_recruit_delay = 0",
        "recruit_pitches = 3\njoin_probability = 1.0\nrecruit_delay = 1",
        "",
    );
    let s = scenario(&text);
    let (_, m) = months(&s, 4);
    assert_eq!(members_ever(&m), [1, 4, 7, 19]);
}

#[test]
fn a_cap_on_members_ever_stops_recruiting() {
    let text = world_text(
        1000,
        "max_members = 10",
        "recruit_pitches = 3\njoin_probability = 1.0\nrecruit_delay = 0",
        "",
    );
    let s = scenario(&text);
    let (_, m) = months(&s, 5);
    assert_eq!(members_ever(&m), [1, 4, 10, 10, 10]);
}

#[test]
fn combined_contacts_sell_once_and_recruit_independently() {
    // The founder contacts 5 people in its first month; each buys one unit (one-off, at
    // once) and joins. Month 0: 5 units sold, 5 recruits; month 1: the 5 join, and the
    // 6 members contact 5 each (30): 30 units, 30 recruits.
    let text = world_text(
        BIG,
        "",
        "recruit_pitches = 0\njoin_probability = 1.0\nbuy_probability = 1.0\ncontacts = 5\n\
         sales = \"one_off\"\ncustomer_units = 1\nrecruit_delay = 0",
        "",
    );
    let s = scenario(&text);
    let (world, m) = months(&s, 2);
    assert_eq!((m[0].retail_units, m[0].joins), (5.0, 1));
    assert_eq!((m[1].retail_units, m[1].joins), (30.0, 5));
    assert_eq!(
        m[0].customers, 0,
        "one-off buyers are not standing customers"
    );
    // The founder sold 5 units in each month at a retail profit of 5 each.
    assert_eq!(world.outcomes().retail_profit[0], 50.0);
}

#[test]
fn one_off_buyers_are_prospects_again_next_month() {
    // Three people: the founder sells to both others every month; standing customers
    // would buy once as customers and never be pitched again.
    let behaviour = "recruit_pitches = 0\njoin_probability = 0.0\nsales_pitches = 2\n\
                     buy_probability = 1.0\ncustomer_units = 1\ncustomer_churn = 0.0";
    let one_off = scenario(&world_text(
        3,
        "",
        &format!("{behaviour}\nsales = \"one_off\""),
        "",
    ));
    let (_, m) = months(&one_off, 4);
    let sold: Vec<f64> = m.iter().map(|m| m.retail_units).collect();
    assert_eq!(sold, [2.0, 2.0, 2.0, 2.0]);
    let standing = scenario(&world_text(3, "", behaviour, ""));
    let (_, m) = months(&standing, 4);
    // Won in month 0, they buy from month 1 on, as customers.
    let sold: Vec<f64> = m.iter().map(|m| m.retail_units).collect();
    assert_eq!(sold, [0.0, 2.0, 2.0, 2.0]);
}

#[test]
fn a_month_whose_net_is_at_most_the_floor_ends_membership() {
    // A monthly fee of 10 and nothing else: the founder's every month nets -10.
    let text = |floor: f64| {
        world_text(
            10,
            "",
            "recruit_pitches = 0\njoin_probability = 0.0",
            &format!("month_profit_at_most = {floor:?}"),
        )
        .replace(
            "pv_per_unit = 10.0",
            "pv_per_unit = 10.0\nmonthly_fee = 10.0",
        )
    };
    let s = scenario(&text(-10.0));
    let (world, _) = months(&s, 3);
    assert_eq!(world.outcomes().quit_month[0], 0);
    let s = scenario(&text(-10.5));
    let (world, _) = months(&s, 3);
    assert_eq!(world.outcomes().quit_month[0], u32::MAX);
}

#[test]
fn referral_events_bring_capped_recruits_who_join_and_buy_at_once() {
    // Every month each member past its first month (delay 1) has an event with
    // min(Poisson(50), 3) = 3 recruits, who join at once and buy 2 units that month.
    // Members: 1, then 1 + 3 = 4, then 4 + 3 (founder) + 9 (month-1 recruits) = 16.
    let text = world_text(
        1000,
        "",
        "recruit_pitches = 0\njoin_probability = 0.0\nrecruit_delay = 1\n\
         join_timing = \"same_month\"\nown_order = { probability = 1.0, amount = 20.0 }\n\
         referral = { probability = 1.0, recruits = 50.0, max_recruits = 3 }",
        "",
    )
    .replace("pitch_counts = \"fixed\"\n", "");
    let s = scenario(&text);
    let (_, m) = months(&s, 3);
    assert_eq!(members_ever(&m), [1, 4, 16]);
    let ordered: Vec<f64> = m.iter().map(|m| m.units_ordered).collect();
    assert_eq!(ordered, [2.0, 8.0, 32.0]);
}

#[test]
fn own_orders_of_an_amount_buy_that_much_at_wholesale() {
    // Each month the founder orders 25 worth at a wholesale price of 10: 2.5 units.
    let text = world_text(
        10,
        "",
        "recruit_pitches = 0\njoin_probability = 0.0\n\
         own_order = { probability = 1.0, amount = 25.0 }",
        "",
    );
    let s = scenario(&text);
    let (world, m) = months(&s, 2);
    assert_eq!(m[0].units_ordered, 2.5);
    assert_eq!(m[1].revenue, 25.0);
    assert_eq!(world.outcomes().purchases[0], 50.0);
}

#[test]
fn quitters_who_keep_their_place_are_paid_on_their_downline() {
    // The founder pitches both others in month 0 and quits at once (the entry fee of 100
    // takes its month below -50); its two recruits join in month 1, order one unit (10
    // PV) each and pay the founder 50 % of 20. They too quit (entry fee).
    let text = |keep: bool| {
        world_text(
            3,
            "",
            "recruit_pitches = 2\njoin_probability = 1.0\nrecruit_delay = 0\n\
             own_order = { probability = 1.0, amount = 10.0 }",
            &format!("month_profit_at_most = -50.0\nkeep_position = {keep}"),
        )
        .replace(
            "pv_per_unit = 10.0",
            "pv_per_unit = 10.0\nentry_fee = 100.0",
        )
    };
    let s = scenario(&text(true));
    let (world, _) = months(&s, 3);
    let o = world.outcomes();
    assert_eq!(
        (o.quit_month[0], o.quit_month[1], o.quit_month[2]),
        (0, 1, 1)
    );
    assert_eq!(o.gross_pay[0], 10.0);
    // Without it, the founder's recruits roll up to nobody and nobody is paid.
    let s = scenario(&text(false));
    let (world, _) = months(&s, 3);
    assert_eq!(world.outcomes().gross_pay[0], 0.0);
}

#[test]
fn members_act_in_join_order_or_a_fresh_random_order() {
    // Two founders, one prospect, two pitches each: whoever acts first recruits it.
    let text = |order: &str| {
        world_text(
            3,
            "",
            &format!("recruit_pitches = 2\njoin_probability = 1.0\nrecruit_delay = 0\norder = \"{order}\""),
            "",
        )
        .replace("founders = 1", "founders = 2")
    };
    let recruiter = |order: &str, seed: u64| {
        let mut s = scenario(&text(order));
        s.simulation.seed = seed;
        let (world, _) = months(&s, 2);
        world.outcomes().sponsor[2]
    };
    for seed in 0..20 {
        assert_eq!(recruiter("join", seed), 0, "join order: the first founder");
    }
    // Random order: the second founder wins about half the time (200 seeds: 100 +- 21
    // at three standard deviations).
    let second = (0..200)
        .filter(|&seed| recruiter("random", seed) == 1)
        .count();
    assert!((79..=121).contains(&second), "{second} of 200");
}

#[test]
fn kinds_split_joiners_by_share_and_each_keeps_its_own_behaviour() {
    // Builders recruit 2 a month; discount buyers (70 % of joiners) recruit nobody and
    // their own orders are consumption, not a cost of the business.
    let text = world_text(
        BIG,
        "",
        "recruit_pitches = 2\njoin_probability = 1.0\nrecruit_delay = 0\n\
         own_order = { probability = 1.0, amount = 20.0 }\n\n\
         [[behaviour.kind]]\nname = \"discount buyer\"\nshare = 0.7\nrecruit_pitches = 0\n\
         consumption = true\n\n\
         [[behaviour.kind]]\nname = \"builder\"\nshare = 0.3",
        "",
    )
    .replace("[behaviour.quit]\n", "");
    let s = scenario(&text);
    assert_eq!(s.behaviour.kind_names(), ["discount buyer", "builder"]);
    // With `founder_kind`, the founders are all of that kind; others draw theirs.
    let founders = text.replace(
        "founders = 1\n",
        "founders = 40\nfounder_kind = \"builder\"\n",
    );
    let founders = scenario(&founders);
    let (world, _) = months(&founders, 2);
    let kinds = &world.outcomes().kind;
    assert!(kinds[..40].iter().all(|&k| k == 1));
    assert!(kinds[40..].contains(&0) && kinds.len() > 100);
    let (world, _) = months(&s, 12);
    let o = world.outcomes();
    let n = o.kind.len();
    assert!(n > 500, "{n} members");
    // Joiners after the founder: 70 % +- 3 standard deviations.
    let buyers = o.kind[1..].iter().filter(|&&k| k == 0).count() as f64 / (n - 1) as f64;
    let sd = (0.7 * 0.3 / (n - 1) as f64).sqrt();
    assert!((buyers - 0.7).abs() < 3.0 * sd, "{buyers}");
    for i in 0..n {
        if o.kind[i] == 0 {
            assert_eq!(o.recruits[i], 0, "a discount buyer recruited");
            // Their orders are consumption: no purchases, and net is minus nothing.
            assert_eq!(o.purchases[i], 0.0);
            assert_eq!(o.consumption[i], 20.0 * f64::from(12 - o.join_month[i]));
        } else {
            assert_eq!(o.consumption[i], 0.0);
            assert_eq!(o.purchases[i], 20.0 * f64::from(12 - o.join_month[i]));
        }
    }
}

#[test]
fn a_quitter_claims_the_buyback_with_its_claim_probability() {
    // Active at 100 PV and always buying to qualify: the founder's first order is 10
    // units (100) of stock; its month nets -100, at most -50, so it quits and may claim
    // half its stock's cost back.
    let text = |claim: f64| {
        world_text(
            10,
            "",
            "recruit_pitches = 0\njoin_probability = 0.0\nqualify_buying = 1.0",
            &format!("month_profit_at_most = -50.0\nbuyback = 0.5\nbuyback_claim = {claim:?}"),
        )
        .replace("[plan]\nname", "[plan]\nactive_pv = 100\nname")
    };
    for (claim, refund) in [(1.0, 50.0), (0.0, 0.0)] {
        let s = scenario(&text(claim));
        let (world, m) = months(&s, 1);
        assert_eq!(m[0].refunds, refund, "claim {claim}");
        assert_eq!(m[0].revenue, 100.0 - refund);
        assert_eq!(world.outcomes().purchases[0], 100.0 - refund);
    }
}

#[test]
fn the_world_books_month_results_ranks_and_the_disclosure_year() {
    // The founder recruits the other three in month 0; from month 1 all four order one
    // unit (10, 10 PV) a month. The founder's group volume is then 40: it is a Leader
    // (rank 1) and is paid 50 % of its recruits' 30 PV, 15 a month: a month net of +5,
    // while each recruit nets -10.
    let text = world_text(
        4,
        "",
        "recruit_pitches = 3\njoin_probability = 1.0\nrecruit_delay = 0\n\
         own_order = { probability = 1.0, amount = 10.0 }",
        "",
    )
    .replace("months = 6", "months = 12\ndisclosure_year = 1")
    .replace(
        "[[plan.bonus]]",
        "[[plan.rank]]\nname = \"Leader\"\ngv = 40\n\n[[plan.bonus]]",
    );
    let s = scenario(&text);
    let record = World::new(&s, 0).run();
    let m = &record.months;
    assert_eq!((m[0].profitable, m[0].paid_members), (0, 0));
    assert_eq!(m[0].median_month_net, -10.0);
    for month in &m[1..] {
        assert_eq!(
            (month.active, month.profitable, month.paid_members),
            (4, 1, 1)
        );
        assert_eq!(month.month_net_total, 5.0 - 30.0);
        assert_eq!(month.median_month_net, -10.0);
    }
    // The founder first held Leader one month after joining; Leaders were paid 15 in
    // each of 11 member-months, the rest nothing in 1 + 3 x 11.
    assert_eq!(record.months_to_rank, [vec![1]]);
    assert_eq!(record.rank_month_pay, [(0.0, 34), (165.0, 11)]);
    let o = &record.members;
    assert_eq!(o.disclosure_rank_last, [1, 0, 0, 0]);
    assert_eq!(o.disclosure_rank_max, [1, 0, 0, 0]);
    assert_eq!(o.disclosure_bought, [true; 4]);
    assert_eq!(o.disclosure_pay, [165.0, 0.0, 0.0, 0.0]);
}
