//! How numbers and text are written on the page: thousands separators, dollars,
//! percentages with a space before `%` (the project's style), and HTML escaping.
//!
//! Every number on the page goes through one [`Format`], and the page names that
//! format next to the number (`data-format`), so a reader or a test can redo the
//! formatting from `summary.json` and get the same characters. Rounding is half away
//! from zero ([`f64::round`]); a value that rounds to zero is written without a minus
//! sign. A value that is not a finite number is written `n/a`.

/// How a number is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A whole number with thousands separators: `1,235`.
    Count,
    /// Whole dollars: `$1,234`, `-$612`.
    Money,
    /// Whole dollars without the sign, for sentences that say "lost" or "made": `$612`.
    MoneyAbs,
    /// Dollars and cents, for small amounts such as pay per hour: `$2.30`, `-$4.29`.
    MoneyCents,
    /// A share as a percentage: `71 %`. Whole percents, except that a share that is
    /// not exactly 0 or 1 is never written `0 %` or `100 %`: it gets one decimal
    /// (`99.5 %`), or `under 0.1 %` / `over 99.9 %` if that still rounds to the end.
    Percent,
}

impl Format {
    /// The name written in `data-format`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Count => "count",
            Format::Money => "money",
            Format::MoneyAbs => "money-abs",
            Format::MoneyCents => "money-cents",
            Format::Percent => "percent",
        }
    }

    /// `x` written in this format.
    pub fn apply(self, x: f64) -> String {
        if !x.is_finite() {
            return String::from("n/a");
        }
        match self {
            Format::Count => count(x),
            Format::Money => money(x),
            Format::MoneyAbs => money(x.abs()),
            Format::MoneyCents => money_cents(x),
            Format::Percent => percent(x),
        }
    }
}

/// A whole number with thousands separators.
fn count(x: f64) -> String {
    signed(x.round(), "", grouped)
}

/// Whole dollars.
fn money(x: f64) -> String {
    signed(x.round(), "$", grouped)
}

/// Dollars and cents.
fn money_cents(x: f64) -> String {
    let cents = (x * 100.0).round();
    signed(cents, "$", |c| {
        format!("{}.{:02}", grouped(c / 100.0), (c % 100.0) as u64)
    })
}

/// A share (0.71) as a percentage ("71 %").
fn percent(share: f64) -> String {
    let p = share * 100.0;
    let whole = p.round();
    let at_an_end = (whole == 0.0 && p > 0.0) || (whole == 100.0 && p != 100.0);
    if !at_an_end {
        return format!("{} %", signed(whole, "", grouped));
    }
    let tenths = (p * 10.0).round() / 10.0;
    if tenths == 0.0 {
        String::from("under 0.1 %")
    } else if tenths == 100.0 {
        String::from("over 99.9 %")
    } else {
        format!("{tenths:.1} %")
    }
}

/// A rounded value with its sign before the unit: `-$612`. Zero has no sign.
fn signed(rounded: f64, unit: &str, digits: impl Fn(f64) -> String) -> String {
    let sign = if rounded < 0.0 { "-" } else { "" };
    format!("{sign}{unit}{}", digits(rounded.abs()))
}

/// The whole part of a non-negative number, with a comma every three digits.
fn grouped(x: f64) -> String {
    let digits = format!("{:.0}", x.trunc());
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number with thousands separators and `decimals` decimals, for numbers that are
/// not one of the [`Format`]s (a mean of months, a Gini coefficient): `1,234.5`.
pub fn decimal(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return String::from("n/a");
    }
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x * scale).round();
    let whole = signed((rounded / scale).trunc(), "", grouped);
    let whole = if rounded < 0.0 && !whole.starts_with('-') {
        format!("-{whole}")
    } else {
        whole
    };
    if decimals == 0 {
        return whole;
    }
    let fraction = (rounded.abs() % scale) as u64;
    format!("{whole}.{fraction:0decimals$}")
}

/// Text made safe to put in HTML, in an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(Format::Count.apply(0.0), "0");
        assert_eq!(Format::Count.apply(999.4), "999");
        assert_eq!(Format::Count.apply(1000.0), "1,000");
        assert_eq!(Format::Count.apply(1650.5), "1,651");
        assert_eq!(Format::Count.apply(1_234_567.0), "1,234,567");
        assert_eq!(Format::Count.apply(-30_000.0), "-30,000");
    }

    #[test]
    fn money_puts_the_sign_before_the_dollar() {
        assert_eq!(Format::Money.apply(1234.4), "$1,234");
        assert_eq!(Format::Money.apply(-612.3), "-$612");
        assert_eq!(Format::Money.apply(-0.2), "$0");
        assert_eq!(Format::MoneyAbs.apply(-612.3), "$612");
        assert_eq!(Format::MoneyCents.apply(2.302), "$2.30");
        assert_eq!(Format::MoneyCents.apply(-4.2926), "-$4.29");
        assert_eq!(Format::MoneyCents.apply(1234.5), "$1,234.50");
        assert_eq!(Format::MoneyCents.apply(-0.001), "$0.00");
    }

    #[test]
    fn percentages_never_round_to_all_or_nothing() {
        assert_eq!(Format::Percent.apply(0.712), "71 %");
        assert_eq!(Format::Percent.apply(0.0), "0 %");
        assert_eq!(Format::Percent.apply(-0.0), "0 %");
        assert_eq!(Format::Percent.apply(1.0), "100 %");
        assert_eq!(Format::Percent.apply(3.797), "380 %");
        assert_eq!(Format::Percent.apply(0.9952), "99.5 %");
        assert_eq!(Format::Percent.apply(0.003), "0.3 %");
        assert_eq!(Format::Percent.apply(0.99999), "over 99.9 %");
        assert_eq!(Format::Percent.apply(0.00001), "under 0.1 %");
    }

    #[test]
    fn decimals_keep_their_sign_and_separators() {
        assert_eq!(decimal(1234.56, 1), "1,234.6");
        assert_eq!(decimal(-0.04, 1), "0.0");
        assert_eq!(decimal(-0.5, 2), "-0.50");
        assert_eq!(decimal(0.004, 2), "0.00");
        assert_eq!(decimal(11.0, 0), "11");
        assert_eq!(decimal(f64::NAN, 1), "n/a");
    }

    #[test]
    fn undefined_numbers_say_so() {
        assert_eq!(Format::Money.apply(f64::NAN), "n/a");
        assert_eq!(Format::Percent.apply(f64::INFINITY), "n/a");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape(r#"</details><script>a & "b" 'c'"#),
            "&lt;/details&gt;&lt;script&gt;a &amp; &quot;b&quot; &#39;c&#39;"
        );
    }
}
