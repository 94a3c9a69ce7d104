//! One typical member's story, month by month: the representative member of
//! `traces.csv` ([`crate::report::run::representative`]). Top: each month's money,
//! what the company paid them (and any retail profit or buyback refund) above zero,
//! fees, product and other expenses below it; bottom: the running total, their cumulative net. Rank
//! changes and the month they quit are marked on both. Drawn only when the folder has
//! traces (a folder written before them has none).

use super::subtitle::subtitle;
use crate::output::records::traces::TraceRow;
use crate::report::kit::chart::Figure;
use crate::report::kit::layout::{Key, Panel, Plot, Swatch, frame, label};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{extent, line, upright};
use crate::report::kit::style::{
    BLUE, GREEN, GREY, INK, ORANGE, PURPLE, SKY, TEXT_SIZE, VERMILLION, text,
};
use crate::report::run::data::ReportData;
use crate::report::run::representative::{Plain, Story, representative};
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Rectangle};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

/// The parts of a month's money, each with its sign (in above zero, out below), colour
/// and legend label.
/// A part of a month's money: its signed amount, colour and legend label.
type Part = (fn(&TraceRow) -> f64, RGBColor, &'static str);

/// Product bought is before any buyback refund, which is a part of its own.
const PARTS: [Part; 6] = [
    (|r| r.pay.0, BLUE, "paid by the company"),
    (|r| r.retail_profit.0, GREEN, "retail profit"),
    (|r| r.refund.0, SKY, "buyback refund"),
    (|r| -r.fees.0, VERMILLION, "fees"),
    (|r| -(r.purchases.0 + r.refund.0), ORANGE, "product bought"),
    (|r| -r.expenses.0, PURPLE, "other expenses"),
];

pub struct MemberStory<'a> {
    data: &'a ReportData,
    story: Story,
}

impl<'a> MemberStory<'a> {
    /// The chart of the folder's representative member; `None` without traces.
    pub fn new(data: &'a ReportData) -> Option<Self> {
        let story = representative(data.traces.as_deref()?)?;
        Some(MemberStory { data, story })
    }

    /// The parts that are not zero in every month.
    fn parts(&self) -> Vec<Part> {
        (PARTS.iter().copied())
            .filter(|(part, _, _)| self.story.rows.iter().any(|r| part(r) != 0.0))
            .collect()
    }

    /// Each month's bars: (low, high, colour), stacked up from zero for money in and
    /// down from zero for money out.
    fn bars(&self) -> Vec<(f64, f64, f64, RGBColor)> {
        let parts = self.parts();
        let mut bars = Vec::new();
        for row in &self.story.rows {
            let (mut up, mut down) = (0.0, 0.0);
            for &(part, color, _) in &parts {
                let value = part(row);
                let (from, to) = if value >= 0.0 {
                    up += value;
                    (up - value, up)
                } else {
                    down += value;
                    (down, down - value)
                };
                if value != 0.0 {
                    bars.push((f64::from(row.month), from, to, color));
                }
            }
        }
        bars
    }
}

impl Figure for MemberStory<'_> {
    fn title(&self) -> String {
        "A typical member's story".to_string()
    }

    fn caption(&self) -> String {
        self.story.tell(&self.data.meta.ranks, &Plain)
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let s = &self.story;
        let mut keys: Vec<Key> = (self.parts().iter())
            .map(|&(_, color, name)| Key::new(Swatch::Bar(color), name))
            .collect();
        keys.push(Key::new(Swatch::Line(INK), "running total (lifetime net)"));
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let (first, last) = (f64::from(s.join_month()), f64::from(s.last_month()));
        let x = || Scale::linear_exact(first - 0.5, last + 0.5, Unit::Months);
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 55 / 100);

        let bars = self.bars();
        let (lo, hi) =
            extent(bars.iter().flat_map(|&(_, from, to, _)| [from, to])).unwrap_or((-1.0, 1.0));
        let heading = format!(
            "Member {} of run {}: money in and out each month",
            s.member, s.run
        );
        let monthly = Panel::new(
            &heading,
            x(),
            "",
            Scale::linear_with(lo.min(0.0), hi.max(0.0), Unit::Money, 4),
            "",
        );
        let running = s.rows.iter().map(|r| r.cumulative_net.0);
        let (lo, hi) = extent(running).unwrap_or((-1.0, 1.0));
        let total = Panel::new(
            "Running total: lifetime net so far",
            x(),
            "Month of the run (months since launch)",
            Scale::linear_with(lo.min(0.0), hi.max(0.0), Unit::Money, 4),
            "",
        );
        let room = monthly.y_room(&top)?.max(total.y_room(&bottom)?);

        let mut plot = monthly.with_y_room(room).draw(&top)?;
        plot.draw_series(bars.iter().map(|&(m, from, to, color)| {
            Rectangle::new([(m - 0.4, from), (m + 0.4, to)], color.filled())
        }))?;
        line(
            &plot,
            &[(first - 0.5, 0.0), (last + 0.5, 0.0)],
            INK.stroke_width(1),
        )?;
        self.marks(&plot, true)?;

        let plot = total.with_y_room(room).draw(&bottom)?;
        line(
            &plot,
            &[(first - 0.5, 0.0), (last + 0.5, 0.0)],
            GREY.stroke_width(2),
        )?;
        let points: Vec<(f64, f64)> = (s.rows.iter())
            .map(|r| (f64::from(r.month), r.cumulative_net.0))
            .collect();
        line(&plot, &points, INK.stroke_width(3))?;
        for &point in &points {
            plot.plotting_area()
                .draw(&Circle::new(point, 4, INK.filled()))?;
        }
        self.marks(&plot, false)
    }
}

