#!/usr/bin/env bash
# Drives the class page of `downline serve` in a real browser (headless Chromium, through
# chromedriver and the W3C WebDriver protocol, from Python's standard library) and fails,
# with a clear message, if a class would not see what it should:
#   - the page does not load its plans and inputs, or a run does not finish;
#   - the numbers the page shows differ from `downline run` of the scenario file the
#     page offers for download, with the same seed and runs: every headline number
#     (against that run's report.html) and every key number (against its summary.json);
#   - a bad setting (an entry fee of -5) is not refused with the validation's message
#     on the page;
#   - after a second run, "compare with the previous run" does not show the first run's
#     key numbers beside the second's;
#   - the browser logs a console error (besides the refused bad setting's 400), or asks
#     any host but 127.0.0.1 for anything (every other host name is unresolvable, and
#     the network log is read);
#   - a screenshot at 1280 or 390 pixels wide is blank, or at 390 the page scrolls
#     sideways (only a table's own wrapper and preformatted text may).
#
# Usage: scripts/serve-check.sh
# Builds the release binary, starts `downline serve --port 0` in the repository, runs
# scenarios/default.toml with a small market (2,000 people, 24 months, 20 runs) and an
# entry fee set with the slider. The screenshots are kept in $SERVE_CHECK_OUT if set,
# else removed. Installs Debian's chromium and chromium-driver if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() {
    echo "serve-check: FAIL: $*" >&2
    exit 1
}

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
out="${SERVE_CHECK_OUT:-$work/shots}"
mkdir -p "$out"

install() {
    echo "serve-check: installing $*" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y "$@" >"$work/apt.log" 2>&1 ||
        { apt-get update >>"$work/apt.log" 2>&1 && apt-get install -y "$@" >>"$work/apt.log" 2>&1; } ||
        { tail -20 "$work/apt.log" >&2; fail "cannot install $*"; }
}
command -v chromium >/dev/null 2>&1 || install chromium
command -v chromedriver >/dev/null 2>&1 || install chromium-driver

started=$(date +%s)
cargo build --release --quiet
bin=target/release/downline

# The server, on a free port; its first line on stdout is the address (the files exist
# before the background job opens them, so that they can be read at once).
: >"$work/serve.out"
: >"$work/serve.err"
"$bin" serve --port 0 >>"$work/serve.out" 2>>"$work/serve.err" &
pids+=($!)
url=""
for _ in $(seq 1 100); do
    url=$(sed -n 's|^serving \(http://127\.0\.0\.1:[0-9]*/\)$|\1|p' "$work/serve.out")
    [ -n "$url" ] && break
    kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/serve.err" >&2; fail "downline serve exited"; }
    sleep 0.1
done
[ -n "$url" ] || { cat "$work/serve.err" >&2; fail "downline serve printed no address"; }
echo "serve-check: $url"

# chromedriver, on a free port.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chromedriver --port="$port" >"$work/chromedriver.log" 2>&1 &
pids+=($!)

python3 - "$url" "http://127.0.0.1:$port" "$bin" "$work" "$out" <<'EOF'
import base64, json, re, subprocess, sys, time, tomllib, urllib.error, urllib.request

sys.path.insert(0, "scripts/lib")
from png_ink import ink  # noqa: E402

url, driver, binary, work, out = sys.argv[1:6]
problems = []


def fail(message):
    print(f"serve-check: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def call(method, path, body=None, timeout=60):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(driver + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response).get("value")
    except urllib.error.HTTPError as err:
        detail = err.read().decode(errors="replace")[:500]
        raise RuntimeError(f"WebDriver {method} {path}: {err.code} {detail}") from None


for _ in range(100):
    try:
        if call("GET", "/status", timeout=2).get("ready"):
            break
    except (OSError, RuntimeError):
        pass
    time.sleep(0.1)
else:
    fail("chromedriver did not start")

session = call("POST", "/session", {"capabilities": {"alwaysMatch": {
    "browserName": "chrome",
    "goog:chromeOptions": {
        "binary": "/usr/bin/chromium",
        "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--disable-default-apps", "--no-default-browser-check", "--hide-scrollbars",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                 "--window-size=1280,900"],
    },
    "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
}}})
sid = session["sessionId"]
s = f"/session/{sid}"


def script(code, *args):
    return call("POST", s + "/execute/sync", {"script": code, "args": list(args)})


def find(css):
    found = call("POST", s + "/element", {"using": "css selector", "value": css})
    return next(iter(found.values()))


def wait(code, what, timeout=90):
    end = time.time() + timeout
    while time.time() < end:
        value = script(code)
        if value:
            return value
        time.sleep(0.2)
    said = script("return (document.getElementById('error') || {}).textContent || ''")
    fail(f"timed out waiting for {what}; the page says: {said!r}")


def type_into(css, text):
    element = find(css)
    call("POST", f"{s}/element/{element}/clear", {})
    call("POST", f"{s}/element/{element}/value", {"text": text})


