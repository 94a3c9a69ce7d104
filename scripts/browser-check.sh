#!/usr/bin/env bash
# Opens report.html, compare.html and calibrate.html in a real browser (headless Chromium) and fails,
# with a clear message, if a page does not render as a person would see it:
#   - the browser exits non-zero, logs a console message from the page, or the page
#     asks the network for anything (the page must be self-contained);
#   - the rendered DOM lacks one of the page's sections (report.html: headline,
#     disclosure, compliance, charts, reproduce; compare.html: headline, statistics,
#     charts, reproduce; calibrate.html: headline, predictive, posterior, identified,
#     waves, reproduce), or refers to any outside file (src= or href= other than an
#     in-page #anchor), or has a script;
#   - the desktop screenshot (1280 wide) is blank: one colour, or nearly so;
#   - at phone width (390) the page scrolls sideways (only a table's own wrapper and
#     preformatted text may scroll);
#   - report.html printed to PDF takes more than 4 pages (the handout layout).
#
# Usage: scripts/browser-check.sh [PAGE.html...]
# Without arguments it builds the release binary, runs scenarios/default.toml for 20
# runs into a temporary folder and checks the report.html that the run writes; then runs
# scenarios/default.toml and scenarios/binary.toml for 10 runs each, compares them and
# checks the compare.html; then calibrates scenarios/default.toml to its targets (three
# keys, a small calibration) and checks the calibrate.html. A page named compare.html is
# checked as a comparison, calibrate.html as a calibration, any other as a report. The screenshots are kept in $BROWSER_CHECK_OUT if set (to look at
# them), else removed. Installs Debian's chromium if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "browser-check: FAIL: $*" >&2
    exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out="${BROWSER_CHECK_OUT:-$work/shots}"
mkdir -p "$out"

if ! command -v chromium >/dev/null 2>&1; then
    echo "browser-check: installing chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y chromium >"$work/apt.log" 2>&1 ||
        { apt-get update >>"$work/apt.log" 2>&1 && apt-get install -y chromium >>"$work/apt.log" 2>&1; } ||
        { tail -20 "$work/apt.log" >&2; fail "cannot install chromium"; }
fi

