#!/usr/bin/env bash
# Runs the examples of README.md as written, in README order, and fails naming the README
# line of the first command that fails.
#
# What runs: every ```sh block of README.md, in order, each in a new
# `bash` with `set -eo pipefail`, at the root of a scratch copy of this working tree (the
# tracked files and the untracked ones git does not ignore: what a fresh clone holds,
# with no target/ and nothing in output/), so a block may use what an earlier block
# wrote. Blocks fenced ``` or ```text (what a command prints, transcripts, synopses) are
# not run; a ```bash, ```shell, ```console or ```zsh block is refused (commands are
# ```sh). A ```sh block whose opening fence comes right after the line
#     <!-- readme-check: skip (REASON) -->
# is not run, and the script lists it with its README lines and reason.
#
# `downline` is this tree's release build: the script builds it (cargo build --release),
# and README's install step (`cargo install ...`) installs it into a scratch root whose
# bin/ is on the PATH. A block that calls `downline` before the install step fails.
#
# Rewrite rules, so that the check takes minutes, not an hour. The README's text is what
# runs; stand-ins for `downline` and `cargo`, first on the PATH, apply these rules:
#   downline run|sweep|calibrate ...  `--runs N` becomes `--runs min(N, RUNS)`, and
#                                     `--runs RUNS` is added when absent (RUNS = 10)
#   downline calibrate ...            `--points N` becomes min(N, POINTS), added when
#                                     absent (POINTS = 20)
#   downline sweep ...                `--lhs N` becomes min(N, LHS) (LHS = 8)
#   cargo run --release -- ARGS       the release build, run with ARGS rewritten as above
#   cargo install ARGS                `cargo install ARGS --offline --root SCRATCH`, run in
#                                     this tree (`--path .` is this tree, whose release
#                                     build it reuses), SCRATCH/bin being on the PATH
#   cargo test ...                    not run: .ci/run runs `cargo test --release` first
#   any other cargo command           refused, naming its line (add a rule here)
# Every other command runs as written.
#
# Usage: scripts/readme-check.sh
# Environment:
#   DOWNLINE_README_RUNS, DOWNLINE_README_POINTS, DOWNLINE_README_LHS   the caps above
#   DOWNLINE_README_TIMEOUT   seconds one block may take (default 300)
#   DOWNLINE_README_KEEP=1    keep the scratch folder (it is kept anyway on failure)
# Needs jq and python3 (README's JSON Lines example); installs Debian's jq if missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readme=$root/README.md
runs_cap=${DOWNLINE_README_RUNS:-10}
points_cap=${DOWNLINE_README_POINTS:-20}
lhs_cap=${DOWNLINE_README_LHS:-8}
block_timeout=${DOWNLINE_README_TIMEOUT:-300}
start_time=$SECONDS

say() { printf 'readme-check: %s\n' "$*"; }
fail() {
    printf 'readme-check: FAIL: %s\n' "$*" >&2
    exit 1
}

for cap in "$runs_cap" "$points_cap" "$lhs_cap" "$block_timeout"; do
    [[ $cap =~ ^[1-9][0-9]*$ ]] || fail "the caps and the timeout must be whole numbers >= 1, found '$cap'"
done
[[ -f $readme ]] || fail "no README.md in $root"

# --- 1. The blocks ------------------------------------------------------------------------

