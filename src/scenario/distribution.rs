//! Behaviour values: a number (the same for everyone) or one of seven distributions from
//! which each member's value is drawn once, at joining.
//!
//! In a scenario file a value is either `0.12` or a table such as
//! `{ dist = "lognormal", median = 2.0, sigma = 1.0 }`. [`Quantity::from_toml`] checks the
//! table once (known distribution, exactly its parameters, parameters in range) and
//! builds a ready sampler, so the simulation never re-checks input. What a value may be
//! depends on what it means ([`Meaning`]): a probability must stay in [0, 1]; a count a
//! month (pitches, contacts, units) in [0, [`MAX_COUNT`]]; an amount (money, hours) in
//! [0, [`MAX_AMOUNT`]]. A distribution's parameters are bounded so that its mean is
//! within the same limit and its spread finite (`sigma` of a log-normal at most
//! [`MAX_SIGMA`]), and every draw of an unbounded distribution is capped at the limit,
//! so no value of a valid scenario can make a month's work unbounded or a sum overflow.

use crate::input_error::{ConfigError, KeyPath, did_you_mean, grouped, quoted_list};
use rand::Rng;
use rand_distr::{Beta, Distribution, Exp, Gamma, LogNormal, Normal, Poisson, Uniform};

/// The most of anything counted per member and month (pitches, contacts, units): about
/// 330 a day. A draw above it is capped at it.
pub const MAX_COUNT: f64 = 10_000.0;

/// The most of an amount per member (money, hours): a billion. A draw above it is
/// capped at it.
pub const MAX_AMOUNT: f64 = 1e9;

/// The largest log-scale spread of a log-normal (`e^5`, about 148 times, per standard
/// deviation).
pub const MAX_SIGMA: f64 = 5.0;

/// What a behaviour value stands for, which decides the values it may take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    /// A probability: a number in [0, 1], a `beta`, or a `uniform` inside [0, 1].
    Probability,
    /// A count per month (pitches, contacts, units): 0 to [`MAX_COUNT`].
    Count,
    /// An amount (money, hours): 0 to [`MAX_AMOUNT`].
    Amount,
    /// Like `Amount` but `inf` is allowed (a loss tolerance nobody ever reaches).
    AmountOrInfinite,
}

impl Meaning {
    /// The largest value (and the cap on every draw).
    pub fn limit(self) -> f64 {
        match self {
            Meaning::Probability => 1.0,
            Meaning::Count => MAX_COUNT,
            Meaning::Amount => MAX_AMOUNT,
            Meaning::AmountOrInfinite => f64::INFINITY,
        }
    }
}

/// A validated behaviour value, ready to sample.
#[derive(Clone, Debug)]
pub enum Quantity {
    /// The same value for everyone.
    Fixed(f64),
    /// Log-normal with the given median (`exp(mu)`) and log-scale `sigma`.
    LogNormal {
        median: f64,
        sigma: f64,
        sampler: LogNormal<f64>,
        cap: f64,
    },
    /// Uniform on [low, high].
    Uniform {
        low: f64,
        high: f64,
        sampler: Uniform<f64>,
    },
    /// Exponential with the given mean.
    Exponential {
        mean: f64,
        sampler: Exp<f64>,
        cap: f64,
    },
    /// Poisson with the given mean (integer values).
    Poisson {
        mean: f64,
        sampler: Poisson<f64>,
        cap: f64,
    },
    /// Normal with the given mean and sd, draws clamped to [0, cap].
    Normal {
        mean: f64,
        sd: f64,
        sampler: Normal<f64>,
        cap: f64,
    },
    /// Beta(a, b), on [0, 1].
    Beta { a: f64, b: f64, sampler: Beta<f64> },
    /// Gamma with shape and scale (mean shape x scale).
    Gamma {
        shape: f64,
        scale: f64,
        sampler: Gamma<f64>,
        cap: f64,
    },
}

/// A distribution's kind, as `dist = "..."` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    LogNormal,
    Uniform,
    Exponential,
    Poisson,
    Normal,
    Beta,
    Gamma,
}

/// The distribution names, their kinds and their parameters, in the order the docs
/// list them.
pub const DISTRIBUTIONS: [(&str, Kind, &[&str]); 7] = [
    ("lognormal", Kind::LogNormal, &["median", "sigma"]),
    ("uniform", Kind::Uniform, &["low", "high"]),
    ("exponential", Kind::Exponential, &["mean"]),
    ("poisson", Kind::Poisson, &["mean"]),
    ("normal", Kind::Normal, &["mean", "sd"]),
    ("beta", Kind::Beta, &["a", "b"]),
    ("gamma", Kind::Gamma, &["shape", "scale"]),
];

