//! The frame every chart shares: title, a grey line saying what was run, a legend row
//! above the panels (so it never covers data), and panels with the same margins,
//! grid and type. Also notes and labels placed on a panel with a white backing so they
//! stay readable over grid lines.

use crate::report::kit::scale::Scale;
use crate::report::kit::style::{
    AXIS, GREY, GRID, HEADING_SIZE, INK, INNER_BAND, OUTER_BAND, PAPER, TEXT_SIZE, TITLE_SIZE,
    anchored, bold, text,
};
use anyhow::Result;
use plotters::chart::{ChartBuilder, ChartContext};
use plotters::coord::Shift;
use plotters::coord::cartesian::Cartesian2d;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, PathElement, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor, TRANSPARENT, TextStyle};

/// A panel's plotting context: data coordinates on two [`Scale`]s.
pub type Plot<'a, DB> = ChartContext<'a, DB, Cartesian2d<Scale, Scale>>;

/// Left and right page margins in pixels.
const MARGIN: i32 = 24;

/// What a legend entry looks like.
#[derive(Clone, Copy, Debug)]
pub enum Swatch {
    /// A solid line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
    /// Two thin lines: the edges of a band.
    Edges(RGBColor),
    /// A shaded area of the given opacity.
    Area(RGBColor, f64),
    /// A solid bar.
    Bar(RGBColor),
    /// A dot.
    Dot(RGBColor),
    /// An upright line with caps: an interval drawn at one point.
    Whisker(RGBColor),
    /// A line over the two bands of runs, for several series shaded alike.
    Bands(RGBColor),
}

/// One legend entry.
#[derive(Clone, Debug)]
pub struct Key {
    pub swatch: Swatch,
    pub label: String,
}

impl Key {
    pub fn new(swatch: Swatch, label: impl Into<String>) -> Key {
        Key {
            swatch,
            label: label.into(),
        }
    }
}

/// The legend of a median line with its bands across `runs` runs, in `color`.
pub fn band_keys(color: RGBColor, what: &str, runs: u32) -> Vec<Key> {
    vec![
        Key::new(
            Swatch::Line(color),
            format!("{what}: median of {runs} runs"),
        ),
        Key::new(Swatch::Area(color, INNER_BAND), "middle half of runs"),
        Key::new(Swatch::Area(color, OUTER_BAND), "90 % of runs"),
    ]
}

/// The legend of several median lines, each with its bands, across `runs` runs.
pub fn lines_keys(lines: &[(RGBColor, &str)], runs: u32) -> Vec<Key> {
    let mut keys: Vec<Key> = lines
        .iter()
        .map(|&(color, label)| Key::new(Swatch::Line(color), label))
        .collect();
    keys.push(Key::new(
        Swatch::Bands(GREY),
        format!("median of {runs} runs; shaded: middle half and 90 % of runs"),
    ));
    keys
}

/// Fills the canvas and draws the title, the subtitle and the legend; returns the area
/// left for the panels.
pub fn frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
    keys: &[Key],
) -> Result<DrawingArea<DB, Shift>>
where
    DB::ErrorType: 'static,
{
    root.fill(&PAPER)?;
    root.draw(&Text::new(title, (MARGIN, 14), bold(TITLE_SIZE, INK)))?;
    root.draw(&Text::new(subtitle, (MARGIN, 58), text(TEXT_SIZE, GREY)))?;
    let legend_height = legend(root, keys, 92)?;
    let top = 92 + legend_height + 8;
    Ok(root.margin(top, 8, MARGIN / 2, MARGIN))
}

