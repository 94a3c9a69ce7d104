//! Command-line definitions (clap). Parsing only: `commands` does the work.

use clap::builder::PossibleValuesParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// downline: a parallel agent-based simulator of network marketing and multi-level
/// marketing. Runs thousands of seeded futures of a scenario and reports income,
/// attrition and sustainability across them.
#[derive(Debug, Parser)]
#[command(
    name = "downline",
    version,
    about,
    long_about = None,
    after_help = "Examples:\n  downline run scenarios/default.toml\n      1,000 runs of the default scenario -> output/default/report.html\n  downline check scenarios/pyramid.toml\n      validate a scenario\n  downline serve\n      the class page in a browser, offline\n\nEach command has its own examples: downline help run"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario many times; write the tables, the charts and report.html.
    #[command(
        after_help = "Examples:\n  downline run scenarios/default.toml\n      1,000 runs -> output/default/report.html\n  downline run scenarios/binary.toml --runs 200 --seed 7\n      fewer runs, another seed\n  downline run scenarios/default.toml --json > summary.json\n      the summary for a script"
    )]
    Run(RunArgs),
    /// Rebuild the charts and report.html of an existing output folder.
    #[command(
        after_help = "Examples:\n  downline report output/default\n      redraw the charts and report.html"
    )]
    Report(ReportArgs),
    /// Run a scenario at many points (a grid or a Latin hypercube of varied keys).
    #[command(
        after_help = "Examples:\n  downline sweep scenarios/default.toml --runs 100 --vary product.entry_fee=0..500:6\n      six fees\n  downline sweep scenarios/default.toml --vary market.cold_reach=0..0.3 --vary behaviour.join_probability=0.05..0.4 --lhs 50\n      a Latin hypercube of 50 points"
    )]
    Sweep(SweepArgs),
    /// Fit varied keys of a scenario to targets (an income disclosure) by history matching.
    #[command(
        after_help = "Examples:\n  downline calibrate scenarios/default.toml --targets scenarios/default.targets.toml --vary behaviour.quit.base=0.01..0.08\n      fit one key\n  downline calibrate scenarios/default.toml --design points.csv --runs 20\n      run given points for an external tool"
    )]
    Calibrate(CalibrateArgs),
    /// Merge shard folders (--shard I/N) into the output of the unsharded command.
    #[command(
        after_help = "Examples:\n  downline run scenarios/default.toml --shard 0/2 --out shards/0\n      half the runs (and --shard 1/2 elsewhere)\n  downline merge shards/0 shards/1 --out output/default\n      the unsharded output, byte for byte"
    )]
    Merge(MergeArgs),
    /// Compare two output folders: every statistic, the difference and its 95 % interval.
    #[command(
        after_help = "Examples:\n  downline compare output/default output/binary\n      -> output/compare/default-vs-binary/\n  downline compare output/default output/binary --json\n      every statistic as JSON on stdout"
    )]
    Compare(CompareArgs),
    /// Validate a scenario file without running it.
    #[command(
        after_help = "Examples:\n  downline check scenarios/pyramid.toml\n      validate a scenario\n  downline check tests/fixtures/plan-vectors/u-1.toml\n      validate a plan file\n  cat scenario.toml | downline check -\n      read standard input"
    )]
    Check(CheckArgs),
    /// Pay a given organisation under a plan (or two, compared): CSV to stdout, totals on
    /// stderr.
    #[command(override_usage = "downline payout [OPTIONS] <PLAN> [PLAN_B] <NETWORK>")]
    #[command(
        after_help = "Examples:\n  downline payout plan.toml network.csv > pay.csv\n      every member's pay, period by period\n  downline payout plan.toml network.csv --explain 42\n      member 42's pay, line by line\n  downline payout old.toml new.toml network.csv --out diff.csv\n      two plans on one organisation"
    )]
    Payout(PayoutArgs),
    /// Generate an organisation of a given shape (a network CSV for payout), for stress tests.
    #[command(
        after_help = "Examples:\n  downline org --members 100000 --out network.csv\n      an organisation to pay\n  downline org --members 5000 --sponsoring preferential --out network.csv\n      a few big sponsors"
    )]
    Org(OrgArgs),
    /// Serve the class page: pick a plan, move sliders, run it, in a browser, offline.
    #[command(
        after_help = "Examples:\n  downline serve\n      the class page at http://127.0.0.1:8421/\n  downline serve --host 0.0.0.0\n      open to other computers on the network"
    )]
    Serve(ServeArgs),
    /// Print the JSON Schema (draft-07) of scenario files, for editors and validators.
    #[command(
        after_help = "Examples:\n  downline schema > scenario.schema.json\n      the schema the shipped scenarios name in their #:schema line\n  downline schema --out scenarios/scenario.schema.json\n      write it atomically"
    )]
    Schema(SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish) on stdout.
    #[command(
        after_help = "Examples:\n  downline completions bash > ~/.local/share/bash-completion/completions/downline\n      bash\n  downline completions zsh > ~/.zfunc/_downline\n      zsh (with ~/.zfunc on fpath)\n  downline completions fish > ~/.config/fish/completions/downline.fish\n      fish"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff) on stdout, or write one page per command into a folder.
    #[command(
        after_help = "Examples:\n  downline man | man -l -\n      read the page now\n  downline man --dir ~/.local/share/man/man1\n      install a page per command"
    )]
    Man(ManArgs),
}

