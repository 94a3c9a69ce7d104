//! `[behaviour]`: what members do, validated.
//!
//! Most keys are drawn per member at joining (a number, or a distribution table). A
//! scenario may split joiners into kinds (`[[behaviour.kind]]`, e.g. discount buyers and
//! business builders): each kind is a share of joiners and sets any of the per-member
//! keys, inheriting the rest from `[behaviour]`. Market-wide keys (how customers buy,
//! how pitches are counted and ordered, when recruits join) hold for every kind. Without
//! kinds, every member is of one kind with `[behaviour]`'s values, as before kinds
//! existed.
//!
//! Mechanics that published models need and that default to today's rules:
//! `recruit_delay`, `pitch_counts = "fixed"`, combined `contacts`, `sales = "one_off"`,
//! `order = "random"`, `join_timing = "same_month"`, `referral` events, `own_order`
//! amounts, and in `[behaviour.quit]` `month_profit_at_most`, `buyback_claim` and
//! `keep_position` (see README's scenario reference).

use super::distribution::{MAX_COUNT, Meaning, Quantity};
use crate::input_error::{ConfigError, KeyPath, decode, quoted_list};
use serde::Deserialize;

/// `[behaviour]`, validated.
#[derive(Clone, Debug)]
pub struct Behaviour {
    /// Recruiting pitches per month (per member).
    pub recruit_pitches: Quantity,
    /// Chance that a pitched free prospect joins (per recruiter).
    pub join_probability: Quantity,
    /// Sales pitches per month (per member).
    pub sales_pitches: Quantity,
    /// Chance that a pitched free person buys (per seller).
    pub buy_probability: Quantity,
    /// Combined pitches per month, each a chance to sell and, independently, to recruit;
    /// when set, it replaces `sales_pitches` and `recruit_pitches` (per member).
    pub contacts: Option<Quantity>,
    /// Referral events instead of recruiting pitches.
    pub referral: Option<Referral>,
    /// Units a customer buys in a month (drawn per customer and month).
    pub customer_units: Quantity,
    /// Monthly chance a customer stops buying (drawn per customer).
    pub customer_churn: Quantity,
    /// Units ordered for own use per month (Poisson mean, per member).
    pub own_units: Quantity,
    /// Own orders as amounts of money instead of `own_units`.
    pub own_order: Option<OwnOrder>,
    /// Chance to top up an order to stay active or keep last month's rank (per member).
    pub qualify_buying: Quantity,
    /// Hours worked per month (per member).
    pub hours_per_month: Quantity,
    /// Out-of-pocket business expenses per month (per member).
    pub expenses_per_month: Quantity,
    /// Share of the way a recruit's efforts move from their own draw toward their sponsor's.
    pub mentoring: f64,
    /// Months after joining before a member's first recruiting (0: in the joining month).
    pub recruit_delay: u32,
    /// Whether product used oneself is consumption (bought for its own sake) rather than
    /// a cost of the business: left out of `purchases` and `net`.
    pub consumption: bool,
    /// How pitch counts are drawn each month.
    pub pitch_counts: PitchCounts,
    /// What a won sale is.
    pub sales: Sales,
    /// The order in which members act in a month.
    pub order: Order,
    /// When a recruit becomes a member.
    pub join_timing: JoinTiming,
    pub quit: Quit,
    /// Kinds of members with their shares; empty: one kind, these values.
    pub kinds: Vec<MemberKind>,
}

/// `[behaviour.quit]`.
#[derive(Clone, Debug)]
pub struct Quit {
    /// Monthly chance to quit whatever the results (per member).
    pub base: Quantity,
    /// Perceived loss at which quitting is certain (per member).
    pub loss_tolerance: Quantity,
    /// Exponent of loss pressure: `(loss / tolerance) ^ loss_power`.
    pub loss_power: f64,
    /// Share of the cost of product used oneself that does not feel like a loss.
    pub own_use_value: f64,
    /// Extra chance to quit in the month after one's enroller quit (per member).
    pub contagion: Quantity,
    /// Share of unsold inventory cost refunded on quitting.
    pub buyback: f64,
    /// Chance that a quitter claims the refund at all.
    pub buyback_claim: f64,
    /// Quit for certain at the end of a month whose net is at most this.
    pub month_profit_at_most: Option<f64>,
    /// Quitters keep their place in the tree and keep being paid on their downline.
    pub keep_position: bool,
}

