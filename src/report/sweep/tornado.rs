//! Which varied key moves which result: for each headline statistic a row of bars, one
//! per numeric varied key, each the key's standardised rank regression coefficient
//! (SRRC, from -1: the result falls as the key rises, to +1: it rises with it; see
//! [`crate::sweep::sensitivity`]). Beside each row, the fit's R²: below 0.7 the keys
//! explain too little of the result additively for the ranking to be trusted, and the
//! row says so.

use super::headline::HEADLINE;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::{count, fixed};
use crate::report::kit::labels::label_of;
use crate::report::kit::layout::{Key, Panel, Plot, Swatch, bare_label, frame, label};
use crate::report::kit::scale::{Scale, Tick};
use crate::report::kit::series::line;
use crate::report::kit::style::{
    BLUE, GREEN, INK, ORANGE, PAPER, PURPLE, SKY, TEXT_SIZE, VERMILLION, anchored, bold, text,
};
use crate::sweep::results::SweepResults;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

/// Below this R² the ranking is uncertain.
const TRUSTED_R_SQUARED: f64 = 0.7;

/// One colour per key, in key order (repeated past the sixth key).
const COLOURS: [RGBColor; 6] = [BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION];

/// Width of the column of R² values right of the bars, in pixels.
const FIT_COLUMN: u32 = 230;

/// Bars longer than this carry their coefficient inside.
const INSIDE_FROM: f64 = 0.8;

/// Keys up to this many get their coefficient written beside each bar.
const LABELLED_KEYS: usize = 3;

/// One statistic's row.
struct Row {
    label: &'static str,
    r_squared: f64,
    /// The SRRC of each key, in key order (`NaN` if the fit left the key out).
    effects: Vec<f64>,
}

impl Row {
    /// Whether the keys explain too little of this statistic to rank them.
    fn uncertain(&self) -> bool {
        self.r_squared.is_nan() || self.r_squared < TRUSTED_R_SQUARED
    }
}

pub struct Tornado<'a> {
    keys: &'a [String],
    rows: Vec<Row>,
    points: usize,
    /// Runs the fits used (the most of any row).
    samples: usize,
}

impl<'a> Tornado<'a> {
    /// The tornado of a sweep, if it has a numeric key and a fit for at least one
    /// headline statistic.
    pub fn new(results: &'a SweepResults) -> Option<Self> {
        let keys = &results.numeric_keys;
        let rows: Vec<Row> = HEADLINE
            .iter()
            .filter_map(|&name| {
                let ranking = results.sensitivity.iter().find(|r| r.output == name)?;
                let effects = (keys.iter())
                    .map(|key| {
                        (ranking.effects.iter())
                            .find(|(k, _)| k == key)
                            .map_or(f64::NAN, |(_, srrc)| *srrc)
                    })
                    .collect();
                Some(Row {
                    label: label_of(name).map_or(name, |l| l.short),
                    r_squared: ranking.r_squared,
                    effects,
                })
            })
            .collect();
        if keys.is_empty() || rows.is_empty() {
            return None;
        }
        let samples = (results.sensitivity.iter())
            .map(|r| r.samples)
            .max()
            .unwrap_or(0);
        Some(Tornado {
            keys,
            rows,
            points: results.points.len(),
            samples,
        })
    }

    /// The row's position on the y axis: the first row at the top.
    fn y(&self, row: usize) -> f64 {
        (self.rows.len() - 1 - row) as f64
    }

    fn draw_bars<DB: DrawingBackend>(&self, plot: &Plot<'_, DB>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let k = self.keys.len() as f64;
        let thickness = 0.76 / k;
        for (r, row) in self.rows.iter().enumerate() {
            for (j, &srrc) in row.effects.iter().enumerate() {
                if !srrc.is_finite() {
                    continue;
                }
                let centre = self.y(r) + 0.38 - thickness * (j as f64 + 0.5);
                let half = 0.42 * thickness;
                let colour = COLOURS[j % COLOURS.len()];
                plot.plotting_area().draw(&Rectangle::new(
                    [(0.0, centre - half), (srrc, centre + half)],
                    colour.filled(),
                ))?;
                if self.keys.len() <= LABELLED_KEYS {
                    self.value_label(plot, srrc, centre)?;
                }
            }
        }
        let top = self.rows.len() as f64 - 0.5;
        line(plot, &[(0.0, -0.5), (0.0, top)], INK.stroke_width(2))
    }

