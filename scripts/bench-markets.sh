#!/usr/bin/env bash
# The benchmark command for README's performance table: the default scenario and markets
# of 1e6, 1e7 and 1e8 people, timed end to end with the release build.
#
# Usage: scripts/bench-markets.sh [--instructions] [--repeat N] [--only NAME]
#
# Each row runs `downline run` with `--no-charts` into a scratch folder, N times
# (default 3), and prints one line of a Markdown table: the row's scenario, runs,
# threads, member-months (from summary.json), the median wall seconds, member-months
# per second at that median, the largest peak resident memory (/usr/bin/time) and that
# memory per person in the market. The big markets are
# default.toml with `population` (and, for 1e8, `months`) changed by sed, so they keep
# the default's 20 founders: a market of 1e8 people is mostly people nobody ever meets,
# which is what costs the 8 bytes a person. They run with `--members 0`: with one run,
# writing every member's row of `members.csv` would cost as much as simulating them
# (about 730 instructions a field, 16 fields a member), and this measures the
# simulation.
#
# Rows (NAME in parentheses):
#   default, 20 runs, 1 thread      (default-1)
#   default, 20 runs, 2 threads     (default-2)    thread scaling 1 -> 2 across runs
#   1e6 people, 60 months, 1 run    (1e6)
#   1e7 people, 60 months, 1 run    (1e7)
#   1e8 people, 12 months, 2 runs on 2 threads  (1e8)  the limit README states: < 12 GB
#
# --instructions also counts instructions per member-month with valgrind's callgrind
# (one thread; the default row is the figure README quotes). It needs valgrind, and
# takes about 50 times as long as the timed run.
#
# Timings are the machine's own: README's table was measured on the 2-core development
# machine, nothing else running. Needs /usr/bin/time (Debian: apt-get install time).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
instructions=0
repeat=3
only=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --instructions) instructions=1 ;;
        --only)
            [[ $# -ge 2 ]] || { echo "bench-markets: --only needs a row name" >&2; exit 2; }
            only=$2
            shift
            ;;
        --repeat)
            [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || { echo "bench-markets: --repeat needs a whole number >= 1" >&2; exit 2; }
            repeat=$2
            shift
            ;;
        -h | --help)
            sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "bench-markets: unknown argument '$1' (expected --instructions, --repeat N or --only NAME)" >&2
            exit 2
            ;;
    esac
    shift
done
[[ -x /usr/bin/time ]] || { echo "bench-markets: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
if [[ $instructions == 1 ]] && ! command -v valgrind > /dev/null; then
    echo "bench-markets: --instructions needs valgrind (apt-get install valgrind)" >&2
    exit 1
fi

(cd "$root" && cargo build --release --quiet)
bin=$root/target/release/downline
work=$(mktemp -d "${TMPDIR:-/tmp}/downline-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A copy of default.toml with `population` and `months` replaced (and the disclosure
# year moved into a horizon shorter than three years).
market() {
    local population=$1 months=$2 file=$work/market-$1-$2.toml
    sed -e "s/^population = [0-9_]*/population = $population/" \
        -e "s/^months = [0-9_]*/months = $months/" \
        -e "s/^disclosure_year = [0-9]*/disclosure_year = $(((months + 11) / 12 < 3 ? (months + 11) / 12 : 3))/" \
        "$root/scenarios/default.toml" > "$file"
    grep -q "^population = $population" "$file" || { echo "bench-markets: could not set the population" >&2; exit 1; }
    echo "$file"
}

member_months() {
    grep -o '"member_months": *[0-9]*' "$1/summary.json" | grep -o '[0-9]*$'
}

printf '| row | people | months | runs | threads | member-months | wall s | member-months/s | peak RSS MB | bytes per person |%s\n' \
    "$([[ $instructions == 1 ]] && echo ' instructions per member-month |')"
printf '|---|---|---|---|---|---|---|---|---|---|%s\n' "$([[ $instructions == 1 ]] && echo '---|')"

row() {
    local name=$1 scenario=$2 people=$3 months=$4 runs=$5 threads=$6
    local args=(--runs "$runs" --no-charts "${@:7}")
    [[ -z $only || $only == "$name" ]] || return 0
    local out=$work/out-$name walls=() rss=0 wall_one rss_one mm
    for ((k = 0; k < repeat; k++)); do
        rm -rf "$out"
        /usr/bin/time -f '%e %M' -o "$work/time" \
            "$bin" run "$scenario" "${args[@]}" --threads "$threads" --out "$out" > /dev/null 2> "$work/log" \
            || { cat "$work/log" >&2; echo "bench-markets: row $name failed" >&2; exit 1; }
        read -r wall_one rss_one < "$work/time"
        walls+=("$wall_one")
        if ((rss_one > rss)); then rss=$rss_one; fi
    done
    local wall
    wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
    mm=$(member_months "$out")
    local extra=""
    if [[ $instructions == 1 ]]; then
        local ir
        ir=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
            "$bin" run "$scenario" "${args[@]}" --threads 1 --out "$out-cg" 2>&1 > /dev/null \
            | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*$')
        extra=" $(awk -v i="$ir" -v m="$mm" 'BEGIN { printf "%.0f", i / m }') |"
    fi
    awk -v n="$name" -v p="$people" -v mo="$months" -v r="$runs" -v t="$threads" -v mm="$mm" \
        -v w="$wall" -v rss="$rss" -v x="$extra" 'BEGIN {
            printf "| %s | %d | %d | %d | %d | %d | %.2f | %.2f million | %.0f | %.1f |%s\n",
                n, p, mo, r, t, mm, w, mm / (w > 0 ? w : 0.01) / 1e6, rss / 1024, rss * 1024 / p, x
        }'
    rm -rf "$out" "$out-cg"
}

row default-1 "$root/scenarios/default.toml" 30000 60 20 1
row default-2 "$root/scenarios/default.toml" 30000 60 20 2
row 1e6 "$(market 1000000 60)" 1000000 60 1 1 --members 0
row 1e7 "$(market 10000000 60)" 10000000 60 1 1 --members 0
row 1e8 "$(market 100000000 12)" 100000000 12 2 2 --members 0
