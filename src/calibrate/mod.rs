//! Calibration: which values of a few scenario keys are consistent with a set of
//! targets (a company's income disclosure, published ranges), by history matching with
//! direct simulation, as hmer and imabc do, without an emulator.
//!
//! - **Prior**: each `--vary KEY=LO..HI` key uniform on its range ([`prior`]).
//! - **Targets**: reported values with standard deviations, or ranges ([`targets`]).
//! - **A point** is run `k` times (runs `0..k`, seeded from (master seed, run) only, so
//!   every point is compared on common random numbers, as in `sweep`). For each target,
//!   its **implausibility** is
//!   `I = |mean - target| / sqrt(sigma^2 + var_runs / k + discrepancy^2)`, with the mean
//!   and sample variance over the runs in which the statistic is defined (`I = inf` when
//!   it is defined in none). A point is **kept** when the largest `I` is at most 3 (the
//!   second-largest when there are 10 or more targets).
//! - **Waves** ([`sample`]): wave 1 is a Latin hypercube of `points` points; each later
//!   wave draws `points` points from a mixture of normals around the points kept so far.
//!   The waves stop after `waves`, or earlier when the kept region stops shrinking: when
//!   a wave's estimate of the kept share of the prior (its *volume*,
//!   `(1/n) Σ [kept] / q(u)` over the wave's points, `q` its proposal density) differs
//!   from the previous wave's by 10 % or less, or when no point has been kept.
//! - **Posterior**: every kept point of every wave, weighted by the prior density over
//!   the density of the mixture of all waves' proposals (each in proportion to the points
//!   it drew), normalised to sum to 1 (importance sampling with the balance heuristic):
//!   a sample from the prior restricted to the non-implausible region.
//!
//! - **Shards** ([`calibrate_shard`], [`merge_shards`]): a wave's (point, run) pairs,
//!   numbered `point·runs + run`, can be split into `N` contiguous blocks, each computed
//!   on its own machine from the same finished waves; the blocks merged give the wave
//!   exactly as one machine computes it, so the calibration ends with the same bytes.
//!
//! Pure: it reads no file and prints nothing; the command writes the results.

pub mod prior;
pub mod sample;
pub mod summary;
pub mod targets;

use crate::ensemble::shard::Shard;
use crate::error::Result;
use crate::scenario::{Overrides, Scenario, ScenarioSource};
use crate::sweep::execute::run_pairs;
use prior::Prior;
use sample::{Mixture, Proposal, latin_hypercube, wave_rng};
use targets::Target;

/// Implausibility above this rules a point out.
pub const CUTOFF: f64 = 3.0;

/// A wave's volume within this share of the previous wave's: the kept region has
/// stopped shrinking.
pub const SETTLED: f64 = 0.10;

/// What a calibration is asked to do.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Points per wave.
    pub points: u32,
    /// The most waves.
    pub waves: u32,
    /// Runs per point.
    pub runs: u32,
}

/// One evaluated point.
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluated {
    /// The wave that drew it (1-based).
    pub wave: u32,
    /// Unit coordinates.
    pub unit: Vec<f64>,
    /// The varied keys' values, in `--vary` order.
    pub values: Vec<f64>,
    /// Per target: the statistic over the point's runs, in run order (`NaN` where
    /// undefined).
    pub runs: Vec<Vec<f64>>,
    /// Per target: the mean over the runs where it is defined.
    pub means: Vec<f64>,
    /// Per target: its implausibility.
    pub implausibility: Vec<f64>,
    /// The largest implausibility (the second-largest with 10 or more targets).
    pub deciding: f64,
    pub kept: bool,
    /// The proposal density it was drawn with.
    pub density: f64,
}

/// One wave's summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Wave {
    pub wave: u32,
    pub points: u32,
    pub kept: u32,
    /// Estimated share of the prior that is not implausible.
    pub volume: f64,
}

/// A finished calibration.
#[derive(Clone, Debug)]
pub struct Calibration {
    pub priors: Vec<Prior>,
    pub targets: Vec<Target>,
    pub settings: Settings,
    /// Every point of every wave, in wave and draw order.
    pub points: Vec<Evaluated>,
    pub waves: Vec<Wave>,
    /// The posterior sample: (index into `points`, weight), weights summing to 1, in
    /// point order. Empty when no point was kept.
    pub posterior: Vec<(usize, f64)>,
    /// Why the waves stopped, in words.
    pub stopped: String,
}

