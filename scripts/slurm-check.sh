#!/usr/bin/env bash
# Real test of scripts/slurm/ on a throwaway one-node Slurm cluster on this machine.
#
# Usage (as root; Debian or Ubuntu): scripts/slurm-check.sh
#
# Installs Slurm and munge from the distribution if they are missing, starts munge (unless
# it already runs), slurmctld and slurmd with a private slurm.conf in a work folder (no
# systemd needed), and then:
#   1. runs a plain 4-task array and checks every task saw its id and the task count;
#   2. runs scripts/slurm/submit.sh with a stand-in for downline: checks the array tasks
#      get shards 0/4 .. 3/4 and the dependent merge job gets all four shard folders, and
#      that a failing task cancels the merge instead of leaving it pending, and that
#      re-running the failed shard alone (DOWNLINE_SHARDS) and the merge completes it;
#   3. (not with DOWNLINE_SLURM_SMOKE=1) builds the release binary, runs a small sweep and
#      a small run as 4-task arrays plus merge through scripts/slurm/submit.sh, runs the
#      same sweep and run unsharded, and checks the merged files are byte-identical to
#      the unsharded ones; and a small calibration as one 4-task array per wave plus the
#      final step (DOWNLINE_CMD=calibrate), whose every file must be byte-identical to
#      the unsharded calibration's.
# The daemons it started are stopped by their pidfiles on exit, also on failure.
#
# Environment:
#   DOWNLINE_SLURM_SMOKE=1   steps 1 and 2 only (no cargo build, no downline)
#   DOWNLINE_SLURM_SKIP=1    skip the whole check (says so), e.g. where you are not root
#   DOWNLINE_SLURM_DIR       work folder (default ${TMPDIR:-/tmp}/downline-slurm-check):
#                            slurm.conf, daemon state and logs, outputs; removed on
#                            success, kept on failure
#   DOWNLINE_SLURM_PORT      slurmctld port (default 16817; slurmd uses the next one)
#   DOWNLINE_SLURM_TIMEOUT   seconds to wait for a job to finish (default 300)
#   DOWNLINE_SLURM_BIN       test this downline binary instead of building one
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
submit=$root/scripts/slurm/submit.sh
export PATH=$PATH:/usr/sbin:/sbin

# The small sweep and run of step 3.
scenario=scenarios/default.toml
sweep_args=(--vary product.entry_fee=49..149:3 --vary "product.monthly_fee=0,20" --runs 6 --seed 11)
run_args=(--runs 12 --seed 5)
# The small calibration of step 3: three waves at most (it stops after two, so the third
# wave's array has nothing to run).
calibrate_args=(--targets scenarios/default.targets.toml --vary behaviour.join_probability=0.1..0.4
    --vary behaviour.quit.base=0.01..0.08 --runs 2 --points 12 --waves 3 --months 24)
# Output files compared byte for byte, where the unsharded output has them.
compared=(runs.csv summary.json points.csv point_runs.csv sensitivity.csv)

work=${DOWNLINE_SLURM_DIR:-${TMPDIR:-/tmp}/downline-slurm-check}
port=${DOWNLINE_SLURM_PORT:-16817}
timeout=${DOWNLINE_SLURM_TIMEOUT:-300}
smoke=${DOWNLINE_SLURM_SMOKE:-0}
started_munge=0
start_time=$SECONDS

job_logs= # an output folder whose Slurm job logs a failure should show

say() { printf 'slurm-check: %s\n' "$*"; }
fail() {
    if [[ -n $job_logs ]]; then show_logs "$job_logs"; fi
    printf 'slurm-check: FAIL: %s\n' "$*" >&2
    exit 1
}

if [[ ${DOWNLINE_SLURM_SKIP:-0} == 1 ]]; then
    say "SKIPPED (DOWNLINE_SLURM_SKIP=1): the Slurm job-array scripts were not tested"
    exit 0
