//! `downline check` (placeholder).

use crate::cli::CheckArgs;
use downline::error::Result;

pub fn check(_args: &CheckArgs) -> Result<()> {
    Ok(())
}
