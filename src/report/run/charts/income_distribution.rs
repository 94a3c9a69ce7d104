//! The income disclosure year as a histogram: how many of that year's members were paid
//! nothing, and how the rest were spread over pay from a dollar to a fortune (a log
//! axis, one bar per tenth of a tenfold), with the median and mean member marked; then
//! the same members by net for the year, mostly losses, on an axis that mirrors losses
//! and gains about zero. Bars pool every run; the median and mean marks are summaries
//! across runs (the median of the runs' medians, the mean of their means).

use super::subtitle::subtitle;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::{money, percent};
use crate::report::kit::layout::{Key, Panel, Plot, Swatch, bare_label, frame, label, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::upright;
use crate::report::kit::style::{
    BLUE, GREEN, GREY, HEADING_SIZE, INK, PAPER, PURPLE, TEXT_SIZE, VERMILLION, bold, text,
};
use crate::report::run::charts::bins::{Slots, holds_zero};
use crate::report::run::data::{Bin, Histogram, ReportData};
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

/// Said where there is no disclosure year to show.
const NO_YEAR: &str = "No full year simulated: no disclosure year to show";

/// A median and a mean to mark.
#[derive(Clone, Copy, Debug)]
struct Marks {
    median: f64,
    mean: f64,
}

pub struct IncomeDistribution<'a> {
    data: &'a ReportData,
    gross: &'a [Bin],
    net: &'a [Bin],
    gross_marks: Marks,
    net_marks: Marks,
}

fn bins<'a>(data: &'a ReportData, quantity: &str) -> &'a [Bin] {
    data.histogram(quantity)
        .map_or(&[], |h: &Histogram| h.bins.as_slice())
}

fn total(bins: &[Bin]) -> u64 {
    bins.iter().map(|b| b.count).sum()
}

/// The share of all members in the bins `which` selects (NaN if there are none).
fn share(bins: &[Bin], which: impl Fn(&Bin) -> bool) -> f64 {
    let part: u64 = bins.iter().filter(|b| which(b)).map(|b| b.count).sum();
    part as f64 / total(bins) as f64
}

