//! `downline calibrate SCENARIO --targets TARGETS.toml --vary KEY=LO..HI ...`: fit the
//! varied keys to the targets by history matching, and write the posterior, the
//! parameters' summaries, the predictive check, the waves and the calibrated scenario.

use super::common::{
    Progress, Terminal, check_months, fit_to_memory, memory_outgrown, output_folder, shard, threads,
};
use crate::cli::CalibrateArgs;
use anyhow::Context;
use downline::calibrate::prior::Prior;
use downline::calibrate::summary::{parameters, predictive};
use downline::calibrate::{
    Finished, Settings, ShardOutcome, assignments, calibrate as fit, calibrate_shard, merge_shards,
    targets,
};
use downline::error::{Error, Result};
use downline::output::calibration_folder::write_calibration;
use downline::output::document::write_json;
use downline::output::encode::encoder;
use downline::output::encode::write_table;
use downline::output::folder::Staged;
use downline::output::records::calibration::{
    CalibrationSummary, ParameterRow, PredictiveRow, ShardFile, WaveCheckpoint, WaveRow,
    inputs_fingerprint, wave_rows,
};
use downline::output::records::point_runs::PointRunRow;
use downline::output::run_folder::write_scenario;
use downline::report::calibrate::build_calibration_page;
use downline::scenario::source::SourceFile;
use downline::scenario::{Overrides, ScenarioSource};
use downline::sweep::design::Point;
use downline::sweep::execute::run_pairs;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

/// Points per wave and waves beyond these are refused (a typo, not a plan).
const MAX_POINTS: u32 = 100_000;
const MAX_WAVES: u32 = 50;

