//! The look shared by every chart: canvas size, type sizes, and a colour-blind-safe
//! palette (Okabe and Ito's), so that the same thing has the same colour everywhere:
//! blue for members and pay, vermillion for losses and quits, green for gains and
//! joins, orange for the company's side.

use crate::report::kit::font::FAMILY;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

/// Canvas width in pixels (the SVG's view box is the same).
pub const WIDTH: u32 = 1200;
/// Canvas height in pixels.
pub const HEIGHT: u32 = 750;

/// Chart title.
pub const TITLE_SIZE: f64 = 34.0;
/// Panel headings.
pub const HEADING_SIZE: f64 = 23.0;
/// Everything else: ticks, axis names, legend, notes.
pub const TEXT_SIZE: f64 = 20.0;

/// Main series: members, pay.
pub const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Losses, quits.
pub const VERMILLION: RGBColor = RGBColor(213, 94, 0);
/// Gains, joins.
pub const GREEN: RGBColor = RGBColor(0, 158, 115);
/// The company: revenue.
pub const ORANGE: RGBColor = RGBColor(230, 159, 0);
/// A second quantity beside blue.
pub const SKY: RGBColor = RGBColor(86, 180, 233);
/// A third quantity.
pub const PURPLE: RGBColor = RGBColor(204, 121, 167);
/// Text.
pub const INK: RGBColor = RGBColor(34, 34, 34);
/// Secondary text and reference lines.
pub const GREY: RGBColor = RGBColor(110, 110, 110);
/// Axis lines.
pub const AXIS: RGBColor = RGBColor(150, 150, 150);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(228, 228, 228);
/// The page.
pub const PAPER: RGBColor = RGBColor(255, 255, 255);

/// Opacity of the band holding 90 % of runs.
pub const OUTER_BAND: f64 = 0.16;
/// Opacity of the band holding the middle half of runs.
pub const INNER_BAND: f64 = 0.34;

/// Regular text of `size` in `color`, anchored at its top left.
pub fn text(size: f64, color: RGBColor) -> TextStyle<'static> {
    styled(size, color, FontStyle::Normal)
}

/// Bold text of `size` in `color`, anchored at its top left.
pub fn bold(size: f64, color: RGBColor) -> TextStyle<'static> {
    styled(size, color, FontStyle::Bold)
}

fn styled(size: f64, color: RGBColor, style: FontStyle) -> TextStyle<'static> {
    TextStyle {
        font: FontDesc::new(FontFamily::Name(FAMILY), size, style),
        color: color.to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    }
}

/// Text anchored by `h` and `v` instead of the top left.
pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}
