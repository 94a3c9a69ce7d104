//! `downline completions SHELL` and `downline man`: the shell completion script and
//! the roff man pages, generated from the command line's own definition, so they never
//! drift from `--help`.

use super::common::write_stdout;
use crate::cli::{CompletionsArgs, ManArgs, command};
use anyhow::Context;
use downline::error::{Error, Result};
use downline::output::atomic::write_atomically;

/// Prints the completion script for `args.shell`.
pub fn completions(args: &CompletionsArgs) -> Result<()> {
    let mut cmd = command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "downline", &mut script);
    write_stdout(&script)
}

/// Prints downline.1, or writes it and one page per command into `args.dir`.
pub fn man(args: &ManArgs) -> Result<()> {
    let cmd = command();
    let Some(dir) = &args.dir else {
        return write_stdout(&render(cmd)?);
    };
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create {}", dir.display()))
        .map_err(Error::from)?;
    let mut pages = vec![("downline.1".to_string(), render(cmd.clone())?)];
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("downline-{}", sub.get_name());
        let page = (sub.clone())
            .display_name(name.clone())
            .bin_name(format!("downline {}", sub.get_name()));
        pages.push((format!("{name}.1"), render(page)?));
    }
    for (file, page) in &pages {
        let path = dir.join(file);
        write_atomically(&path, |w| w.write_all(page).map_err(anyhow::Error::from))?;
    }
    say!("wrote {} man pages to {}", pages.len(), dir.display());
    Ok(())
}

/// One command's page in roff.
fn render(cmd: clap::Command) -> Result<Vec<u8>> {
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd)
        .source(format!("downline {}", env!("CARGO_PKG_VERSION")))
        .render(&mut page)
        .context("rendering the man page")?;
    Ok(page)
}
