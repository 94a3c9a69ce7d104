//! `calibrate.html`: a calibration on one self-contained page (inline SVG and CSS, no
//! scripts, nothing fetched), in the report's style sheet. In the order a reader needs
//! it: the fit in sentences (`headline`); each target against the simulated band
//! (`predictive`); what the targets say about each key, its marginal posterior and the
//! pairs (`posterior`); which keys the targets do not identify (`identified`); the
//! waves (`waves`); and how to run it again (`reproduce`). Every text from the folder
//! (names, paths, keys) is escaped. The page is a pure function of its inputs.

use super::charts::{STRONG, verdict_colour};
use super::data::CalibrationData;
use crate::report::kit::chart::Chart;
use crate::report::kit::figures::inline_svg;
use crate::report::kit::html_format::{Format, escape};
use crate::report::kit::labels::{Measure, label_of};
use crate::report::kit::page::{END, Head};

/// Shrinkage above this: the targets do not identify the key.
pub const UNIDENTIFIED: f64 = 0.75;
/// Shrinkage below this: the targets pin the key down.
pub const PINNED: f64 = 0.4;

/// The whole page.
pub fn calibrate_html(data: &CalibrationData, charts: &[Chart]) -> String {
    let s = &data.summary;
    let subtitle = format!(
        "<code>{}</code> fitted to <code>{}</code>: {} key(s), {} target(s), {} point(s) \
         run in {} wave(s), {} kept.",
        escape(&s.scenario_file),
        escape(&s.targets_file),
        data.parameters.len(),
        data.predictive.len(),
        s.points_run,
        s.waves_run,
        s.points_kept
    );
    let mut html = Head {
        version: env!("CARGO_PKG_VERSION"),
        title: &format!("{} calibrated (downline)", s.scenario),
        kicker: "downline calibration",
        heading: &format!(
            "&ldquo;{}&rdquo; fitted to its targets",
            escape(&s.scenario)
        ),
        subtitle: &subtitle,
        nav: NAV,
    }
    .render();
    for section in [
        headline(data),
        predictive(data, charts),
        posterior(data, charts),
        identified(data),
        waves(data),
        reproduce(data),
    ] {
        html.push_str(&section);
    }
    html.push_str(END);
    html
}

/// Links to the sections.
const NAV: &str = "<nav aria-label=\"Sections\"><ul>\
<li><a href=\"#headline\">In short</a></li>\
<li><a href=\"#predictive\">Targets</a></li>\
<li><a href=\"#posterior\">Keys</a></li>\
<li><a href=\"#identified\">Not identified</a></li>\
<li><a href=\"#waves\">Waves</a></li>\
<li><a href=\"#reproduce\">Reproduce</a></li>\
</ul></nav>\n";

/// A statistic's value in its unit, precise enough to compare with a target: shares
/// with one decimal of a percent, money in dollars, other numbers with four
/// significant digits.
pub fn stat_value(statistic: &str, x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    match label_of(statistic).map(|l| l.measure) {
        Some(Measure::Share) => {
            let text = format!("{:.1} %", 100.0 * x);
            if text.starts_with("-0.0") {
                "0.0 %".to_string()
            } else {
                text
            }
        }
        Some(Measure::Money) => Format::Money.apply(x),
        Some(Measure::MoneyCents) => Format::MoneyCents.apply(x),
        _ => significant(x),
    }
}

/// `x` with four significant digits (a key's value).
pub fn significant(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".to_string();
    }
    if x == 0.0 {
        return "0".to_string();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{x:.0}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    let text = format!("{x:.digits$}");
    if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text[1..].to_string()
    } else {
        text
    }
}

/// A statistic's phrase ("Members paid nothing in the disclosure year") or its name.
fn phrase(statistic: &str) -> String {
    label_of(statistic).map_or(statistic.to_string(), |l| l.phrase.to_string())
}

fn figure(charts: &[Chart], name: &str) -> String {
    let Some(chart) = charts.iter().find(|c| c.name == name) else {
        return String::new();
    };
    format!(
        "<figure class=\"chart\" id=\"chart-{name}\">\n<h3>{title}</h3>\n{svg}\n<figcaption>\n\
         <p>{caption}</p>\n<p class=\"how\">Also in <code>charts/{name}.png</code> and \
         <code>charts/{name}.svg</code>.</p>\n</figcaption>\n</figure>\n",
        title = escape(&chart.title),
        svg = inline_svg(&chart.svg, &chart.title),
        caption = escape(&chart.caption),
    )
}

