#!/usr/bin/env bash
# Submits a downline sweep as a Slurm job array, then the merge as a job that runs only
# after every array task has succeeded. Prints both job ids.
#
# With DOWNLINE_CMD=calibrate it submits a calibration: one job array per wave (--waves,
# default 4), each starting after the previous one succeeded and computing one shard of
# its wave per task, then the merge job (calibrate-final.sbatch), which merges the last
# shards and writes the calibration to DIR/merged. Waves beyond the one where the
# calibration stops have nothing to run and end at once.
#
# Usage:
#   scripts/slurm/submit.sh [-n SHARDS] SCENARIO [downline sweep arguments] [--out DIR]
#
#   scripts/slurm/submit.sh -n 8 scenarios/default.toml \
#       --vary product.entry_fee=49..149:3 --runs 400 --out output/fee-sweep
#
# Shards (array tasks) default to 4, or SHARDS. DIR defaults to
# output/<scenario file name>-sweep; the tasks write DIR/shard-0 .. DIR/shard-(N-1), the
# merge writes DIR/merged, and the Slurm logs go to DIR/logs. Paths are relative to the
# current directory, which is also the jobs' working directory. Refuses to start if DIR
# already holds shard folders (remove them, or choose another --out).
#
# Environment: DOWNLINE (the binary; default this repository's target/release/downline
# if built, else `downline` on PATH), DOWNLINE_CMD (sweep, run or calibrate), and sbatch's own
# SBATCH_* variables (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ...).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

die() {
    printf 'submit: %s\n' "$*" >&2
    exit 2
}
usage="usage: $0 [-n SHARDS] SCENARIO [downline sweep arguments] [--out DIR]"

shards=${SHARDS:-4}
case ${1:-} in
-n | --shards)
    [[ $# -ge 2 ]] || die "$usage"
    shards=$2
    shift 2
    ;;
-h | --help)
    printf '%s\n' "$usage"
    exit 0
    ;;
esac
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "the number of shards must be a positive integer, not '$shards'"
[[ $# -ge 1 ]] || die "$usage"
command -v sbatch >/dev/null || die "sbatch not found: run this on a Slurm login node"

cmd=${DOWNLINE_CMD:-sweep}
[[ $cmd == sweep || $cmd == run || $cmd == calibrate ]] || die "DOWNLINE_CMD must be sweep, run or calibrate, not '$cmd'"
export DOWNLINE_CMD=$cmd
scenario=$1
[[ -f $scenario ]] || die "no scenario file $scenario"
name=$(basename "$scenario")
out="output/${name%.toml}-$cmd"
waves=4
prev=
for arg in "$@"; do
    if [[ $prev == --out ]]; then out=$arg; fi
    if [[ $arg == --out=* ]]; then out=${arg#--out=}; fi
    if [[ $prev == --waves ]]; then waves=$arg; fi
    if [[ $arg == --waves=* ]]; then waves=${arg#--waves=}; fi
    prev=$arg
done

shopt -s nullglob
old=("$out"/shard-*)
shopt -u nullglob
[[ ${#old[@]} -eq 0 ]] || die "$out already holds shard folders (${old[*]}); remove them or choose another --out"

if [[ -z ${DOWNLINE:-} && -x $root/target/release/downline ]]; then
    export DOWNLINE=$root/target/release/downline
fi

mkdir -p "$out/logs"
if [[ $cmd == calibrate ]]; then
    [[ $waves =~ ^[1-9][0-9]*$ ]] || die "--waves must be a positive integer, not '$waves'"
    after=()
    for ((wave = 1; wave <= waves; wave++)); do
        array_job=$(sbatch --parsable --array="0-$((shards - 1))" "${after[@]}" \
            --output="$out/logs/%x-%A_%a.out" \
            "$here/sweep-array.sbatch" "$@")
        array_job=${array_job%%;*}
        after=(--dependency="afterok:$array_job" --kill-on-invalid-dep=yes)
        printf 'array job: %s (wave %s: %s tasks writing %s/merged.waves/wave-%s; logs in %s/logs)\n' \
            "$array_job" "$wave" "$shards" "$out" "$wave" "$out"
    done
    merge_job=$(sbatch --parsable "${after[@]}" --output="$out/logs/%x-%j.out" \
        "$here/calibrate-final.sbatch" "$@")
    merge_job=${merge_job%%;*}
    printf 'merge job: %s (runs after every wave succeeds; writes %s/merged)\n' "$merge_job" "$out"
    exit 0
fi
array_job=$(sbatch --parsable --array="0-$((shards - 1))" \
    --output="$out/logs/%x-%A_%a.out" \
    "$here/sweep-array.sbatch" "$@")
array_job=${array_job%%;*}
merge_job=$(sbatch --parsable --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
    --output="$out/logs/%x-%j.out" \
    "$here/merge.sbatch" "$out")
merge_job=${merge_job%%;*}

printf 'array job: %s (%s tasks writing %s/shard-*; logs in %s/logs)\n' "$array_job" "$shards" "$out" "$out"
printf 'merge job: %s (runs after every task of %s succeeds; writes %s/merged)\n' "$merge_job" "$array_job" "$out"