fi
[[ $(id -u) -eq 0 ]] ||
    fail "must run as root (it installs packages and starts munge and Slurm daemons); DOWNLINE_SLURM_SKIP=1 skips it"

# Jobs and the unsharded runs must not inherit the variables of an enclosing Slurm job.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^SLURM_' || true)
# Every Slurm command below talks to the private cluster.
export SLURM_CONF=$work/etc/slurm.conf

# --- processes, by pidfile only ---------------------------------------------------------

# alive PID NAME: PID is a running (not zombie) process whose command name is NAME.
alive() {
    local pid=$1 name=$2 state
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [[ -r /proc/$pid/comm && $(<"/proc/$pid/comm") == "$name" ]] || return 1
    state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
    [[ $state != Z ]]
}

# stop_pidfile NAME PIDFILE: stops the process in PIDFILE if it is NAME, removes PIDFILE.
stop_pidfile() {
    local name=$1 file=$2 pid i
    [[ -f $file ]] || return 0
    pid=$(tr -d '[:space:]' <"$file")
    if alive "$pid" "$name"; then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            alive "$pid" "$name" || break
            sleep 0.1
        done
        if alive "$pid" "$name"; then
            say "$name ($pid) ignored SIGTERM for 10 s; sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$file"
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND every 0.1 s until it succeeds.
wait_for() {
    local limit=$1 what=$2 i
    shift 2
    for ((i = 0; i < limit * 10; i++)); do
        if "$@" >/dev/null 2>&1; then return 0; fi
        sleep 0.1
    done
    fail "timed out after ${limit} s waiting for $what"
}

# --- packages, host name, munge -----------------------------------------------------------

install_packages() {
    local missing=0 tool
    for tool in slurmctld slurmd sbatch squeue scontrol munged munge unmunge; do
        command -v "$tool" >/dev/null || missing=1
    done
    ((missing)) || return 0
    say "installing slurmctld slurmd slurm-client munge"
    export DEBIAN_FRONTEND=noninteractive
    local pkgs=(slurmctld slurmd slurm-client munge)
    if ! apt-get install -y --no-install-recommends "${pkgs[@]}"; then
        say "install failed; running apt-get update and retrying"
        apt-get update
        apt-get install -y --no-install-recommends "${pkgs[@]}" || fail "could not install ${pkgs[*]}"
    fi
}

ensure_host() {
    host=$(hostname -s)
    [[ -n $host ]] || fail "hostname -s is empty"
    if ! getent hosts "$host" >/dev/null; then
        say "adding $host to /etc/hosts (127.0.0.1) so Slurm can resolve its node name"
        printf '127.0.0.1\t%s\n' "$host" >>/etc/hosts || fail "cannot add $host to /etc/hosts"
    fi
}

munge_works() { { munge -n | unmunge; } >/dev/null 2>&1; }

start_munge() {
    if munge_works; then
        say "munge already running; using it"
        return 0
    fi
    install -d -o munge -g munge -m 0755 /run/munge
    if [[ ! -s /etc/munge/munge.key ]]; then
        say "creating /etc/munge/munge.key"
        mungekey --create --keyfile=/etc/munge/munge.key
    fi
    chown munge:munge /etc/munge/munge.key
    chmod 0400 /etc/munge/munge.key
    # A pidfile left by a munged that is gone would make munged refuse to start.
    if [[ -f /run/munge/munged.pid ]] && ! alive "$(tr -d '[:space:]' </run/munge/munged.pid)" munged; then
        rm -f /run/munge/munged.pid
    fi
    runuser -u munge -- /usr/sbin/munged || fail "munged did not start (see /var/log/munge/munged.log)"
    started_munge=1
    wait_for 10 "munge to work (munge -n | unmunge)" munge_works
    say "started munged ($(cat /run/munge/munged.pid))"
}

# --- the cluster --------------------------------------------------------------------------

stop_cluster() {
    local i
    if [[ -f $work/run/slurmctld.pid ]] && alive "$(tr -d '[:space:]' <"$work/run/slurmctld.pid")" slurmctld; then
        scancel --quiet --user="$(id -un)" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            [[ -z $(squeue -h -o %i 2>/dev/null) ]] && break
            sleep 0.1
        done
    fi
    stop_pidfile slurmd "$work/run/slurmd.pid"
    stop_pidfile slurmctld "$work/run/slurmctld.pid"
}

write_conf() {
    local cpus mem
    cpus=$(nproc)
    mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -n 1)
    [[ $mem =~ ^[0-9]+$ ]] || fail "could not read RealMemory from slurmd -C"
    # Below what slurmd reports: more would mark the node invalid.
    mem=$((mem * 9 / 10))
    install -d -m 0755 "$work" "$work/etc" "$work/slurmd" "$work/out"
    install -d -o slurm -g slurm -m 0755 "$work/run" "$work/log" "$work/ctld"
    cat >"$work/etc/slurm.conf" <<CONF
# Written by scripts/slurm-check.sh: a throwaway one-node cluster.
ClusterName=downline-check
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=slurm
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
ReturnToService=2
MinJobAge=300
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
StateSaveLocation=$work/ctld
SlurmdSpoolDir=$work/slurmd
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=check Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

ctld_up() { scontrol ping | grep -q 'is UP'; }
node_idle() { [[ $(sinfo -h -N -o %T) == idle ]]; }

start_cluster() {
    slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start (see $work/log/slurmctld.log)"
    wait_for 30 "slurmctld to answer scontrol ping" ctld_up
    slurmd -f "$SLURM_CONF" || fail "slurmd did not start (see $work/log/slurmd.log)"
    wait_for 30 "node $host to be idle (sinfo)" node_idle
    say "cluster up: slurmctld $(cat "$work/run/slurmctld.pid"), slurmd $(cat "$work/run/slurmd.pid"), node $host ($(nproc) CPUs), ports $port-$((port + 1))"
}

on_exit() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    if ((rc != 0)) && [[ -d $work/log ]]; then
        local f
        for f in "$work"/log/*.log; do
            [[ -f $f ]] || continue
            printf '\n--- last lines of %s ---\n' "$f" >&2
            tail -n 20 "$f" >&2
        done
    fi
    stop_cluster
    if ((started_munge)); then stop_pidfile munged /run/munge/munged.pid; fi
    if ((rc == 0)); then
        rm -rf "$work"
    else
        printf 'slurm-check: kept %s for inspection\n' "$work" >&2
    fi
    exit "$rc"
}

# --- jobs ---------------------------------------------------------------------------------

# wait_jobs ID...: polls squeue until none of the jobs is pending or running.
wait_jobs() {
    local ids ids_csv deadline=$((SECONDS + timeout))
    ids=("$@")
    ids_csv=$(
        IFS=,
        printf '%s' "${ids[*]}"
    )
    while [[ -n $(squeue -h -o %i -j "$ids_csv" 2>/dev/null) ]]; do
        if ((SECONDS > deadline)); then
            squeue -j "$ids_csv" >&2 || true
            fail "jobs $ids_csv still not done after $timeout s"
        fi
        sleep 0.2
    done
}

# job_states ID: the state of the job, or of each task of an array job, one per line.
job_states() {
    scontrol show job -o "$1" | grep -o 'JobState=[A-Z_]*' | cut -d= -f2
}

# expect_states ID COUNT STATE: the job has COUNT tasks (1 if not an array), all in STATE.
expect_states() {
    local id=$1 count=$2 state=$3 states
    states=$(job_states "$id") || fail "scontrol does not know job $id"
    if [[ $(grep -c . <<<"$states") -ne $count ]] || grep -qv "^$state\$" <<<"$states"; then
        scontrol show job "$id" >&2 || true
        fail "job $id: expected $count task(s) $state, got: $(tr '\n' ' ' <<<"$states")"
    fi
}

# parse_submit OUTPUT_OF_SUBMIT_SH: sets array_job and merge_job from submit.sh's output.
parse_submit() {
    array_job=$(sed -n 's/^array job: \([0-9]*\) .*/\1/p' <<<"$1")
    merge_job=$(sed -n 's/^merge job: \([0-9]*\) .*/\1/p' <<<"$1")
    [[ -n $array_job && -n $merge_job ]] || fail "could not read the job ids from submit.sh: $1"
}