/// The fit in sentences.
fn headline(data: &CalibrationData) -> String {
    let s = &data.summary;
    let mut items = Vec::new();
    if data.posterior.is_empty() {
        items.push(format!(
            "No point was consistent with the targets ({}). Nothing is fitted: widen the \
             priors, vary other keys, or add a discrepancy to the targets that the model \
             cannot meet.",
            escape(&s.stopped)
        ));
    } else {
        let count = |v: &str| data.predictive.iter().filter(|p| p.verdict == v).count();
        let (full, average, missed) = (
            count("reproduced"),
            count("reproduced on average"),
            count("not reproduced"),
        );
        let mut sentence = format!(
            "{} of {} targets are reproduced by the fitted model",
            full + average,
            data.predictive.len()
        );
        if average > 0 {
            sentence.push_str(&format!(
                " ({average} only on average: the mean is inside the range but most runs are not)"
            ));
        }
        sentence.push('.');
        if missed > 0 {
            let names: Vec<String> = (data.predictive.iter())
                .filter(|p| p.verdict == "not reproduced")
                .map(|p| {
                    format!(
                        "{} (target {}, simulated {})",
                        escape(&phrase(&p.statistic)),
                        stat_value(&p.statistic, p.target),
                        stat_value(&p.statistic, p.mean)
                    )
                })
                .collect();
            sentence.push_str(&format!(
                " Not reproduced: {}. The varied keys cannot bring these into range together \
                 with the others; that is a finding about the model or its plan, not a number \
                 to trust.",
                names.join("; ")
            ));
        }
        items.push(sentence);
        for p in &data.parameters {
            let key = escape(&p.key);
            let interval = format!("{} to {}", significant(p.q05), significant(p.q95));
            let width = format!("{:.0} %", 100.0 * p.shrinkage);
            items.push(if p.shrinkage > UNIDENTIFIED {
                format!(
                    "The targets do not identify <code>{key}</code>: its 90 % interval, \
                     {interval}, covers {width} of the prior range. Its fitted value \
                     ({}) is one of many that fit as well.",
                    significant(p.median)
                )
            } else if p.shrinkage < PINNED {
                format!(
                    "The targets pin down <code>{key}</code>: {} (90 %: {interval}, {width} of \
                     the prior range).",
                    significant(p.median)
                )
            } else {
                format!(
                    "The targets narrow <code>{key}</code> to {} (90 %: {interval}, {width} of \
                     the prior range).",
                    significant(p.median)
                )
            });
        }
        items.push(format!(
            "{} of {} points run were kept (effective sample size {:.0}); the waves stopped \
             because {}.",
            s.points_kept,
            s.points_run,
            s.effective_size,
            escape(&s.stopped)
        ));
    }
    let mut html = String::from(
        "<section id=\"headline\" aria-labelledby=\"headline-title\">\n\
         <h2 id=\"headline-title\">In short</h2>\n<ul>\n",
    );
    for item in items {
        html.push_str(&format!("<li>{item}</li>\n"));
    }
    html.push_str("</ul>\n</section>\n");
    html
}

/// Each target against the simulated band.
fn predictive(data: &CalibrationData, charts: &[Chart]) -> String {
    let mut html = String::from(
        "<section id=\"predictive\" aria-labelledby=\"predictive-title\">\n\
         <h2 id=\"predictive-title\">Each target against the fitted model</h2>\n\
         <p>The posterior predictive check: every accepted point's runs, each weighted by its \
         point's weight, against the target's range (a value &plusmn; 3 sd, or the range as \
         given). <em>Reproduced</em>: the simulated mean is inside the range and so are at \
         least half the runs; <em>on average</em>: the mean is inside, most runs are not.</p>\n",
    );
    html.push_str(&figure(charts, "predictive"));
    html.push_str(
        "<div class=\"table-wrap\"><table class=\"predictive\">\n<caption>Targets and what \
         the accepted points simulate</caption>\n<thead><tr><th scope=\"col\">Target</th>\
         <th scope=\"col\">Value</th><th scope=\"col\">Range</th><th scope=\"col\">Simulated \
         mean</th><th scope=\"col\">5-95 % of runs</th><th scope=\"col\">Runs inside</th>\
         <th scope=\"col\">Verdict</th></tr></thead>\n<tbody>\n",
    );
    for p in &data.predictive {
        let st = &p.statistic;
        let colour = verdict_colour(&p.verdict);
        html.push_str(&format!(
            "<tr><th scope=\"row\">{} <code>{}</code></th><td>{}</td><td>{} to {}</td>\
             <td>{}</td><td>{} to {}</td><td>{}</td>\
             <td style=\"color: rgb({}, {}, {}); font-weight: bold\">{}</td></tr>\n",
            escape(&phrase(st)),
            escape(st),
            stat_value(st, p.target),
            stat_value(st, p.low),
            stat_value(st, p.high),
            stat_value(st, p.mean),
            stat_value(st, p.p5),
            stat_value(st, p.p95),
            if p.share_inside.is_finite() {
                format!("{:.0} %", 100.0 * p.share_inside)
            } else {
                "n/a".to_string()
            },
            colour.0,
            colour.1,
            colour.2,
            escape(&p.verdict)
        ));
    }
    html.push_str("</tbody>\n</table></div>\n</section>\n");
    html
}