/// What `run` and `sweep` share: how many runs, which seed, how long, how many
/// threads, which shard, and whether to draw charts.
#[derive(Debug, Args)]
pub struct EnsembleArgs {
    /// Number of runs (per point for a sweep; overrides simulation.runs).
    #[arg(long)]
    pub runs: Option<u32>,
    /// Master seed (overrides simulation.seed; also seeds a sweep's hypercube).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Months per run (overrides simulation.months).
    #[arg(long)]
    pub months: Option<u32>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Skip the charts and report.html (write the tables only).
    #[arg(long)]
    pub no_charts: bool,
    /// The tables' format: CSV, or JSON Lines (one JSON object per row).
    #[arg(long, default_value = "csv", value_parser = formats())]
    pub format: String,
    /// Run only shard I of N (0-based), for `downline merge` to combine; defaults from
    /// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT in a Slurm job array.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
}

/// What a long command prints on the terminal: `--quiet` and `--json`.
#[derive(Debug, Args)]
pub struct TerminalArgs {
    /// Print nothing but errors and warnings: no progress, no summary.
    #[arg(long, short = 'q', conflicts_with = "json")]
    pub quiet: bool,
    /// Print the summary as one JSON object on stdout (for scripts), and no progress.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    #[command(flatten)]
    pub ensemble: EnsembleArgs,
    /// Output folder (default: output/<scenario file name>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write members.csv for the first K runs.
    #[arg(long, default_value_t = 1)]
    pub members: u32,
    /// Write the plan's audit ledger (ledger.csv, ledger.breakage.csv,
    /// ledger.standing.csv, ledger.placement.csv) for the first K runs: every payment
    /// line of every month. Large: one run of the default scenario writes about 28 MB
    /// (340,000 payment lines).
    #[arg(long, value_name = "K", default_value_t = 0)]
    pub ledger: u32,
    /// Re-run only run R of the ensemble (0-based, as in runs.csv; the same seed, the same
    /// results), with every member's row and traces kept and, with --ledger, its audit
    /// ledger. Default output folder: output/<scenario file name>-run-R/.
    #[arg(long, value_name = "R", conflicts_with = "shard")]
    pub only_run: Option<u32>,
    #[command(flatten)]
    pub terminal: TerminalArgs,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// A key and its values: KEY=LO..HI:STEPS (evenly spaced, ends included),
    /// KEY=a,b,c (a list), or KEY=LO..HI (a range for --lhs). Several form a grid.
    #[arg(long, value_name = "KEY=VALUES", required = true)]
    pub vary: Vec<String>,
    /// Sample N points of a Latin hypercube over the ranges instead of a grid.
    #[arg(long, value_name = "N")]
    pub lhs: Option<u32>,
    #[command(flatten)]
    pub ensemble: EnsembleArgs,
    /// Output folder (default: output/<scenario file name>-sweep/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub terminal: TerminalArgs,
}

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
    /// The targets file: one [[target]] table per statistic (value and sigma, or low and
    /// high; optional discrepancy).
    #[arg(long, value_name = "TARGETS.toml", required_unless_present = "design")]
    pub targets: Option<PathBuf>,
    /// A key to fit and its prior range, KEY=LO..HI (uniform; integer ends: whole numbers).
    #[arg(long, value_name = "KEY=LO..HI", required_unless_present = "design")]
    pub vary: Vec<String>,
    /// Instead of fitting: run the given points (a CSV with one column per key, one row
    /// per point) and write every run's statistics (point_runs.csv), for external tools.
    #[arg(long, value_name = "POINTS.csv", conflicts_with_all = ["targets", "vary"])]
    pub design: Option<PathBuf>,
    /// Runs per point (common random numbers across points).
    #[arg(long, default_value_t = 10)]
    pub runs: u32,
    /// Points per wave.
    #[arg(long, default_value_t = 200)]
    pub points: u32,
    /// The most waves (fewer when the kept region stops shrinking).
    #[arg(long, default_value_t = 4)]
    pub waves: u32,
    /// Master seed (overrides simulation.seed): seeds the runs and the waves' draws.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Months per run (overrides simulation.months).
    #[arg(long)]
    pub months: Option<u32>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// The tables' format: CSV, or JSON Lines.
    #[arg(long, default_value = "csv", value_parser = formats())]
    pub format: String,
    /// Output folder (default: output/<scenario file name>-calibration/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Run only shard I of N (0-based) of the next unfinished wave, into
    /// <out>.waves/; the plain command merges the shards and goes on. Defaults from
    /// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT in a Slurm job array.
    #[arg(long, value_name = "I/N", conflicts_with = "design")]
    pub shard: Option<String>,
    #[command(flatten)]
    pub terminal: TerminalArgs,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard folders written with --shard I/N (all shards of one ensemble).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// Where to write the merged output.
    #[arg(long)]
    pub out: PathBuf,
    /// Skip the charts and report.html.
    #[arg(long)]
    pub no_charts: bool,
    /// The merged tables' format: CSV, or JSON Lines (one JSON object per row).
    #[arg(long, default_value = "csv", value_parser = formats())]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The baseline output folder (A).
    pub a: PathBuf,
    /// The output folder compared with it (B).
    pub b: PathBuf,
    /// Where to write compare.csv, compare.html and the overlay charts (default:
    /// output/compare/<A>-vs-<B>/).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The format of the comparison table: CSV, or JSON Lines.
    #[arg(long, default_value = "csv", value_parser = formats())]
    pub format: String,
    #[command(flatten)]
    pub terminal: TerminalArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// An output folder written by `downline run` (or `downline merge`).
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The scenario file (TOML).
    pub scenario: PathBuf,
}

