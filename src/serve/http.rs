//! Requests in, replies out: the routes of the class page's server.
//!
//! | method | path | what |
//! |---|---|---|
//! | GET | `/` | the page |
//! | POST | `/run` | start a run: JSON `{tab, plan, runs, settings}`; 202 `{job, total}` |
//! | GET | `/progress?job=ID` | `{state, done, total}` (and `seconds` or `error`) |
//! | GET | `/result?job=ID` | a finished run's `{html, facts}` |
//! | GET | `/download?plan=ID&runs=N&SETTING=VALUE...` | the scenario file with the settings written in |
//!
//! (HEAD too wherever GET.) Nothing a request says is trusted: a path the server does
//! not know is 404, a method a path does not take 405, a body over [`MAX_BODY`] 413, a
//! run request that is not JSON 415, malformed JSON, queries, ids and settings 400 with
//! a message saying what is wrong, and settings the scenario's validation refuses 400
//! with its message. A server bound to a loopback address answers only requests sent to
//! a loopback name (`Host`), so that no web page can reach it through a name of its own.

use super::App;
use super::jobs::{Refused, State};
use super::plans::{DEFAULT_RUNS, Refusal};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Read;
use tiny_http::Request;

/// The largest request body read (a run request is a few hundred bytes).
pub const MAX_BODY: usize = 64 * 1024;

/// The longest request target read (a download link is a few hundred bytes).
pub const MAX_TARGET: usize = 8 * 1024;

/// What goes back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// Headers besides the content type and those every reply has.
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    fn json(status: u16, value: &serde_json::Value) -> Self {
        Reply::new(status, JSON, value.to_string())
    }

    /// An error, as JSON `{"error": message}` for the page's script, or as text for a
    /// person.
    fn error(status: u16, api: bool, message: impl Into<String>) -> Self {
        let message = message.into();
        if api {
            Reply::json(status, &json!({ "error": message }))
        } else {
            Reply::new(status, TEXT, format!("{message}\n"))
        }
    }

    fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

const JSON: &str = "application/json";
const TEXT: &str = "text/plain; charset=utf-8";

/// What the page may load and talk to: itself, its inline style and script, and the
/// server that sent it.
pub const PAGE_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; \
style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; \
form-action 'none'; frame-ancestors 'none'";

/// The paths the server knows, the methods each takes, and whether its errors are for
/// the page's script (JSON) or a person (text).
const ROUTES: [(&str, &[&str], bool); 6] = [
    ("/", &["GET", "HEAD"], false),
    ("/run", &["POST"], true),
    ("/progress", &["GET", "HEAD"], true),
    ("/result", &["GET", "HEAD"], true),
    ("/download", &["GET", "HEAD"], false),
    ("/favicon.ico", &["GET", "HEAD"], false),
];

/// Answers one request.
pub fn route(app: &App, request: &mut Request) -> Reply {
    let target = request.url().to_string();
    if target.len() > MAX_TARGET {
        return Reply::error(
            414,
            false,
            format!(
                "the request target is {} bytes long; at most {MAX_TARGET}",
                target.len()
            ),
        );
    }
    if !target.starts_with('/') {
        return Reply::error(
            400,
            false,
            "expected a path such as / as the request target",
        );
    }
    if let Some(refusal) = foreign_host(app, request) {
        return refusal;
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let Some(&(path, methods, api)) = ROUTES.iter().find(|(p, _, _)| *p == path) else {
        return Reply::error(404, false, format!("no such page: {}", clip(path)));
    };
    let method = request.method().as_str().to_string();
    if !methods.contains(&method.as_str()) {
        return Reply::error(
            405,
            api,
            format!(
                "{path} takes {}, not {}",
                methods.join(" or "),
                clip(&method)
            ),
        )
        .with("Allow", methods.join(", "));
    }
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return too_large(api);
    }
    let query = match parse_query(query) {
        Ok(query) => query,
        Err(message) => return Reply::error(400, api, message),
    };
    match path {
        "/" => Reply::new(200, "text/html; charset=utf-8", app.page.as_bytes())
            .with("Content-Security-Policy", PAGE_POLICY),
        "/run" => run(app, request),
        "/progress" => progress(app, &query),
        "/result" => result(app, &query),
        "/download" => download(app, query),
        _ => Reply::new(204, TEXT, Vec::new()),
    }
}