/// What the targets say about each key.
fn posterior(data: &CalibrationData, charts: &[Chart]) -> String {
    let mut html = String::from(
        "<section id=\"posterior\" aria-labelledby=\"posterior-title\">\n\
         <h2 id=\"posterior-title\">What the targets say about each key</h2>\n\
         <p>Each key's prior is uniform on its range. The posterior is the accepted points, \
         weighted (<code>posterior.csv</code>). <em>Shrinkage</em> is the posterior's 90 % \
         width over the prior's: near 1 the targets do not identify the key, near 0 they pin \
         it down.</p>\n",
    );
    html.push_str(
        "<div class=\"table-wrap\"><table class=\"parameters\">\n<caption>Prior and \
         posterior of each varied key</caption>\n<thead><tr><th scope=\"col\">Key</th>\
         <th scope=\"col\">Prior</th><th scope=\"col\">Median</th><th scope=\"col\">50 % \
         interval</th><th scope=\"col\">90 % interval</th><th scope=\"col\">Shrinkage</th>\
         </tr></thead>\n<tbody>\n",
    );
    for p in &data.parameters {
        html.push_str(&format!(
            "<tr><th scope=\"row\"><code>{}</code></th><td>{} to {}</td><td>{}</td>\
             <td>{} to {}</td><td>{} to {}</td><td>{}</td></tr>\n",
            escape(&p.key),
            significant(p.prior_low),
            significant(p.prior_high),
            significant(p.median),
            significant(p.q25),
            significant(p.q75),
            significant(p.q05),
            significant(p.q95),
            if p.shrinkage.is_finite() {
                format!("{:.2}", p.shrinkage)
            } else {
                "n/a".to_string()
            }
        ));
    }
    html.push_str("</tbody>\n</table></div>\n");
    html.push_str(&figure(charts, "marginals"));
    if data.parameters.len() >= 2 {
        html.push_str(&figure(charts, "pairs"));
        let mut pairs = Vec::new();
        for a in 0..data.parameters.len() {
            for b in a + 1..data.parameters.len() {
                let r = data.correlation(a, b);
                pairs.push(format!(
                    "<li><code>{}</code> and <code>{}</code>: r = {}{}</li>",
                    escape(&data.parameters[a].key),
                    escape(&data.parameters[b].key),
                    if r.is_finite() {
                        format!("{r:+.2}")
                    } else {
                        "n/a".to_string()
                    },
                    if r.abs() >= STRONG { " (strong)" } else { "" }
                ));
            }
        }
        html.push_str(&format!(
            "<p>Weighted correlations of the accepted points:</p>\n<ul>\n{}\n</ul>\n",
            pairs.join("\n")
        ));
    }
    html.push_str("</section>\n");
    html
}

/// Which keys the targets do not identify.
fn identified(data: &CalibrationData) -> String {
    let mut html = String::from(
        "<section id=\"identified\" aria-labelledby=\"identified-title\">\n\
         <h2 id=\"identified-title\">What the targets do not identify</h2>\n",
    );
    let loose: Vec<_> = (data.parameters.iter())
        .filter(|p| p.shrinkage > UNIDENTIFIED || p.shrinkage.is_nan())
        .collect();
    if data.posterior.is_empty() {
        html.push_str("<p>Nothing was kept, so nothing is identified.</p>\n");
    } else if loose.is_empty() {
        html.push_str(&format!(
            "<p>Every key's 90 % interval is at most {:.0} % of its prior range: the targets \
             constrain each of them.</p>\n",
            100.0 * UNIDENTIFIED
        ));
    } else {
        html.push_str(&format!(
            "<p>These keys keep more than {:.0} % of their prior range: the targets cannot \
             tell their values apart, so the fitted value is one choice among many that fit \
             as well. Fix them from other evidence, or add a target that depends on them.</p>\n<ul>\n",
            100.0 * UNIDENTIFIED
        ));
        for p in loose {
            html.push_str(&format!(
                "<li><code>{}</code>: 90 % interval {} to {} of a prior {} to {} (shrinkage \
                 {:.2})</li>\n",
                escape(&p.key),
                significant(p.q05),
                significant(p.q95),
                significant(p.prior_low),
                significant(p.prior_high),
                p.shrinkage
            ));
        }
        html.push_str("</ul>\n");
    }
    html.push_str("</section>\n");
    html
}

