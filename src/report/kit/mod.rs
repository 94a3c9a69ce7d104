//! What every product page and chart shares.
//!
//! Charts: a [`chart::Chart`] is a [`chart::Figure`] drawn as SVG and PNG ([`png`]) with
//! the bundled font ([`font`]); the frame every chart shares (title, subtitle, legend,
//! panels) is [`layout`], axes are [`scale`], bands and lines [`series`] (over
//! [`band::Band`]s), the palette and type sizes [`style`], and numbers as tick labels
//! and captions write them [`mod@format`].
//!
//! Pages: the skeleton (head, style sheet, footer) is [`page`], numbers and text on a
//! page [`html_format`], inline chart figures [`figures`]. Statistic names, units and
//! measures in words are [`labels`].

pub mod band;
pub mod chart;
pub mod figures;
pub mod font;
pub mod format;
pub mod html_format;
pub mod labels;
pub mod layout;
pub mod page;
pub mod png;
pub mod scale;
pub mod series;
pub mod style;