/// The implausibility of one target at a point with these runs' values.
pub fn implausibility(target: &Target, values: &[f64]) -> (f64, f64) {
    let defined: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if defined.is_empty() {
        return (f64::NAN, f64::INFINITY);
    }
    let k = defined.len() as f64;
    let mean = defined.iter().sum::<f64>() / k;
    let variance = if defined.len() > 1 {
        defined.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0)
    } else {
        0.0
    };
    let scale = (target.sigma.powi(2) + variance / k + target.discrepancy.powi(2)).sqrt();
    (mean, (mean - target.value).abs() / scale)
}

/// The implausibility that decides a point: the largest, or the second-largest when
/// there are 10 or more targets.
pub fn deciding(implausibilities: &[f64]) -> f64 {
    let mut sorted = implausibilities.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    match sorted.len() {
        0 => 0.0,
        n if n >= 10 => sorted[1],
        _ => sorted[0],
    }
}

/// A finished wave as kept between sessions, enough to redo everything after it
/// exactly: its points' unit coordinates, their runs' values of each target, and the
/// share of the proposal's draws that landed inside the prior box.
#[derive(Clone, Debug, PartialEq)]
pub struct Finished {
    pub wave: u32,
    pub acceptance: f64,
    /// Per point: unit coordinates, and per target the runs' values.
    pub points: Vec<(Vec<f64>, Vec<Vec<f64>>)>,
}

/// One shard's share of a wave: the wave's points (the same in every shard), and the
/// values of the targets in the shard's block of (point, run) pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct WaveShard {
    pub wave: u32,
    pub shard: Shard,
    /// The share of the proposal's draws that fell inside the prior box.
    pub acceptance: f64,
    /// Every point of the wave: unit coordinates.
    pub units: Vec<Vec<f64>>,
    /// The first pair of the block (pairs numbered `point·runs + run`).
    pub first: u32,
    /// Per pair of the block, in order: per target, the run's value.
    pub values: Vec<Vec<f64>>,
}

/// What a shard of a calibration did.
#[derive(Clone, Debug, PartialEq)]
pub enum ShardOutcome {
    /// It computed its block of the first wave not yet finished.
    Ran(WaveShard),
    /// The finished waves already end the calibration (in words, why): nothing to run.
    Ended(String),
}

/// Runs a calibration. `progress(wave)` is called as each run finishes (from any
/// thread); `finished` holds waves already done in an earlier, interrupted calibration
/// of the same inputs (they are not run again; the results are the same bytes as
/// without the interruption); `on_wave` is given each newly finished wave, to keep.
#[allow(clippy::too_many_arguments)]
pub fn calibrate(
    source: &ScenarioSource,
    overrides: Overrides,
    priors: Vec<Prior>,
    targets: Vec<Target>,
    settings: Settings,
    finished: &[Finished],
    progress: &(dyn Fn(u32) + Sync),
    on_wave: &mut dyn FnMut(&Finished) -> Result<()>,
) -> Result<Calibration> {
    match waves(
        source, overrides, priors, targets, settings, finished, None, progress, on_wave,
    )? {
        Run::Calibrated(calibration) => Ok(calibration),
        Run::Shard(_) => unreachable!("no shard was asked for"),
    }
}

/// Computes shard `shard` of the first wave that `finished` does not hold, from the
/// finished waves, as the whole calibration would compute that wave; or says that the
/// finished waves already end the calibration. Merged with [`merge_shards`], the shards
/// of a wave are the [`Finished`] wave one machine writes.
#[allow(clippy::too_many_arguments)]
pub fn calibrate_shard(
    source: &ScenarioSource,
    overrides: Overrides,
    priors: Vec<Prior>,
    targets: Vec<Target>,
    settings: Settings,
    finished: &[Finished],
    shard: Shard,
    progress: &(dyn Fn(u32) + Sync),
) -> Result<ShardOutcome> {
    match waves(
        source,
        overrides,
        priors,
        targets,
        settings,
        finished,
        Some(shard),
        progress,
        &mut |_| Ok(()),
    )? {
        Run::Calibrated(calibration) => Ok(ShardOutcome::Ended(calibration.stopped)),
        Run::Shard(ran) => Ok(ShardOutcome::Ran(ran)),
    }
}

/// How [`waves`] ended.
enum Run {
    Calibrated(Calibration),
    Shard(WaveShard),
}

