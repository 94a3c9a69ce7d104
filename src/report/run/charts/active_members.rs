//! Growth and churn over time: active members by month, the joins and quits behind
//! them, and how much of the market has ever been recruited (members ever / population:
//! the saturation that ends every recruiting boom).

use super::subtitle::subtitle;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::count;
use crate::report::kit::layout::{Panel, frame, lines_keys, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{band_extent, bands};
use crate::report::kit::style::{BLUE, GREEN, PURPLE, VERMILLION};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;

pub struct ActiveMembers<'a> {
    data: &'a ReportData,
    active: &'a [Band],
    joins: &'a [Band],
    quits: &'a [Band],
    saturation: &'a [Band],
}

impl<'a> ActiveMembers<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        ActiveMembers {
            data,
            active: data.months.get("active"),
            joins: data.months.get("joins"),
            quits: data.months.get("quits"),
            saturation: data.months.get("saturation"),
        }
    }

    /// The month (0-based) and size of the median run's peak.
    fn peak(&self) -> Option<(f64, f64)> {
        self.active.iter().filter(|b| b.median.is_finite()).fold(
            None,
            |best: Option<(f64, f64)>, b| match best {
                Some((_, top)) if top >= b.median => best,
                _ => Some((b.x, b.median)),
            },
        )
    }
}

impl Figure for ActiveMembers<'_> {
    fn title(&self) -> String {
        "Members over time".to_string()
    }

    fn caption(&self) -> String {
        use crate::report::kit::html_format::Format;
        if self.peak().is_none() {
            return "There are no members to show.".to_string();
        }
        let last = |bands: &[Band]| bands.last().map_or(f64::NAN, |b| b.median);
        format!(
            "In the median run membership peaked at {} members, {} months after launch, and {} \
             were left at the end; {} of the population joined at some point. The lines are the \
             median across runs month by month (runs peak in different months, so the line's own \
             top is lower than a typical run's peak); in the last month a median of {} joined \
             and {} quit.",
            self.data.fact("peak_active", Format::Count),
            self.data.fact("peak_month", Format::Count),
            self.data.fact("final_active", Format::Count),
            self.data.fact("saturation", Format::Percent),
            count(last(self.joins)),
            count(last(self.quits)),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let runs = self.data.meta.runs;
        let keys = lines_keys(
            &[
                (BLUE, "active"),
                (GREEN, "joins"),
                (VERMILLION, "quits"),
                (PURPLE, "ever joined"),
            ],
            runs,
        );
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let months = f64::from(self.data.meta.months);
        let x = || Scale::linear_exact(0.0, months, Unit::Months);
        let (left, right) = area.split_horizontally(640);
        let (top_right, bottom_right) = right.split_vertically(right.dim_in_pixel().1 / 2);

        let (_, most) = band_extent(self.active).unwrap_or((0.0, 1.0));
        let mut plot = Panel::new(
            "Active members",
            x(),
            "Months since launch",
            Scale::linear(0.0, most, Unit::Count),
            "Members",
        )
        .draw(&left)?;
        if self.active.is_empty() {
            note(&plot, "No month was simulated")?;
        }
        bands(&mut plot, self.active, BLUE)?;

        let flows = band_extent(self.joins)
            .into_iter()
            .chain(band_extent(self.quits))
            .fold(1.0_f64, |hi, (_, h)| hi.max(h));
        let flow = Panel::new(
            "Joins and quits per month",
            x(),
            "",
            Scale::linear_with(0.0, flows, Unit::Count, 4),
            "",
        );
        let (_, reach) = band_extent(self.saturation).unwrap_or((0.0, 0.1));
        let share = Panel::new(
            "Share of the population that ever joined",
            x(),
            "Months since launch",
            Scale::linear_with(0.0, reach.max(0.01), Unit::Percent, 4),
            "",
        );
        let room = flow.y_room(&top_right)?.max(share.y_room(&bottom_right)?);
        let mut plot = flow.with_y_room(room).draw(&top_right)?;
        bands(&mut plot, self.joins, GREEN)?;
        bands(&mut plot, self.quits, VERMILLION)?;

        let mut plot = share.with_y_room(room).draw(&bottom_right)?;
        bands(&mut plot, self.saturation, PURPLE)?;
        Ok(())
    }
}
