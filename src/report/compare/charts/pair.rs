//! What the overlay charts share: the two sides, their colours and names, the legend,
//! the line under the title, and drawing two sets of bands so that neither line is
//! hidden.

use crate::report::compare::side::Side;
use crate::report::kit::band::Band;
use crate::report::kit::format::count;
use crate::report::kit::layout::{Key, Plot, Swatch};
use crate::report::kit::series::{line, overlaid_bands};
use crate::report::kit::style::{BLUE, GREY, INNER_BAND, ORANGE};
use anyhow::Result;
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor};

/// Side A's colour.
pub const A: RGBColor = BLUE;
/// Side B's colour.
pub const B: RGBColor = ORANGE;

/// Folder names longer than this many characters are cut, to keep the legend on a line.
const LONGEST_FOLDER: usize = 32;

/// The two sides of a comparison.
pub struct Pair<'a> {
    pub a: &'a Side,
    pub b: &'a Side,
}

impl Pair<'_> {
    /// "A: “default” (run-a)".
    pub(super) fn name(letter: &str, side: &Side) -> String {
        format!(
            "{letter}: \u{201c}{}\u{201d} ({})",
            side.data.meta.scenario,
            folder(side)
        )
    }

    /// The legend: each side's colour and name, and what the lines and shading are.
    pub fn keys(&self) -> Vec<Key> {
        vec![
            Key::new(Swatch::Line(A), Pair::name("A", self.a)),
            Key::new(Swatch::Line(B), Pair::name("B", self.b)),
            Key::new(Swatch::Area(GREY, INNER_BAND), "middle half of runs"),
            Key::new(Swatch::Edges(GREY), "90 % of runs"),
        ]
    }

    /// What each side ran, for the line under the title.
    pub fn subtitle(&self) -> String {
        let side = |letter: &str, side: &Side| {
            let m = &side.data.meta;
            format!(
                "{letter}: {} runs of {} months, {} people",
                count(f64::from(m.runs)),
                count(f64::from(m.months)),
                count(f64::from(m.population))
            )
        };
        format!("{}; {}", side("A", self.a), side("B", self.b))
    }

    /// The longer run's months.
    pub fn months(&self) -> f64 {
        f64::from(self.a.data.meta.months.max(self.b.data.meta.months))
    }

    /// Draws A's and B's bands, then A's median line again so that B's shading does
    /// not cover it. Each side's median is drawn over its middle half of runs, with
    /// thin lines at the edges of its 90 % of runs.
    pub fn overlay<DB: DrawingBackend>(
        plot: &mut Plot<'_, DB>,
        a: &[Band],
        b: &[Band],
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        overlaid_bands(plot, a, A)?;
        overlaid_bands(plot, b, B)?;
        let median: Vec<(f64, f64)> = a.iter().map(|band| (band.x, band.median)).collect();
        line(plot, &median, A.stroke_width(3))
    }
}

/// The last part of the side's folder, cut to [`LONGEST_FOLDER`] characters.
pub(super) fn folder(side: &Side) -> String {
    let name = side.dir.file_name().map_or_else(
        || side.dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    if name.chars().count() <= LONGEST_FOLDER {
        return name;
    }
    let cut: String = name.chars().take(LONGEST_FOLDER - 1).collect();
    format!("{cut}\u{2026}")
}