impl Quantity {
    /// Draws one value (capped at the limit of what it means).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Quantity::Fixed(value) => *value,
            Quantity::LogNormal { sampler, cap, .. } => sampler.sample(rng).min(*cap),
            Quantity::Uniform { sampler, .. } => sampler.sample(rng),
            Quantity::Exponential { sampler, cap, .. } => sampler.sample(rng).min(*cap),
            Quantity::Poisson { sampler, cap, .. } => sampler.sample(rng).min(*cap),
            Quantity::Normal { sampler, cap, .. } => sampler.sample(rng).clamp(0.0, *cap),
            Quantity::Beta { sampler, .. } => sampler.sample(rng),
            Quantity::Gamma { sampler, cap, .. } => sampler.sample(rng).min(*cap),
        }
    }

    /// The value when it is the same for everyone.
    pub fn fixed(&self) -> Option<f64> {
        match self {
            Quantity::Fixed(value) => Some(*value),
            _ => None,
        }
    }

    /// The mean of the distribution (before clamping at 0 and capping).
    pub fn mean(&self) -> f64 {
        match self {
            Quantity::Fixed(value) => *value,
            Quantity::LogNormal { median, sigma, .. } => median * (sigma * sigma / 2.0).exp(),
            Quantity::Uniform { low, high, .. } => (low + high) / 2.0,
            Quantity::Exponential { mean, .. }
            | Quantity::Poisson { mean, .. }
            | Quantity::Normal { mean, .. } => *mean,
            Quantity::Beta { a, b, .. } => a / (a + b),
            Quantity::Gamma { shape, scale, .. } => shape * scale,
        }
    }

    /// Validates a number or a distribution table found at `path`.
    pub fn from_toml(
        value: &toml::Value,
        path: &KeyPath,
        meaning: Meaning,
    ) -> Result<Self, ConfigError> {
        match value {
            toml::Value::Integer(number) => check_number(*number as f64, path, meaning),
            toml::Value::Float(number) => check_number(*number, path, meaning),
            toml::Value::Table(table) => from_table(table, path, meaning),
            other => Err(ConfigError::value(
                path.clone(),
                format!("{} or a distribution table", number_words(meaning)),
                describe(other),
            )),
        }
    }
}

fn number_words(meaning: Meaning) -> &'static str {
    match meaning {
        Meaning::Probability => "a probability between 0 and 1",
        Meaning::Count => "a count a month from 0 to 10,000",
        Meaning::Amount => "a number from 0 to 1,000,000,000",
        Meaning::AmountOrInfinite => "a number from 0 to 1,000,000,000, or inf",
    }
}

/// A short description of a TOML value for "found" in messages.
pub fn describe(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => format!("the string \"{s}\""),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "an array".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}

fn check_number(value: f64, path: &KeyPath, meaning: Meaning) -> Result<Quantity, ConfigError> {
    let ok = match meaning {
        Meaning::AmountOrInfinite => value == f64::INFINITY || (0.0..=MAX_AMOUNT).contains(&value),
        _ => (0.0..=meaning.limit()).contains(&value),
    };
    if ok {
        Ok(Quantity::Fixed(value))
    } else {
        Err(ConfigError::value(
            path.clone(),
            number_words(meaning),
            value,
        ))
    }
}

