//! The charts: each drawn from a [`ReportData`] with plotters, as SVG and PNG, with the
//! bundled font (no system font libraries).
//!
//! One file per chart; each builds a [`Figure`] (its title, its caption with the
//! numbers, and how to draw it on any plotters backend), and [`render_all`] draws each
//! figure twice, into an SVG string and an RGB buffer that [`encode`] turns into PNG
//! bytes. The shared look lives in [`style`] and [`layout`], axes in [`scale`], number
//! formats in [`format`], series drawing in [`series`]. Nothing here reads a clock or
//! iterates a hash map, so the same data gives the same bytes.

mod active_members;
mod bins;
mod by_rank;
mod cohorts;
mod company;
mod encode;
mod font;
mod format;
mod income_distribution;
mod income_ladder;
mod layout;
mod lorenz;
mod scale;
mod series;
mod style;
mod survival;

use super::data::ReportData;
use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::{BitMapBackend, DrawingBackend, IntoDrawingArea, SVGBackend};
use style::{HEIGHT, WIDTH};

/// The charts, in report order (file names without extension).
pub const NAMES: [&str; 8] = [
    "income_distribution",
    "lorenz",
    "income_ladder",
    "survival",
    "active_members",
    "company",
    "cohorts",
    "by_rank",
];

/// One rendered chart.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File name without extension, one of [`NAMES`].
    pub name: &'static str,
    /// Short title.
    pub title: String,
    /// What to notice, in plain language, with the numbers.
    pub caption: String,
    /// The chart as an SVG document.
    pub svg: String,
    /// The chart as a PNG image.
    pub png: Vec<u8>,
}

/// A chart before rendering: what it says and how it is drawn.
trait Figure {
    /// Short title, drawn on the chart too.
    fn title(&self) -> String;
    /// What to notice, with the numbers.
    fn caption(&self) -> String;
    /// Draws the whole chart on `root` (a blank canvas of [`WIDTH`] by [`HEIGHT`]).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static;
}

/// Renders every chart of [`NAMES`], in that order.
pub fn render_all(data: &ReportData) -> Result<Vec<Chart>> {
    font::register()?;
    Ok(vec![
        render(
            "income_distribution",
            &income_distribution::IncomeDistribution::new(data),
        )?,
        render("lorenz", &lorenz::Lorenz::new(data))?,
        render("income_ladder", &income_ladder::IncomeLadder::new(data))?,
        render("survival", &survival::Survival::new(data))?,
        render("active_members", &active_members::ActiveMembers::new(data))?,
        render("company", &company::Company::new(data))?,
        render("cohorts", &cohorts::Cohorts::new(data))?,
        render("by_rank", &by_rank::ByRank::new(data))?,
    ])
}

/// Draws `figure` as SVG and PNG.
fn render(name: &'static str, figure: &impl Figure) -> Result<Chart> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        figure
            .draw(&root)
            .with_context(|| format!("cannot draw the {name} chart as SVG"))?;
        root.present()?;
    }
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        figure
            .draw(&root)
            .with_context(|| format!("cannot draw the {name} chart as PNG"))?;
        root.present()?;
    }
    Ok(Chart {
        name,
        title: figure.title(),
        caption: figure.caption(),
        svg,
        png: encode::png(&rgb, WIDTH, HEIGHT)?,
    })
}