#[derive(Debug, Args)]
pub struct PayoutArgs {
    /// PLAN [PLAN_B] NETWORK.csv: a plan (a scenario file, or a file holding only a
    /// [plan] table), optionally a second plan to compare it with, then the
    /// organisation: CSV with period, id, sponsor, pv and optional cv, retail,
    /// placement, side, entry_fee.
    #[arg(required = true, num_args = 2..=3, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// A second plan B to compare the first (A) with, as `payout A B NETWORK.csv` does:
    /// per-member pay under A and B and their difference as CSV, the comparison and who
    /// gains and who loses on stderr.
    #[arg(long, value_name = "PLAN_B")]
    pub vs: Option<PathBuf>,
    /// With two plans: write the per-member CSV to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// One plan: also write the audit ledger to FILE (every payment line, with whose
    /// volume, level, rate and reason), and FILE's siblings .breakage.csv (what the
    /// rates promised and did not pay, and why), .standing.csv (each member's
    /// qualification and the first requirement of the next rank it missed) and
    /// .placement.csv (binary and matrix positions, legs, carry, cycles).
    #[arg(long, value_name = "FILE")]
    pub ledger: Option<PathBuf>,
    /// One plan: explain member ID's pay, period by period, line by line, on stdout
    /// (instead of the CSV).
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
}