pages=("$@")
if [ ${#pages[@]} -eq 0 ]; then
    cargo build --release --quiet
    bin=target/release/downline
    "$bin" run scenarios/default.toml --runs 20 --out "$work/run" >"$work/run.log" 2>&1 ||
        { tail -20 "$work/run.log" >&2; fail "downline run failed"; }
    for scenario in default binary; do
        "$bin" run "scenarios/$scenario.toml" --runs 10 --no-charts --out "$work/$scenario" \
            >"$work/$scenario.log" 2>&1 ||
            { tail -20 "$work/$scenario.log" >&2; fail "downline run $scenario failed"; }
    done
    "$bin" compare "$work/default" "$work/binary" --out "$work/compare" >"$work/compare.log" 2>&1 ||
        { tail -20 "$work/compare.log" >&2; fail "downline compare failed"; }
    "$bin" calibrate scenarios/default.toml --targets scenarios/default.targets.toml \
        --vary behaviour.join_probability=0.1..0.4 --vary behaviour.quit.base=0.01..0.08 \
        --vary 'behaviour.kind[1].recruit_pitches.median=1..4' --runs 3 --points 40 \
        --waves 2 --months 36 --out "$work/calibration" >"$work/calibrate.log" 2>&1 ||
        { tail -20 "$work/calibrate.log" >&2; fail "downline calibrate failed"; }
    pages=("$work/run/report.html" "$work/compare/compare.html" "$work/calibration/calibrate.html")
fi

# Chromium with nothing in the background, and every host name unresolvable, so that
# nothing can leave the machine and any fetch by the page fails and shows in the net log.
chrome() {
    local profile
    profile=$(mktemp -d -p "$work")
    timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --disable-default-apps --no-default-browser-check \
        --host-resolver-rules='MAP * ~NOTFOUND' --hide-scrollbars \
        --user-data-dir="$profile" "$@"
}

# Checks one page: $1 the page, $2 a name for its screenshots and messages, then the
# ids of the sections it must have.
check() {
local page=$1 name=$2 dir url sections
shift 2
sections="$*"
[ -s "$page" ] || fail "$page: missing or empty"
page=$(realpath "$page")
url="file://$page"
dir=$(mktemp -d -p "$work")

# 1. Desktop screenshot, with the browser's log and network log.
chrome --enable-logging=stderr --v=0 --log-net-log="$dir/net.json" \
    --screenshot="$out/$name-desktop.png" --window-size=1280,4000 "$url" \
    >"$dir/desktop.out" 2>"$dir/desktop.log" ||
    { tail -20 "$dir/desktop.log" >&2; fail "chromium exited with an error while rendering $page"; }
[ -s "$out/$name-desktop.png" ] || fail "chromium wrote no screenshot"

# 2. The rendered DOM.
chrome --dump-dom "$url" >"$dir/dom.html" 2>"$dir/dom.log" ||
    { tail -20 "$dir/dom.log" >&2; fail "chromium exited with an error while loading $page"; }

# 3. Phone width: a screenshot, and the page's width measured in a 390-pixel frame of
#    a wrapper page that adds a measuring script (the report itself has no script; a
#    headless window is never narrower than 500 pixels, but a frame can be).
chrome --screenshot="$out/$name-phone.png" --window-size=390,3000 "$url" \
    >/dev/null 2>"$dir/phone.log" || fail "chromium failed at phone width"
python3 - "$page" "$dir/measure.html" <<'EOF'
import html, sys
page = open(sys.argv[1], encoding="utf-8").read()
probe = """<!doctype html><html><body style="margin:0">
<iframe id="frame" style="width:390px;height:3000px;border:0" srcdoc="%s"></iframe>
<pre id="browser-check-width"></pre>
<script>
document.getElementById("frame").addEventListener("load", function () {
  var doc = this.contentDocument, root = doc.documentElement, width = root.clientWidth, wide = [];
  doc.querySelectorAll("body *").forEach(function (el) {
    var parent = el.parentElement;
    if (parent && parent.closest(".table-wrap, pre")) return;
    var r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
      wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
        (typeof el.className === "string" && el.className ? "." + el.className.split(" ").join(".") : ""));
    }
  });
  document.getElementById("browser-check-width").textContent =
    "scroll=" + root.scrollWidth + " client=" + width + " wide=" + wide.slice(0, 8).join(" ");
});
</script></body></html>""" % html.escape(page, quote=True)
open(sys.argv[2], "w", encoding="utf-8").write(probe)
EOF
chrome --dump-dom --virtual-time-budget=5000 "file://$dir/measure.html" >"$dir/measure.dom" 2>/dev/null ||
    fail "chromium failed to measure the page at phone width"

# 3b. The report prints as a handout of at most 4 pages (A4/Letter as the browser
#     defaults, its own @page margins).
if [ "$name" = report ]; then
    chrome --no-pdf-header-footer --print-to-pdf="$dir/print.pdf" "$url" \
        >/dev/null 2>"$dir/print.log" || fail "chromium failed to print $page to PDF"
    pages=$(python3 -c 'import re, sys; print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))' "$dir/print.pdf")
    echo "browser-check: $name: prints on $pages page(s)"
    [ "$pages" -ge 1 ] && [ "$pages" -le 4 ] || fail "$page prints on $pages pages; a handout must fit on 4"
fi

# 4. Judge what the browser saw.
python3 - "$dir" "$out" "$url" "$name" $sections <<'EOF'
import json, re, sys, zlib

work, out, url, page = sys.argv[1:5]
sections = sys.argv[5:]
problems = []

# The browser's own log: a console message from the page, or a failed load.
for name in ("desktop.log", "dom.log", "phone.log"):
    for line in open(f"{work}/{name}", encoding="utf-8", errors="replace"):
        if ("CONSOLE" in line and "file://" in line) or "net::ERR_" in line:
            problems.append(f"browser log: {line.strip()}")

# The network log: anything the page (a file:// document) asked the network for.
try:
    log = json.load(open(f"{work}/net.json", encoding="utf-8"))
    kinds = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    for event in log["events"]:
        params = event.get("params") or {}
        if kinds.get(event["type"]) == "URL_REQUEST_START_JOB" and \
                "file://" in str(params.get("network_isolation_key", "")):
            problems.append(f"the page fetched {params.get('url')}")
except (OSError, ValueError, KeyError) as err:
    problems.append(f"cannot read the network log: {err}")

# The rendered DOM: the sections are there, and nothing refers outside the page.
dom = open(f"{work}/dom.html", encoding="utf-8", errors="replace").read()
for section in sections:
    if not re.search(rf'<section[^>]*\bid="{section}"', dom):
        problems.append(f'the rendered page has no section id="{section}"')
if not re.search(r'id="headline".*?<li>', dom, re.S):
    problems.append("the headline section has no sentences")
for attr, target in re.findall(r'\b(src|href)="([^"]*)"', dom):
    if not target.startswith("#"):
        problems.append(f'the page refers to an outside file: {attr}="{target}"')
if re.search(r"<script", dom, re.I):
    problems.append("the page has a <script>")

# The desktop screenshot is not blank.
sys.path.insert(0, "scripts/lib")
from png_ink import ink  # noqa: E402

try:
    width, height, inked, colours = ink(open(f"{out}/{page}-desktop.png", "rb").read())
    print(f"browser-check: {page}: desktop screenshot {width}x{height}, {colours} colours, "
          f"{inked:.1%} of it not background")
    if colours < 2 or inked < 0.01:
        problems.append(f"the desktop screenshot is blank ({inked:.2%} not background)")
except (OSError, ValueError, TypeError, zlib.error) as err:
    problems.append(f"cannot read the desktop screenshot: {err}")

# At phone width the page does not scroll sideways.
measure = open(f"{work}/measure.dom", encoding="utf-8", errors="replace").read()
found = re.search(r'id="browser-check-width">scroll=(\d+) client=(\d+) wide=([^<]*)<', measure)
if not found:
    problems.append("could not measure the page at phone width")
else:
    scroll, client, wide = int(found[1]), int(found[2]), found[3].strip()
    print(f"browser-check: {page}: phone width {client}px, page width {scroll}px")
    if scroll > client or wide:
        problems.append(f"at phone width the page is {scroll}px wide for {client}px "
                        f"(too wide: {wide or 'the document'})")

if problems:
    for p in problems:
        print(f"browser-check: FAIL: {page}: {p}", file=sys.stderr)
    sys.exit(1)
print(f"browser-check: OK: {url}")
EOF
}

for page in "${pages[@]}"; do
    case "$(basename "$page")" in
        compare.html) check "$page" compare headline statistics charts reproduce ;;
        calibrate.html) check "$page" calibrate headline predictive posterior identified waves reproduce ;;
        *) check "$page" report headline disclosure compliance stress charts reproduce ;;
    esac
done
