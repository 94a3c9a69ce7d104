//! `downline run` (placeholder).

use crate::cli::RunArgs;
use downline::error::Result;

pub fn run(_args: &RunArgs) -> Result<()> {
    Ok(())
}