/// Draws `keys` in rows from `top`; returns the height used.
fn legend<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, keys: &[Key], top: i32) -> Result<i32>
where
    DB::ErrorType: 'static,
{
    if keys.is_empty() {
        return Ok(0);
    }
    let style = text(TEXT_SIZE, INK);
    let row_height = TEXT_SIZE as i32 + 10;
    let (width, _) = root.dim_in_pixel();
    let (mut x, mut y) = (MARGIN, top);
    for key in keys {
        let (w, _) = root.estimate_text_size(&key.label, &style)?;
        let item = 34 + w as i32;
        if x > MARGIN && x + item > width as i32 - MARGIN {
            x = MARGIN;
            y += row_height;
        }
        let mid = y + TEXT_SIZE as i32 / 2;
        match key.swatch {
            Swatch::Line(color) => {
                root.draw(&PathElement::new(
                    vec![(x, mid), (x + 26, mid)],
                    color.stroke_width(3),
                ))?;
            }
            Swatch::Dashed(color) => {
                for k in 0..3 {
                    let x0 = x + k * 10;
                    root.draw(&PathElement::new(
                        vec![(x0, mid), (x0 + 6, mid)],
                        color.stroke_width(2),
                    ))?;
                }
            }
            Swatch::Edges(color) => {
                for y in [mid - 7, mid + 7] {
                    root.draw(&PathElement::new(
                        vec![(x, y), (x + 26, y)],
                        color.stroke_width(1),
                    ))?;
                }
            }
            Swatch::Area(color, alpha) => {
                root.draw(&Rectangle::new(
                    [(x, mid - 8), (x + 26, mid + 8)],
                    color.mix(alpha).filled(),
                ))?;
            }
            Swatch::Bar(color) => {
                root.draw(&Rectangle::new(
                    [(x + 4, mid - 9), (x + 22, mid + 9)],
                    color.filled(),
                ))?;
            }
            Swatch::Dot(color) => {
                root.draw(&Circle::new((x + 13, mid), 6, color.filled()))?;
            }
            Swatch::Whisker(color) => {
                let style = color.stroke_width(2);
                root.draw(&PathElement::new(
                    vec![(x + 13, mid - 9), (x + 13, mid + 9)],
                    style,
                ))?;
                for y in [mid - 9, mid + 9] {
                    root.draw(&PathElement::new(vec![(x + 8, y), (x + 18, y)], style))?;
                }
            }
            Swatch::Bands(color) => {
                root.draw(&Rectangle::new(
                    [(x, mid - 9), (x + 26, mid + 9)],
                    color.mix(OUTER_BAND).filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x, mid - 5), (x + 26, mid + 5)],
                    color.mix(INNER_BAND).filled(),
                ))?;
                root.draw(&PathElement::new(
                    vec![(x, mid), (x + 26, mid)],
                    color.stroke_width(3),
                ))?;
            }
        }
        root.draw(&Text::new(key.label.as_str(), (x + 34, y), style.clone()))?;
        x += item + 26;
    }
    Ok(y - top + row_height)
}

/// One panel: an optional heading, two axes with names, and a light grid.
pub struct Panel<'s> {
    heading: &'s str,
    x: Scale,
    x_name: &'s str,
    y: Scale,
    y_name: &'s str,
    x_grid: bool,
    y_grid: bool,
    /// Pixels left of the plot for tick labels and the axis name, at least.
    y_room: u32,
}

impl<'s> Panel<'s> {
    pub fn new(heading: &'s str, x: Scale, x_name: &'s str, y: Scale, y_name: &'s str) -> Self {
        Panel {
            heading,
            x,
            x_name,
            y,
            y_name,
            x_grid: true,
            y_grid: true,
            y_room: 0,
        }
    }

    /// The pixels this panel needs left of its plot on `area`, for its y tick labels
    /// and axis name.
    pub fn y_room<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<u32>
    where
        DB::ErrorType: 'static,
    {
        let label = text(TEXT_SIZE, INK);
        let mut widest = 0;
        for tick in self.y.ticks() {
            widest = widest.max(area.estimate_text_size(&tick.label, &label)?.0);
        }
        let name = if self.y_name.is_empty() {
            0
        } else {
            TEXT_SIZE as u32 + 8
        };
        Ok((widest + 16 + name).max(self.y_room))
    }

    /// Leaves at least `room` pixels left of the plot, to line it up with a panel
    /// above or below.
    pub fn with_y_room(mut self, room: u32) -> Self {
        self.y_room = room;
        self
    }

    /// No vertical grid lines (for categories along x).
    pub fn without_x_grid(mut self) -> Self {
        self.x_grid = false;
        self
    }

    /// No horizontal grid lines (for categories along y).
    pub fn without_y_grid(mut self) -> Self {
        self.y_grid = false;
        self
    }