/// The waves: replays the finished ones, runs the rest (or, for a shard, its block of
/// the first unfinished one, and stops there).
#[allow(clippy::too_many_arguments)]
fn waves(
    source: &ScenarioSource,
    overrides: Overrides,
    priors: Vec<Prior>,
    targets: Vec<Target>,
    settings: Settings,
    finished: &[Finished],
    shard: Option<Shard>,
    progress: &(dyn Fn(u32) + Sync),
    on_wave: &mut dyn FnMut(&Finished) -> Result<()>,
) -> Result<Run> {
    let base = source.scenario(overrides, &[])?;
    let seed = base.simulation.seed;
    let d = priors.len();
    let n = settings.points as usize;
    let mut points: Vec<Evaluated> = Vec::new();
    let mut waves: Vec<Wave> = Vec::new();
    let mut proposals: Vec<(Proposal, usize)> = Vec::new();
    let mut stopped = format!("all {} waves ran", settings.waves);
    for wave in 1..=settings.waves {
        let saved = finished.iter().find(|f| f.wave == wave);
        let (units, runs, proposal) = match saved {
            Some(saved) => {
                let proposal = if wave == 1 {
                    Proposal::Uniform
                } else {
                    let mut mixture = mixture_around(&points, &proposals);
                    mixture.acceptance = saved.acceptance;
                    Proposal::Mixture(mixture)
                };
                let (units, runs) = saved.points.iter().cloned().unzip();
                (units, runs, proposal)
            }
            None => {
                let mut rng = wave_rng(seed, wave);
                let (units, proposal) = if wave == 1 {
                    (latin_hypercube(n, d, &mut rng), Proposal::Uniform)
                } else {
                    let mut mixture = mixture_around(&points, &proposals);
                    let units = mixture.draw(n, &mut rng);
                    (units, Proposal::Mixture(mixture))
                };
                let acceptance = match &proposal {
                    Proposal::Uniform => 1.0,
                    Proposal::Mixture(m) => m.acceptance,
                };
                let k = settings.runs;
                let total = k * units.len() as u32;
                let block = shard.map_or(0..total, |s| s.block(total));
                let first = block.start;
                let values = run_block(
                    source, overrides, &priors, &targets, k, wave, &units, block, progress,
                )?;
                if let Some(shard) = shard {
                    return Ok(Run::Shard(WaveShard {
                        wave,
                        shard,
                        acceptance,
                        units,
                        first,
                        values,
                    }));
                }
                let runs = by_point(units.len(), k, targets.len(), &values);
                on_wave(&Finished {
                    wave,
                    acceptance,
                    points: units.iter().cloned().zip(runs.iter().cloned()).collect(),
                })?;
                (units, runs, proposal)
            }
        };
        let evaluated = judge(&priors, &targets, wave, units, runs, &proposal);
        let kept = evaluated.iter().filter(|p| p.kept).count();
        let volume = if evaluated.is_empty() {
            f64::NAN
        } else {
            evaluated
                .iter()
                .filter(|p| p.kept)
                .map(|p| 1.0 / p.density)
                .sum::<f64>()
                / evaluated.len() as f64
        };
        let drawn = evaluated.len();
        points.extend(evaluated);
        proposals.push((proposal, drawn));
        waves.push(Wave {
            wave,
            points: drawn as u32,
            kept: kept as u32,
            volume,
        });
        if points.iter().all(|p| !p.kept) {
            stopped = format!(
                "no point was consistent with the targets after wave {wave}: widen the \
                 priors, vary other keys, or add a discrepancy to the targets"
            );
            break;
        }
        if let [.., previous, last] = waves.as_slice() {
            if (last.volume - previous.volume).abs() <= SETTLED * previous.volume {
                stopped = format!(
                    "the kept region stopped shrinking after wave {wave} (volume {:.4} against \
                     {:.4})",
                    last.volume, previous.volume
                );
                break;
            }
        }
        if drawn < n {
            stopped = format!(
                "wave {wave} could draw only {drawn} of {n} points inside the prior ranges"
            );
            break;
        }
    }
    let posterior = posterior(&points, &proposals);
    Ok(Run::Calibrated(Calibration {
        priors,
        targets,
        settings,
        points,
        waves,
        posterior,
        stopped,
    }))
}

/// The next wave's mixture, around the points kept so far with their weights.
fn mixture_around(points: &[Evaluated], proposals: &[(Proposal, usize)]) -> Mixture {
    let (centres, weights): (Vec<Vec<f64>>, Vec<f64>) = posterior(points, proposals)
        .into_iter()
        .map(|(i, w)| (points[i].unit.clone(), w))
        .unzip();
    Mixture::around(&centres, &weights)
}

