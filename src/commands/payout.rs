//! `downline payout PLAN NETWORK.csv`: pays a given organisation under a plan, period by
//! period, and prints every member's pay as CSV on stdout and one line of totals on
//! stderr. It is the plan designer's calculator and the way golden vectors are checked.
//!
//! PLAN is a scenario file or a file holding only a `[plan]` table; other sections are
//! ignored here. Output columns: `period`, `id`, `paid`, one column per bonus name,
//! `rank` (the rank paid on, empty for none), and `title` (the highest rank ever paid
//! as) for plans whose ranks carry over periods ([`Plan::keeps_titles`]); money with two
//! decimals; rows in input order within each period.

use crate::cli::PayoutArgs;
use anyhow::Context as _;
use downline::error::{Error, Result};
use downline::input_error::{ConfigError, KeyPath};
use downline::network_csv::{Network, PeriodArrays};
use downline::plan::Plan;
use downline::scenario::source::SourceFile;
use std::io::Write;
use std::path::Path;

pub fn payout(args: &PayoutArgs) -> Result<()> {
    let plan = load_plan(&args.plan)?;
    let network = Network::read(&args.network)?;
    let stdout = std::io::stdout().lock();
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(stdout));
    let totals = write_payout(&plan, &network, &mut out)
        .and_then(|totals| out.flush().map(|()| totals).map_err(csv::Error::from))
        .context("writing the payout to stdout")?;
    eprintln!("{}", totals.line());
    Ok(())
}

/// Reads and validates the `[plan]` table of a TOML file.
fn load_plan(path: &Path) -> Result<Plan> {
    let (source, table) = SourceFile::read(path)?;
    plan_of(&source, table)
}

/// Validates the `[plan]` table of a parsed file, exactly as `payout` does: the other
/// tables are ignored; errors are placed in `source` (file:line:col).
pub(super) fn plan_of(source: &SourceFile, mut table: toml::Table) -> Result<Plan> {
    let plan = match table.remove("plan") {
        Some(value) => Plan::from_toml(value, &KeyPath::root().key("plan")),
        None => Err(ConfigError::missing(KeyPath::root(), "plan")
            .with_help("a plan file needs a [plan] table (with `name` and [[plan.bonus]] tables)")),
    };
    plan.map_err(|err| Error::Input(source.place(err)))
}

/// Totals over all periods.
#[derive(Default)]
struct Totals {
    paid: f64,
    cv: f64,
    breakage: f64,
}

impl Totals {
    fn line(&self) -> String {
        let ratio = if self.cv > 0.0 {
            format!("{:.2} %", 100.0 * self.paid / self.cv)
        } else {
            "n/a".to_string()
        };
        format!(
            "total: paid {} on CV {} (payout ratio {ratio}), breakage {}",
            money(self.paid),
            money(self.cv),
            money(self.breakage)
        )
    }
}

fn write_payout(
    plan: &Plan,
    network: &Network,
    out: &mut csv::Writer<impl Write>,
) -> std::result::Result<Totals, csv::Error> {
    let mut header = vec!["period", "id", "paid"];
    header.extend(plan.bonus_names.iter().map(String::as_str));
    header.push("rank");
    let titles = plan.keeps_titles();
    if titles {
        header.push("title");
    }
    out.write_record(&header)?;

    let mut run = plan.start();
    let mut arrays = PeriodArrays::default();
    let mut totals = Totals::default();
    let mut record: Vec<String> = Vec::with_capacity(header.len());
    for period in &network.periods {
        network.fill(period, &mut arrays);
        let payout = run.pay(&arrays.input());
        for row in &period.rows {
            let m = row.member as usize;
            record.clear();
            record.push(period.number.to_string());
            record.push(network.ids[m].clone());
            record.push(money(payout.paid[m]));
            record.extend(payout.by_bonus.iter().map(|column| money(column[m])));
            record.push(rank_name(plan, payout.rank[m]));
            if titles {
                record.push(rank_name(plan, payout.title[m]));
            }
            out.write_record(&record)?;
        }
        totals.paid += payout.totals.paid;
        totals.cv += payout.totals.cv;
        totals.breakage += payout.totals.breakage;
    }
    Ok(totals)
}

/// A rank's name, empty for none.
fn rank_name(plan: &Plan, rank: u8) -> String {
    match rank {
        0 => String::new(),
        r => plan.rank_names[usize::from(r) - 1].clone(),
    }
}

/// Money with exactly two decimals (never `-0.00`).
fn money(amount: f64) -> String {
    format!("{:.2}", amount + 0.0)
}
