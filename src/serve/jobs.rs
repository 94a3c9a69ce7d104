//! Runs in the background: one job per Run press, its progress, its result, and the
//! rules that keep a classroom's worth of browser tabs from swamping the machine.
//!
//! A job runs the ensemble exactly as `downline run` does (the same runs of the same
//! scenario on a rayon pool, so the same numbers for any number of threads), writes it
//! into a temporary output folder with the same writer ([`write_run`]), and builds its
//! part of the page from that folder ([`class_result`]), as `report.html` is built; the
//! folder is removed afterwards.
//!
//! Each browser tab has an id. A new job from a tab stops that tab's earlier job: no new
//! run of it starts (the runs under way finish), and it ends as cancelled. At most
//! [`Jobs::max_running`] jobs run at once (jobs being stopped are not counted); a
//! request beyond that is refused until one finishes. Finished jobs are kept for their
//! results, the oldest forgotten beyond [`KEPT`].

use super::plans::Prepared;
use crate::ensemble::run_ensemble_unless;
use crate::output::encode::encoder;
use crate::output::run_folder::write_run;
use crate::report::class::result::{ClassResult, class_result};
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

/// How many jobs are remembered (running ones always are).
pub const KEPT: usize = 32;

/// Where a job is.
#[derive(Clone, Debug)]
pub enum State {
    Running,
    /// Finished: its part of the page, and the seconds it took.
    Done(Arc<ClassResult>, f64),
    /// Failed on the server's side (not the settings, which are checked before).
    Failed(String),
    /// Stopped by a newer job from the same tab.
    Cancelled,
}

/// One run of the ensemble for one tab.
pub struct Job {
    pub id: u64,
    /// Runs in the ensemble.
    pub total: u32,
    done: AtomicU32,
    cancel: AtomicBool,
    state: Mutex<State>,
}

impl Job {
    /// Runs finished so far.
    pub fn done(&self) -> u32 {
        self.done.load(Ordering::Relaxed)
    }

    /// Where the job is now.
    pub fn state(&self) -> State {
        lock(&self.state).clone()
    }

    fn set(&self, state: State) {
        *lock(&self.state) = state;
    }

    fn running(&self) -> bool {
        matches!(*lock(&self.state), State::Running)
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Locks `mutex`, also after a thread panicked while holding it (what it guards is
/// replaced whole, never left half-written).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Why a job was not started.
#[derive(Debug)]
pub enum Refused {
    /// As many jobs as allowed are running.
    Busy(usize),
    /// No thread could be started for it.
    Internal(String),
}

/// The jobs of one server.
pub struct Jobs {
    pool: Arc<rayon::ThreadPool>,
    /// The most jobs running at once.
    pub max_running: usize,
    registry: Mutex<Registry>,
}

#[derive(Default)]
struct Registry {
    next: u64,
    jobs: BTreeMap<u64, Arc<Job>>,
    /// Each tab's latest job.
    tabs: HashMap<String, u64>,
}

impl Jobs {
    /// Jobs that run on `pool`, at most `max_running` at once.
    pub fn new(pool: rayon::ThreadPool, max_running: usize) -> Self {
        Self {
            pool: Arc::new(pool),
            max_running,
            registry: Mutex::new(Registry {
                next: 1,
                ..Registry::default()
            }),
        }
    }

    /// The job `id`, if it is remembered.
    pub fn get(&self, id: u64) -> Option<Arc<Job>> {
        lock(&self.registry).jobs.get(&id).cloned()
    }

    /// Starts a job for `tab` running `prepared`, stopping the tab's earlier job.
    pub fn start(&self, tab: &str, prepared: Prepared) -> Result<Arc<Job>, Refused> {
        let mut registry = lock(&self.registry);
        if let Some(earlier) = registry.tabs.get(tab).and_then(|id| registry.jobs.get(id)) {
            earlier.cancel.store(true, Ordering::Relaxed);
        }
        let running = registry
            .jobs
            .values()
            .filter(|job| job.running() && !job.cancelled())
            .count();
        if running >= self.max_running {
            return Err(Refused::Busy(running));
        }
        let id = registry.next;
        let job = Arc::new(Job {
            id,
            total: prepared.scenario.simulation.runs,
            done: AtomicU32::new(0),
            cancel: AtomicBool::new(false),
            state: Mutex::new(State::Running),
        });
        let pool = Arc::clone(&self.pool);
        let worker = Arc::clone(&job);
        std::thread::Builder::new()
            .name(format!("job-{id}"))
            .spawn(move || {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    execute(&pool, &worker, &prepared)
                }));
                worker.set(match outcome {
                    Ok(state) => state,
                    Err(_) => State::Failed(
                        "internal error (a bug in downline): please report the settings".into(),
                    ),
                });
            })
            .map_err(|err| Refused::Internal(format!("cannot start a run: {err}")))?;
        registry.next += 1;
        registry.jobs.insert(id, Arc::clone(&job));
        registry.tabs.insert(tab.to_string(), id);
        forget_old(&mut registry);
        Ok(job)
    }
}

/// Forgets the oldest finished jobs beyond [`KEPT`], and tabs whose job is forgotten.
fn forget_old(registry: &mut Registry) {
    let finished: Vec<u64> = registry
        .jobs
        .iter()
        .filter(|(_, job)| !job.running())
        .map(|(&id, _)| id)
        .collect();
    let excess = registry.jobs.len().saturating_sub(KEPT);
    for id in finished.into_iter().take(excess) {
        registry.jobs.remove(&id);
    }
    let Registry { jobs, tabs, .. } = registry;
    tabs.retain(|_, id| jobs.contains_key(id));
}

/// Runs the job's ensemble and builds its result.
fn execute(pool: &rayon::ThreadPool, job: &Job, prepared: &Prepared) -> State {
    let scenario = &prepared.scenario;
    let runs: Vec<u32> = (0..scenario.simulation.runs).collect();
    let started = Instant::now();
    let ensemble = pool.install(|| {
        run_ensemble_unless(
            scenario,
            &runs,
            1,
            &|| {
                job.done.fetch_add(1, Ordering::Relaxed);
            },
            &|| job.cancelled(),
        )
    });
    let Some(ensemble) = ensemble else {
        return State::Cancelled;
    };
    let result = (|| -> crate::error::Result<ClassResult> {
        let folder = tempfile::tempdir().map_err(anyhow::Error::from)?;
        let csv = encoder("csv").map_err(crate::error::Error::BadInput)?;
        // Run 0 keeps its member detail, so the page can tell a typical member's story.
        let rows = crate::output::records::traces::rows(&ensemble, &scenario.plan.rank_names);
        write_run(folder.path(), scenario, &ensemble, Vec::new(), rows, csv)?;
        class_result(folder.path())
    })();
    match result {
        Ok(result) => State::Done(Arc::new(result), started.elapsed().as_secs_f64()),
        Err(err) => State::Failed(format!("cannot build the results: {err:#}")),
    }
}