fn from_table(
    table: &toml::Table,
    path: &KeyPath,
    meaning: Meaning,
) -> Result<Quantity, ConfigError> {
    let names: Vec<&str> = DISTRIBUTIONS.iter().map(|(name, _, _)| *name).collect();
    let dist_path = path.key("dist");
    let name = match table.get("dist") {
        None => {
            return Err(
                ConfigError::missing(path.clone(), "dist").with_help(format!(
                    "a distribution table needs `dist = ...`, one of {}",
                    quoted_list(&names)
                )),
            );
        }
        Some(toml::Value::String(name)) => name.as_str(),
        Some(other) => {
            return Err(ConfigError::value(
                dist_path,
                "a distribution name",
                describe(other),
            ));
        }
    };
    let Some((name, kind, parameters)) = DISTRIBUTIONS.iter().find(|(n, _, _)| *n == name) else {
        let mut error = ConfigError::value(
            dist_path,
            format!("one of {}", quoted_list(&names)),
            format!("\"{name}\""),
        );
        error.help = did_you_mean(name, names.iter().copied());
        return Err(error);
    };
    for key in table.keys() {
        if key != "dist" && !parameters.contains(&key.as_str()) {
            let mut allowed = vec!["dist"];
            allowed.extend(parameters.iter());
            return Err(ConfigError::unknown_key(path.key(key), &allowed)
                .with_help(format!("`{name}` takes {}", quoted_list(parameters))));
        }
    }
    let parameter = |key: &str| -> Result<f64, ConfigError> {
        match table.get(key) {
            Some(toml::Value::Integer(i)) => Ok(*i as f64),
            Some(toml::Value::Float(f)) if f.is_finite() => Ok(*f),
            Some(other) => Err(ConfigError::value(
                path.key(key),
                "a finite number",
                describe(other),
            )),
            None => Err(ConfigError::missing(path.clone(), key)),
        }
    };
    let positive = |key: &str| -> Result<f64, ConfigError> {
        let value = parameter(key)?;
        if value > 0.0 {
            Ok(value)
        } else {
            Err(ConfigError::value(
                path.key(key),
                "a number greater than 0",
                value,
            ))
        }
    };
    let non_negative = |key: &str| -> Result<f64, ConfigError> {
        let value = parameter(key)?;
        if value >= 0.0 {
            Ok(value)
        } else {
            Err(ConfigError::value(
                path.key(key),
                "a number of at least 0",
                value,
            ))
        }
    };
    let not_for_probability = || {
        ConfigError::value(
            dist_path.clone(),
            "a probability: a number in [0, 1], `beta`, or `uniform` inside [0, 1]",
            format!("\"{name}\", which can leave [0, 1]"),
        )
    };
    if meaning == Meaning::Probability && !matches!(kind, Kind::Beta | Kind::Uniform) {
        return Err(not_for_probability());
    }
    // Parameters are bounded so that the mean is within the limit (`inf` allowed for a
    // loss tolerance is a number, not a distribution's mean).
    let limit = meaning.limit().min(MAX_AMOUNT);
    let at_most = |key: &str, value: f64, max: f64, what: &str| -> Result<f64, ConfigError> {
        if value <= max {
            Ok(value)
        } else {
            Err(ConfigError::value(
                path.key(key),
                format!("{what} of at most {}", grouped(max)),
                value,
            ))
        }
    };
    let cap = limit;
    // The samplers' constructors cannot fail once the parameters passed the checks above;
    // map their errors anyway rather than unwrap.
    let invalid = |e: &dyn std::fmt::Display| {
        ConfigError::value(path.clone(), "valid parameters", e.to_string())
    };
    Ok(match kind {
        Kind::LogNormal => {
            let median = at_most("median", positive("median")?, limit, "a median")?;
            let sigma = at_most("sigma", non_negative("sigma")?, MAX_SIGMA, "a spread")?;
            let sampler = LogNormal::new(median.ln(), sigma).map_err(|e| invalid(&e))?;
            Quantity::LogNormal {
                median,
                sigma,
                sampler,
                cap,
            }
        }
        Kind::Uniform => {
            let (low, high) = (parameter("low")?, parameter("high")?);
            if low < 0.0 {
                return Err(ConfigError::value(
                    path.key("low"),
                    "a number of at least 0",
                    low,
                ));
            }
            at_most("high", high, limit, "a value")?;
            if high < low {
                return Err(ConfigError::value(
                    path.key("high"),
                    format!("a number of at least low = {low}"),
                    high,
                ));
            }
            if meaning == Meaning::Probability && high > 1.0 {
                return Err(ConfigError::value(
                    path.key("high"),
                    "at most 1 (this is a probability)",
                    high,
                ));
            }
            let sampler = Uniform::new_inclusive(low, high).map_err(|e| invalid(&e))?;
            Quantity::Uniform { low, high, sampler }
        }
        Kind::Exponential => {
            let mean = at_most("mean", positive("mean")?, limit, "a mean")?;
            let sampler = Exp::new(1.0 / mean).map_err(|e| invalid(&e))?;
            Quantity::Exponential { mean, sampler, cap }
        }
        Kind::Poisson => {
            let mean = at_most("mean", positive("mean")?, limit, "a mean")?;
            let sampler = Poisson::new(mean).map_err(|e| invalid(&e))?;
            Quantity::Poisson { mean, sampler, cap }
        }
        Kind::Normal => {
            let mean = at_most("mean", parameter("mean")?, limit, "a mean")?;
            let sd = at_most("sd", non_negative("sd")?, limit, "a standard deviation")?;
            let sampler = Normal::new(mean, sd).map_err(|e| invalid(&e))?;
            Quantity::Normal {
                mean,
                sd,
                sampler,
                cap,
            }
        }
        Kind::Beta => {
            let (a, b) = (positive("a")?, positive("b")?);
            let sampler = Beta::new(a, b).map_err(|e| invalid(&e))?;
            Quantity::Beta { a, b, sampler }
        }
        Kind::Gamma => {
            let (shape, scale) = (positive("shape")?, positive("scale")?);
            at_most(
                "scale",
                scale,
                limit / shape,
                "a scale (the mean is shape x scale)",
            )?;
            let sampler = Gamma::new(shape, scale).map_err(|e| invalid(&e))?;
            Quantity::Gamma {
                shape,
                scale,
                sampler,
                cap,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_xoshiro::Xoshiro256PlusPlus;

    fn parse(text: &str, meaning: Meaning) -> Result<Quantity, ConfigError> {
        let table: toml::Table = toml::from_str(&format!("v = {text}")).unwrap();
        Quantity::from_toml(&table["v"], &KeyPath::root().key("v"), meaning)
    }

    fn sample_mean(q: &Quantity) -> f64 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        (0..200_000).map(|_| q.sample(&mut rng)).sum::<f64>() / 200_000.0
    }

    #[test]
    fn every_distribution_samples_its_stated_mean_within_two_percent() {
        // Fixed seed, 200,000 draws: the standard error of each mean is well under 1 %.
        for text in [
            r#"{ dist = "lognormal", median = 2.0, sigma = 0.5 }"#,
            r#"{ dist = "uniform", low = 1, high = 3 }"#,
            r#"{ dist = "exponential", mean = 4 }"#,
            r#"{ dist = "poisson", mean = 1.2 }"#,
            r#"{ dist = "normal", mean = 10, sd = 1 }"#,
            r#"{ dist = "beta", a = 2, b = 6 }"#,
            r#"{ dist = "gamma", shape = 2, scale = 1.5 }"#,
        ] {
            let q = parse(text, Meaning::Amount).unwrap();
            let (got, want) = (sample_mean(&q), q.mean());
            assert!((got - want).abs() / want < 0.02, "{text}: {got} vs {want}");
        }
    }

    #[test]
    fn normal_draws_are_clamped_at_zero() {
        let q = parse(r#"{ dist = "normal", mean = 0, sd = 1 }"#, Meaning::Amount).unwrap();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(1);
        assert!((0..10_000).all(|_| q.sample(&mut rng) >= 0.0));
    }

    #[test]
    fn probabilities_outside_zero_one_are_rejected() {
        let err = parse("1.5", Meaning::Probability).unwrap_err();
        assert_eq!(err.found, "1.5");
        assert!(err.expected.contains("between 0 and 1"));
        let err = parse(
            r#"{ dist = "lognormal", median = 0.1, sigma = 1 }"#,
            Meaning::Probability,
        )
        .unwrap_err();
        assert_eq!(err.path.to_string(), "v.dist");
        assert!(parse(r#"{ dist = "beta", a = 1, b = 3 }"#, Meaning::Probability).is_ok());
    }

    #[test]
    fn unknown_distributions_and_parameters_get_suggestions() {
        let err = parse(
            r#"{ dist = "lognormel", median = 1, sigma = 1 }"#,
            Meaning::Amount,
        )
        .unwrap_err();
        assert_eq!(err.help.as_deref(), Some("did you mean `lognormal`?"));
        let err = parse(
            r#"{ dist = "lognormal", median = 1, sigmaa = 1 }"#,
            Meaning::Amount,
        )
        .unwrap_err();
        assert_eq!(err.path.to_string(), "v.sigmaa");
        let err = parse(r#"{ dist = "gamma", shape = 2 }"#, Meaning::Amount).unwrap_err();
        assert_eq!(err.expected, "a key `scale`");
    }

    #[test]
    fn infinity_is_only_accepted_where_it_means_something() {
        assert!(parse("inf", Meaning::AmountOrInfinite).is_ok());
        assert!(parse("inf", Meaning::Amount).is_err());
        assert!(parse("-2", Meaning::Amount).is_err());
        assert!(parse("\"many\"", Meaning::Amount).is_err());
    }
}