/// 413: a body over [`MAX_BODY`].
pub fn too_large(api: bool) -> Reply {
    Reply::error(
        413,
        api,
        format!("the request body is over {MAX_BODY} bytes; a run request is a few hundred"),
    )
}

/// At most 100 characters of something a request said, for a message.
fn clip(text: &str) -> String {
    let mut clipped: String = text.chars().take(100).collect();
    if clipped.len() < text.len() {
        clipped.push('…');
    }
    clipped
}

/// A refusal of a request sent to a name that is not a loopback one, when the server
/// listens on a loopback address only.
fn foreign_host(app: &App, request: &Request) -> Option<Reply> {
    if !app.loopback {
        return None;
    }
    let host = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))?
        .value
        .as_str()
        .to_ascii_lowercase();
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default().to_string(),
        None => host.split(':').next().unwrap_or_default().to_string(),
    };
    let loopback = name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    (!loopback).then(|| {
        Reply::error(
            403,
            false,
            format!(
                "this server answers requests to 127.0.0.1 and localhost only, not {}; start it \
                 with --host to serve a network",
                clip(&host)
            ),
        )
    })
}

/// A query string's pairs, percent-decoded; a key given twice, a bad escape or text
/// that is not UTF-8 is refused.
pub fn parse_query(query: &str) -> Result<BTreeMap<String, String>, String> {
    let mut pairs = BTreeMap::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let (key, value) = (decode(key)?, decode(value)?);
        if pairs.contains_key(&key) {
            return Err(format!("`{}` is given twice in the query", clip(&key)));
        }
        pairs.insert(key, value);
    }
    Ok(pairs)
}

/// Percent-decodes one part of a query (`+` is a space).
fn decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                let Some(byte) = hex else {
                    return Err(format!(
                        "bad percent escape in the query: `{}`",
                        clip(&text[i..])
                    ));
                };
                out.push(byte);
                i += 2;
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8(out).map_err(|_| "the query is not UTF-8 text".to_string())
}

/// A run request's body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RunRequest {
    /// The browser tab's id.
    tab: String,
    /// The plan's id.
    plan: String,
    /// Runs (default [`DEFAULT_RUNS`]).
    runs: Option<u32>,
    /// The settings, by input name; those not given keep the file's values.
    #[serde(default)]
    settings: BTreeMap<String, f64>,
}

/// `POST /run`: checks the settings and starts the job.
fn run(app: &App, request: &mut Request) -> Reply {
    let json_body = request.headers().iter().any(|h| {
        h.field.equiv("Content-Type")
            && h.value
                .as_str()
                .to_ascii_lowercase()
                .starts_with("application/json")
    });
    if !json_body {
        return Reply::error(
            415,
            true,
            "a run request is JSON (Content-Type: application/json)",
        );
    }
    let mut body = Vec::new();
    if let Err(err) = request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
    {
        return Reply::error(400, true, format!("cannot read the request body: {err}"));
    }
    if body.len() > MAX_BODY {
        return too_large(true);
    }
    let asked: RunRequest = match serde_json::from_slice(&body) {
        Ok(asked) => asked,
        Err(err) => return Reply::error(400, true, format!("bad run request: {err}")),
    };
    let tab_ok = (1..=64).contains(&asked.tab.len())
        && asked
            .tab
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !tab_ok {
        return Reply::error(
            400,
            true,
            "tab: expected an id of 1 to 64 letters, digits, - or _",
        );
    }
    let plan = match app.plan(&asked.plan) {
        Ok(plan) => plan,
        Err(message) => return Reply::error(400, true, message),
    };
    let prepared = match plan.prepare(asked.runs.unwrap_or(DEFAULT_RUNS), &asked.settings) {
        Ok(prepared) => prepared,
        Err(Refusal::Settings(message)) => return Reply::error(400, true, message),
        Err(Refusal::Internal(message)) => return Reply::error(500, true, message),
    };
    match app.jobs.start(&asked.tab, prepared) {
        Ok(job) => Reply::json(202, &json!({ "job": job.id, "total": job.total })),
        Err(Refused::Busy(running)) => Reply::error(
            503,
            true,
            format!(
                "{running} runs are going already, the most at once; try again when one \
                 finishes"
            ),
        ),
        Err(Refused::Internal(message)) => Reply::error(500, true, message),
    }
}