/// Referral events: each month, with `probability`, a member brings in `min(Poisson(recruits),
/// max_recruits)` recruits at once, without pitching.
#[derive(Clone, Debug, PartialEq)]
pub struct Referral {
    pub probability: f64,
    /// Poisson mean of recruits per event.
    pub recruits: f64,
    /// The most recruits per event (`None`: no cap).
    pub max_recruits: Option<u32>,
}

/// Own orders as money: each month, with `probability`, a member orders product worth
/// `amount` (drawn per order) at the wholesale price.
#[derive(Clone, Debug)]
pub struct OwnOrder {
    pub probability: f64,
    pub amount: Quantity,
}

/// How a month's pitch count is drawn from a member's mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PitchCounts {
    /// A Poisson count around the member's mean.
    Poisson,
    /// Exactly the member's mean, rounded to whole pitches; the people pitched in a month
    /// are all different.
    Fixed,
}

/// What a won sale is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Sales {
    /// A standing customer who buys every month until churning.
    Customers,
    /// A one-off sale paid in the month of the pitch; the buyer is a prospect again.
    OneOff,
}

/// The order in which members act (sell, recruit) in a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Join order.
    Join,
    /// A fresh random order every month (drawn from the run's generator).
    Random,
}

/// When a recruit becomes a member.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JoinTiming {
    /// At the start of the next month.
    NextMonth,
    /// At once: recruiting comes before buying, and recruits buy in that month.
    SameMonth,
}

/// A kind of member: a share of joiners with its own behaviour.
#[derive(Clone, Debug)]
pub struct MemberKind {
    pub name: String,
    pub share: f64,
    /// `[behaviour]` with this kind's keys set (its `kinds` is empty).
    pub behaviour: Behaviour,
}

