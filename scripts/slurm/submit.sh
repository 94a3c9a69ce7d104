#!/usr/bin/env bash
# Submits a downline sweep as a Slurm job array, then the merge as a job that runs only
# after every array task has succeeded. Prints both job ids.
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
# if built, else `downline` on PATH), DOWNLINE_CMD (sweep or run), and sbatch's own
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
scenario=$1
[[ -f $scenario ]] || die "no scenario file $scenario"
name=$(basename "$scenario")
out="output/${name%.toml}-$cmd"
prev=
for arg in "$@"; do
    if [[ $prev == --out ]]; then out=$arg; fi
    if [[ $arg == --out=* ]]; then out=${arg#--out=}; fi
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
