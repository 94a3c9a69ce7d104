//! `downline payout PLAN NETWORK.csv --ledger FILE` and `--explain ID`: the same
//! payout, explained. `--ledger` writes the audit's four tables
//! ([`downline::output::records::ledger`]) next to each other, atomically, besides the
//! usual CSV on stdout; `--explain ID` prints one member's periods readably on stdout
//! instead of the CSV: its standing, every line that paid it (bonus, level, whose
//! volume, rate, amount, reason), what it was promised and not paid and why, and its
//! places in the placement trees.

use super::payout_csv::{header, money, totals_line, write_period};
use anyhow::Context as _;
use downline::error::{Error, Result};
use downline::input_error::did_you_mean;
use downline::network_csv::{Network, Period};
use downline::output::encode::encoder;
use downline::output::ledger_files::{Flush, write_ledger_files};
use downline::output::records::ledger::Ledger;
use downline::plan::audit::{Audit, Standing, Step, amount};
use downline::plan::{NONE, Payout, Plan};
use std::fmt::Write as _;
use std::path::Path;

/// Pays `network` under `plan` with an audit: writes the ledger to `ledger` and/or
/// explains member `explain`.
pub fn pay_audited(
    plan: &Plan,
    network: &Network,
    ledger: Option<&Path>,
    explain: Option<&str>,
) -> Result<()> {
    let target = match explain {
        Some(id) => Some(member_of(network, id)?),
        None => None,
    };
    let place = match ledger {
        Some(path) => Some(LedgerPlace::of(path)?),
        None => None,
    };
    let mut text = String::new();
    let mut csv_out = target
        .is_none()
        .then(|| csv::Writer::from_writer(std::io::BufWriter::new(std::io::stdout().lock())));
    if let Some(out) = csv_out.as_mut() {
        out.write_record(header(plan))
            .context("writing the payout to stdout")?;
    }
    let name = |id: u32| network.ids.get(id as usize).cloned().unwrap_or_default();
    let mut counts = [0usize; 4];
    // Pays every period; each period's ledger rows go to `flush` (when writing one).
    let mut pay = |mut flush: Option<&mut Flush>| {
        let mut book = Ledger::default();
        network.pay_audited(plan, |period, payout, audit| -> anyhow::Result<()> {
            if let Some(out) = csv_out.as_mut() {
                write_period(plan, network, period, payout, out)
                    .context("writing the payout to stdout")?;
            }
            if let Some(flush) = flush.as_mut() {
                book.add(0, period.number, audit, &plan.bonus_names, &name);
                counts[0] += book.lines.len();
                counts[1] += book.breakage.len();
                counts[2] += book.standing.len();
                counts[3] += book.placement.len();
                flush(&mut book)?;
            }
            if let Some(m) = target {
                explain_period(&mut text, plan, network, period, payout, audit, m);
            }
            Ok(())
        })
    };
    let totals = match &place {
        Some(place) => {
            let encoder = encoder(place.format).map_err(Error::BadInput)?;
            write_ledger_files(&place.dir, &place.stem, encoder, |flush| pay(Some(flush)))?
        }
        None => pay(None)?,
    };
    if let Some(mut out) = csv_out {
        out.flush().context("writing the payout to stdout")?;
    }
    if let Some(place) = &place {
        eprintln!(
            "ledger: {} payment lines in {}; {} breakage lines, {} standing rows, {} placement rows next to it",
            counts[0],
            place.path_of(""),
            counts[1],
            counts[2],
            counts[3]
        );
    }
    if let Some(m) = target {
        let who = &network.ids[m as usize];
        let mut head = format!("member {who} under plan \"{}\"\n", plan.name);
        head.push_str(&text);
        say!("{}", head.trim_end());
    }
    eprintln!("{}", totals_line(&totals));
    Ok(())
}

/// The stable id of the member with id `id` in the network.
fn member_of(network: &Network, id: &str) -> Result<u32> {
    match network.ids.iter().position(|x| x == id) {
        Some(m) => Ok(m as u32),
        None => {
            let mut message = format!("--explain {id}: no member has this id in the network");
            let ids = || network.ids.iter().map(String::as_str);
            let help = did_you_mean(id, ids()).or_else(|| {
                (ids().find(|x| x.eq_ignore_ascii_case(id))).map(|x| format!("did you mean `{x}`?"))
            });
            if let Some(help) = help {
                message.push_str(&format!("; {help}"));
            }
            Err(Error::BadInput(message))
        }
    }
}

/// Where the ledger's four files go: `dir/stem.ext`, `dir/stem.breakage.ext`, ...
struct LedgerPlace {
    dir: std::path::PathBuf,
    stem: String,
    format: &'static str,
}

