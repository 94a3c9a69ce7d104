//! Ranks: how many members reached each rank as their highest, and what the members of
//! each rank made over their lifetime. Most never reach a rank; the few at the top are
//! the ones who come out ahead. Counts are on a log axis (thousands beside a handful),
//! money on a log axis both sides of zero.

use super::subtitle::subtitle;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::{count, money, percent};
use crate::report::kit::layout::{Key, Panel, Swatch, bare_label, frame, label, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{extent, line};
use crate::report::kit::style::{BLUE, GREEN, GREY, INK, PAPER, TEXT_SIZE, VERMILLION, bold, text};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

/// Below this many dollars from zero the money axis is close to linear.
const LINEAR_WITHIN: f64 = 10.0;

/// One row of the chart: a rank (or none) with its members and their net.
struct Row {
    name: String,
    members: f64,
    net: Band,
}

pub struct ByRank<'a> {
    data: &'a ReportData,
    /// "No rank" first, then each rank from the lowest.
    rows: Vec<Row>,
}

impl<'a> ByRank<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        let members = data.curves.get("rank_members");
        let nets = data.curves.get("rank_median_net");
        let undefined = Band {
            x: f64::NAN,
            mean: f64::NAN,
            p5: f64::NAN,
            p25: f64::NAN,
            median: f64::NAN,
            p75: f64::NAN,
            p95: f64::NAN,
        };
        let rows = (0..=data.meta.ranks.len())
            .map(|r| Row {
                name: match r {
                    0 => "No rank".to_string(),
                    r => data.meta.ranks[r - 1].clone(),
                },
                members: members.get(r).map_or(f64::NAN, |b| b.median),
                net: nets.get(r).copied().unwrap_or(undefined),
            })
            .collect();
        ByRank { data, rows }
    }

    fn total_members(&self) -> f64 {
        self.rows
            .iter()
            .map(|r| r.members)
            .filter(|m| m.is_finite())
            .sum()
    }
}

impl Figure for ByRank<'_> {
    fn title(&self) -> String {
        "Members and lifetime net by highest rank".to_string()
    }

    fn caption(&self) -> String {
        let total = self.total_members();
        let none = &self.rows[0];
        if !(none.members.is_finite() && total > 0.0) {
            return "There are no members to show by rank.".to_string();
        }
        if self.rows.len() == 1 {
            return format!(
                "This plan has no ranks: all {} members of a typical run are in one group, with \
                 a median lifetime net of {}.",
                count(none.members),
                money(none.net.median)
            );
        }
        let ranked = total - none.members.max(0.0);
        let mut text = format!(
            "{} members of a typical run ({}) never reached a rank; their median lifetime net \
             was {}.",
            count(none.members),
            percent(none.members / total),
            money(none.net.median)
        );
        if let Some(top) = self.rows.iter().skip(1).rev().find(|r| r.members > 0.0) {
            let reached = format!(
                "{} who reached {} had a median of {}.",
                count(top.members),
                top.name,
                money(top.net.median)
            );
            if self.rows.len() > 2 {
                text.push_str(&format!(" {} reached a rank; the {reached}", count(ranked)));
            } else {
                text.push_str(&format!(" The {reached}"));
            }
        }
        text
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let runs = self.data.meta.runs;
        let keys = vec![
            Key::new(
                Swatch::Bar(BLUE),
                format!("members (median of {runs} runs)"),
            ),
            Key::new(Swatch::Dot(VERMILLION), "median net: loss"),
            Key::new(Swatch::Dot(GREEN), "gain"),
            Key::new(Swatch::Line(GREY), "90 % of runs"),
        ];
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let (left, right) = area.split_horizontally(area.dim_in_pixel().0 * 48 / 100);
        let names: Vec<String> = self.rows.iter().map(|r| r.name.clone()).collect();
        let n = self.rows.len() as f64;
        let total = self.total_members();

        let most = extent(self.rows.iter().map(|r| r.members)).map_or(10.0, |(_, hi)| hi);
        let counts = Scale::log(1.0, most.max(10.0) * 3.0, Unit::Count);
        let heading = if self.rows.len() == 1 {
            "All members: this plan has no ranks"
        } else {
            "Members by highest rank reached"
        };
        let mut plot = Panel::new(
            heading,
            counts.clone(),
            "Members (log scale)",
            Scale::categories(&names),
            "",
        )
        .without_y_grid()
        .draw(&left)?;
        plot.draw_series(
            self.rows
                .iter()
                .enumerate()
                .filter(|(_, r)| r.members >= 1.0)
                .map(|(k, r)| {
                    let y = k as f64;
                    Rectangle::new([(1.0, y - 0.3), (r.members, y + 0.3)], BLUE.filled())
                }),
        )?;
        for (k, row) in self.rows.iter().enumerate() {
            let text_ = if row.members.is_finite() && total > 0.0 {
                format!("{} ({})", count(row.members), percent(row.members / total))
            } else {
                "none".to_string()
            };
            let at = (row.members.max(1.0), k as f64);
            if counts.fraction(row.members) > 0.6 {
                bare_label(
                    &plot,
                    at,
                    (-10, 0),
                    &text_,
                    bold(TEXT_SIZE, PAPER),
                    (HPos::Right, VPos::Center),
                )?;
                continue;
            }
            label(
                &plot,
                at,
                (8, 0),
                &text_,
                text(TEXT_SIZE, INK),
                (HPos::Left, VPos::Center),
            )?;
        }

        let (lo, hi) = extent(self.rows.iter().flat_map(|r| [r.net.p5, r.net.p95]))
            .unwrap_or((-LINEAR_WITHIN, LINEAR_WITHIN));
        let unnamed = vec![String::new(); self.rows.len()];
        let plot = Panel::new(
            "Median lifetime net of those members",
            Scale::symlog(lo, hi, LINEAR_WITHIN, Unit::Money),
            "Lifetime net ($, log scale)",
            Scale::categories(&unnamed),
            "",
        )
        .without_y_grid()
        .draw(&right)?;
        line(&plot, &[(0.0, -0.5), (0.0, n - 0.5)], INK.stroke_width(2))?;
        if self.rows.iter().all(|r| r.net.median.is_nan()) {
            return note(&plot, "Nobody joined in this run");
        }
        for (k, row) in self.rows.iter().enumerate() {
            let y = k as f64;
            let net = row.net;
            if !net.median.is_finite() {
                label(
                    &plot,
                    (0.0, y),
                    (10, 0),
                    "nobody reached it",
                    text(TEXT_SIZE, GREY),
                    (HPos::Left, VPos::Center),
                )?;
                continue;
            }
            line(&plot, &[(net.p5, y), (net.p95, y)], GREY.stroke_width(3))?;
            let color = if net.median < 0.0 { VERMILLION } else { GREEN };
            plot.plotting_area()
                .draw(&Circle::new((net.median, y), 9, color.filled()))?;
            label(
                &plot,
                (net.median, y),
                (0, -14),
                &money(net.median),
                text(TEXT_SIZE, INK),
                (HPos::Center, VPos::Bottom),
            )?;
        }
        Ok(())
    }
}