/// Runs the calibration and writes its outputs.
pub fn calibrate(args: &CalibrateArgs) -> Result<()> {
    for (flag, value, max) in [
        ("--runs", args.runs, 10_000),
        ("--points", args.points, MAX_POINTS),
        ("--waves", args.waves, MAX_WAVES),
    ] {
        if value == 0 || value > max {
            return Err(Error::BadInput(format!(
                "{flag}: expected 1 to {max}, found {value}"
            )));
        }
    }
    check_months(args.months)?;
    let threads = threads(args.threads)?;
    let encoder =
        encoder(&args.format).map_err(|why| Error::BadInput(format!("--format: {why}")))?;
    let overrides = Overrides {
        runs: Some(args.runs),
        seed: args.seed,
        months: args.months,
    };
    let source = ScenarioSource::read(&args.scenario)?;
    let base = source.scenario(overrides, &[])?;
    if let Some(design) = &args.design {
        return run_design(args, design, &source, overrides, threads, encoder);
    }
    let shard = shard(args.shard.as_deref())?;
    let Some(targets_path) = &args.targets else {
        return Err(Error::BadInput("calibrate: --targets is required".into()));
    };
    super::common::one_stdin([args.scenario.as_path(), targets_path.as_path()])?;
    let (targets_file, table) = SourceFile::read(targets_path)?;
    let targets = targets::parse(&table).map_err(|e| targets_file.place(e))?;
    let targets_hash = hex(&Sha256::digest(targets_file.text().as_bytes()));
    let priors = Prior::parse(&args.vary)?;
    let settings = Settings {
        points: args.points,
        waves: args.waves,
        runs: args.runs,
    };
    let threads = fit_to_memory(
        &base,
        threads,
        0,
        u64::from(args.points) * u64::from(args.runs),
    )?;
    let name = format!("{}-calibration", base.name);
    let out = output_folder(args.out.as_ref(), &name, None);
    let targets_count = targets.len();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let per_wave = match shard {
        Some(shard) => shard.block(args.points * args.runs).len() as u32,
        None => args.points * args.runs,
    };
    let terminal = Terminal::of(&args.terminal);
    let progress: Mutex<Option<(u32, Progress)>> = Mutex::new(None);
    let tick = |wave: u32| {
        let Ok(mut current) = progress.lock() else {
            return;
        };
        if current.as_ref().is_none_or(|(w, _)| *w != wave) {
            if let Some((_, done)) = current.take() {
                done.finish();
            }
            match shard {
                _ if !terminal.words() => {}
                Some(s) => eprintln!(
                    "wave {wave}, shard {}/{}: {per_wave} of {} points x {} runs",
                    s.index, s.count, args.points, args.runs
                ),
                None => eprintln!("wave {wave}: {} points x {} runs", args.points, args.runs),
            }
            *current = Some((wave, terminal.progress(per_wave)));
        }
        if let Some((_, bar)) = current.as_ref() {
            bar.tick();
        }
    };
    // Finished waves are kept beside the output folder until the calibration ends, and
    // an interrupted calibration of the same inputs resumes from them.
    let keep = PathBuf::from(format!("{}.waves", out.display()));
    let inputs = inputs_fingerprint(
        &base.hash,
        &targets_hash,
        &args.vary,
        args.runs,
        args.points,
        base.simulation.seed,
        base.simulation.months,
    );
    let finished = resumable(&keep, &inputs, args.runs, targets_count, shard.is_some())?;
    if !finished.is_empty() {
        eprintln!(
            "resuming from {} finished wave(s) kept in {}",
            finished.len(),
            keep.display()
        );
    }
    if let Some(shard) = shard {
        let ran = pool.install(|| {
            calibrate_shard(
                &source, overrides, priors, targets, settings, &finished, shard, &tick,
            )
        })?;
        memory_outgrown(threads)?;
        if let Ok(mut current) = progress.lock() {
            if let Some((_, done)) = current.take() {
                done.finish();
            }
        }
        return match ran {
            ShardOutcome::Ran(ran) => {
                let dir = keep.join(format!("wave-{}", ran.wave));
                std::fs::create_dir_all(&dir).map_err(|e| {
                    Error::Internal(anyhow::anyhow!("cannot create {}: {e}", dir.display()))
                })?;
                let path = dir.join(ShardFile::name(shard));
                write_json(&path, &ShardFile::of(&ran, &inputs))?;
                terminal.json(&ShardSummary {
                    command: "calibrate",
                    scenario: &base.name,
                    wave: Some(ran.wave),
                    shard: format!("{}/{}", shard.index, shard.count),
                    pairs: ran.values.len(),
                    ended: None,
                    out: Some(path.display().to_string()),
                })?;
                if !terminal.words() {
                    return Ok(());
                }
                say!(
                    "{}: wave {}, shard {}/{}: {} of {} (point, run) pairs",
                    base.name,
                    ran.wave,
                    shard.index,
                    shard.count,
                    ran.values.len(),
                    ran.units.len() as u32 * args.runs
                );
                say!("  wrote {}", path.display());
                Ok(())
            }
            ShardOutcome::Ended(why) => {
                terminal.json(&ShardSummary {
                    command: "calibrate",
                    scenario: &base.name,
                    wave: None,
                    shard: format!("{}/{}", shard.index, shard.count),
                    pairs: 0,
                    ended: Some(why.to_string()),
                    out: None,
                })?;
                if !terminal.words() {
                    return Ok(());
                }
                say!(
                    "{}: shard {}/{}: nothing to run, the finished waves end the calibration ({why}); \
                     the plain command writes the results",
                    base.name,
                    shard.index,
                    shard.count
                );
                Ok(())
            }
        };
    }
    let folder = Staged::begin(&out)?;
    let mut on_wave = |wave: &Finished| -> Result<()> {
        // A wave whose runs were stopped for memory is not kept (nor is the fit).
        memory_outgrown(threads)?;
        std::fs::create_dir_all(&keep).map_err(|e| {
            Error::Internal(anyhow::anyhow!("cannot create {}: {e}", keep.display()))
        })?;
        write_json(
            &keep.join(format!("wave-{}.json", wave.wave)),
            &WaveCheckpoint::of(wave, &inputs),
        )
    };
    let started = Instant::now();
    let calibration = pool.install(|| {
        fit(
            &source,
            overrides,
            priors,
            targets,
            settings,
            &finished,
            &tick,
            &mut on_wave,
        )
    })?;
    memory_outgrown(threads)?;
    if let Ok(mut current) = progress.lock() {
        if let Some((_, done)) = current.take() {
            done.finish();
        }
    }
    let seconds = started.elapsed().as_secs_f64();

    let command = reproduce(args, targets_path, base.simulation.seed);
    let medians: Vec<f64> = parameters(&calibration).iter().map(|p| p.median).collect();
    let calibrated = if calibration.posterior.is_empty() {
        None
    } else {
        let set = assignments(&calibration.priors, &medians);
        Some(source.scenario(Overrides::default(), &set)?)
    };
    let summary = CalibrationSummary::of(
        &calibration,
        &base,
        &args.vary,
        targets_path.display().to_string(),
        targets_hash,
    );
    write_calibration(
        folder.path(),
        &calibration,
        &summary,
        &base,
        calibrated.as_ref(),
        &command,
        encoder,
    )?;
    build_calibration_page(folder.path())?;
    folder.commit()?;
    // The waves are in the folder now; what was kept to resume from is not needed.
    let _ = std::fs::remove_dir_all(&keep);

    if calibration.posterior.is_empty() {
        eprintln!(
            "warning: no point was kept; posterior.csv is empty and no calibrated.toml was written"
        );
    }
    terminal.json(&FitSummary {
        command: "calibrate",
        seconds,
        threads,
        out: out.display().to_string(),
        summary: &summary,
        parameters: parameters(&calibration)
            .iter()
            .map(ParameterRow::of)
            .collect(),
        predictive: (predictive(&calibration).iter())
            .map(PredictiveRow::of)
            .collect(),
        waves: wave_rows(&calibration),
    })?;
    if !terminal.words() {
        return Ok(());
    }
    say!(
        "{}: {} waves, {} points x {} runs in {:.1} s on {} thread(s); {}",
        base.name,
        calibration.waves.len(),
        calibration.points.len(),
        args.runs,
        seconds,
        threads,
        calibration.stopped
    );
    for wave in &calibration.waves {
        say!(
            "  wave {}: {} points, {} kept ({:.1} %), volume {:.4}",
            wave.wave,
            wave.points,
            wave.kept,
            100.0 * f64::from(wave.kept) / f64::from(wave.points.max(1)),
            wave.volume
        );
    }
    if !calibration.posterior.is_empty() {
        say!(
            "  posterior: {} points (effective size {:.0})",
            summary.points_kept,
            summary.effective_size
        );
        for p in parameters(&calibration) {
            say!(
                "  {} = {} (90 %: {} to {}; shrinkage {:.2})",
                p.key,
                short(p.median),
                short(p.q05),
                short(p.q95),
                p.shrinkage
            );
        }
        for p in predictive(&calibration) {
            say!(
                "  {}: target {} ({} to {}), simulated {} ({} to {}): {}",
                p.statistic,
                short(p.target),
                short(p.low),
                short(p.high),
                short(p.mean),
                short(p.p5),
                short(p.p95),
                p.verdict
            );
        }
    }
    say!("  wrote {}", out.display());
    Ok(())
}

