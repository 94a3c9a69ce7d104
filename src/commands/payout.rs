//! `downline payout` (placeholder).

use crate::cli::PayoutArgs;
use downline::error::Result;

pub fn payout(_args: &PayoutArgs) -> Result<()> {
    Ok(())
}