    /// Draws the heading, axes and grid on `area`; returns the plot to draw data on.
    pub fn draw<'a, DB: DrawingBackend>(
        self,
        area: &'a DrawingArea<DB, Shift>,
    ) -> Result<Plot<'a, DB>>
    where
        DB::ErrorType: 'static,
    {
        let label = text(TEXT_SIZE, INK);
        let y_room = self.y_room(area)?;
        let x_room = TEXT_SIZE as u32
            + 14
            + if self.x_name.is_empty() {
                0
            } else {
                TEXT_SIZE as u32 + 8
            };
        let top = if self.heading.is_empty() {
            12
        } else {
            area.draw(&Text::new(self.heading, (4, 2), bold(HEADING_SIZE, INK)))?;
            HEADING_SIZE as u32 + 18
        };
        let mut plot = ChartBuilder::on(area)
            .margin_top(top)
            .margin_right(18)
            .margin_left(4)
            .margin_bottom(2)
            .x_label_area_size(x_room)
            .y_label_area_size(y_room)
            .build_cartesian_2d(self.x.clone(), self.y.clone())?;
        let mut mesh = plot.configure_mesh();
        mesh.bold_line_style(GRID.stroke_width(1))
            .light_line_style(TRANSPARENT)
            .axis_style(AXIS.stroke_width(1))
            .label_style(label.clone())
            .axis_desc_style(text(TEXT_SIZE, GREY))
            .x_desc(self.x_name)
            .y_desc(self.y_name)
            .max_light_lines(0);
        if !self.x_grid {
            mesh.disable_x_mesh();
        }
        if !self.y_grid {
            mesh.disable_y_mesh();
        }
        mesh.draw()?;
        Ok(plot)
    }
}

/// Writes `text` at the data point `at`, shifted by `offset` pixels, anchored by `h`
/// and `v`, on a white backing.
pub fn label<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    at: (f64, f64),
    offset: (i32, i32),
    text: &str,
    style: TextStyle<'static>,
    anchor: (HPos, VPos),
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    text_at(plot, at, offset, (text, style, anchor), true)
}

/// Writes `text` like [`label`], without the backing (for text on a bar).
pub fn bare_label<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    at: (f64, f64),
    offset: (i32, i32),
    text: &str,
    style: TextStyle<'static>,
    anchor: (HPos, VPos),
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    text_at(plot, at, offset, (text, style, anchor), false)
}

/// [`label`] and [`bare_label`]: the data point in pixels of the panel, then the text.
fn text_at<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    at: (f64, f64),
    offset: (i32, i32),
    (text, style, anchor): (&str, TextStyle<'static>, (HPos, VPos)),
    backed: bool,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let (bx, by) = plot.backend_coord(&at);
    let (ox, oy) = plot.plotting_area().get_base_pixel();
    let area = plot.plotting_area().strip_coord_spec();
    let at = (bx - ox + offset.0, by - oy + offset.1);
    backed_text(&area, at, text, style, anchor, backed)
}

/// A grey note in the middle of a panel, for a panel with nothing to show.
pub fn note<DB: DrawingBackend>(plot: &Plot<'_, DB>, message: &str) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let area = plot.plotting_area().strip_coord_spec();
    let (w, h) = area.dim_in_pixel();
    backed_text(
        &area,
        (w as i32 / 2, h as i32 / 2),
        message,
        text(TEXT_SIZE + 2.0, GREY),
        (HPos::Center, VPos::Center),
        true,
    )
}

/// Writes `text` at the pixel `(x, y)` of `area`, anchored by `h` and `v`, on a white
/// backing if `backed`.
fn backed_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    text: &str,
    style: TextStyle<'static>,
    (h, v): (HPos, VPos),
    backed: bool,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let (w, height) = area.estimate_text_size(text, &style)?;
    let (w, height) = (w as i32, height as i32);
    let left = match h {
        HPos::Left => x,
        HPos::Center => x - w / 2,
        HPos::Right => x - w,
    };
    let top = match v {
        VPos::Top => y,
        VPos::Center => y - height / 2,
        VPos::Bottom => y - height,
    };
    if backed {
        area.draw(&Rectangle::new(
            [(left - 4, top - 3), (left + w + 4, top + height + 3)],
            PAPER.mix(0.85).filled(),
        ))?;
    }
    area.draw(&Text::new(
        text,
        (left, top),
        anchored(style, HPos::Left, VPos::Top),
    ))?;
    Ok(())
}