# Parallel arrays, one entry per ```sh block: its opening fence's line, its closing
# fence's line, and the reason it is skipped (empty: it runs).
fences=() ends=() skips=()
marker_re='^<!-- readme-check: skip \((.+)\) -->$'
line_no=0 in_block=0 open_line=0 lang='' pending_skip='' pending_line=''
while IFS= read -r line || [[ -n $line ]]; do
    line_no=$((line_no + 1))
    if ((in_block)); then
        if [[ $line =~ ^\`\`\`[[:space:]]*$ ]]; then
            in_block=0
            [[ $lang == sh ]] && ends+=("$line_no")
        fi
    elif [[ $line =~ ^\`\`\`([^[:space:]\`]*) ]]; then
        in_block=1 open_line=$line_no lang=${BASH_REMATCH[1]}
        case $lang in
            bash | shell | console | zsh | shell-session)
                fail "README.md:$line_no: a \`\`\`$lang block: write commands in \`\`\`sh blocks and what they print in \`\`\`text (or plain \`\`\`) blocks" ;;
        esac
        if [[ -n $pending_skip && $lang != sh ]]; then
            fail "README.md:$pending_line: a readme-check skip marker must come right before a \`\`\`sh block"
        fi
        if [[ $lang == sh ]]; then
            fences+=("$line_no")
            skips+=("$pending_skip")
        fi
        pending_skip=
    else
        if [[ -n $pending_skip ]]; then
            fail "README.md:$pending_line: a readme-check skip marker must come right before a \`\`\`sh block"
        fi
        if [[ $line =~ $marker_re ]]; then
            pending_skip=${BASH_REMATCH[1]} pending_line=$line_no
        elif [[ $line == '<!-- readme-check'* ]]; then
            fail "README.md:$line_no: unknown readme-check marker (the only one is <!-- readme-check: skip (REASON) -->)"
        fi
    fi
done <"$readme"
if ((in_block)); then fail "README.md:$open_line: this code block is never closed"; fi
[[ -z $pending_skip ]] || fail "README.md:$pending_line: a readme-check skip marker must come right before a \`\`\`sh block"
((${#fences[@]} > 0)) || fail "README.md has no \`\`\`sh blocks"

# --- 2. Tools, the build and the scratch copy ---------------------------------------------

if ! command -v jq >/dev/null 2>&1; then
    say "installing jq (README's JSON Lines example uses it)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y jq >/dev/null 2>&1 ||
        { apt-get update >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y jq >/dev/null 2>&1; } ||
        fail "jq is missing and could not be installed (apt-get install jq)"
fi
command -v python3 >/dev/null 2>&1 || fail "python3 is missing (README's JSON Lines example uses it)"

real_cargo=$(command -v cargo) || fail "cargo is not on the PATH"
say "building the release binary"
(cd "$root" && "$real_cargo" build --release --quiet) || fail "cargo build --release failed"

work=$(mktemp -d "${TMPDIR:-/tmp}/downline-readme-check.XXXXXX")
keep=${DOWNLINE_README_KEEP:-0}
cleanup() {
    local status=$?
    if [[ $status -eq 0 && $keep != 1 ]]; then
        rm -rf "$work"
    else
        say "kept the scratch folder: $work (copy in repo/, block logs in logs/)" >&2
    fi
}
trap cleanup EXIT

scratch=$work/repo
mkdir -p "$scratch" "$work/bin" "$work/logs" "$work/cargo/bin"
(
    cd "$root"
    git ls-files -z --cached --others --exclude-standard |
        while IFS= read -r -d '' file; do
            if [[ -e $file || -L $file ]]; then printf '%s\0' "$file"; fi
        done |
        tar --null -T - -cf -
) | tar -xf - -C "$scratch" || fail "cannot copy the working tree into $scratch"

# --- 3. The stand-ins ----------------------------------------------------------------------

export READMECHECK_WORK=$work READMECHECK_ROOT=$root READMECHECK_CARGO=$real_cargo
export READMECHECK_RUNS=$runs_cap READMECHECK_POINTS=$points_cap READMECHECK_LHS=$lhs_cap
export READMECHECK_NOTES=$work/notes READMECHECK_AT=$work/at READMECHECK_FENCE=0
: >"$READMECHECK_NOTES"

# rewrite BIN ARGS...: runs BIN with ARGS, heavy arguments capped by the rules above.
cat >"$work/rewrite" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
bin=$1
shift
args=("$@")
sub=${args[0]:-}
out=() changed=0 has_runs=0 has_points=0
capped= # cap NAME VALUE: sets capped to VALUE, or to NAME's cap if VALUE is a whole number above it
cap() {
    local limit
    case $1 in runs) limit=$READMECHECK_RUNS ;; points) limit=$READMECHECK_POINTS ;; lhs) limit=$READMECHECK_LHS ;; esac
    capped=$2
    if [[ $2 =~ ^[0-9]+$ ]] && (($2 > limit)); then capped=$limit changed=1; fi
}
case $sub in
    run | sweep | calibrate)
        i=0
        while ((i < ${#args[@]})); do
            arg=${args[i]}
            case $arg in
                --runs | --points | --lhs)
                    name=${arg#--}
                    [[ $name == runs ]] && has_runs=1
                    [[ $name == points ]] && has_points=1
                    if ((i + 1 < ${#args[@]})); then
                        cap "$name" "${args[i + 1]}"
                        out+=("$arg" "$capped")
                    else
                        out+=("$arg")
                    fi
                    i=$((i + 2))
                    continue
                    ;;
                --runs=* | --points=* | --lhs=*)
                    name=${arg%%=*}
                    name=${name#--}
                    [[ $name == runs ]] && has_runs=1
                    [[ $name == points ]] && has_points=1
                    cap "$name" "${arg#*=}"
                    out+=("--$name=$capped")
                    ;;
                *) out+=("$arg") ;;
            esac
            i=$((i + 1))
        done
        if ((!has_runs)); then out+=(--runs "$READMECHECK_RUNS"); changed=1; fi
        if [[ $sub == calibrate ]] && ((!has_points)); then out+=(--points "$READMECHECK_POINTS"); changed=1; fi
        ;;
    *) out=("${args[@]}") ;;
esac
if ((changed)); then
    at=$(cat "$READMECHECK_AT" 2>/dev/null || echo 1)
    rewritten="downline$(printf ' %q' "${out[@]}")"
    printf 'README.md:%s: ran as: %s\n' "$((READMECHECK_FENCE + at - 1))" "$rewritten" >>"$READMECHECK_NOTES"
    printf 'readme-check: rewritten to: %s\n' "$rewritten" >&2
fi
exec "$bin" "${out[@]}"
EOF

cat >"$work/bin/downline" <<'EOF'
#!/usr/bin/env bash
bin=$READMECHECK_WORK/cargo/bin/downline
if [[ ! -x $bin ]]; then
    echo "readme-check: \`downline\` is not installed yet: README's install step (cargo install) must come before this command" >&2
    exit 127
fi
exec "$READMECHECK_WORK/rewrite" "$bin" "$@"
EOF

cat >"$work/bin/cargo" <<'EOF'
#!/usr/bin/env bash
set -euo pipefail
at=$(cat "$READMECHECK_AT" 2>/dev/null || echo 1)
where="README.md:$((READMECHECK_FENCE + at - 1))"
note() { printf '%s: cargo %s: %s\n' "$where" "$*" "$note" >>"$READMECHECK_NOTES"; }
case ${1:-} in
    run)
        shift
        if [[ ${1:-} == --release && ${2:-} == -- ]]; then
            shift 2
            exec "$READMECHECK_WORK/rewrite" "$READMECHECK_ROOT/target/release/downline" "$@"
        fi
        echo "readme-check: no rule for \`cargo run $*\` (only \`cargo run --release -- ARGS\`)" >&2
        exit 2
        ;;
    install)
        note="installed this tree's release build into the scratch root (--offline --root)"
        note "$@"
        cd "$READMECHECK_ROOT"
        exec "$READMECHECK_CARGO" "$@" --offline --root "$READMECHECK_WORK/cargo"
        ;;
    test)
        note="not run (.ci/run runs cargo test --release before this check)"
        note "$@"
        echo "readme-check: not running \`cargo $*\`: .ci/run runs the test suite before this check" >&2
        exit 0
        ;;
esac
echo "readme-check: no rule for \`cargo $*\`; add one to scripts/readme-check.sh" >&2
exit 2
EOF
chmod +x "$work/rewrite" "$work/bin/downline" "$work/bin/cargo"
export PATH="$work/bin:$work/cargo/bin:$PATH"

# --- 4. Run the blocks ---------------------------------------------------------------------

mapfile -t readme_lines <"$readme"
# readme_line N: line N of README.md (1-based).
readme_line() { printf '%s' "${readme_lines[$(($1 - 1))]}"; }

ran=0 skipped=0 commands=0 skipped_list=()
for b in "${!fences[@]}"; do
    fence=${fences[b]} end=${ends[b]} reason=${skips[b]}
    range="README.md:$((fence + 1))-$((end - 1))"
    if [[ -n $reason ]]; then
        skipped=$((skipped + 1))
        skipped_list+=("$range: $reason")
        say "$range: skipped ($reason)"
        continue
    fi
    script=$work/logs/block-$fence.sh log=$work/logs/block-$fence.log
    # Line 1 records the line of every command before it runs; README line = fence + line - 1.
    # shellcheck disable=SC2016 # $LINENO and $READMECHECK_AT expand in the block's shell
    printf '%s\n' 'trap '\''printf "%s\n" "$LINENO" >"$READMECHECK_AT"'\'' DEBUG; set -eo pipefail' >"$script"
    # n: the commands in the block (lines that are not blank, a comment or a continuation).
    n=0 continued=0
    for ((l = fence + 1; l < end; l++)); do
        text=$(readme_line "$l")
        printf '%s\n' "$text" >>"$script"
        if ((!continued)) && [[ $text =~ [^[:space:]] && ! $text =~ ^[[:space:]]*# ]]; then
            n=$((n + 1))
        fi
        continued=0
        if [[ $text == *\\ ]]; then continued=1; fi
    done
    echo 1 >"$READMECHECK_AT"
    export READMECHECK_FENCE=$fence
    block_start=$SECONDS
    status=0
    (cd "$scratch" && timeout "$block_timeout" bash "$script") >"$log" 2>&1 || status=$?
    if ((status != 0)); then
        at=$(cat "$READMECHECK_AT")
        first=$((fence + at - 1))
        # A command continued over lines is named from its first line.
        while ((first > fence + 1)) && [[ $(readme_line $((first - 1))) == *\\ ]]; do first=$((first - 1)); done
        command=$(readme_line "$first")
        for ((l = first; l < end - 1; l++)); do
            [[ $(readme_line "$l") == *\\ ]] || break
            command+=$'\n'$(readme_line $((l + 1)))
        done
        echo "---- output of the block (last 40 lines) ----" >&2
        tail -n 40 "$log" >&2
        echo "----" >&2
        if ((status == 124)); then
            fail "README.md:$first: timed out after ${block_timeout}s (DOWNLINE_README_TIMEOUT): $command"
        fi
        fail "README.md:$first: this command failed (exit $status), run in README order from the root of a fresh copy:"$'\n'"$command"
    fi
    ran=$((ran + 1)) commands=$((commands + n))
    say "$range: ok ($n command line(s), $((SECONDS - block_start)) s)"
done

# --- 5. Summary ----------------------------------------------------------------------------

if [[ -s $READMECHECK_NOTES ]]; then
    say "rewrites and stand-ins:"
    sed 's/^/  /' "$READMECHECK_NOTES"
fi
if ((skipped > 0)); then
    say "skipped, as marked in README.md:"
    printf '  %s\n' "${skipped_list[@]}"
fi
say "OK: ${ran} block(s) run (${commands} command lines), ${skipped} skipped, in $((SECONDS - start_time)) s (caps: --runs ${runs_cap}, --points ${points_cap}, --lhs ${lhs_cap})"
