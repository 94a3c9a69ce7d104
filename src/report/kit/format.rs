//! Numbers as people read them, for tick labels and captions alike (so a chart and its
//! caption always agree): money in whole dollars with thousands separators and the sign
//! before the dollar ("$1,234", "-$612"), shares as percentages ("71 %"), counts
//! ("7,215"). An undefined number reads "n/a".

/// Text for an undefined number.
const UNDEFINED: &str = "n/a";

/// `1234567` -> `"1,234,567"`.
fn grouped(whole: u64) -> String {
    let digits = whole.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, digit) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `x` with thousands separators and `decimals` decimals; `-0` reads as `0`.
fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return UNDEFINED.to_string();
    }
    let scale = 10f64.powi(decimals as i32);
    let rounded = (x.abs() * scale).round();
    let sign = if x < 0.0 && rounded > 0.0 { "-" } else { "" };
    let whole = (rounded / scale).trunc();
    let mut text = format!("{sign}{}", grouped(whole as u64));
    if decimals > 0 {
        let fraction = rounded - whole * scale;
        text.push_str(&format!(".{:0width$}", fraction as u64, width = decimals));
    }
    text
}

/// Decimals a tick label needs when ticks are `step` apart (2.5 needs one).
fn decimals_for(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) {
        return 0;
    }
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.max(1.0)
        })
        .unwrap_or(6)
}

/// Money in whole dollars: `"$1,234"`, `"-$612"`.
pub fn money(x: f64) -> String {
    money_with(x, 0)
}

fn money_with(x: f64, decimals: usize) -> String {
    let text = number(x, decimals);
    match text.strip_prefix('-') {
        Some(positive) => format!("-${positive}"),
        None if text == UNDEFINED => text,
        None => format!("${text}"),
    }
}

/// A money tick label when ticks are `step` apart: millions as `"$2.5M"`.
pub fn money_tick(x: f64, step: f64) -> String {
    if x.abs() >= 1e6 {
        let millions = number(x / 1e6, decimals_for(step / 1e6).min(1));
        return match millions.strip_prefix('-') {
            Some(positive) => format!("-${positive}M"),
            None => format!("${millions}M"),
        };
    }
    money_with(x, decimals_for(step).min(2))
}

/// A share (0.71) as a percentage: `"71 %"`, with one decimal below 10 % and between
/// 90 % and 100 % (`"97.5 %"`, `"2.5 %"`), `"<0.1 %"` for a positive share that would read 0 and
/// `">99.9 %"` for a share under 1 that would read 100.
pub fn percent(share: f64) -> String {
    if !share.is_finite() {
        return UNDEFINED.to_string();
    }
    let value = 100.0 * share;
    if value > 0.0 && value < 0.05 {
        return "<0.1 %".to_string();
    }
    if (99.95..100.0).contains(&value) {
        return ">99.9 %".to_string();
    }
    let decimals = usize::from(value.abs() < 10.0 || (90.0 < value.abs() && value.abs() < 100.0));
    let text = number(value, decimals);
    let text = text.strip_suffix(".0").unwrap_or(&text).to_string();
    format!("{text} %")
}

/// A percentage tick label for a share when ticks are `step` (a share) apart.
pub fn percent_tick(share: f64, step: f64) -> String {
    format!("{} %", number(100.0 * share, decimals_for(100.0 * step)))
}

/// A count: `"7,215"` (rounded to a whole number).
pub fn count(x: f64) -> String {
    number(x, 0)
}

/// A count tick label when ticks are `step` apart.
pub fn count_tick(x: f64, step: f64) -> String {
    number(x, decimals_for(step))
}

/// A plain number with `decimals` decimals: `"0.95"`.
pub fn fixed(x: f64, decimals: usize) -> String {
    number(x, decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_separators_and_the_sign_before_the_dollar() {
        assert_eq!(money(1234.4), "$1,234");
        assert_eq!(money(-612.0), "-$612");
        assert_eq!(money(-0.3), "$0");
        assert_eq!(money(1_234_567.0), "$1,234,567");
        assert_eq!(money(999.6), "$1,000");
        assert_eq!(money(f64::NAN), "n/a");
    }

    #[test]
    fn money_ticks_shorten_millions_and_keep_cents_for_small_steps() {
        assert_eq!(money_tick(2_500_000.0, 500_000.0), "$2.5M");
        assert_eq!(money_tick(-1_000_000.0, 1_000_000.0), "-$1M");
        assert_eq!(money_tick(100_000.0, 100_000.0), "$100,000");
        assert_eq!(money_tick(0.2, 0.2), "$0.2");
        assert_eq!(money_tick(0.25, 0.05), "$0.25");
    }

    #[test]
    fn percentages_keep_a_decimal_near_the_ends() {
        assert_eq!(percent(0.71), "71 %");
        assert_eq!(percent(0.975), "97.5 %");
        assert_eq!(percent(0.025), "2.5 %");
        assert_eq!(percent(0.0), "0 %");
        assert_eq!(percent(1.0), "100 %");
        assert_eq!(percent(0.0004), "<0.1 %");
        assert_eq!(percent(0.9999), ">99.9 %");
        assert_eq!(percent(0.05), "5 %");
        assert_eq!(percent(3.812), "381 %");
        assert_eq!(percent_tick(0.2, 0.2), "20 %");
        assert_eq!(percent_tick(0.005, 0.005), "0.5 %");
        assert_eq!(percent_tick(0.075, 0.025), "7.5 %");
        assert_eq!(percent_tick(0.05, 0.025), "5.0 %");
    }

    #[test]
    fn counts_are_whole_with_separators() {
        assert_eq!(count(7214.5), "7,215");
        assert_eq!(count(12.0), "12");
        assert_eq!(count_tick(0.5, 0.5), "0.5");
        assert_eq!(fixed(0.9505, 2), "0.95");
    }
}