/// Runs a block of one wave's (point, run) pairs (numbered `point·runs + run`): per
/// pair, in order, per target, the run's value.
#[allow(clippy::too_many_arguments)]
fn run_block(
    source: &ScenarioSource,
    overrides: Overrides,
    priors: &[Prior],
    targets: &[Target],
    runs: u32,
    wave: u32,
    units: &[Vec<f64>],
    block: std::ops::Range<u32>,
    progress: &(dyn Fn(u32) + Sync),
) -> Result<Vec<Vec<f64>>> {
    let scenarios = units
        .iter()
        .map(|u| {
            let values: Vec<f64> = priors.iter().zip(u).map(|(p, &x)| p.value(x)).collect();
            source.scenario(overrides, &assignments(priors, &values))
        })
        .collect::<std::result::Result<Vec<Scenario>, _>>()?;
    let indices: Vec<u32> = block.collect();
    let done = run_pairs(&scenarios, runs, &indices, &|| progress(wave));
    Ok(done
        .iter()
        .map(|run| {
            let statistics = run.outcome.statistics.values();
            targets.iter().map(|t| statistics[t.index]).collect()
        })
        .collect())
}

/// A wave's pairs' values (per pair, per target, pairs in order) as per point, per
/// target, the runs' values in run order.
fn by_point(points: usize, runs: u32, targets: usize, values: &[Vec<f64>]) -> Vec<Vec<Vec<f64>>> {
    let k = runs as usize;
    (0..points)
        .map(|i| {
            (0..targets)
                .map(|t| values[i * k..(i + 1) * k].iter().map(|v| v[t]).collect())
                .collect()
        })
        .collect()
}

/// The shards of one wave merged into the wave one machine computes, or why they do
/// not make one whole (a shard missing, given twice, of another split, or computed
/// from other finished waves).
pub fn merge_shards(
    shards: &[WaveShard],
    runs: u32,
    targets: usize,
) -> std::result::Result<Finished, String> {
    let Some(first) = shards.first() else {
        return Err("no shards".into());
    };
    let (wave, count) = (first.wave, first.shard.count);
    let bits =
        |units: &[Vec<f64>]| -> Vec<u64> { units.iter().flatten().map(|x| x.to_bits()).collect() };
    let units = bits(&first.units);
    let mut by_index: Vec<Option<&WaveShard>> = vec![None; count as usize];
    for s in shards {
        if s.wave != wave {
            return Err(format!("shards of waves {wave} and {} mixed", s.wave));
        }
        if s.shard.count != count {
            return Err(format!(
                "shards of a {count}-way and a {}-way split of wave {wave} mixed: keep one split",
                s.shard.count
            ));
        }
        if bits(&s.units) != units || s.acceptance.to_bits() != first.acceptance.to_bits() {
            return Err(format!(
                "shard {}/{count} of wave {wave} drew other points than shard {}/{count}: \
                 they were computed from different earlier waves; run it again",
                s.shard.index, first.shard.index
            ));
        }
        let slot = &mut by_index[s.shard.index as usize];
        if slot.is_some() {
            return Err(format!(
                "shard {}/{count} of wave {wave} given twice",
                s.shard.index
            ));
        }
        *slot = Some(s);
    }
    let missing: Vec<String> = (by_index.iter().enumerate())
        .filter(|(_, s)| s.is_none())
        .map(|(i, _)| format!("{i}/{count}"))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "wave {wave} lacks shard(s) {}: run them (--shard I/N) before going on",
            missing.join(", ")
        ));
    }
    let total = runs * first.units.len() as u32;
    let mut values = Vec::with_capacity(total as usize);
    for s in by_index.into_iter().flatten() {
        let block = s.shard.block(total);
        if s.first != block.start
            || s.values.len() != block.len()
            || s.values.iter().any(|v| v.len() != targets)
        {
            return Err(format!(
                "shard {}/{count} of wave {wave} does not hold the pairs {}..{} of {} targets",
                s.shard.index, block.start, block.end, targets
            ));
        }
        values.extend(s.values.iter().cloned());
    }
    let runs = by_point(first.units.len(), runs, targets, &values);
    Ok(Finished {
        wave,
        acceptance: first.acceptance,
        points: first.units.iter().cloned().zip(runs).collect(),
    })
}