/// `[behaviour]` as written (the per-member keys of a kind table too).
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawBehaviour {
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    recruit_pitches: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    join_probability: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    sales_pitches: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    buy_probability: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    contacts: Option<toml::Value>,
    referral: Option<RawReferral>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    customer_units: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    customer_churn: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    own_units: Option<toml::Value>,
    own_order: Option<RawOwnOrder>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    qualify_buying: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    hours_per_month: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    expenses_per_month: Option<toml::Value>,
    mentoring: Option<f64>,
    recruit_delay: Option<u32>,
    consumption: Option<bool>,
    pitch_counts: Option<PitchCounts>,
    sales: Option<Sales>,
    order: Option<Order>,
    join_timing: Option<JoinTiming>,
    #[serde(default)]
    quit: RawQuit,
    // The kinds, and a kind's name and share: read from the table by `from_toml`.
    #[serde(rename = "kind")]
    #[serde(default)]
    #[schemars(schema_with = "super::schema::kinds")]
    _kind: Option<toml::Value>,
    #[serde(rename = "name")]
    #[serde(default)]
    #[schemars(schema_with = "super::schema::name")]
    _name: Option<toml::Value>,
    #[serde(rename = "share")]
    #[serde(default)]
    #[schemars(schema_with = "super::schema::share")]
    _share: Option<toml::Value>,
}

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawQuit {
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    base: Option<toml::Value>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    loss_tolerance: Option<toml::Value>,
    loss_power: Option<f64>,
    own_use_value: Option<f64>,
    #[serde(default)]
    #[schemars(schema_with = "super::schema::quantity")]
    contagion: Option<toml::Value>,
    buyback: Option<f64>,
    buyback_claim: Option<f64>,
    month_profit_at_most: Option<f64>,
    keep_position: Option<bool>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawReferral {
    probability: f64,
    recruits: f64,
    max_recruits: Option<u32>,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOwnOrder {
    probability: f64,
    #[schemars(schema_with = "super::schema::quantity")]
    amount: toml::Value,
}

/// The JSON Schema of `[behaviour]` (`downline schema`).
pub fn schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    generator.subschema_for::<RawBehaviour>()
}

/// Keys that hold for the whole market, not per member: a kind may not set them.
const MARKET_WIDE: [&str; 8] = [
    "customer_units",
    "customer_churn",
    "mentoring",
    "pitch_counts",
    "sales",
    "order",
    "join_timing",
    "kind",
];

/// Slack for shares that must add up to 1.
const SHARE_SLACK: f64 = 1e-9;

/// A kind's `share` that takes what the other kinds leave (`1 - Σ others`).
const REST: &str = "rest";

/// Validates the `[behaviour]` table.
pub fn from_toml(value: toml::Value) -> Result<Behaviour, ConfigError> {
    let at = KeyPath::root().key("behaviour");
    let Some(table) = value.as_table() else {
        return Err(ConfigError::value(
            at,
            "a table ([behaviour])",
            "another value",
        ));
    };
    let table = table.clone();
    let raw: RawBehaviour = decode(toml::Value::Table(table.clone()), &at)?;
    for key in ["name", "share"] {
        if table.contains_key(key) {
            return Err(ConfigError::unknown_key(at.key(key), &[])
                .with_help(format!("`{key}` belongs in a `[[behaviour.kind]]` table")));
        }
    }
    let mut behaviour = validate(raw, &at)?;
    if let Some(kinds) = table.get("kind") {
        behaviour.kinds = kinds_of(&table, kinds, &at.key("kind"))?;
    }
    Ok(behaviour)
}

/// The kinds of `[[behaviour.kind]]`, each `[behaviour]` with its own keys set.
fn kinds_of(
    base: &toml::Table,
    kinds: &toml::Value,
    at: &KeyPath,
) -> Result<Vec<MemberKind>, ConfigError> {
    let Some(list) = kinds.as_array() else {
        return Err(ConfigError::value(
            at.clone(),
            "a list of kind tables (`[[behaviour.kind]]`)",
            "another value",
        )
        .with_help("write `[[behaviour.kind]]` with double brackets, once per kind"));
    };
    let mut base = base.clone();
    base.remove("kind");
    let mut kinds: Vec<MemberKind> = Vec::with_capacity(list.len());
    let mut rest: Option<usize> = None;
    for (k, value) in list.iter().enumerate() {
        let index = k;
        let at = at.index(k);
        let Some(table) = value.as_table() else {
            return Err(ConfigError::value(at, "a kind table", "another value"));
        };
        for key in MARKET_WIDE {
            if table.contains_key(key) {
                return Err(ConfigError::value(
                    at.key(key),
                    "a key a member kind may set (not a market-wide one)",
                    format!("the market-wide key `{key}`"),
                )
                .with_help(format!(
                    "{} hold for every member: set them in [behaviour]",
                    quoted_list(&MARKET_WIDE[..7])
                )));
            }
        }
        if let Some(toml::Value::Table(quit)) = table.get("quit") {
            if quit.contains_key("keep_position") {
                return Err(ConfigError::value(
                    at.key("quit").key("keep_position"),
                    "a key a member kind may set (not a market-wide one)",
                    "the market-wide key `keep_position`",
                )
                .with_help("set it in [behaviour.quit]"));
            }
        }
        let name = match table.get("name") {
            Some(toml::Value::String(name)) if !name.trim().is_empty() => name.clone(),
            Some(_) => {
                return Err(ConfigError::value(
                    at.key("name"),
                    "a non-empty name",
                    "another value",
                ));
            }
            None => return Err(ConfigError::missing(at, "name")),
        };
        if kinds.iter().any(|kind| kind.name == name) {
            return Err(ConfigError::value(
                at.key("name"),
                "a name no other kind has",
                format!("`{name}` a second time"),
            ));
        }
        let share = match table.get("share") {
            Some(toml::Value::Float(x)) => *x,
            Some(toml::Value::Integer(i)) => *i as f64,
            Some(toml::Value::String(word)) if word == REST => {
                if let Some(first) = rest {
                    return Err(ConfigError::value(
                        at.key("share"),
                        "a number (only one kind can take the rest)",
                        format!("\"{REST}\" a second time (kind[{first}] takes it)"),
                    ));
                }
                rest = Some(index);
                f64::NAN
            }
            Some(_) => {
                return Err(ConfigError::value(
                    at.key("share"),
                    "a share of joiners, or \"rest\"",
                    "another value",
                )
                .with_help(
                    "write a number such as 0.3, or share = \"rest\" for the one kind that \
                     takes what the others leave",
                ));
            }
            None => return Err(ConfigError::missing(at, "share")),
        };
        let valid = share > 0.0 && share <= 1.0;
        if !share.is_nan() && !valid {
            return Err(ConfigError::value(
                at.key("share"),
                "a share of joiners greater than 0 and at most 1",
                share,
            ));
        }
        let mut merged = base.clone();
        for (key, value) in table {
            match (key.as_str(), value, merged.get_mut("quit")) {
                ("name" | "share", _, _) => {}
                ("quit", toml::Value::Table(quit), Some(toml::Value::Table(inherited))) => {
                    for (k, v) in quit {
                        inherited.insert(k.clone(), v.clone());
                    }
                }
                _ => {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        let raw: RawBehaviour = decode(toml::Value::Table(merged), &at)?;
        let behaviour = validate(raw, &at)?;
        kinds.push(MemberKind {
            name,
            share,
            behaviour,
        });
    }
    if let Some(index) = rest {
        let others: f64 = (kinds.iter().enumerate())
            .filter(|(k, _)| *k != index)
            .map(|(_, kind)| kind.share)
            .sum();
        let left = 1.0 - others;
        if left.is_nan() || left <= SHARE_SLACK {
            return Err(ConfigError::value(
                at.index(index).key("share"),
                "a share left by the other kinds (theirs adding up to less than 1)",
                format!("nothing left: the other kinds' shares add up to {others}"),
            ));
        }
        kinds[index].share = left;
    }
    let total: f64 = kinds.iter().map(|k| k.share).sum();
    if (total - 1.0).abs() > SHARE_SLACK {
        let shares: Vec<String> = kinds
            .iter()
            .map(|k| format!("{} {}", k.name, k.share))
            .collect();
        return Err(ConfigError::value(
            at.clone(),
            "kinds whose shares add up to 1",
            format!("shares adding up to {total} ({})", shares.join(", ")),
        ));
    }
    Ok(kinds)
}

fn probability(value: Option<f64>, path: KeyPath, default: f64) -> Result<f64, ConfigError> {
    let value = value.unwrap_or(default);
    if (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(ConfigError::value(
            path,
            "a probability between 0 and 1",
            value,
        ))
    }
}

fn quantity(
    value: Option<toml::Value>,
    path: KeyPath,
    meaning: Meaning,
    default: f64,
) -> Result<Quantity, ConfigError> {
    match value {
        Some(value) => Quantity::from_toml(&value, &path, meaning),
        None => Ok(Quantity::Fixed(default)),
    }
}

/// Validates a raw behaviour at `at` (`behaviour`, or a kind with `[behaviour]`'s keys
/// merged in).
fn validate(raw: RawBehaviour, at: &KeyPath) -> Result<Behaviour, ConfigError> {
    use Meaning::{Amount, Count, Probability};
    let q = |value, key: &str, meaning, default| quantity(value, at.key(key), meaning, default);
    let required = |value: Option<toml::Value>, key: &str| {
        value.ok_or_else(|| ConfigError::missing(at.clone(), key))
    };
    let recruit_pitches = required(raw.recruit_pitches, "recruit_pitches")?;
    let join_probability = required(raw.join_probability, "join_probability")?;
    let referral = match raw.referral {
        None => None,
        Some(r) => {
            let at = at.key("referral");
            if !(0.0..=MAX_COUNT).contains(&r.recruits) {
                return Err(ConfigError::value(
                    at.key("recruits"),
                    "a Poisson mean of recruits per event, from 0 to 10,000",
                    r.recruits,
                ));
            }
            if r.max_recruits == Some(0) {
                return Err(ConfigError::value(
                    at.key("max_recruits"),
                    "at least 1 recruit",
                    0,
                ));
            }
            Some(Referral {
                probability: probability(Some(r.probability), at.key("probability"), 0.0)?,
                recruits: r.recruits,
                max_recruits: r.max_recruits,
            })
        }
    };
    let own_order = match raw.own_order {
        None => None,
        Some(o) => {
            let at = at.key("own_order");
            Some(OwnOrder {
                probability: probability(Some(o.probability), at.key("probability"), 0.0)?,
                amount: Quantity::from_toml(&o.amount, &at.key("amount"), Amount)?,
            })
        }
    };
    if own_order.is_some() && raw.own_units.is_some() {
        return Err(ConfigError::value(
            at.key("own_units"),
            "either `own_units` or `own_order`, not both",
            "both",
        ));
    }
    let recruit_delay = raw.recruit_delay.unwrap_or(1);
    if recruit_delay > 1200 {
        return Err(ConfigError::value(
            at.key("recruit_delay"),
            "months from 0 to 1200",
            recruit_delay,
        ));
    }
    Ok(Behaviour {
        recruit_pitches: Quantity::from_toml(&recruit_pitches, &at.key("recruit_pitches"), Count)?,
        join_probability: Quantity::from_toml(
            &join_probability,
            &at.key("join_probability"),
            Probability,
        )?,
        sales_pitches: q(raw.sales_pitches, "sales_pitches", Count, 0.0)?,
        buy_probability: q(raw.buy_probability, "buy_probability", Probability, 0.0)?,
        contacts: match raw.contacts {
            Some(value) => Some(Quantity::from_toml(&value, &at.key("contacts"), Count)?),
            None => None,
        },
        referral,
        customer_units: q(raw.customer_units, "customer_units", Count, 1.0)?,
        customer_churn: q(raw.customer_churn, "customer_churn", Probability, 0.1)?,
        own_units: q(raw.own_units, "own_units", Count, 0.0)?,
        own_order,
        qualify_buying: q(raw.qualify_buying, "qualify_buying", Probability, 0.0)?,
        hours_per_month: q(raw.hours_per_month, "hours_per_month", Amount, 0.0)?,
        expenses_per_month: q(raw.expenses_per_month, "expenses_per_month", Amount, 0.0)?,
        mentoring: probability(raw.mentoring, at.key("mentoring"), 0.0)?,
        recruit_delay,
        consumption: raw.consumption.unwrap_or(false),
        pitch_counts: raw.pitch_counts.unwrap_or(PitchCounts::Poisson),
        sales: raw.sales.unwrap_or(Sales::Customers),
        order: raw.order.unwrap_or(Order::Join),
        join_timing: raw.join_timing.unwrap_or(JoinTiming::NextMonth),
        quit: quit(raw.quit, &at.key("quit"))?,
        kinds: Vec::new(),
    })
}

fn quit(raw: RawQuit, at: &KeyPath) -> Result<Quit, ConfigError> {
    use Meaning::{AmountOrInfinite, Probability};
    let loss_power = raw.loss_power.unwrap_or(2.0);
    if !(loss_power.is_finite() && loss_power > 0.0) {
        return Err(ConfigError::value(
            at.key("loss_power"),
            "a number greater than 0",
            loss_power,
        ));
    }
    if let Some(x) = raw.month_profit_at_most {
        if !x.is_finite() {
            return Err(ConfigError::value(
                at.key("month_profit_at_most"),
                "an amount of money (a finite number)",
                x,
            ));
        }
    }
    Ok(Quit {
        base: quantity(raw.base, at.key("base"), Probability, 0.0)?,
        loss_tolerance: quantity(
            raw.loss_tolerance,
            at.key("loss_tolerance"),
            AmountOrInfinite,
            f64::INFINITY,
        )?,
        loss_power,
        own_use_value: probability(raw.own_use_value, at.key("own_use_value"), 1.0)?,
        contagion: quantity(raw.contagion, at.key("contagion"), Probability, 0.0)?,
        buyback: probability(raw.buyback, at.key("buyback"), 0.0)?,
        buyback_claim: probability(raw.buyback_claim, at.key("buyback_claim"), 1.0)?,
        month_profit_at_most: raw.month_profit_at_most,
        keep_position: raw.keep_position.unwrap_or(false),
    })
}

impl Behaviour {
    /// The member kinds: the scenario's, or this behaviour as the one kind.
    pub fn kind_count(&self) -> usize {
        self.kinds.len().max(1)
    }

    /// Whether any member's own use is consumption (`consumption = true` in
    /// `[behaviour]` or a kind).
    pub fn has_consumption(&self) -> bool {
        self.consumption || self.kinds.iter().any(|k| k.behaviour.consumption)
    }

    /// The behaviour of kind `k` (0 when there are no kinds).
    pub fn of_kind(&self, k: usize) -> &Behaviour {
        self.kinds.get(k).map_or(self, |kind| &kind.behaviour)
    }

    /// The kinds' names, or none when there are no kinds.
    pub fn kind_names(&self) -> Vec<String> {
        self.kinds.iter().map(|k| k.name.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validated(extra: &str) -> Result<Behaviour, ConfigError> {
        let text = format!("recruit_pitches = 1.0\njoin_probability = 0.2\n{extra}");
        from_toml(toml::Value::Table(toml::from_str(&text).expect("TOML")))
    }

    fn error(extra: &str) -> ConfigError {
        validated(extra).expect_err("refused")
    }

    #[test]
    fn kinds_inherit_what_they_do_not_set() {
        let b = validated(
            "sales_pitches = 3.0\n[quit]\nbase = 0.05\nloss_power = 3.0\n\
             [[kind]]\nname = \"a\"\nshare = 0.25\nrecruit_pitches = 0.0\nquit = { base = 0.01 }\n\
             [[kind]]\nname = \"b\"\nshare = 0.75",
        )
        .expect("valid");
        assert_eq!(b.kind_count(), 2);
        let a = b.of_kind(0);
        assert_eq!(a.recruit_pitches.fixed(), Some(0.0));
        assert_eq!(a.sales_pitches.fixed(), Some(3.0));
        assert_eq!((a.quit.base.fixed(), a.quit.loss_power), (Some(0.01), 3.0));
        assert_eq!(b.of_kind(1).recruit_pitches.fixed(), Some(1.0));
        // One kind may take the rest: 1 - 0.25 - 0.15.
        let b = validated(
            "[[kind]]\nname = \"a\"\nshare = 0.25\n[[kind]]\nname = \"b\"\nshare = \"rest\"\n\
             [[kind]]\nname = \"c\"\nshare = 0.15",
        )
        .expect("valid");
        let shares: Vec<f64> = b.kinds.iter().map(|k| k.share).collect();
        assert_eq!(shares, [0.25, 1.0 - 0.25 - 0.15, 0.15]);
        // Without kinds there is one: the behaviour itself.
        let one = validated("").expect("valid");
        assert_eq!(one.kind_count(), 1);
        assert!(one.kind_names().is_empty());
    }

    #[test]
    fn bad_kinds_and_mechanics_are_refused_at_their_keys() {
        let e = error("[[kind]]\nname = \"a\"\nshare = 0.5\n[[kind]]\nname = \"b\"\nshare = 0.4");
        assert_eq!(e.path.to_string(), "behaviour.kind");
        assert!(e.found.contains("0.9"), "{e}");
        let e = error("[[kind]]\nname = \"a\"\nshare = 1.0\norder = \"random\"");
        assert_eq!(e.path.to_string(), "behaviour.kind[0].order");
        let e = error("[[kind]]\nname = \"a\"\nshare = 1.0\nquit = { keep_position = true }");
        assert_eq!(e.path.to_string(), "behaviour.kind[0].quit.keep_position");
        let e = error("[[kind]]\nname = \"a\"\nshare = 0.5\n[[kind]]\nname = \"a\"\nshare = 0.5");
        assert_eq!(e.path.to_string(), "behaviour.kind[1].name");
        let e = error(
            "[[kind]]\nname = \"a\"\nshare = \"rest\"\n[[kind]]\nname = \"b\"\nshare = \"rest\"",
        );
        assert_eq!(e.path.to_string(), "behaviour.kind[1].share");
        assert!(e.found.contains("kind[0] takes it"), "{e}");
        let e =
            error("[[kind]]\nname = \"a\"\nshare = \"rest\"\n[[kind]]\nname = \"b\"\nshare = 1.0");
        assert_eq!(e.path.to_string(), "behaviour.kind[0].share");
        assert!(e.found.contains("add up to 1"), "{e}");
        let e = error("[[kind]]\nname = \"a\"\nshare = \"all\"");
        assert!(e.help.as_deref().is_some_and(|h| h.contains("rest")), "{e}");
        let e = error("[[kind]]\nshare = 1.0");
        assert_eq!(e.path.to_string(), "behaviour.kind[0]");
        let e = error("[[kind]]\nname = \"a\"\nshare = 1.0\nbuy_probability = 2.0");
        assert_eq!(e.path.to_string(), "behaviour.kind[0].buy_probability");
        let e = error("pitch_counts = \"fixd\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `fixed`?"));
        let e = error("own_units = 1.0\nown_order = { probability = 0.5, amount = 10.0 }");
        assert_eq!(e.path.to_string(), "behaviour.own_units");
        let e = error("referral = { probability = 0.1, recruits = 2.0, max_recruits = 0 }");
        assert_eq!(e.path.to_string(), "behaviour.referral.max_recruits");
        let e = error("[quit]\nbuyback_claim = 1.5");
        assert_eq!(e.path.to_string(), "behaviour.quit.buyback_claim");
        let e = error("name = \"x\"");
        assert_eq!(e.path.to_string(), "behaviour.name");
    }
}