    /// The coefficient at the end of its bar: outside it, or inside in white where
    /// there is no room outside (a bar that nearly reaches -1 or +1).
    fn value_label<DB: DrawingBackend>(&self, plot: &Plot<'_, DB>, srrc: f64, y: f64) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let outward = if srrc < 0.0 { -1 } else { 1 };
        let h = |direction: i32| {
            if direction < 0 {
                HPos::Right
            } else {
                HPos::Left
            }
        };
        if srrc.abs() <= INSIDE_FROM {
            let style = text(TEXT_SIZE - 3.0, INK);
            label(
                plot,
                (srrc, y),
                (6 * outward, 0),
                &signed(srrc),
                style,
                (h(outward), VPos::Center),
            )
        } else {
            let style = bold(TEXT_SIZE - 3.0, PAPER);
            let anchor = (h(-outward), VPos::Center);
            bare_label(
                plot,
                (srrc, y),
                (-6 * outward, 0),
                &signed(srrc),
                style,
                anchor,
            )
        }
    }

    /// R² beside each row, right of the plot, and the warning below it when low.
    fn draw_fits<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        plot: &Plot<'_, DB>,
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let (right, _) = plot.backend_coord(&(1.0, 0.0));
        let x = right + 28;
        for (r, row) in self.rows.iter().enumerate() {
            let (_, y) = plot.backend_coord(&(0.0, self.y(r)));
            let fit = format!("R\u{b2} {}", fixed(row.r_squared, 2));
            if !row.uncertain() {
                let style = anchored(text(TEXT_SIZE, INK), HPos::Left, VPos::Center);
                root.draw(&Text::new(fit, (x, y), style))?;
            } else {
                let style = anchored(text(TEXT_SIZE, INK), HPos::Left, VPos::Bottom);
                root.draw(&Text::new(fit, (x, y - 2), style))?;
                let warning = bold(TEXT_SIZE - 2.0, VERMILLION);
                root.draw(&Text::new("ranking uncertain", (x, y + 2), warning))?;
            }
        }
        Ok(())
    }
}

/// A coefficient with its sign: `+0.80`, `-0.25`.
fn signed(x: f64) -> String {
    let text = fixed(x, 2);
    if x >= 0.0 && !text.starts_with('-') {
        format!("+{text}")
    } else {
        text
    }
}

impl Figure for Tornado<'_> {
    fn title(&self) -> String {
        "Which varied key moves each result".to_string()
    }

    fn caption(&self) -> String {
        let uncertain = self.rows.iter().filter(|r| r.uncertain()).count();
        let mut text = format!(
            "Standardised rank regression coefficients of {} headline results on {} varied \
             keys, fitted over {} runs at {} points.",
            self.rows.len(),
            self.keys.len(),
            count(self.samples as f64),
            count(self.points as f64)
        );
        if uncertain > 0 {
            text.push_str(&format!(
                " For {uncertain} of them R\u{b2} is below {}: the keys explain too little of \
                 the result additively, so read the sweep's curves instead.",
                fixed(TRUSTED_R_SQUARED, 1)
            ));
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let keys: Vec<Key> = (self.keys.iter().enumerate())
            .map(|(j, key)| Key::new(Swatch::Bar(COLOURS[j % COLOURS.len()]), key.clone()))
            .collect();
        let subtitle = format!(
            "{} points, {} runs in all; R\u{b2}: share of each result\u{2019}s variation the keys \
             explain (below {}: ranking uncertain)",
            count(self.points as f64),
            count(self.samples as f64),
            fixed(TRUSTED_R_SQUARED, 1)
        );
        let area = frame(root, &self.title(), &subtitle, &keys)?;
        let (width, _) = area.dim_in_pixel();
        let (bars, _) = area.split_horizontally(width.saturating_sub(FIT_COLUMN));
        let ticks = [
            (-1.0, "-1"),
            (-0.5, "-0.5"),
            (0.0, "0"),
            (0.5, "+0.5"),
            (1.0, "+1"),
        ]
        .into_iter()
        .map(|(value, label)| Tick {
            value,
            label: label.to_string(),
        })
        .collect();
        let labels: Vec<String> = self
            .rows
            .iter()
            .rev()
            .map(|r| r.label.to_string())
            .collect();
        let plot = Panel::new(
            "",
            Scale::explicit(-1.0, 1.0, ticks),
            "SRRC: -1 falls as the key rises, +1 rises with it",
            Scale::categories(&labels),
            "",
        )
        .without_y_grid()
        .draw(&bars)?;
        self.draw_bars(&plot)?;
        self.draw_fits(root, &plot)?;
        Ok(())
    }
}