impl<'a> IncomeDistribution<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        let marks = |median: &str, mean: &str| Marks {
            median: data.statistic(median).map_or(f64::NAN, |s| s.median),
            mean: data.mean(mean),
        };
        IncomeDistribution {
            data,
            gross: bins(data, "ids_gross_pay"),
            net: bins(data, "ids_net"),
            gross_marks: marks("ids_median_gross_pay", "ids_mean_gross_pay"),
            net_marks: marks("ids_median_net", "ids_mean_net"),
        }
    }

    fn has_year(&self) -> bool {
        total(self.gross) > 0 && total(self.net) > 0
    }

    fn year(&self) -> String {
        self.data.meta.disclosure_year.map_or_else(
            || "the disclosure year".to_string(),
            |y| format!("year {y}"),
        )
    }

    /// The gross pay panel: the $0 bar beside the paid members' histogram.
    fn draw_gross<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        area.draw(&Text::new(
            format!(
                "Pay received in {}, as an income disclosure statement reports it",
                self.year()
            ),
            (4, 2),
            bold(HEADING_SIZE, INK),
        ))?;
        let body = area.margin(HEADING_SIZE as i32 + 6, 0, 0, 0);
        let (zero_area, paid_area) = body.split_horizontally(210);

        let nothing = share(self.gross, holds_zero);
        let mut plot = Panel::new(
            "",
            Scale::categories(&["$0".to_string()]),
            "Paid nothing",
            Scale::linear_exact(0.0, 1.0, Unit::Percent),
            "Share of members",
        )
        .without_x_grid()
        .draw(&zero_area)?;
        if nothing.is_finite() {
            plot.draw_series(std::iter::once(Rectangle::new(
                [(-0.4, 0.0), (0.4, nothing)],
                GREY.filled(),
            )))?;
            label(
                &plot,
                (0.0, nothing),
                (0, -6),
                &percent(nothing),
                bold(TEXT_SIZE, INK),
                (HPos::Center, VPos::Bottom),
            )?;
            if self.gross_marks.median.abs() < 0.005 && nothing > 0.15 {
                bare_label(
                    &plot,
                    (0.0, nothing / 2.0),
                    (0, 0),
                    "median",
                    bold(TEXT_SIZE - 2.0, PAPER),
                    (HPos::Center, VPos::Center),
                )?;
            }
        }

        let slots = Slots::new(self.gross, |b| b.low > 0.0, |_| false);
        let plot = self.histogram(
            &paid_area,
            &slots,
            total(self.gross),
            "Pay in the year ($, log scale)",
            |_| BLUE,
            1.0,
        )?;
        if slots.bins().is_empty() {
            let message = if self.has_year() {
                "Nobody was paid anything"
            } else {
                NO_YEAR
            };
            return note(&plot, message);
        }
        self.marks(&plot, &slots, self.gross_marks)
    }

    /// The net panel: losses, nothing and gains.
    fn draw_net<DB: DrawingBackend>(&self, area: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        area.draw(&Text::new(
            format!(
                "Net for {}: pay and retail profit less purchases, fees and expenses",
                self.year()
            ),
            (4, 2),
            bold(HEADING_SIZE, INK),
        ))?;
        let body = area.margin(HEADING_SIZE as i32 + 6, 0, 0, 0);
        let slots = Slots::new(self.net, |_| true, holds_zero);
        let plot = self.histogram(
            &body,
            &slots,
            total(self.net),
            "Net for the year ($, log scale both ways from $0)",
            |b| {
                if holds_zero(b) {
                    GREY
                } else if b.high <= 0.0 {
                    VERMILLION
                } else {
                    GREEN
                }
            },
            10.0,
        )?;
        if slots.bins().is_empty() {
            return note(&plot, NO_YEAR);
        }
        let loss = share(self.net, |b| b.high <= 0.0 && !holds_zero(b));
        let gain = share(self.net, |b| b.low >= 0.0 && !holds_zero(b));
        let y = plot.y_range().end / 2.0;
        if let Some(zero) = slots.bins().iter().position(holds_zero) {
            let zero = zero as f64 + 0.5;
            label(
                &plot,
                (zero, y),
                (-16, 0),
                &format!("{} lost money ←", percent(loss)),
                bold(TEXT_SIZE, VERMILLION),
                (HPos::Right, VPos::Center),
            )?;
            label(
                &plot,
                (zero, y),
                (16, 0),
                &format!("→ {} came out ahead", percent(gain)),
                bold(TEXT_SIZE, GREEN),
                (HPos::Left, VPos::Center),
            )?;
        }
        self.marks(&plot, &slots, self.net_marks)
    }

    /// A histogram of `slots` as shares of `members`, bars coloured by `color`.
    fn histogram<'b, DB: DrawingBackend>(
        &self,
        area: &'b DrawingArea<DB, Shift>,
        slots: &Slots,
        members: u64,
        x_name: &str,
        color: impl Fn(&Bin) -> RGBColor,
        smallest_tick: f64,
    ) -> Result<Plot<'b, DB>>
    where
        DB::ErrorType: 'static,
    {
        let members = members.max(1) as f64;
        let tallest = slots
            .bins()
            .iter()
            .map(|b| b.count as f64 / members)
            .fold(0.0, f64::max);
        let top = if tallest > 0.0 { 1.3 * tallest } else { 1.0 };
        let mut plot = Panel::new(
            "",
            slots.scale(smallest_tick),
            x_name,
            Scale::linear_with(0.0, top, Unit::Percent, 4),
            "Share of members",
        )
        .without_x_grid()
        .draw(area)?;
        plot.draw_series(
            slots
                .bins()
                .iter()
                .enumerate()
                .filter(|(_, b)| b.count > 0)
                .map(|(k, b)| {
                    let x = k as f64;
                    Rectangle::new(
                        [(x + 0.08, 0.0), (x + 0.92, b.count as f64 / members)],
                        color(b).filled(),
                    )
                }),
        )?;
        Ok(plot)
    }

    /// Marks the median and the mean on a histogram.
    fn marks<DB: DrawingBackend>(
        &self,
        plot: &Plot<'_, DB>,
        slots: &Slots,
        marks: Marks,
    ) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let shown: Vec<(f64, String, RGBColor)> =
            [(marks.median, "median", INK), (marks.mean, "mean", PURPLE)]
                .into_iter()
                .filter_map(|(value, name, color)| {
                    let x = slots.position(value)?;
                    Some((x, format!("{name} {}", money(value)), color))
                })
                .collect();
        for (x, _, color) in &shown {
            upright(plot, *x, color.stroke_width(2))?;
        }
        // The labels stack beside the marks, on the side with more room, so that
        // neither crosses the other's line.
        let Some((left, right)) = crate::report::kit::series::extent(shown.iter().map(|m| m.0))
        else {
            return Ok(());
        };
        let (at, dx, h) = if right > 0.7 * slots.bins().len() as f64 {
            (left, -8, HPos::Right)
        } else {
            (right, 8, HPos::Left)
        };
        let top = plot.y_range().end;
        for (k, (_, text_, color)) in shown.iter().enumerate() {
            label(
                plot,
                (at, top),
                (dx, 6 + 30 * k as i32),
                text_,
                text(TEXT_SIZE, *color),
                (h, VPos::Top),
            )?;
        }
        Ok(())
    }
}

impl Figure for IncomeDistribution<'_> {
    fn title(&self) -> String {
        format!("Pay and net in {}", self.year())
    }

    fn caption(&self) -> String {
        if !self.has_year() {
            return "The run is shorter than a full year, so there is no disclosure year to \
                    show pay and net for."
                .to_string();
        }
        use crate::report::kit::html_format::Format;
        let year = self.year().replace(' ', "-");
        let (median, mean) = (
            self.data.typical("ids_median_gross_pay"),
            self.data.typical("ids_mean_gross_pay"),
        );
        let skew = if mean > 2.0 * median.max(0.0) + 1.0 {
            ", pulled up by a few large earners"
        } else {
            ""
        };
        format!(
            "In the median run {} of the {year} members were paid nothing that year; the median \
             member was paid {} and the mean {}{skew}. After purchases, fees and expenses, {} of \
             them lost money that year (median net {}). The bars pool the members of all runs.",
            self.data.fact("ids_share_zero_pay", Format::Percent),
            self.data.fact("ids_median_gross_pay", Format::Money),
            self.data.fact("ids_mean_gross_pay", Format::Money),
            self.data.fact("ids_share_net_loss", Format::Percent),
            self.data.fact("ids_median_net", Format::Money),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let runs = self.data.meta.runs;
        let keys = vec![
            Key::new(
                Swatch::Bar(BLUE),
                format!("members, all {runs} runs pooled"),
            ),
            Key::new(Swatch::Bar(VERMILLION), "loss"),
            Key::new(Swatch::Bar(GREEN), "gain"),
            Key::new(Swatch::Dashed(INK), "median member (median of runs)"),
            Key::new(Swatch::Dashed(PURPLE), "mean (mean of runs)"),
        ];
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 / 2);
        self.draw_gross(&top)?;
        self.draw_net(&bottom)
    }
}
