//! The bundled font: DejaVu Sans (regular and bold, `assets/fonts/`), compiled into the
//! binary and registered with plotters once, so charts look the same on every machine
//! and no system font library is needed.
//!
//! The family name is also what the SVG files ask the browser for; it lists fallbacks
//! of similar width for a browser without DejaVu Sans.

use anyhow::{Result, anyhow};
use plotters::style::{FontStyle, register_font};
use std::sync::OnceLock;

/// The font family every chart uses.
pub const FAMILY: &str = "DejaVu Sans, Verdana, sans-serif";

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// Registers the bundled fonts under [`FAMILY`]; later calls only return the first
/// call's outcome.
pub fn register() -> Result<()> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            for (style, bytes, file) in [
                (FontStyle::Normal, REGULAR, "DejaVuSans.ttf"),
                (FontStyle::Bold, BOLD, "DejaVuSans-Bold.ttf"),
            ] {
                register_font(FAMILY, style, bytes)
                    .map_err(|_| format!("the bundled font {file} cannot be read"))?;
            }
            Ok(())
        })
        .clone()
        .map_err(|message| anyhow!(message))
}