def cdp(cmd, params):
    return call("POST", s + "/goog/cdp/execute", {"cmd": cmd, "params": params})


FACTS = """return Array.from(document.querySelectorAll('#facts td[data-stat]')).map(
  td => [td.dataset.side, td.dataset.stat, td.dataset.field, td.dataset.value || null, td.textContent]);"""
HEADLINE = """return Array.from(document.querySelectorAll('#headline span.n[data-stat]')).map(
  span => [span.dataset.stat, span.dataset.field, span.textContent]);"""


def run_and_wait():
    """Clicks Run and waits for the page to show one more result; its progress line."""
    before = int(script("return document.getElementById('result').dataset.shown || '0'"))
    call("POST", f"{s}/element/{find('#run')}/click", {})
    wait(f"""return Number(document.getElementById('result').dataset.shown || '0') > {before}
             && document.querySelector('#headline li') !== null;""", "the run to finish")
    return script("return document.getElementById('progress-text').textContent")


try:
    # 1. The page, its plans and inputs.
    call("POST", s + "/url", {"url": url})
    wait("return document.querySelectorAll('#plan option').length > 1 && "
         "document.getElementById('c-entry_fee') !== null", "the plans and inputs")
    plan = script("return document.getElementById('plan').value")
    if plan != "scenarios/default.toml":
        problems.append(f"the page starts with {plan}, not scenarios/default.toml")

    # 2. Settings: the entry fee slider moved to its middle (500 of 0 to 1,000), a small
    #    market typed in, 20 runs.
    x, y = script("""var slider = document.getElementById('c-entry_fee-range');
        slider.scrollIntoView({block: 'center'});
        var r = slider.getBoundingClientRect();
        return [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)];""")
    call("POST", s + "/actions", {"actions": [{"type": "pointer", "id": "mouse",
        "parameters": {"pointerType": "mouse"}, "actions": [
            {"type": "pointerMove", "origin": "viewport", "x": x, "y": y},
            {"type": "pointerDown", "button": 0}, {"type": "pointerUp", "button": 0}]}]})
    call("DELETE", s + "/actions")
    middle = float(script("return document.getElementById('c-entry_fee').value"))
    if abs(middle - 500) > 10:
        fail(f"a click in the middle of the entry fee slider gave {middle}, not about 500")
    if middle != 500:
        # The rest of the way with the arrow keys, a step (a dollar) each.
        arrow = "\ue014" if middle < 500 else "\ue012"
        slider = find("#c-entry_fee-range")
        call("POST", f"{s}/element/{slider}/value", {"text": arrow * int(abs(500 - middle))})
    fee = float(script("return document.getElementById('c-entry_fee').value"))
    if fee != 500:
        problems.append(f"the entry fee slider moved to {fee}, not 500")
    print(f"serve-check: entry fee slider: {middle:g} at its middle, then {fee:g}")
    type_into("#c-population", "2000")
    type_into("#c-months", "24")
    twenty = find("#runs option[value='20']")
    call("POST", f"{s}/element/{twenty}/click", {})

    # 3. Run, and read what the page shows.
    started = time.time()
    first = run_and_wait()
    print(f"serve-check: run 1: {first} (waited {time.time() - started:.1f} s)")
    facts = script(FACTS)
    headline = script(HEADLINE)
    href = script("return document.getElementById('download').getAttribute('href')")
    if not facts or not headline:
        fail(f"the page shows no numbers (key numbers {len(facts or [])}, headline {len(headline or [])})")

    # 4. The downloaded scenario, run by `downline run` with the same seed and runs.
    with urllib.request.urlopen(url.rstrip("/") + href, timeout=30) as response:
        text = response.read().decode()
    path = f"{work}/settings.toml"
    open(path, "w", encoding="utf-8").write(text)
    settings = tomllib.loads(text)
    seed, runs = settings["simulation"]["seed"], settings["simulation"]["runs"]
    if settings["product"]["entry_fee"] != fee or settings["market"]["population"] != 2000 \
            or settings["simulation"]["months"] != 24 or runs != 20:
        problems.append(f"the downloaded scenario does not hold the page's settings: "
                        f"entry fee {settings['product']['entry_fee']}, population "
                        f"{settings['market']['population']}, months {settings['simulation']['months']}, runs {runs}")
    done = subprocess.run([binary, "run", path, "--runs", str(runs), "--seed", str(seed),
                           "--out", f"{work}/run"], capture_output=True, text=True)
    if done.returncode != 0:
        fail(f"downline run of the downloaded scenario failed: {done.stderr[-500:]}")
    print("serve-check: downline run: " + done.stdout.splitlines()[0])
    summary = json.load(open(f"{work}/run/summary.json", encoding="utf-8"))["statistics"]
    checked = 0
    for side, stat, field, value, shown in facts:
        expected = summary[stat][field]
        if (value is None) != (expected is None) or (value is not None and float(value) != expected):
            problems.append(f"key number {stat} {field}: the page has {value} ({shown}), "
                            f"downline run has {expected}")
        checked += 1
    report = open(f"{work}/run/report.html", encoding="utf-8").read()
    section = re.search(r'<section id="headline".*?</section>', report, re.S)
    spans = re.findall(r'<span class="n" data-stat="([^"]+)" data-field="([^"]+)" '
                       r'data-format="[^"]+">([^<]*)</span>', section[0] if section else "")
    if [list(x) for x in spans] != headline:
        problems.append(f"the headline numbers differ from downline run's report.html: "
                        f"page {headline}, report {spans}")
    checked += len(spans)
    print(f"serve-check: {checked} numbers equal to downline run of the downloaded scenario "
          f"(seed {seed}, {runs} runs)")

    # 5. Screenshots: 1280 wide, then 390 (a phone), with the results on the page.
    def screenshot(name):
        png = base64.b64decode(call("GET", s + "/screenshot"))
        open(f"{out}/{name}.png", "wb").write(png)
        width, height, inked, colours = ink(png)
        print(f"serve-check: {name} screenshot {width}x{height}, {colours} colours, "
              f"{inked:.1%} not background")
        if colours < 2 or inked < 0.01:
            problems.append(f"the {name} screenshot is blank")

    script("document.getElementById('numbers').scrollIntoView()")
    screenshot("desktop-1280")
    cdp("Emulation.setDeviceMetricsOverride",
        {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    time.sleep(0.5)
    script("window.scrollTo(0, 0)")
    screenshot("phone-390")
    wide = script("""var root = document.documentElement, width = root.clientWidth, wide = [];
        document.querySelectorAll('body *').forEach(function (el) {
          var parent = el.parentElement;
          if (parent && parent.closest('.table-wrap, pre')) return;
          var r = el.getBoundingClientRect();
          if (r.width > 0 && (r.right > width + 1 || r.left < -1)) {
            wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
          }
        });
        return [root.scrollWidth, width, wide.slice(0, 8)];""")
    print(f"serve-check: phone width {wide[1]}px, page width {wide[0]}px")
    if wide[0] > wide[1] or wide[2]:
        problems.append(f"at 390 pixels the page is {wide[0]}px wide (too wide: {wide[2] or 'the document'})")
    cdp("Emulation.clearDeviceMetricsOverride", {})

    # 6. A bad setting is refused on the page with the validation's message.
    type_into("#c-entry_fee", "-5")
    call("POST", f"{s}/element/{find('#run')}/click", {})
    message = wait("var e = document.getElementById('error'); return e.hidden ? null : e.textContent;",
                   "the refusal of an entry fee of -5")
    print(f"serve-check: refused on the page: {message}")
    if "product.entry_fee" not in message or "a number from 0 to 1,000,000,000" not in message:
        problems.append(f"the refusal does not say what is wrong: {message!r}")

    # 7. A second run, compared with the first.
    type_into("#c-entry_fee", "0")
    second = run_and_wait()
    print(f"serve-check: run 2: {second}")
    call("POST", f"{s}/element/{find('#compare-toggle')}/click", {})
    compared = script(FACTS)
    before = [f[1:] for f in compared if f[0] == "a"]
    if before != [f[1:] for f in facts]:
        problems.append("compare with the previous run does not show the first run's numbers as A")
    if not [f for f in compared if f[0] == "b"]:
        problems.append("compare with the previous run shows no B column")
    columns = script("return Array.from(document.querySelectorAll('#facts thead th')).map(th => th.textContent)")
    print(f"serve-check: compare columns: {columns}")

    # 8. The browser's console and network logs.
    def log(kind):
        for path in ("/se/log", "/log"):
            try:
                return call("POST", s + path, {"type": kind})
            except RuntimeError:
                continue
        fail(f"chromedriver gives no {kind} log")

    console = log("browser")
    for entry in console:
        message = entry.get("message", "")
        expected = "/run" in message and "400" in message
        if entry.get("level") == "SEVERE" and not expected:
            problems.append(f"console error: {message}")
    print(f"serve-check: console: {len(console)} message(s), "
          f"{sum('/run' in e.get('message', '') and '400' in e.get('message', '') for e in console)} "
          f"of them the refused setting's 400")
    requests = 0
    for entry in log("performance"):
        event = json.loads(entry["message"])["message"]
        if event.get("method") == "Network.requestWillBeSent":
            requested = event["params"]["request"]["url"]
            requests += 1
            if not (requested.startswith(url) or requested.startswith("data:")):
                problems.append(f"the page asked for {requested}")
    print(f"serve-check: {requests} requests, all to {url}")
finally:
    try:
        call("DELETE", s)
    except (OSError, RuntimeError):
        pass

if problems:
    for p in problems:
        print(f"serve-check: FAIL: {p}", file=sys.stderr)
    sys.exit(1)
EOF
kill -0 "${pids[0]}" 2>/dev/null || { cat "$work/serve.err" >&2; fail "downline serve died during the check"; }
echo "serve-check: OK in $(($(date +%s) - started)) s"