/// The summary `calibrate --json` prints after a fit: the calibration's summary.json,
/// each parameter's posterior, each target against the fitted model, and the waves.
#[derive(serde::Serialize)]
struct FitSummary<'a> {
    command: &'static str,
    seconds: f64,
    threads: usize,
    out: String,
    summary: &'a CalibrationSummary,
    parameters: Vec<ParameterRow>,
    predictive: Vec<PredictiveRow>,
    waves: Vec<WaveRow>,
}

/// The summary `calibrate --shard I/N --json` prints.
#[derive(serde::Serialize)]
struct ShardSummary<'a> {
    command: &'static str,
    scenario: &'a str,
    /// The wave the shard ran (none when the finished waves already end the fit).
    wave: Option<u32>,
    shard: String,
    pairs: usize,
    ended: Option<String>,
    out: Option<String>,
}

/// The summary `calibrate --design --json` prints.
#[derive(serde::Serialize)]
struct DesignSummary<'a> {
    command: &'static str,
    scenario: &'a str,
    points: usize,
    runs_per_point: u32,
    out: String,
}

/// `--design POINTS.csv`: runs each given point `--runs` times and writes every run's
/// statistics (`point_runs.csv`, as `sweep` writes it) and the scenario.
fn run_design(
    args: &CalibrateArgs,
    design: &Path,
    source: &ScenarioSource,
    overrides: Overrides,
    threads: usize,
    encoder: &'static dyn downline::output::encode::Encoder,
) -> Result<()> {
    let points = read_design(design)?;
    let scenarios = (points.iter())
        .map(|p| source.scenario(overrides, &p.values))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let base = source.scenario(overrides, &[])?;
    let threads = fit_to_memory(
        &base,
        threads,
        0,
        points.len() as u64 * u64::from(args.runs),
    )?;
    let name = format!("{}-design", base.name);
    let out = output_folder(args.out.as_ref(), &name, None);
    let folder = Staged::begin(&out)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start worker threads")?;
    let total = u32::try_from(points.len() as u64 * u64::from(args.runs))
        .map_err(|_| Error::BadInput("--design: more than 2^32 (point, run) pairs".into()))?;
    let indices: Vec<u32> = (0..total).collect();
    let terminal = Terminal::of(&args.terminal);
    let progress = terminal.progress(total);
    let runs = pool.install(|| run_pairs(&scenarios, args.runs, &indices, &|| progress.tick()));
    progress.finish();
    memory_outgrown(threads)?;
    let seed = base.simulation.seed;
    let rows = (runs.iter()).map(|r| PointRunRow::of(r, &points[r.point as usize], seed));
    write_table(folder.path(), "point_runs", encoder, rows)?;
    write_scenario(folder.path(), &base)?;
    folder.commit()?;
    terminal.json(&DesignSummary {
        command: "calibrate",
        scenario: &base.name,
        points: points.len(),
        runs_per_point: args.runs,
        out: out.display().to_string(),
    })?;
    if !terminal.words() {
        return Ok(());
    }
    say!(
        "{}: {} points x {} runs",
        base.name,
        points.len(),
        args.runs
    );
    say!("  wrote {}", out.display());
    Ok(())
}

