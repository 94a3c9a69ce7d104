//! Early versus late joiners: the median lifetime net of the members who joined in each
//! month, and how many joined then. Later cohorts had fewer months to earn or lose in
//! before the run ended, which the caption says.

use super::subtitle::subtitle;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::format::money;
use crate::report::kit::layout::{Key, Panel, Swatch, band_keys, frame, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{band_extent, bands, line};
use crate::report::kit::style::{BLUE, INK, SKY};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::Rectangle;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;

pub struct Cohorts<'a> {
    data: &'a ReportData,
    net: &'a [Band],
    members: &'a [Band],
}

impl<'a> Cohorts<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        Cohorts {
            data,
            net: data.curves.get("cohort_median_net"),
            members: data.curves.get("cohort_members"),
        }
    }

    /// The lowest and highest cohort medians among the joining months in `months`.
    fn range_of(&self, months: std::ops::Range<f64>) -> Option<(f64, f64)> {
        crate::report::kit::series::extent(
            self.net
                .iter()
                .filter(|b| months.contains(&b.x))
                .map(|b| b.median),
        )
    }
}

/// "-$812" or "between -$812 and -$496".
fn span((lo, hi): (f64, f64)) -> String {
    if money(lo) == money(hi) {
        money(lo)
    } else {
        format!("between {} and {}", money(lo), money(hi))
    }
}

impl Figure for Cohorts<'_> {
    fn title(&self) -> String {
        "Early and late joiners".to_string()
    }

    fn caption(&self) -> String {
        let months = f64::from(self.data.meta.months);
        let window = if months >= 24.0 {
            12.0
        } else {
            (months / 3.0).ceil()
        };
        let (Some(early), Some(late)) = (
            self.range_of(0.0..window),
            self.range_of(months - window..months),
        ) else {
            return "Too few members joined to compare early and late joiners.".to_string();
        };
        let unit = if window == 12.0 {
            "year".to_string()
        } else {
            format!("{} months", window)
        };
        format!(
            "The median lifetime net of the members who joined in the first {unit} was {}; \
             for those who joined in the last {unit} it was {}. Later joiners had less time \
             before the run ended, to earn and to lose.",
            span(early),
            span(late)
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let runs = self.data.meta.runs;
        let mut keys = band_keys(BLUE, "Median lifetime net", runs);
        keys.push(Key::new(
            Swatch::Bar(SKY),
            "members who joined (median run)",
        ));
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let months = f64::from(self.data.meta.months);
        let x = || Scale::linear_exact(-0.5, months - 0.5, Unit::Months);
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 66 / 100);

        let (lo, hi) = band_extent(self.net).unwrap_or((-1.0, 1.0));
        let net = Panel::new(
            "Median lifetime net of each month's new members",
            x(),
            "",
            Scale::linear(lo.min(0.0), hi.max(0.0), Unit::Money),
            "Lifetime net",
        );
        let (_, most) = band_extent(self.members).unwrap_or((0.0, 1.0));
        let joined = Panel::new(
            "Members who joined",
            x(),
            "Month of joining (months since launch)",
            Scale::linear_with(0.0, most.max(1.0), Unit::Count, 2),
            "",
        );
        let room = net.y_room(&top)?.max(joined.y_room(&bottom)?);

        let mut plot = net.with_y_room(room).draw(&top)?;
        line(
            &plot,
            &[(-0.5, 0.0), (months - 0.5, 0.0)],
            INK.stroke_width(2),
        )?;
        if self.net.iter().all(|b| b.median.is_nan()) {
            note(&plot, "Nobody joined in this run")?;
        }
        bands(&mut plot, self.net, BLUE)?;

        let mut plot = joined.with_y_room(room).draw(&bottom)?;
        plot.draw_series(
            self.members
                .iter()
                .filter(|b| b.median.is_finite() && b.median > 0.0)
                .map(|b| Rectangle::new([(b.x - 0.4, 0.0), (b.x + 0.4, b.median)], SKY.filled())),
        )?;
        Ok(())
    }
}