show_logs() {
    local f
    for f in "$1"/logs/*; do
        [[ -f $f ]] || continue
        printf -- '--- %s ---\n' "$f" >&2
        cat "$f" >&2
    done
}

# 1. A plain 4-task array.
smoke_array() {
    local t0=$SECONDS id i got
    # shellcheck disable=SC2016 # expanded by the job, not here
    id=$(sbatch --parsable --array=0-3 --output="$work/out/smoke-%A_%a.out" \
        --wrap 'echo "$SLURM_ARRAY_TASK_ID $SLURM_ARRAY_TASK_COUNT"')
    id=${id%%;*}
    wait_jobs "$id"
    expect_states "$id" 4 COMPLETED
    for i in 0 1 2 3; do
        got=$(cat "$work/out/smoke-${id}_$i.out" 2>/dev/null) || fail "task $i of job $id wrote no output"
        [[ $got == "$i 4" ]] || fail "task $i of job $id printed '$got', expected '$i 4'"
    done
    say "ok: plain 4-task array (job $id) in $((SECONDS - t0)) s"
}

# A stand-in for downline that records what it was asked to do.
write_fake_downline() {
    cat >"$work/fake-downline" <<'FAKE'
#!/usr/bin/env bash
set -euo pipefail
cmd=$1
shift
out= shard= inputs=()
while [[ $# -gt 0 ]]; do
    case $1 in
    --out) out=$2; shift 2 ;;
    --shard) shard=$2; shift 2 ;;
    --*) shift ;;
    *) inputs+=("$1"); shift ;;
    esac
done
if [[ -n ${FAKE_FAIL_TASK:-} && ${SLURM_ARRAY_TASK_ID:-} == "$FAKE_FAIL_TASK" ]]; then
    echo "fake downline: failing task $FAKE_FAIL_TASK on purpose" >&2
    exit 1
fi
mkdir -p "$out"
case $cmd in
sweep | run) echo "$cmd $shard" >"$out/shard.txt" ;;
merge) for d in "${inputs[@]}"; do cat "$d/shard.txt"; done >"$out/merged.txt" ;;
*) exit 2 ;;
esac
FAKE
    chmod +x "$work/fake-downline"
}

# 2. submit.sh, the array and the dependent merge, with the stand-in.
smoke_submit() {
    local t0=$SECONDS out=$work/out/fake expected submitted
    write_fake_downline
    submitted=$(cd "$root" && DOWNLINE=$work/fake-downline "$submit" -n 4 "$scenario" --vary x=1,2 --out "$out")
    printf '%s\n' "$submitted"
    parse_submit "$submitted"
    wait_jobs "$array_job" "$merge_job"
    expect_states "$array_job" 4 COMPLETED
    expect_states "$merge_job" 1 COMPLETED
    expected=$(printf 'sweep %s/4\n' 0 1 2 3)
    [[ -f $out/merged/merged.txt && $(<"$out/merged/merged.txt") == "$expected" ]] || {
        job_logs=$out
        fail "the merge did not get the four shards 0/4..3/4 in order (see $out)"
    }
    say "ok: submit.sh -> array $array_job (shards 0/4..3/4) -> merge $merge_job in $((SECONDS - t0)) s"

    t0=$SECONDS
    out=$work/out/fake-failing
    submitted=$(cd "$root" && DOWNLINE=$work/fake-downline FAKE_FAIL_TASK=2 "$submit" -n 4 "$scenario" --out "$out")
    parse_submit "$submitted"
    wait_jobs "$array_job" "$merge_job"
    [[ $(job_states "$array_job" | sort | uniq -c | tr -s ' ' | sed 's/^ //' | tr '\n' ' ') == "3 COMPLETED 1 FAILED " ]] ||
        fail "array $array_job with a failing task: expected 3 COMPLETED and 1 FAILED, got $(job_states "$array_job" | tr '\n' ' ')"
    expect_states "$merge_job" 1 CANCELLED
    [[ ! -e $out/merged ]] || fail "the merge ran although a task failed"
    say "ok: a failing task cancels the merge (array $array_job, merge $merge_job) in $((SECONDS - t0)) s"

    # The recovery README describes: re-run the failed shard alone, then the merge.
    t0=$SECONDS
    array_job=$(cd "$root" && DOWNLINE=$work/fake-downline DOWNLINE_SHARDS=4 sbatch --parsable --array=2 \
        --output="$out/logs/%x-%A_%a.out" "$root/scripts/slurm/sweep-array.sbatch" "$scenario" --out "$out")
    array_job=${array_job%%;*}
    merge_job=$(cd "$root" && DOWNLINE=$work/fake-downline sbatch --parsable --dependency="afterok:$array_job" \
        --kill-on-invalid-dep=yes --output="$out/logs/%x-%j.out" "$root/scripts/slurm/merge.sbatch" "$out")
    merge_job=${merge_job%%;*}
    wait_jobs "$array_job" "$merge_job"
    job_logs=$out
    expect_states "$array_job" 1 COMPLETED
    expect_states "$merge_job" 1 COMPLETED
    [[ -f $out/merged/merged.txt && $(<"$out/merged/merged.txt") == "$expected" ]] ||
        fail "after re-running shard 2 the merge did not get the four shards 0/4..3/4 (see $out)"
    job_logs=
    say "ok: re-running shard 2 alone (DOWNLINE_SHARDS=4 --array=2, job $array_job) and the merge ($merge_job) in $((SECONDS - t0)) s"
}

# list_outputs DIR: the files of an output folder that sharding must not change.
list_outputs() {
    (cd "$1" && find . -type f ! -name manifest.json ! -name report.html ! -path './charts/*' |
        sed 's|^\./||' | LC_ALL=C sort)
}

# compare_outputs UNSHARDED MERGED
compare_outputs() {
    local a=$1 b=$2 f n=0
    if ! diff <(list_outputs "$a") <(list_outputs "$b") >"$work/files.diff"; then
        cat "$work/files.diff" >&2
        fail "the merged output ($b) and the unsharded one ($a) hold different files (< unsharded, > merged)"
    fi
    for f in "${compared[@]}"; do
        [[ -f $a/$f ]] || continue
        if ! cmp -s "$a/$f" "$b/$f"; then
            diff "$a/$f" "$b/$f" | head -n 20 >&2 || true
            fail "$f differs between the merged output ($b) and the unsharded one ($a)"
        fi
        n=$((n + 1))
    done
    ((n > 0)) || fail "the unsharded output $a holds none of ${compared[*]}"
}

# 3. A real sweep or run: 4-task array plus merge against the unsharded command.
real_check() {
    local cmd=$1 t0=$SECONDS out=$work/out/$1 submitted
    shift
    submitted=$(cd "$root" && DOWNLINE=$bin DOWNLINE_CMD=$cmd "$submit" -n 4 "$scenario" "$@" --out "$out")
    printf '%s\n' "$submitted"
    parse_submit "$submitted"
    wait_jobs "$array_job" "$merge_job"
    job_logs=$out
    expect_states "$array_job" 4 COMPLETED
    expect_states "$merge_job" 1 COMPLETED
    (cd "$root" && "$bin" "$cmd" "$scenario" "$@" --out "$out/unsharded" >"$work/out/$cmd-unsharded.log" 2>&1) || {
        cat "$work/out/$cmd-unsharded.log" >&2
        fail "the unsharded downline $cmd failed"
    }
    compare_outputs "$out/unsharded" "$out/merged"
    job_logs=
    say "ok: downline $cmd as 4 shards + merge is byte-identical to unsharded ($(list_outputs "$out/merged" | paste -sd " " -)) in $((SECONDS - t0)) s"
}

# 3. A real calibration: one 4-task array per wave plus the final step, against the
# unsharded command; every file must be the same.
calibrate_check() {
    local t0=$SECONDS out=$work/out/calibrate submitted arrays a
    submitted=$(cd "$root" && DOWNLINE=$bin DOWNLINE_CMD=calibrate "$submit" -n 4 "$scenario" \
        "${calibrate_args[@]}" --out "$out")
    printf '%s\n' "$submitted"
    mapfile -t arrays < <(sed -n 's/^array job: \([0-9]*\) .*/\1/p' <<<"$submitted")
    merge_job=$(sed -n 's/^merge job: \([0-9]*\) .*/\1/p' <<<"$submitted")
    [[ ${#arrays[@]} -eq 3 && -n $merge_job ]] ||
        fail "expected three wave arrays and a merge job from submit.sh: $submitted"
    wait_jobs "${arrays[@]}" "$merge_job"
    job_logs=$out
    for a in "${arrays[@]}"; do expect_states "$a" 4 COMPLETED; done
    expect_states "$merge_job" 1 COMPLETED
    (cd "$root" && "$bin" calibrate "$scenario" "${calibrate_args[@]}" --out "$out/unsharded" \
        >"$work/out/calibrate-unsharded.log" 2>&1) || {
        cat "$work/out/calibrate-unsharded.log" >&2
        fail "the unsharded downline calibrate failed"
    }
    if ! diff -r "$out/unsharded" "$out/merged" >"$work/calibrate.diff"; then
        head -n 20 "$work/calibrate.diff" >&2
        fail "the sharded calibration ($out/merged) differs from the unsharded one"
    fi
    [[ ! -e $out/merged.waves ]] || fail "the merged shards ($out/merged.waves) were not removed"
    grep -q 'nothing to run' "$out"/logs/*_*.out ||
        fail "no task of the third wave said it had nothing to run"
    job_logs=
    say "ok: downline calibrate as 4 shards per wave + final step is byte-identical to unsharded ($(find "$out/merged" -type f | wc -l) files) in $((SECONDS - t0)) s"
}

# --- main ---------------------------------------------------------------------------------

install_packages
ensure_host

if [[ $smoke != 1 && -n ${DOWNLINE_SLURM_BIN:-} ]]; then
    bin=$(realpath "$DOWNLINE_SLURM_BIN")
    [[ -x $bin ]] || fail "DOWNLINE_SLURM_BIN=$DOWNLINE_SLURM_BIN is not an executable"
elif [[ $smoke != 1 ]]; then
    say "building the release binary"
    (cd "$root" && cargo build --release --quiet)
    bin=${CARGO_TARGET_DIR:-$root/target}/release/downline
    [[ $bin == /* ]] || bin=$root/$bin
    [[ -x $bin ]] || fail "no binary at $bin after cargo build --release"
fi

mkdir -p "$(dirname "$work")"
exec {lock}>"$work.lock"
flock -n "$lock" || fail "another slurm-check is using $work"

start_seconds=$SECONDS
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Daemons left by an earlier check that was killed: stop them (by pidfile) and start clean.
stop_cluster
rm -rf "$work"
start_munge
write_conf
start_cluster

smoke_array
smoke_submit
if [[ $smoke != 1 ]]; then
    real_check sweep "${sweep_args[@]}"
    real_check run "${run_args[@]}"
    calibrate_check
fi
say "PASSED in $((SECONDS - start_time)) s ($((SECONDS - start_seconds)) s with the cluster up)"
