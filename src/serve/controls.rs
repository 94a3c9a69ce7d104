//! The inputs the class page offers for a plan, and how the values set on the page
//! become values written into the plan's scenario file.
//!
//! Each input is one key of the file (two for the share of a kind), so that what the
//! page runs is the file with the values written in, validated by the scenario's own
//! checks, and can be downloaded and run again with `downline run`:
//!
//! | input | key |
//! |---|---|
//! | entry fee | `product.entry_fee` |
//! | monthly fee | `product.monthly_fee` |
//! | join probability | `behaviour.join_probability` (when it is one number) |
//! | recruiting effort | `recruit_pitches` of the members who recruit most (below) |
//! | share of the first kind | `behaviour.kind[0].share`, and `behaviour.kind[1].share` = 1 − x (two kinds only) |
//! | market size | `market.population` |
//! | months | `simulation.months` (and `simulation.disclosure_year`, below) |
//!
//! **Recruiting effort** is the typical number of recruiting pitches a month: the
//! median of `recruit_pitches` where it is a lognormal, or its value where it is one
//! number. Without member kinds it is `[behaviour]`'s. With kinds it is that of the kind
//! whose typical effort is highest (the business builders of `scenarios/default.toml`;
//! the first such kind on a tie), written in that kind's table when the kind sets
//! `recruit_pitches` itself, else in `[behaviour]`'s (which the kinds that do not set
//! their own share). A plan whose recruiting comes from `contacts` or `referral`, or
//! whose effort is another distribution, offers no such input.
//!
//! **Months** shorter than the file's disclosure year move `simulation.disclosure_year`
//! to the last full year, as `downline run --months` does; the page offers 12 months or
//! more.

use crate::scenario::distribution::Quantity;
use crate::scenario::{Behaviour, Scenario};
use serde::Serialize;

/// One input of the page.
#[derive(Clone, Debug, Serialize)]
pub struct Control {
    /// The setting's name in requests (`entry_fee`).
    pub name: &'static str,
    /// What the page calls it.
    pub label: String,
    /// Whether this plan lets the page set it.
    pub available: bool,
    /// The file's value (0 where unavailable).
    pub value: f64,
    /// The slider's lowest value.
    pub min: f64,
    /// The slider's highest value.
    pub max: f64,
    /// The slider's step.
    pub step: f64,
    /// Which key it sets, or why the page cannot set it.
    pub note: String,
    #[serde(skip)]
    write: Write,
}

/// How a value set on the page is written into the file.
#[derive(Clone, Debug, PartialEq)]
enum Write {
    /// A number at a key.
    Number(String),
    /// A whole number at a key (a number with a fraction is written as it is, for the
    /// scenario's validation to refuse).
    Whole(String),
    /// `x` at the first key and `1 - x` at the second.
    Shares(String, String),
    /// `simulation.months`, and the disclosure year moved within a shorter run.
    Months { disclosure_year: Option<u32> },
    /// Nothing: this plan does not offer the input.
    Unavailable,
}

/// The inputs of `scenario` (validated from `table`, the file as parsed), in the page's
/// order.
pub fn controls(scenario: &Scenario, table: &toml::Table) -> Vec<Control> {
    let product = &scenario.product;
    vec![
        number(
            "entry_fee",
            "Entry fee ($, once)",
            "product.entry_fee",
            product.entry_fee,
            (0.0, 1000.0, 1.0),
            "paid once on joining",
        ),
        number(
            "monthly_fee",
            "Monthly fee ($)",
            "product.monthly_fee",
            product.monthly_fee,
            (0.0, 200.0, 1.0),
            "paid every month as a member",
        ),
        join_probability(&scenario.behaviour, table),
        recruit_effort(&scenario.behaviour, table),
        kind_share(&scenario.behaviour),
        Control {
            write: Write::Whole("market.population".into()),
            ..number(
                "population",
                "Market size (people)",
                "market.population",
                f64::from(scenario.market.population),
                (100.0, 200_000.0, 100.0),
                "everyone the business can ever reach",
            )
        },
        months(scenario, table),
    ]
}

/// A number at `key`, on a slider from `low` to `high` (or twice the file's value, if
/// higher).
fn number(
    name: &'static str,
    label: &str,
    key: &str,
    value: f64,
    (low, high, step): (f64, f64, f64),
    what: &str,
) -> Control {
    Control {
        name,
        label: label.to_string(),
        available: true,
        value,
        min: low.min(value),
        max: high.max(2.0 * value),
        step,
        note: format!("Sets {key}: {what}."),
        write: Write::Number(key.to_string()),
    }
}

