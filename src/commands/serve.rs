//! `downline serve [SCENARIO]`: the class page on a local web server. Reads the plans,
//! listens, prints the address, and answers until the process is stopped (Ctrl-C).

use super::common::threads;
use crate::cli::ServeArgs;
use downline::error::Result;
use downline::serve::plans::discover;
use downline::serve::{Options, Server};

/// Serves the class page until the process is stopped.
pub fn serve(args: &ServeArgs) -> Result<()> {
    let (plans, selected) = discover(args.scenario.as_deref())?;
    let count = plans.len();
    let options = Options {
        host: args.host,
        port: args.port,
        threads: threads(args.threads)?,
    };
    let server = Server::start(plans, selected, &options)?;
    say!("serving {}", server.url());
    eprintln!(
        "{count} plan(s); open the address above in a browser; press Ctrl-C to stop{}",
        if args.host.is_loopback() {
            ""
        } else {
            " (listening beyond this computer: anyone who can reach it can run simulations)"
        }
    );
    server.run()
}
