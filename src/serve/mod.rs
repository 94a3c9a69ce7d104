//! `downline serve`: the class page as a small local web server. An educator runs one
//! command, opens the address it prints, and a class tries plans and settings in the
//! browser, offline: everything the page needs comes from this server, which listens on
//! 127.0.0.1 unless told otherwise.
//!
//! This layer does the I/O that the pure layers below do not: it reads the scenario
//! files once at start ([`plans`]), answers HTTP requests ([`http`], over the
//! `tiny_http` crate: plain threads, no async runtime), and runs ensembles in the
//! background ([`jobs`]). What it shows is built by the layers below, the same code as
//! `downline run`: the scenario's own validation refuses bad settings, the ensemble,
//! output folder and run report are `downline run`'s, and the page is a product of
//! [`crate::report::class`]. So the page's numbers for a plan, settings, seed and run
//! count are those of `downline run` on the downloaded scenario file.
//!
//! Requests are answered by [`HANDLERS`] threads; a panic while answering one (a bug)
//! becomes a 500 and the server goes on. `tiny_http` 0.12 drains the unread part of a
//! request body with a buffer as long as the declared `Content-Length`
//! (tiny-http/tiny-http#290), so a request that declares more than [`SAFE_DRAIN`] bytes
//! is left unanswered (its connection abandoned) rather than allowed to make the
//! server allocate it; one that declares more than [`http::MAX_BODY`] is answered 413
//! and drained on a thread of its own.

pub mod controls;
pub mod http;
pub mod jobs;
pub mod plans;

use crate::error::{Error, Result};
use crate::report::class::page::class_page;
use anyhow::Context;
use http::Reply;
use jobs::Jobs;
use plans::{Plan, catalogue};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;

/// Threads answering requests (runs have their own).
pub const HANDLERS: usize = 8;

/// The most runs that go at once, all tabs together.
pub const MAX_RUNNING: usize = 4;

/// The largest declared request body the server lets `tiny_http` drain (see the
/// module's documentation).
pub const SAFE_DRAIN: usize = 1 << 30;

/// How the server is started.
pub struct Options {
    /// The address to listen on (127.0.0.1: this computer only).
    pub host: IpAddr,
    /// The port (0: any free one).
    pub port: u16,
    /// Worker threads for the runs.
    pub threads: usize,
}

/// What every request handler shares.
pub struct App {
    plans: Vec<Plan>,
    /// The page, built once.
    page: String,
    jobs: Jobs,
    /// Whether the server listens on a loopback address (then it answers loopback host
    /// names only).
    loopback: bool,
}

impl App {
    /// The plan a request names by id.
    fn plan(&self, id: &str) -> std::result::Result<&Plan, String> {
        self.plans.iter().find(|p| p.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.plans.iter().map(|p| p.id.as_str()).collect();
            format!(
                "unknown plan `{}`; the plans are {}",
                id.chars().take(100).collect::<String>(),
                ids.join(", ")
            )
        })
    }
}

/// A server listening, not yet answering.
pub struct Server {
    http: Arc<tiny_http::Server>,
    app: Arc<App>,
    address: SocketAddr,
}

impl Server {
    /// Listens on `options.host:options.port` for the page of `plans`, starting with
    /// `plans[selected]`.
    pub fn start(plans: Vec<Plan>, selected: usize, options: &Options) -> Result<Server> {
        let wanted = SocketAddr::new(options.host, options.port);
        let listener = TcpListener::bind(wanted).map_err(|err| {
            Error::BadInput(format!(
                "cannot listen on {wanted}: {err}; choose another --port (0 picks a free one)"
            ))
        })?;
        let address = listener
            .local_addr()
            .context("cannot tell which port the server listens on")?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|err| anyhow::anyhow!("cannot start the server: {err}"))?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .thread_name(|i| format!("runs-{i}"))
            .build()
            .context("cannot start worker threads")?;
        let json = serde_json::to_string(&catalogue(&plans, selected))
            .context("cannot describe the plans")?;
        let page = class_page(env!("CARGO_PKG_VERSION"), &json);
        Ok(Server {
            http: Arc::new(http),
            app: Arc::new(App {
                plans,
                page,
                jobs: Jobs::new(pool, MAX_RUNNING),
                loopback: options.host.is_loopback(),
            }),
            address,
        })
    }

    /// The page's address: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Answers requests until the process ends.
    pub fn run(self) -> Result<()> {
        let handlers: Vec<_> = (0..HANDLERS)
            .map(|i| {
                let (http, app) = (Arc::clone(&self.http), Arc::clone(&self.app));
                std::thread::Builder::new()
                    .name(format!("http-{i}"))
                    .spawn(move || answer_forever(&http, &app))
                    .context("cannot start the request threads")
            })
            .collect::<std::result::Result<_, _>>()?;
        for handler in handlers {
            let _ = handler.join();
        }
        Ok(())
    }
}

/// Takes requests from `http` and answers each.
fn answer_forever(http: &tiny_http::Server, app: &App) {
    loop {
        match http.recv() {
            Ok(request) => answer(app, request),
            Err(err) => {
                eprintln!("serve: cannot take a request: {err}");
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
        }
    }
}

/// Answers one request; a panic while building the reply becomes a 500.
fn answer(app: &App, mut request: tiny_http::Request) {
    let declared = request.body_length().unwrap_or(0);
    if declared > SAFE_DRAIN {
        eprintln!(
            "serve: left unanswered: {} {} declaring a body of {declared} bytes",
            request.method(),
            request.url().chars().take(100).collect::<String>()
        );
        std::mem::forget(request);
        return;
    }
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        http::route(app, &mut request)
    }))
    .unwrap_or_else(|_| Reply {
        status: 500,
        content_type: "text/plain; charset=utf-8",
        body: b"internal error (a bug in downline): please report the request\n".to_vec(),
        headers: Vec::new(),
    });
    let response = response(reply);
    if declared > http::MAX_BODY {
        // tiny_http reads what is left of the body when the request is dropped, which
        // waits for the client: on a thread of its own.
        let _ = std::thread::Builder::new()
            .name("drain".into())
            .spawn(move || {
                let _ = request.respond(response);
            });
    } else {
        let _ = request.respond(response);
    }
}

/// The reply as `tiny_http` sends it, with the headers every reply has.
fn response(reply: Reply) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
    let headers = [
        ("Content-Type", reply.content_type.to_string()),
        ("Cache-Control", "no-store".to_string()),
        ("X-Content-Type-Options", "nosniff".to_string()),
        ("Referrer-Policy", "no-referrer".to_string()),
    ];
    for (name, value) in headers.into_iter().chain(reply.headers) {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}
