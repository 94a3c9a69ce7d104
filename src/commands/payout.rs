//! `downline payout PLAN NETWORK.csv`: pays a given organisation under a plan, period by
//! period, and prints every member's pay as CSV on stdout and one line of totals on
//! stderr. It is the plan designer's calculator and the way golden vectors are checked.
//!
//! PLAN is a scenario file or a file holding only a `[plan]` table; other sections are
//! ignored here. Output columns: `period`, `id`, `paid`, one column per bonus name,
//! `rank` (the rank paid on, empty for none), and `title` (the highest rank ever paid
//! as) for plans whose ranks carry over periods ([`Plan::keeps_titles`]); money with two
//! decimals; rows in input order within each period.
//!
//! `downline payout A.toml B.toml NETWORK.csv` (or `payout A.toml NETWORK.csv --vs
//! B.toml`) pays the same organisation under two plans instead: one row per member with
//! its pay over all periods under each and the difference (record
//! [`PayoutVsRow`]) on stdout or into `--out FILE`, and the comparison and who gains
//! and who loses ([`super::payout_vs`]) on stderr. Paying is [`Network::pay`] in both
//! modes; each mode only decides what to write.

use super::payout_audit as audit;
use super::payout_csv::{header, totals_line, write_period};
use super::payout_vs;
use crate::cli::PayoutArgs;
use anyhow::Context as _;
use downline::error::{Error, Result};
use downline::input_error::{ConfigError, KeyPath};
use downline::network_csv::Network;
use downline::output::atomic::{check_writable_file, write_atomically};
use downline::output::records::payout_vs::PayoutVsRow;
use downline::plan::Plan;
use downline::plan::versus::{PaidOver, Versus};
use downline::scenario::source::SourceFile;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files `payout` was given: one plan or two, and the network.
struct Files {
    a: PathBuf,
    b: Option<PathBuf>,
    network: PathBuf,
}

impl Files {
    /// `PLAN NETWORK`, `PLAN_A PLAN_B NETWORK` or `PLAN NETWORK --vs PLAN_B`.
    fn of(args: &PayoutArgs) -> Result<Files> {
        let (a, b, network) = match (args.files.as_slice(), &args.vs) {
            ([a, network], vs) => (a, vs.as_ref(), network),
            ([a, b, network], None) => (a, Some(b), network),
            ([_, _, _], Some(_)) => {
                return Err(Error::BadInput(
                    "payout: two plans given as files and a third with --vs; compare two \
                     plans as `payout A.toml B.toml NETWORK.csv`"
                        .into(),
                ));
            }
            _ => {
                return Err(Error::BadInput(
                    "payout: expected PLAN NETWORK.csv or PLAN_A PLAN_B NETWORK.csv".into(),
                ));
            }
        };
        if b.is_none() && args.out.is_some() {
            return Err(Error::BadInput(
                "payout: --out writes the comparison of two plans; with one plan the CSV \
                 goes to stdout (redirect it with `> FILE`)"
                    .into(),
            ));
        }
        let files = [Some(a), b, Some(network)];
        super::common::one_stdin(files.iter().flatten().map(|p| p.as_path()))?;
        Ok(Files {
            a: a.clone(),
            b: b.cloned(),
            network: network.clone(),
        })
    }
}

pub fn payout(args: &PayoutArgs) -> Result<()> {
    let files = Files::of(args)?;
    if files.b.is_some() && (args.ledger.is_some() || args.explain.is_some()) {
        return Err(Error::BadInput(
            "payout: --ledger and --explain audit one plan; give one plan and the network".into(),
        ));
    }
    let plan = load_plan(&files.a)?;
    match &files.b {
        None if args.ledger.is_some() || args.explain.is_some() => {
            let network = Network::read(&files.network)?;
            audit::pay_audited(
                &plan,
                &network,
                args.ledger.as_deref(),
                args.explain.as_deref(),
            )
        }
        None => {
            let network = Network::read(&files.network)?;
            pay_one(&plan, &network)
        }
        Some(b) => {
            let plan_b = load_plan(b)?;
            let network = Network::read(&files.network)?;
            pay_two(&files, [&plan, &plan_b], &network, args.out.as_deref())
        }
    }
}

/// One plan: every member's pay, period by period, on stdout; the totals on stderr.
pub(super) fn pay_one(plan: &Plan, network: &Network) -> Result<()> {
    let stdout = std::io::stdout().lock();
    let mut out = csv::Writer::from_writer(std::io::BufWriter::new(stdout));
    let totals = write_payout(plan, network, &mut out)
        .and_then(|totals| out.flush().map(|()| totals).map_err(csv::Error::from))
        .context("writing the payout to stdout")?;
    eprintln!("{}", totals_line(&totals));
    Ok(())
}

/// Two plans: each member under both on stdout or into `out`, the comparison on stderr.
fn pay_two(files: &Files, plans: [&Plan; 2], network: &Network, out: Option<&Path>) -> Result<()> {
    let [a, b] = plans.map(|plan| pay_quietly(plan, network));
    let versus = Versus::of(&network.sponsor, &a, &b);
    let rows = (versus.members.iter())
        .map(|change| PayoutVsRow::of(change, &network.ids[change.member], &a, &b));
    match out {
        None => {
            let stdout = std::io::stdout().lock();
            write_rows(std::io::BufWriter::new(stdout), rows)
                .context("writing the comparison to stdout")?;
        }
        Some(path) => {
            refuse_out(path)?;
            write_atomically(path, |w| write_rows(w, rows))?;
        }
    }
    let names = payout_vs::Names {
        file_a: &files.a,
        file_b: files.b.as_deref().unwrap_or(&files.a),
        ids: &network.ids,
        periods: network.periods.len(),
    };
    eprint!("{}", payout_vs::tables(&names, &a, &b, &versus));
    Ok(())
}

/// An `--out` that cannot be a file: a folder, or in a folder that does not exist.
fn refuse_out(path: &Path) -> Result<()> {
    check_writable_file(path)
        .map_err(|why| Error::BadInput(format!("--out {}: {why}", path.display())))
}

/// The per-member CSV of two plans.
fn write_rows(w: impl Write, rows: impl Iterator<Item = PayoutVsRow>) -> anyhow::Result<()> {
    let mut out = csv::Writer::from_writer(w);
    for row in rows {
        out.serialize(row)?;
    }
    out.flush()?;
    Ok(())
}

/// What `plan` pays `network` over all periods.
fn pay_quietly(plan: &Plan, network: &Network) -> PaidOver {
    match network.pay(plan, |_, _| Ok::<(), std::convert::Infallible>(())) {
        Ok(over) => over,
        Err(never) => match never {},
    }
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

fn write_payout(
    plan: &Plan,
    network: &Network,
    out: &mut csv::Writer<impl Write>,
) -> std::result::Result<PaidOver, csv::Error> {
    out.write_record(header(plan))?;
    network.pay(plan, |period, payout| {
        write_period(plan, network, period, payout, out)
    })
}