/// The job a query names (`job=ID`).
fn job(
    app: &App,
    query: &BTreeMap<String, String>,
) -> Result<std::sync::Arc<super::jobs::Job>, Reply> {
    let Some(text) = query.get("job") else {
        return Err(Reply::error(400, true, "expected ?job=ID"));
    };
    let Ok(id) = text.parse::<u64>() else {
        return Err(Reply::error(
            400,
            true,
            format!("job: expected a run's number, found `{}`", clip(text)),
        ));
    };
    app.jobs.get(id).ok_or_else(|| {
        Reply::error(
            404,
            true,
            format!("no run {id}: it never was, or it is long finished and forgotten"),
        )
    })
}

/// `GET /progress?job=ID`.
fn progress(app: &App, query: &BTreeMap<String, String>) -> Reply {
    let job = match job(app, query) {
        Ok(job) => job,
        Err(reply) => return reply,
    };
    let (done, total) = (job.done(), job.total);
    let value = match job.state() {
        State::Running => json!({ "state": "running", "done": done, "total": total }),
        State::Done(_, seconds) => {
            json!({ "state": "done", "done": total, "total": total, "seconds": seconds })
        }
        State::Failed(error) => {
            json!({ "state": "failed", "done": done, "total": total, "error": error })
        }
        State::Cancelled => json!({ "state": "cancelled", "done": done, "total": total }),
    };
    Reply::json(200, &value)
}

/// `GET /result?job=ID`: a finished run's part of the page and its key numbers.
fn result(app: &App, query: &BTreeMap<String, String>) -> Reply {
    let job = match job(app, query) {
        Ok(job) => job,
        Err(reply) => return reply,
    };
    match job.state() {
        State::Done(result, seconds) => Reply::json(
            200,
            &json!({ "html": result.html, "facts": result.facts, "seconds": seconds }),
        ),
        State::Running => Reply::error(409, true, "the run is not finished yet"),
        State::Failed(error) => Reply::error(409, true, error),
        State::Cancelled => Reply::error(409, true, "the run was stopped by a newer one"),
    }
}

/// `GET /download?plan=ID&runs=N&SETTING=VALUE...`: the scenario file with the
/// settings written in, as the page would run it.
fn download(app: &App, mut query: BTreeMap<String, String>) -> Reply {
    let Some(plan_id) = query.remove("plan") else {
        return Reply::error(400, false, "expected ?plan=ID (and the settings)");
    };
    let plan = match app.plan(&plan_id) {
        Ok(plan) => plan,
        Err(message) => return Reply::error(400, false, message),
    };
    let runs = match query.remove("runs").map(|r| r.trim().parse::<u32>()) {
        None => DEFAULT_RUNS,
        Some(Ok(runs)) => runs,
        Some(Err(_)) => {
            return Reply::error(400, false, "runs: expected a whole number of runs");
        }
    };
    let mut settings = BTreeMap::new();
    for (name, text) in query {
        match text.trim().parse::<f64>() {
            Ok(value) => settings.insert(name, value),
            Err(_) => {
                return Reply::error(
                    400,
                    false,
                    format!(
                        "{}: expected a number, found `{}`",
                        clip(&name),
                        clip(&text)
                    ),
                );
            }
        };
    }
    match plan.prepare(runs, &settings) {
        Ok(prepared) => {
            let name: String = prepared
                .file_name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            Reply::new(200, "application/toml; charset=utf-8", prepared.text).with(
                "Content-Disposition",
                format!("attachment; filename=\"{name}\""),
            )
        }
        Err(Refusal::Settings(message)) => Reply::error(400, false, message),
        Err(Refusal::Internal(message)) => Reply::error(500, false, message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_decoded_and_bad_ones_refused() {
        let q = parse_query("plan=scenarios%2Fdefault.toml&entry_fee=500&x=a+b").expect("ok");
        assert_eq!(q["plan"], "scenarios/default.toml");
        assert_eq!(q["entry_fee"], "500");
        assert_eq!(q["x"], "a b");
        assert!(parse_query("a=%zz").is_err());
        assert!(parse_query("a=%4").is_err());
        assert!(parse_query("a=%").is_err());
        assert!(parse_query("a=%ff%fe").is_err(), "not UTF-8");
        assert!(parse_query("a=1&a=2").is_err());
        assert!(parse_query("&&").expect("empty parts").is_empty());
        assert_eq!(parse_query("é=%C3%A9").expect("UTF-8")["é"], "é");
    }

    #[test]
    fn long_text_is_clipped_on_a_character_boundary() {
        let long = "é".repeat(150);
        assert_eq!(clip(&long).chars().count(), 101);
        assert_eq!(clip("short"), "short");
    }
}