/// The waves.
fn waves(data: &CalibrationData) -> String {
    let mut html = String::from(
        "<section id=\"waves\" aria-labelledby=\"waves-title\">\n\
         <h2 id=\"waves-title\">Waves</h2>\n\
         <p>Wave 1 is a Latin hypercube over the prior; each later wave draws around the \
         points kept so far. <em>Volume</em> is the wave's estimate of the share of the prior \
         that is consistent with the targets; the waves stop when it changes by 10 % or \
         less.</p>\n<div class=\"table-wrap\"><table class=\"waves\">\n<caption>Points run \
         and kept in each wave</caption>\n<thead><tr><th scope=\"col\">Wave</th>\
         <th scope=\"col\">Points</th><th scope=\"col\">Kept</th><th scope=\"col\">Kept \
         share</th><th scope=\"col\">Volume</th></tr></thead>\n<tbody>\n",
    );
    for w in &data.waves {
        html.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{:.1} %</td><td>{}</td></tr>\n",
            w.wave,
            w.points,
            w.kept,
            100.0 * w.kept_share,
            significant(w.volume)
        ));
    }
    html.push_str(&format!(
        "</tbody>\n</table></div>\n<p>{}</p>\n</section>\n",
        escape(&format!("Stopped: {}.", data.summary.stopped))
    ));
    html
}

/// How to run it again.
fn reproduce(data: &CalibrationData) -> String {
    let s = &data.summary;
    let mut command = format!(
        "downline calibrate {} --targets {}",
        crate::report::kit::page::shell_quote(&s.scenario_file),
        crate::report::kit::page::shell_quote(&s.targets_file)
    );
    for vary in &s.vary {
        command.push_str(&format!(
            " --vary {}",
            crate::report::kit::page::shell_quote(vary)
        ));
    }
    command.push_str(&format!(
        " --runs {} --points {} --waves {} --seed {} --months {}",
        s.runs, s.points, s.waves, s.seed, s.months
    ));
    let rows = [
        ("Scenario", escape(&s.scenario)),
        (
            "Scenario file",
            format!("<code>{}</code>", escape(&s.scenario_file)),
        ),
        (
            "Scenario hash (SHA-256)",
            format!("<code class=\"hash\">{}</code>", escape(&s.scenario_hash)),
        ),
        (
            "Targets file",
            format!("<code>{}</code>", escape(&s.targets_file)),
        ),
        (
            "Targets hash (SHA-256)",
            format!("<code class=\"hash\">{}</code>", escape(&s.targets_hash)),
        ),
        ("Seed", s.seed.to_string()),
        ("Runs per point", s.runs.to_string()),
        ("Points per wave", s.points.to_string()),
        ("Months", s.months.to_string()),
        ("downline version", escape(&s.version)),
    ];
    let mut html = String::from(
        "<section id=\"reproduce\" aria-labelledby=\"reproduce-title\">\n\
         <h2 id=\"reproduce-title\">Reproduce this calibration</h2>\n<dl class=\"facts-list\">\n",
    );
    for (term, value) in rows {
        html.push_str(&format!("<dt>{term}</dt><dd>{value}</dd>\n"));
    }
    html.push_str(&format!(
        "</dl>\n<p>The same command gives the same files, byte for byte, on any number of \
         threads or Slurm shards:</p>\n<pre class=\"command\"><code>{}</code></pre>\n",
        escape(&command)
    ));
    html.push_str(if data.calibrated {
        "<p><code>calibrated.toml</code> in this folder is the scenario with each key at its \
         posterior median; run it with <code>downline run calibrated.toml</code>.</p>\n"
    } else {
        "<p>No point was kept, so no <code>calibrated.toml</code> was written.</p>\n"
    });
    html.push_str("</section>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_in_their_statistic_s_unit() {
        assert_eq!(stat_value("ids_share_zero_pay", 0.72345), "72.3 %");
        assert_eq!(stat_value("ids_share_zero_pay", -0.00001), "0.0 %");
        assert_eq!(stat_value("ids_mean_gross_pay", 1247.98), "$1,248");
        assert_eq!(stat_value("ids_mean_gross_pay", f64::NAN), "n/a");
        assert_eq!(significant(0.123456), "0.1235");
        assert_eq!(significant(16.01224), "16.01");
        assert_eq!(significant(12345.6), "12346");
        assert_eq!(significant(3.0), "3");
        assert_eq!(significant(100.0), "100");
        assert_eq!(significant(-0.00001), "-0.00001000");
        assert_eq!(significant(0.0), "0");
    }
}