/// Reads a design: a CSV whose header names the keys and whose every row is a point;
/// each cell is a TOML value (`0.25`, `100`, `true`, `[0.1, 0.05]`) or else text.
fn read_design(path: &Path) -> Result<Vec<Point>> {
    let bad = |what: String| Error::BadInput(format!("{}: {what}", path.display()));
    let mut reader = csv::ReaderBuilder::new()
        .from_path(path)
        .map_err(|e| bad(format!("cannot read ({e})")))?;
    let keys: Vec<String> = reader
        .headers()
        .map_err(|e| bad(format!("cannot read the header ({e})")))?
        .iter()
        .map(|k| k.trim().to_string())
        .collect();
    if keys.is_empty() || keys.iter().any(String::is_empty) {
        return Err(bad(
            "expected a header naming one scenario key per column, such as \
             behaviour.join_probability"
                .into(),
        ));
    }
    let mut points = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record = record.map_err(|e| bad(format!("line {line}: {e}")))?;
        if record.len() != keys.len() {
            return Err(bad(format!(
                "line {line}: expected {} values (one per key), found {}",
                keys.len(),
                record.len()
            )));
        }
        let values = (keys.iter().zip(record.iter()))
            .map(|(key, cell)| (key.clone(), cell_value(cell.trim())))
            .collect();
        points.push(Point {
            index: k as u32,
            values,
        });
    }
    if points.is_empty() {
        return Err(bad(
            "expected at least one point (a row under the header)".into()
        ));
    }
    Ok(points)
}