impl MemberStory<'_> {
    /// Rank changes (grey) and the quit (vermillion) as upright dashed lines, labelled
    /// on the top panel (a rank change only when there is room).
    fn marks<DB: DrawingBackend>(&self, plot: &Plot<'_, DB>, labelled: bool) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let top = plot.y_range().end;
        // Labels at least a tenth of the chart apart, so that a rank held on and off
        // does not write them over one another.
        let span = f64::from(
            self.story
                .last_month()
                .saturating_sub(self.story.join_month())
                + 1,
        );
        let mut free_from = f64::NEG_INFINITY;
        for (month, rank) in self.story.rank_changes() {
            let x = f64::from(month) - 0.5;
            upright(plot, x, GREY.stroke_width(2))?;
            if labelled && x >= free_from {
                free_from = x + (span / 10.0).max(1.0);
                let name = if rank.is_empty() { "no rank" } else { rank };
                label(
                    plot,
                    (x, top),
                    (4, 4),
                    name,
                    text(TEXT_SIZE - 2.0, INK),
                    (HPos::Left, VPos::Top),
                )?;
            }
        }
        if let Some(month) = self.story.quit_month() {
            let x = f64::from(month) + 0.5;
            upright(plot, x, VERMILLION.stroke_width(2))?;
            if labelled {
                label(
                    plot,
                    (x, top),
                    (-4, 4),
                    "quit",
                    text(TEXT_SIZE - 2.0, VERMILLION),
                    (HPos::Right, VPos::Top),
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::encode::Money;
    use crate::report::kit::chart::render;
    use crate::report::run::charts::test_data::{data, meta};

    fn row(member: u32, month: u32, status: TraceStatus, rank: &str, pay: f64) -> TraceRow {
        TraceRow {
            run: 0,
            member,
            month,
            month_in_business: month - 2,
            status,
            rank: rank.to_string(),
            pay: Money(pay),
            fees: Money(20.0),
            purchases: Money(75.0),
            ..TraceRow::default()
        }
    }

    use crate::model::TraceStatus;

    #[test]
    fn a_story_with_a_rank_a_refund_and_months_after_quitting_is_drawn_and_told() {
        let mut rows = vec![
            row(4, 2, TraceStatus::Active, "", 0.0),
            row(4, 3, TraceStatus::Active, "Leader", 180.0),
            row(4, 4, TraceStatus::Quit, "", 0.0),
            row(4, 5, TraceStatus::Former, "", 12.0),
        ];
        rows[2].refund = Money(60.0);
        rows[2].purchases = Money(-60.0);
        rows[3].fees = Money(0.0);
        rows[3].purchases = Money(0.0);
        let mut total = 0.0;
        for r in &mut rows {
            r.net = Money(r.pay.0 - r.purchases.0 - r.fees.0);
            total += r.net.0;
            r.cumulative_net = Money(total);
        }
        let mut data = data(meta(12, &["Leader"]));
        data.traces = Some(rows);
        let chart =
            render("member_story", &MemberStory::new(&data).expect("a story")).expect("draws");
        assert!(chart.png.starts_with(b"\x89PNG") && chart.svg.contains("viewBox"));
        assert_eq!(
            chart.caption,
            "This member joined in month 2 and stayed 3 months. They paid $60 in fees and \
             $150 for product; the company paid them $192, and $60 came back as a buyback of \
             the stock they returned. They reached the rank Leader in month 3, recruited \
             nobody, and quit at the end of month 4, $42 ahead."
        );
    }

    #[test]
    fn a_single_month_is_drawn_and_no_traces_draw_nothing() {
        let mut data = data(meta(12, &[]));
        assert!(MemberStory::new(&data).is_none());
        data.traces = Some(Vec::new());
        assert!(MemberStory::new(&data).is_none());
        data.traces = Some(vec![row(0, 11, TraceStatus::Active, "", 0.0)]);
        let chart =
            render("member_story", &MemberStory::new(&data).expect("a story")).expect("draws");
        assert!(
            chart.caption.contains("stayed 1 month."),
            "{}",
            chart.caption
        );
        assert!(
            chart
                .caption
                .contains("still a member when the run ended in month 11")
        );
    }
}
