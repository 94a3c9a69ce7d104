//! `downline completions SHELL`, `downline man` and `downline schema`: the shell
//! completion script and the roff man pages, generated from the command line's own
//! definition so they never drift from `--help`, and the scenario files' JSON Schema,
//! generated from the scenario's own types.

use super::common::write_stdout;
use crate::cli::{CompletionsArgs, ManArgs, SchemaArgs, command};
use anyhow::Context;
use downline::error::{Error, Result};
use downline::output::atomic::write_atomically;

/// Prints the scenario files' JSON Schema, or writes it to `args.out`.
pub fn schema(args: &SchemaArgs) -> Result<()> {
    let text = downline::scenario::schema::text();
    let Some(out) = &args.out else {
        return write_stdout(text.as_bytes());
    };
    downline::output::atomic::check_writable_file(out)
        .map_err(|why| Error::BadInput(format!("--out {}: {why}", out.display())))?;
    write_atomically(out, |w| {
        w.write_all(text.as_bytes()).map_err(anyhow::Error::from)
    })?;
    say!("wrote {}", out.display());
    Ok(())
}

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