#[derive(Debug, Args)]
pub struct OrgArgs {
    /// Members in the organisation, numbered 1 to N in join order.
    #[arg(long, value_name = "N")]
    pub members: u32,
    /// How many each member sponsors: geometric or poisson counts with mean
    /// --mean-recruits, exactly --mean-recruits (fixed), or preferential attachment.
    #[arg(long, value_enum, default_value_t = SponsoringArg::Geometric)]
    pub sponsoring: SponsoringArg,
    /// The mean number each member sponsors (fixed: the number; not for preferential).
    #[arg(long, value_name = "M")]
    pub mean_recruits: Option<f64>,
    /// The deepest level (founders are level 0); members there sponsor nobody.
    #[arg(long, value_name = "D")]
    pub max_depth: Option<u32>,
    /// Median PV of a member who buys in a period (log-normal).
    #[arg(long, default_value_t = 100.0, value_name = "PV")]
    pub pv_median: f64,
    /// Log-scale spread (sigma) of that PV; 0: everyone who buys buys the median.
    #[arg(long, default_value_t = 0.5, value_name = "SIGMA")]
    pub pv_sigma: f64,
    /// Share of members who buy in a period (the others have PV 0).
    #[arg(long, default_value_t = 0.8, value_name = "SHARE")]
    pub active: f64,
    /// CV as a share of PV.
    #[arg(long, default_value_t = 1.0, value_name = "SHARE")]
    pub cv_share: f64,
    /// Retail (PV resold to customers) as a share of PV.
    #[arg(long, default_value_t = 0.0, value_name = "SHARE")]
    pub retail_share: f64,
    /// Entry fee, paid in the joining period.
    #[arg(long, default_value_t = 0.0, value_name = "AMOUNT")]
    pub entry_fee: f64,
    /// Periods listed; members join evenly over them and stay.
    #[arg(long, default_value_t = 1, value_name = "P")]
    pub periods: u32,
    /// Binary placement columns: none (the plan's rule places everyone), or under the
    /// sponsor, its recruits alternately left and right.
    #[arg(long, value_enum, default_value_t = PlacementArg::Plan)]
    pub placement: PlacementArg,
    /// Seed: the same options and seed give the same file, byte for byte.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// The network CSV to write (replaced whole).
    #[arg(long, value_name = "NETWORK.csv")]
    pub out: PathBuf,
}

/// `--sponsoring`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SponsoringArg {
    Geometric,
    Poisson,
    Fixed,
    Preferential,
}

/// `--placement`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PlacementArg {
    Plan,
    Sponsor,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The scenario the page starts with (default: scenarios/default.toml). The page
    /// also offers every scenario in scenarios/ and scenarios/published/.
    pub scenario: Option<PathBuf>,
    /// The address to listen on: 127.0.0.1 (this computer only), or for example 0.0.0.0
    /// to let other computers on the network open the page.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: std::net::IpAddr,
    /// The port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = 8421)]
    pub port: u16,
    /// Worker threads for the runs (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write the schema to FILE (atomically) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write downline.1 and one page per command (downline-run.1, ...) into this folder
    /// instead of printing downline.1 on stdout.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The command line as clap describes it (for completions and the man page).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// The table formats `--format` takes (`csv`, `jsonl`).
fn formats() -> PossibleValuesParser {
    PossibleValuesParser::new(downline::output::encode::ENCODERS.iter().map(|e| e.name()))
}

/// Parses the process arguments; clap prints help and usage errors itself.
pub fn parse() -> Cli {
    Cli::parse()
}