impl LedgerPlace {
    fn of(path: &Path) -> Result<LedgerPlace> {
        let bad = |why: &str| Error::BadInput(format!("--ledger {}: {why}", path.display()));
        let format = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => "csv",
            Some("jsonl") => "jsonl",
            _ => return Err(bad("expected a file name ending in .csv or .jsonl")),
        };
        let stem = (path.file_stem().and_then(|s| s.to_str()))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad("expected a file name"))?
            .to_string();
        let dir = (path.parent())
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        downline::output::atomic::check_writable_file(path).map_err(|why| bad(&why))?;
        Ok(LedgerPlace { dir, stem, format })
    }

    /// The file of one table (`""` for the payment lines).
    fn path_of(&self, table: &str) -> String {
        let name = if table.is_empty() {
            self.stem.clone()
        } else {
            format!("{}.{table}", self.stem)
        };
        self.dir
            .join(format!("{name}.{}", self.format))
            .display()
            .to_string()
    }
}

/// One period of member `m`, readably.
fn explain_period(
    text: &mut String,
    plan: &Plan,
    network: &Network,
    period: &Period,
    payout: &Payout,
    audit: &Audit,
    m: u32,
) {
    let name = |id: u32| network.ids.get(id as usize).cloned().unwrap_or_default();
    let source = |s: u32| {
        if s == NONE || s == m {
            String::new()
        } else {
            format!(" from {}", name(s))
        }
    };
    let bonus = |b: Option<usize>| match b {
        Some(b) => plan.bonus_names.get(b).cloned().unwrap_or_default(),
        None => "minimum_cheque".to_string(),
    };
    let week = |w: u32| {
        if w > 0 {
            format!(" week {w}")
        } else {
            String::new()
        }
    };
    let _ = write!(text, "\nperiod {}: ", period.number);
    match audit.standing.iter().find(|s| s.member == m) {
        Some(standing) => explain_standing(text, payout, audit, standing, m),
        None => {
            let _ = writeln!(text, "not in the organisation");
        }
    }
    for line in audit.lines.iter().filter(|l| l.payee == m) {
        let _ = writeln!(
            text,
            "  {:>10}  {}{}{}{}: {}",
            money(line.amount),
            bonus(line.bonus),
            week(line.week),
            step_words(line.step),
            source(line.source),
            line.reason
        );
    }
    let broken: Vec<_> = audit.broken.iter().filter(|b| b.member == m).collect();
    if !broken.is_empty() {
        let _ = writeln!(text, "  not paid:");
        for b in broken {
            let _ = writeln!(
                text,
                "  {:>10}  {}{}{}{} [{}]: {}",
                money(b.amount),
                bonus(b.bonus),
                week(b.week),
                step_words(b.step),
                source(b.source),
                b.cause.word(),
                b.reason
            );
        }
    }
    for row in audit.tree.iter().filter(|t| t.member == m) {
        let at = if row.parent == NONE {
            "the top".to_string()
        } else {
            format!("{} under {}", row.side, name(row.parent))
        };
        let kind = plan.bonus_kinds.get(row.bonus).map_or("", String::as_str);
        let legs = if kind == "binary" {
            format!(
                "; legs {} / {}, carry in {} / {}, out {} / {}, matched {}",
                amount(row.left),
                amount(row.right),
                amount(row.carry_in[0]),
                amount(row.carry_in[1]),
                amount(row.carry_out[0]),
                amount(row.carry_out[1]),
                amount(row.cycles)
            )
        } else {
            format!("; CV below {}", amount(row.left))
        };
        let _ = writeln!(
            text,
            "  placed at {at} in {}{}{legs}",
            bonus(Some(row.bonus)),
            week(row.week)
        );
    }
}

/// A member's standing in one period: pay, rank, volumes, qualification, next rank.
fn explain_standing(
    text: &mut String,
    payout: &Payout,
    audit: &Audit,
    standing: &Standing,
    m: u32,
) {
    let paid = payout.paid.get(m as usize).copied().unwrap_or(0.0);
    let rank = match standing.rank {
        0 => "no rank".to_string(),
        r => format!("paid as {}", audit.rank_name(r)),
    };
    let qualified = if standing.qualified {
        "qualified".to_string()
    } else {
        format!("not qualified: {}", standing.not_qualified)
    };
    let _ = writeln!(
        text,
        "paid {}; {rank}; qv {}, gv {}; {qualified}",
        money(paid),
        amount(standing.qv),
        amount(standing.gv)
    );
    if !standing.next_rank.is_empty() {
        let _ = writeln!(text, "  next rank {}", standing.next_rank);
    }
    if standing.held > 0.0 {
        let _ = writeln!(
            text,
            "  held below the minimum cheque: {}",
            money(standing.held)
        );
    }
}

/// A step in words: ` level 2`, ` generation 1`, ` legs`, or nothing.
fn step_words(step: Step) -> String {
    match step {
        Step::Own => String::new(),
        Step::Legs => " legs".to_string(),
        Step::Level(l) => format!(" level {l}"),
        Step::Generation(g) => format!(" generation {g}"),
    }
}
