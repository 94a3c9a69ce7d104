//! A chart: what it says (title and caption, written from the numbers) and how it is
//! drawn, as a [`Figure`]; rendered twice by [`draw`], into an SVG document and an RGB
//! buffer that [`super::png`] turns into PNG bytes, with the bundled font
//! ([`super::font`]) so that no system font library is needed; and written as
//! `NAME.svg` and `NAME.png` side by side ([`write_chart`]). Nothing here reads a clock
//! or iterates a hash map, so the same data gives the same bytes.

use super::style::{HEIGHT, WIDTH};
use super::{font, png};
use crate::error::Result as CommandResult;
use crate::output::atomic::write_atomically;
use anyhow::{Context, Result};
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::{BitMapBackend, DrawingBackend, IntoDrawingArea, SVGBackend};
use std::path::Path;

/// One rendered chart.
#[derive(Clone, Debug)]
pub struct Chart {
    /// File name without extension.
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
pub trait Figure {
    /// Short title, drawn on the chart too.
    fn title(&self) -> String;
    /// What to notice, with the numbers.
    fn caption(&self) -> String;
    /// Draws the whole chart on `root` (a blank canvas of [`WIDTH`] by [`HEIGHT`]).
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static;
}

/// Draws `figure` as SVG and PNG.
pub fn render(name: &'static str, figure: &impl Figure) -> Result<Chart> {
    let (svg, png) = draw(name, figure)?;
    Ok(Chart {
        name,
        title: figure.title(),
        caption: figure.caption(),
        svg,
        png,
    })
}

/// Draws `figure` (called `name` in error messages) into an SVG document and PNG bytes.
pub fn draw(name: &str, figure: &impl Figure) -> Result<(String, Vec<u8>)> {
    font::register()?;
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
    Ok((svg, png::png(&rgb, WIDTH, HEIGHT)?))
}

/// Writes one chart as `dir/NAME.svg` and `dir/NAME.png`, each atomically.
pub fn write_chart(dir: &Path, name: &str, svg: &str, png: &[u8]) -> CommandResult<()> {
    write_atomically(&dir.join(format!("{name}.svg")), |w| {
        w.write_all(svg.as_bytes())?;
        Ok(())
    })?;
    write_atomically(&dir.join(format!("{name}.png")), |w| {
        w.write_all(png)?;
        Ok(())
    })?;
    Ok(())
}