/// An input this plan does not offer, and why.
fn unavailable(name: &'static str, label: &str, why: String) -> Control {
    Control {
        name,
        label: label.to_string(),
        available: false,
        value: 0.0,
        min: 0.0,
        max: 1.0,
        step: 1.0,
        note: why,
        write: Write::Unavailable,
    }
}

/// The `[[behaviour.kind]]` tables of the file, as parsed.
fn kind_tables(table: &toml::Table) -> Vec<&toml::Table> {
    table
        .get("behaviour")
        .and_then(|b| b.get("kind"))
        .and_then(|k| k.as_array())
        .map(|kinds| kinds.iter().filter_map(|k| k.as_table()).collect())
        .unwrap_or_default()
}

fn join_probability(behaviour: &Behaviour, table: &toml::Table) -> Control {
    const LABEL: &str = "Join probability";
    let Quantity::Fixed(value) = behaviour.join_probability else {
        return unavailable(
            "join_probability",
            LABEL,
            "Not offered: this plan draws behaviour.join_probability from a distribution.".into(),
        );
    };
    let mut control = number(
        "join_probability",
        LABEL,
        "behaviour.join_probability",
        value,
        (0.0, 1.0, 0.01),
        "the chance that a person who is pitched signs up",
    );
    control.max = 1.0;
    let own: Vec<String> = kind_tables(table)
        .iter()
        .zip(&behaviour.kinds)
        .filter(|(t, _)| t.contains_key("join_probability"))
        .map(|(_, k)| format!("\u{201c}{}\u{201d}", k.name))
        .collect();
    if !own.is_empty() {
        control.note = format!(
            "{} The kinds {} keep their own.",
            control.note,
            own.join(", ")
        );
    }
    control
}

/// Typical recruiting pitches a month: a fixed value, or a lognormal's median.
fn typical_effort(quantity: &Quantity) -> Option<f64> {
    match quantity {
        Quantity::Fixed(value) => Some(*value),
        Quantity::LogNormal { median, .. } => Some(*median),
        _ => None,
    }
}

fn recruit_effort(behaviour: &Behaviour, table: &toml::Table) -> Control {
    const NAME: &str = "recruit_effort";
    const LABEL: &str = "Recruiting effort (pitches a month)";
    if behaviour.contacts.is_some() {
        return unavailable(
            NAME,
            LABEL,
            "Not offered: this plan recruits through behaviour.contacts (pitches that both \
             sell and recruit)."
                .into(),
        );
    }
    if behaviour.referral.is_some() {
        return unavailable(
            NAME,
            LABEL,
            "Not offered: this plan recruits by referral events (behaviour.referral).".into(),
        );
    }
    let kinds = kind_tables(table);
    // The kind that recruits most, and whether its table sets its own effort.
    let chosen = behaviour
        .kinds
        .iter()
        .enumerate()
        .filter_map(|(i, kind)| Some((i, typical_effort(&kind.behaviour.recruit_pitches)?)))
        .fold(None::<(usize, f64)>, |best, (i, effort)| match best {
            Some((_, most)) if effort <= most => best,
            _ => Some((i, effort)),
        })
        .map(|(i, _)| i);
    let (quantity, key, whose) = match chosen {
        None if !behaviour.kinds.is_empty() => {
            return unavailable(
                NAME,
                LABEL,
                "Not offered: every kind draws recruit_pitches from a distribution other than \
                 a lognormal."
                    .into(),
            );
        }
        None => (
            &behaviour.recruit_pitches,
            "behaviour.recruit_pitches".to_string(),
            "every member".to_string(),
        ),
        Some(i) => {
            let kind = &behaviour.kinds[i];
            let own = kinds
                .get(i)
                .is_some_and(|t| t.contains_key("recruit_pitches"));
            let key = if own {
                format!("behaviour.kind[{i}].recruit_pitches")
            } else {
                "behaviour.recruit_pitches".to_string()
            };
            let whose = format!(
                "members of the kind \u{201c}{}\u{201d}, the kind that recruits most",
                kind.name
            );
            (&kind.behaviour.recruit_pitches, key, whose)
        }
    };
    let (key, value, what) = match quantity {
        Quantity::Fixed(value) => (key, *value, "pitches a month"),
        Quantity::LogNormal { median, .. } => (
            format!("{key}.median"),
            *median,
            "the median of pitches a month",
        ),
        _ => {
            return unavailable(
                NAME,
                LABEL,
                format!(
                    "Not offered: {key} is a distribution other than a lognormal in this plan."
                ),
            );
        }
    };
    number(
        NAME,
        LABEL,
        &key,
        value,
        (0.0, 10.0, 0.05),
        &format!("{what} of {whose}"),
    )
}