/// Decides which points of a wave are kept.
fn judge(
    priors: &[Prior],
    targets: &[Target],
    wave: u32,
    units: Vec<Vec<f64>>,
    runs: Vec<Vec<Vec<f64>>>,
    proposal: &Proposal,
) -> Vec<Evaluated> {
    units
        .into_iter()
        .zip(runs)
        .map(|(unit, runs)| {
            let values: Vec<f64> = priors.iter().zip(&unit).map(|(p, &x)| p.value(x)).collect();
            let (means, implausibility): (Vec<f64>, Vec<f64>) = (targets.iter().zip(&runs))
                .map(|(t, values)| implausibility(t, values))
                .unzip();
            let deciding = deciding(&implausibility);
            Evaluated {
                wave,
                density: proposal.density(&unit),
                unit,
                values,
                runs,
                means,
                kept: deciding <= CUTOFF,
                implausibility,
                deciding,
            }
        })
        .collect()
}

/// The varied keys set to `values`, as a scenario takes them.
pub fn assignments(priors: &[Prior], values: &[f64]) -> Vec<(String, toml::Value)> {
    priors
        .iter()
        .zip(values)
        .map(|(p, &x)| (p.key.clone(), p.toml(x)))
        .collect()
}

/// The kept points with their importance weights (summing to 1), in point order.
fn posterior(points: &[Evaluated], proposals: &[(Proposal, usize)]) -> Vec<(usize, f64)> {
    let drawn: usize = proposals.iter().map(|(_, n)| n).sum();
    let mut weighted: Vec<(usize, f64)> = (points.iter().enumerate())
        .filter(|(_, p)| p.kept)
        .map(|(i, p)| {
            let mixture: f64 = (proposals.iter())
                .map(|(q, n)| *n as f64 / drawn as f64 * q.density(&p.unit))
                .sum();
            (i, 1.0 / mixture)
        })
        .collect();
    let total: f64 = weighted.iter().map(|(_, w)| w).sum();
    for (_, w) in &mut weighted {
        *w /= total;
    }
    weighted
}

/// The `q`-quantile of values with weights: the smallest value whose cumulative weight
/// (values sorted ascending) reaches `q` of the total. `NaN` with no values.
pub fn weighted_quantile(values: &[(f64, f64)], q: f64) -> f64 {
    let mut sorted: Vec<(f64, f64)> = values
        .iter()
        .copied()
        .filter(|(v, _)| !v.is_nan())
        .collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = sorted.iter().map(|(_, w)| w).sum();
    let mut cumulative = 0.0;
    for (value, weight) in &sorted {
        cumulative += weight;
        if cumulative >= q * total - 1e-12 * total {
            return *value;
        }
    }
    sorted.last().map_or(f64::NAN, |(v, _)| *v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(value: f64, sigma: f64, discrepancy: f64) -> Target {
        Target {
            statistic: "payout_ratio",
            index: 0,
            value,
            sigma,
            discrepancy,
            low: value - 3.0 * sigma,
            high: value + 3.0 * sigma,
        }
    }

    #[test]
    fn implausibility_weighs_the_gap_by_all_three_uncertainties() {
        // Runs 1, 2, 3: mean 2, sample variance 1, k = 3. sigma 0.5, discrepancy 0.5:
        // I = |2 - 3.5| / sqrt(0.25 + 1/3 + 0.25) = 1.5 / sqrt(0.8333...).
        let (mean, i) = implausibility(&target(3.5, 0.5, 0.5), &[1.0, f64::NAN, 2.0, 3.0]);
        assert_eq!(mean, 2.0);
        assert!((i - 1.5 / (0.25_f64 + 1.0 / 3.0 + 0.25).sqrt()).abs() < 1e-12);
        assert_eq!(
            implausibility(&target(1.0, 1.0, 0.0), &[f64::NAN]).1,
            f64::INFINITY
        );
    }

    #[test]
    fn the_deciding_implausibility_is_the_largest_or_with_ten_targets_the_second() {
        assert_eq!(deciding(&[1.0, 4.0, 2.0]), 4.0);
        let ten = [1.0, 9.0, 2.0, 2.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        assert_eq!(deciding(&ten), 2.5);
    }

    #[test]
    fn weighted_quantiles_follow_cumulative_weight() {
        let values = [(3.0, 0.1), (1.0, 0.2), (2.0, 0.7)];
        assert_eq!(weighted_quantile(&values, 0.05), 1.0);
        assert_eq!(weighted_quantile(&values, 0.2), 1.0);
        assert_eq!(weighted_quantile(&values, 0.5), 2.0);
        assert_eq!(weighted_quantile(&values, 0.95), 3.0);
        assert!(weighted_quantile(&[], 0.5).is_nan());
    }
}
