//! `downline serve`: the real binary on a free port, spoken to in raw HTTP over a
//! `TcpStream`. The page is served; a run gives the numbers of `downline run` of the
//! same scenario, seed and runs (and of the scenario file the page offers for
//! download); bad settings are refused with the scenario validation's message; a tab's
//! new run stops its earlier one; and malformed or hostile requests get a 4xx (or, for
//! a body too large to drain, no answer) while the server stays up and answering.

use crate::common::{SMALL, downline, downline_path, repo, temp_dir, write};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A `downline serve` process, killed when dropped.
struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `downline serve ARGS --port 0` in `dir` and reads the port from its first line.
fn serve(dir: &Path, args: &[&str]) -> Served {
    let mut child = Command::new(downline_path())
        .arg("serve")
        .args(args)
        .args(["--port", "0", "--threads", "2"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("downline serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the first line");
    let port = line
        .trim()
        .strip_prefix("serving http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix('/'))
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("expected `serving http://127.0.0.1:PORT/`, found {line:?}"));
    Served { child, port }
}

/// A reply: status, headers (names lower-cased) and body.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: not JSON: {}", self.text()))
    }
}

impl Served {
    /// Sends `raw` as it is and reads the reply until the server closes the connection;
    /// `None` if nothing came back within `wait`.
    fn raw(&self, raw: &[u8], wait: Duration) -> Option<Reply> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(wait)).expect("timeout");
        // A server may answer (and close) before taking a whole oversized body.
        let _ = stream.write_all(raw);
        let mut bytes = Vec::new();
        let mut buffer = [0u8; 16 * 1024];
        loop {
            match stream.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&buffer[..n]),
                Err(_) => break,
            }
        }
        parse(&bytes)
    }

    /// A request with `Connection: close`.
    fn request(&self, method: &str, target: &str, headers: &[&str], body: &[u8]) -> Reply {
        let mut raw =
            format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for header in headers {
            raw.push_str(header);
            raw.push_str("\r\n");
        }
        if !body.is_empty() {
            raw.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        raw.push_str("\r\n");
        let mut raw = raw.into_bytes();
        raw.extend_from_slice(body);
        self.raw(&raw, Duration::from_secs(60))
            .unwrap_or_else(|| panic!("no reply to {method} {target}"))
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target, &[], b"")
    }

    fn post_run(&self, body: &Value) -> Reply {
        self.request(
            "POST",
            "/run",
            &["Content-Type: application/json"],
            body.to_string().as_bytes(),
        )
    }

    /// Polls a job until it is no longer running; its last progress.
    fn finish(&self, job: u64) -> Value {
        let started = Instant::now();
        loop {
            let progress = self.get(&format!("/progress?job={job}")).json();
            if progress["state"] != "running" {
                return progress;
            }
            assert!(
                started.elapsed() < Duration::from_secs(300),
                "job {job} still running: {progress}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether the process is alive and serves the page.
    fn assert_alive(&mut self) {
        assert!(
            self.child.try_wait().expect("status").is_none(),
            "the server exited"
        );
        let page = self.get("/");
        assert_eq!(page.status, 200, "{}", page.text());
    }
}

/// Status line, headers and body of an HTTP reply (`None` if there is none).
fn parse(bytes: &[u8]) -> Option<Reply> {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&bytes[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = bytes[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Some(Reply {
        status,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(line_end) = data.windows(2).position(|w| w == b"\r\n") {
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&data[..line_end])
                .split(';')
                .next()
                .unwrap_or("")
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// The small test scenario in a folder of its own (no shipped scenarios beside it).
fn small_plan() -> (tempfile::TempDir, String) {
    let dir = temp_dir();
    write(dir.path(), "small.toml", SMALL);
    (dir, "small.toml".to_string())
}

/// The page's catalogue of plans, from the JSON embedded in it.
fn catalogue(page: &str) -> Value {
    let start = page
        .find("<script type=\"application/json\" id=\"plans\">")
        .expect("the plans")
        + "<script type=\"application/json\" id=\"plans\">".len();
    let end = start + page[start..].find("</script>").expect("its end");
    serde_json::from_str(&page[start..end]).expect("the plans are JSON")
}

#[test]
fn the_server_starts_on_a_free_port_and_serves_the_page_with_the_shipped_plans() {
    let served = serve(&repo(), &[]);
    let page = served.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = page.header("content-security-policy").expect("a policy");
    assert!(policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"));
    let html = page.text();
    assert!(html.contains("id=\"settings-form\""), "{html}");
    for outside in ["http://", "https://", "src=\""] {
        assert!(
            !html.contains(outside),
            "the page refers outside: {outside}"
        );
    }
    let plans = catalogue(&html);
    assert_eq!(plans["selected"], "scenarios/default.toml");
    let ids: Vec<&str> = plans["plans"]
        .as_array()
        .expect("plans")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    for shipped in [
        "scenarios/default.toml",
        "scenarios/pyramid.toml",
        "scenarios/published/smart-2015.toml",
    ] {
        assert!(ids.contains(&shipped), "{shipped} missing from {ids:?}");
    }
    assert!(
        !ids.iter().any(|id| id.ends_with(".targets.toml")),
        "{ids:?}"
    );
    // The default scenario's inputs: recruiting effort is the business builders'.
    let default = &plans["plans"][ids
        .iter()
        .position(|&i| i == "scenarios/default.toml")
        .expect("default")];
    let effort = default["controls"]
        .as_array()
        .expect("controls")
        .iter()
        .find(|c| c["name"] == "recruit_effort")
        .expect("recruiting effort");
    assert_eq!(effort["value"], 2.5);
    assert!(
        effort["note"]
            .as_str()
            .is_some_and(|n| n.contains("behaviour.kind[1].recruit_pitches.median")),
        "{effort}"
    );
    assert_eq!(served.request("HEAD", "/", &[], b"").status, 200);
}

#[test]
fn a_run_gives_the_numbers_of_downline_run_of_the_same_scenario_seed_and_runs() {
    let (dir, plan) = small_plan();
    let served = serve(dir.path(), &[&plan]);
    let settings = json!({ "entry_fee": 150, "population": 1500, "join_probability": 0.25 });
    let started =
        served.post_run(&json!({ "tab": "a", "plan": plan, "runs": 6, "settings": settings }));
    assert_eq!(started.status, 202, "{}", started.text());
    let job = started.json()["job"].as_u64().expect("a job");
    let progress = served.finish(job);
    assert_eq!(progress["state"], "done", "{progress}");
    assert_eq!(progress["done"], 6);
    let result = served.get(&format!("/result?job={job}")).json();
    let html = result["html"].as_str().expect("html");
    assert!(html.contains("<section id=\"headline\""), "{html}");
    assert!(html.contains("<section id=\"charts\""));
    assert_eq!(
        html.matches("<svg").count(),
        downline::report::run::charts::NAMES.len(),
        "every chart of the report"
    );

    // The same file edited by hand, run by `downline run` with the file's seed and 6 runs.
    let edited = SMALL
        .replace("entry_fee = 99.0", "entry_fee = 150.0")
        .replace("population = 2_000", "population = 1500")
        .replace("join_probability = 0.3", "join_probability = 0.25");
    let by_hand = write(dir.path(), "by-hand.toml", &edited);
    // The file the page offers for download, run the same way.
    let download = served.get(&format!(
        "/download?plan={plan}&runs=6&entry_fee=150&population=1500&join_probability=0.25"
    ));
    assert_eq!(download.status, 200, "{}", download.text());
    assert!(
        download
            .header("content-disposition")
            .is_some_and(|d| d.contains("small-settings.toml")),
        "{:?}",
        download.headers
    );
    let downloaded = write(dir.path(), "downloaded.toml", &download.text());
    assert!(download.text().contains("population = 1500"));
    for (file, name) in [(&by_hand, "by-hand"), (&downloaded, "downloaded")] {
        let out = dir.path().join(format!("out-{name}"));
        downline()
            .arg("run")
            .arg(file)
            .args(["--runs", "6", "--seed", "7", "--out"])
            .arg(&out)
            .assert()
            .success();
        let summary: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join("summary.json")).expect("summary.json"),
        )
        .expect("JSON");
        for fact in result["facts"].as_array().expect("facts") {
            let stat = fact["stat"].as_str().expect("stat");
            assert_eq!(
                fact["value"], summary["statistics"][stat]["median"],
                "{name}: {stat}"
            );
        }
        // The headline sentences are those of downline run's report.html.
        let report = std::fs::read_to_string(out.join("report.html")).expect("report");
        let headline = |text: &str| -> String {
            let start = text.find("<section id=\"headline\"").expect("headline");
            let end = start + text[start..].find("</section>").expect("end");
            text[start..end].to_string()
        };
        // report.html links a term's first use to its glossary, which the class page
        // has not: the sentences are the same without those links.
        let unlinked = |text: String| -> String {
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(at) = rest.find("<a class=\"term\"") {
                out.push_str(&rest[..at]);
                let inner = &rest[at..];
                let open_end = inner.find('>').expect("tag end") + 1;
                let close = inner.find("</a>").expect("link end");
                out.push_str(&inner[open_end..close]);
                rest = &inner[close + "</a>".len()..];
            }
            out.push_str(rest);
            out
        };
        assert_eq!(headline(html), unlinked(headline(&report)), "{name}");
    }
}

#[test]
fn bad_settings_are_refused_with_the_scenario_validation_message() {
    let (dir, plan) = small_plan();
    let served = serve(dir.path(), &[&plan]);
    let cases = [
        (
            json!({ "entry_fee": -5 }),
            "product.entry_fee",
            "a number from 0 to 1,000,000,000",
        ),
        (
            json!({ "join_probability": 2 }),
            "behaviour.join_probability",
            "a probability between 0 and 1",
        ),
        (
            json!({ "population": 0 }),
            "market.population",
            "at least 2 people",
        ),
        (json!({ "months": 0 }), "simulation.months", "1 to 1200"),
        (
            json!({ "colour": 1 }),
            "unknown setting `colour`",
            "entry_fee",
        ),
        (
            json!({ "discount_share": 0.5 }),
            "Not offered",
            "behaviour.kind",
        ),
        (
            json!({ "population": 1e9 }),
            "at most",
            "people on this page",
        ),
    ];
    for (settings, key, says) in cases {
        let reply =
            served.post_run(&json!({ "tab": "t", "plan": plan, "runs": 5, "settings": settings }));
        assert_eq!(reply.status, 400, "{settings}: {}", reply.text());
        let error = reply.json()["error"]
            .as_str()
            .expect("an error")
            .to_string();
        assert!(
            error.contains(key) && error.contains(says),
            "{settings}: {error}"
        );
    }
    let founders =
        served.post_run(&json!({ "tab": "t", "plan": plan, "settings": { "population": 5 } }));
    let error = founders.json()["error"]
        .as_str()
        .expect("an error")
        .to_string();
    assert!(
        error.contains("small.toml:")
            && error.contains("market.founders")
            && error.contains("the page sets market.population = 5"),
        "{error}"
    );
    let unknown = served.post_run(&json!({ "tab": "t", "plan": "../etc/passwd" }));
    assert_eq!(unknown.status, 400);
    assert!(
        unknown.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("unknown plan"))
    );
    for runs in [0, 5000] {
        let reply = served.post_run(&json!({ "tab": "t", "plan": plan, "runs": runs }));
        assert_eq!(reply.status, 400, "runs {runs}");
    }
    let download = served.get(&format!("/download?plan={plan}&entry_fee=-5"));
    assert_eq!(download.status, 400);
    assert!(
        download
            .text()
            .contains("product.entry_fee: expected a number from 0 to 1,000,000,000, found -5")
    );
    assert_eq!(
        served
            .get(&format!("/download?plan={plan}&entry_fee=lots"))
            .status,
        400
    );
}

/// A run request that takes a while: 1,000 runs of 20,000 people over ten years.
fn long_run(tab: &str, plan: &str) -> Value {
    json!({
        "tab": tab,
        "plan": plan,
        "runs": 1000,
        "settings": { "population": 20000, "months": 120 },
    })
}

#[test]
fn a_new_run_from_the_same_tab_stops_the_earlier_one() {
    let (dir, plan) = small_plan();
    let served = serve(dir.path(), &[&plan]);
    let job = |reply: Reply| reply.json()["job"].as_u64().expect("a job");
    let first = job(served.post_run(&long_run("same", &plan)));
    let second = job(served.post_run(&json!({ "tab": "same", "plan": plan, "runs": 4 })));
    let stopped = served.finish(first);
    assert_eq!(stopped["state"], "cancelled", "{stopped}");
    assert!(stopped["done"].as_u64().expect("done") < 1000, "{stopped}");
    assert_eq!(served.finish(second)["state"], "done");
    assert_eq!(served.get(&format!("/result?job={first}")).status, 409);
    // Other tabs' runs are not stopped, and at most four go at once.
    let replies: Vec<Reply> = (0..5)
        .map(|tab| served.post_run(&long_run(&format!("tab{tab}"), &plan)))
        .collect();
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [202, 202, 202, 202, 503], "{}", replies[4].text());
    // Each tab's next run stops its long one.
    for tab in 0..4 {
        let next = json!({ "tab": format!("tab{tab}"), "plan": plan, "runs": 2 });
        assert_eq!(served.post_run(&next).status, 202);
    }
    for reply in replies.into_iter().take(4) {
        assert_eq!(served.finish(job(reply))["state"], "cancelled");
    }
}

/// The headers of a request that asks the server to close the connection afterwards.
const CLOSE: &str = "Host: 127.0.0.1\r\nConnection: close\r\n";

/// `METHOD TARGET` with [`CLOSE`] and nothing else.
fn bare(method: &str, target: &str) -> Vec<u8> {
    format!("{method} {target} HTTP/1.1\r\n{CLOSE}\r\n").into_bytes()
}

/// `POST /run` of JSON with the extra header lines `extra`, then `body` as it is.
fn run_request(extra: &str, body: &[u8]) -> Vec<u8> {
    let mut raw =
        format!("POST /run HTTP/1.1\r\n{CLOSE}Content-Type: application/json\r\n{extra}\r\n")
            .into_bytes();
    raw.extend_from_slice(body);
    raw
}

/// `POST /run` of JSON `body`, with its length.
fn run_json(body: &str) -> Vec<u8> {
    run_request(
        &format!("Content-Length: {}\r\n", body.len()),
        body.as_bytes(),
    )
}

#[test]
fn malformed_and_hostile_requests_get_a_4xx_and_the_server_keeps_answering() {
    let (dir, plan) = small_plan();
    let mut served = serve(dir.path(), &[&plan]);
    let huge = run_request("Content-Length: 2000000\r\n", &[b'x'; 2_000_000]);
    let mut chunks = Vec::new();
    for _ in 0..3 {
        chunks.extend_from_slice(b"10000\r\n");
        chunks.extend_from_slice(&[b'y'; 0x10000]);
        chunks.extend_from_slice(b"\r\n");
    }
    chunks.extend_from_slice(b"0\r\n\r\n");
    let long_target = format!("/download?{}", "a".repeat(20_000));
    let cases: Vec<(&str, Vec<u8>, u16)> = vec![
        (
            "binary garbage",
            b"\x00\x01\x02 garbage\r\n\r\n".to_vec(),
            400,
        ),
        ("no HTTP version", b"GET /\r\n\r\n".to_vec(), 400),
        (
            "a header that is not one",
            b"GET / HTTP/1.1\r\nnot a header\r\n\r\n".to_vec(),
            400,
        ),
        ("unknown path", bare("GET", "/../../etc/passwd"), 404),
        ("absolute target", bare("GET", "http://example.com/"), 400),
        ("asterisk target", bare("OPTIONS", "*"), 400),
        ("wrong method", bare("DELETE", "/"), 405),
        ("GET a POST path", bare("GET", "/run"), 405),
        ("made-up method", bare("BREW", "/run"), 405),
        ("bad escape", bare("GET", "/progress?job=%zz"), 400),
        ("query not UTF-8", bare("GET", "/download?plan=%ff%fe"), 400),
        ("job not a number", bare("GET", "/progress?job=-1"), 400),
        (
            "job too big",
            bare("GET", "/result?job=99999999999999999999999"),
            400,
        ),
        ("no such job", bare("GET", "/progress?job=12345"), 404),
        ("no job", bare("GET", "/result"), 400),
        ("a long target", bare("GET", &long_target), 414),
        (
            "another host",
            b"GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n".to_vec(),
            403,
        ),
        ("bad JSON", run_json("{bad}"), 400),
        (
            "JSON of the wrong shape",
            run_json(r#"{"tab":1,"plan":[]}"#),
            400,
        ),
        (
            "a setting that is text",
            run_json(&format!(
                r#"{{"tab":"x","plan":"{plan}","settings":{{"entry_fee":"lots"}}}}"#
            )),
            400,
        ),
        (
            "a bad tab id",
            run_json(&format!(r#"{{"tab":"<script>","plan":"{plan}"}}"#)),
            400,
        ),
        (
            "not JSON",
            format!(
                "POST /run HTTP/1.1\r\n{CLOSE}Content-Type: text/plain\r\n\
                 Content-Length: 2\r\n\r\n{{}}"
            )
            .into_bytes(),
            415,
        ),
        ("a huge body", huge, 413),
        (
            "a huge chunked body",
            run_request("Transfer-Encoding: chunked\r\n", &chunks),
            413,
        ),
        (
            "a huge declared body, cut short",
            run_request("Content-Length: 1000000000\r\n", b"{}"),
            413,
        ),
    ];
    for (name, raw, status) in &cases {
        let reply = served
            .raw(raw, Duration::from_secs(30))
            .unwrap_or_else(|| panic!("{name}: no reply"));
        assert_eq!(reply.status, *status, "{name}: {}", reply.text());
    }
    // A declared body too large to drain safely is not answered at all.
    let absurd = run_request("Content-Length: 10000000000000\r\n", b"");
    assert!(served.raw(&absurd, Duration::from_secs(1)).is_none());
    // A client that goes away mid-request.
    {
        let mut stream = TcpStream::connect(("127.0.0.1", served.port)).expect("connect");
        let _ = stream.write_all(b"GET /prog");
    }
    served.assert_alive();
    let run = served.post_run(&json!({ "tab": "after", "plan": plan, "runs": 2 }));
    assert_eq!(run.status, 202, "{}", run.text());
    let job = run.json()["job"].as_u64().expect("a job");
    assert_eq!(served.finish(job)["state"], "done");
}