fn kind_share(behaviour: &Behaviour) -> Control {
    const NAME: &str = "discount_share";
    match behaviour.kinds.as_slice() {
        [first, second] => Control {
            name: NAME,
            label: format!("Share of joiners who are \u{201c}{}\u{201d}", first.name),
            available: true,
            value: first.share,
            min: first.share.min(0.01),
            max: first.share.max(0.99),
            step: 0.01,
            note: format!(
                "Sets behaviour.kind[0].share, and behaviour.kind[1].share (\u{201c}{}\u{201d}) \
                 to the rest.",
                second.name
            ),
            write: Write::Shares(
                "behaviour.kind[0].share".into(),
                "behaviour.kind[1].share".into(),
            ),
        },
        [] => unavailable(
            NAME,
            "Share of discount buyers",
            "Not offered: every member of this plan behaves alike (no [[behaviour.kind]]).".into(),
        ),
        kinds => unavailable(
            NAME,
            "Share of discount buyers",
            format!(
                "Not offered: this plan has {} kinds of member; the page splits two.",
                kinds.len()
            ),
        ),
    }
}

fn months(scenario: &Scenario, table: &toml::Table) -> Control {
    let disclosure_year = table
        .get("simulation")
        .and_then(|s| s.get("disclosure_year"))
        .and_then(|y| y.as_integer())
        .and_then(|y| u32::try_from(y).ok());
    let months = f64::from(scenario.simulation.months);
    let mut note = "Sets simulation.months: the length of each simulated future.".to_string();
    if disclosure_year.is_some() {
        note.push_str(
            " A run shorter than the file's disclosure year moves it to the last full year.",
        );
    }
    Control {
        name: "months",
        label: "Months".into(),
        available: true,
        value: months,
        min: 12.0_f64.min(months),
        max: 120.0_f64.max(months),
        step: 1.0,
        note,
        write: Write::Months { disclosure_year },
    }
}

/// The values written into the file for `value` of `control`, or why it cannot be set.
pub fn written(control: &Control, value: f64) -> Result<Vec<(String, toml::Value)>, String> {
    Ok(match &control.write {
        Write::Number(key) => vec![(key.clone(), toml::Value::Float(value))],
        Write::Whole(key) => vec![(key.clone(), whole(value))],
        Write::Shares(first, second) => {
            // 1 - x to nine decimals, so that 0.7 leaves 0.3 and not 0.30000000000000004.
            let rest = ((1.0 - value) * 1e9).round() / 1e9;
            vec![
                (first.clone(), toml::Value::Float(value)),
                (second.clone(), toml::Value::Float(rest)),
            ]
        }
        Write::Months { disclosure_year } => {
            let mut values = vec![("simulation.months".to_string(), whole(value))];
            if let Some(year) = disclosure_year {
                let full_years = (value / 12.0).floor();
                if value.fract() == 0.0 && full_years >= 1.0 && full_years < f64::from(*year) {
                    values.push(("simulation.disclosure_year".to_string(), whole(full_years)));
                }
            }
            values
        }
        Write::Unavailable => {
            return Err(format!("{}: {}", control.label, control.note));
        }
    })
}

/// `value` as a TOML integer when it is a whole number, else as a float (which the
/// scenario's validation then refuses where a whole number is needed).
fn whole(value: f64) -> toml::Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        toml::Value::Integer(value as i64)
    } else {
        toml::Value::Float(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_are_written_as_integers_and_others_as_they_are() {
        assert_eq!(whole(2000.0), toml::Value::Integer(2000));
        assert_eq!(whole(-3.0), toml::Value::Integer(-3));
        assert_eq!(whole(2.5), toml::Value::Float(2.5));
        assert!(matches!(whole(f64::NAN), toml::Value::Float(v) if v.is_nan()));
        assert_eq!(whole(1e20), toml::Value::Float(1e20));
    }

    #[test]
    fn a_share_leaves_the_rest_to_the_second_kind_to_nine_decimals() {
        let control = Control {
            write: Write::Shares("a".into(), "b".into()),
            ..unavailable("s", "s", String::new())
        };
        let values = written(&control, 0.7).expect("a share");
        assert_eq!(values[1].1, toml::Value::Float(0.3));
    }

    #[test]
    fn a_shorter_run_moves_the_disclosure_year() {
        let control = Control {
            write: Write::Months {
                disclosure_year: Some(3),
            },
            ..unavailable("months", "Months", String::new())
        };
        let keys =
            |months| -> Vec<(String, toml::Value)> { written(&control, months).expect("months") };
        assert_eq!(keys(60.0).len(), 1);
        assert_eq!(
            keys(30.0)[1],
            ("simulation.disclosure_year".into(), toml::Value::Integer(2))
        );
    }
}