/// A design cell as a TOML value, or as text when it is not one.
fn cell_value(cell: &str) -> toml::Value {
    format!("v = {cell}")
        .parse::<toml::Table>()
        .ok()
        .and_then(|mut t| t.remove("v"))
        .unwrap_or_else(|| toml::Value::String(cell.to_string()))
}

/// The finished waves kept in `keep` for these inputs, in order from wave 1: a wave's
/// checkpoint (`wave-<w>.json`), or else its shards (`wave-<w>/shard-<I>-of-<N>.json`)
/// merged. Stops at the first wave with neither, or with a missing, unreadable or
/// foreign checkpoint; shards that do not make one whole are an error (exit 2), except
/// for a shard (`in_shard`), for which they are the wave in progress.
fn resumable(
    keep: &Path,
    inputs: &str,
    runs: u32,
    targets: usize,
    in_shard: bool,
) -> Result<Vec<Finished>> {
    let mut finished = Vec::new();
    for wave in 1.. {
        let path = keep.join(format!("wave-{wave}.json"));
        if let Ok(text) = std::fs::read_to_string(&path) {
            match serde_json::from_str::<WaveCheckpoint>(&text) {
                Ok(checkpoint) if checkpoint.inputs == inputs && checkpoint.wave == wave => {
                    finished.push(checkpoint.finished());
                    continue;
                }
                _ => break,
            }
        }
        let dir = keep.join(format!("wave-{wave}"));
        let shards = shards_in(&dir, inputs, wave)?;
        if shards.is_empty() {
            break;
        }
        match merge_shards(&shards, runs, targets) {
            Ok(merged) => finished.push(merged),
            Err(_) if in_shard => break,
            Err(why) => return Err(Error::BadInput(format!("{}: {why}", dir.display()))),
        }
    }
    Ok(finished)
}

/// The shards of `wave` in `dir` (none when it does not exist), in file-name order;
/// a file that is not a shard of these inputs and this wave is an error.
fn shards_in(dir: &Path, inputs: &str, wave: u32) -> Result<Vec<downline::calibrate::WaveShard>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("shard-") && n.ends_with(".json"))
        })
        .collect();
    paths.sort();
    let mut shards = Vec::new();
    for path in paths {
        let bad = |why: String| Error::BadInput(format!("{}: {why}", path.display()));
        let text = std::fs::read_to_string(&path).map_err(|e| bad(format!("cannot read ({e})")))?;
        let file: ShardFile = serde_json::from_str(&text)
            .map_err(|e| bad(format!("not a calibration shard ({e})")))?;
        if file.inputs != inputs {
            return Err(bad(
                "a shard of a calibration with other inputs (scenario, targets, --vary, \
                 --runs, --points, --seed or --months): remove it, or give the inputs it was \
                 made with"
                    .into(),
            ));
        }
        if file.wave != wave {
            return Err(bad(format!("holds wave {}, not wave {wave}", file.wave)));
        }
        shards.push(file.shard().map_err(bad)?);
    }
    Ok(shards)
}

/// The command that gives the same outputs (with the seed made explicit).
fn reproduce(args: &CalibrateArgs, targets: &Path, seed: u64) -> String {
    let mut parts = vec![
        "downline calibrate".to_string(),
        quoted(&args.scenario.display().to_string()),
        format!("--targets {}", quoted(&targets.display().to_string())),
    ];
    for vary in &args.vary {
        parts.push(format!("--vary {}", quoted(vary)));
    }
    parts.push(format!(
        "--runs {} --points {} --waves {} --seed {seed}",
        args.runs, args.points, args.waves
    ));
    if let Some(months) = args.months {
        parts.push(format!("--months {months}"));
    }
    parts.join(" ")
}

/// A word as a POSIX shell reads it back: in single quotes when it holds anything
/// but letters, digits and `-_./=:,+@%`.
fn quoted(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A number for the terminal: four significant digits (the files keep every digit).
fn short(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return format!("{x}");
    }
    let digits = (3 - x.abs().log10().floor() as i32).max(0) as usize;
    format!("{x:.digits$}")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
