//! The company's side: product revenue, fees and pay to members by month; pay as a
//! share of product revenue (the payout ratio); and the share of product resold to
//! outside customers against the two usual tests that a business rests on real
//! customers: the "70 % rule" and a retail majority (51 %).

use super::subtitle::subtitle;
use crate::report::kit::band::Band;
use crate::report::kit::chart::Figure;
use crate::report::kit::layout::{Panel, frame, label, lines_keys, note};
use crate::report::kit::scale::{Scale, Unit};
use crate::report::kit::series::{band_extent, bands, dashed};
use crate::report::kit::style::{BLUE, GREEN, GREY, INK, ORANGE, PURPLE, TEXT_SIZE, text};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::prelude::DrawingBackend;
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

/// Retail-share reference lines: the share and what it is called.
const TESTS: [(f64, &str); 2] = [(0.70, "70 % rule"), (0.51, "51 %: a retail majority")];

pub struct Company<'a> {
    data: &'a ReportData,
    revenue: &'a [Band],
    fees: &'a [Band],
    payout: &'a [Band],
    payout_ratio: &'a [Band],
    retail_share: &'a [Band],
}

impl<'a> Company<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        let m = &data.months;
        Company {
            data,
            revenue: m.get("revenue"),
            fees: m.get("fee_revenue"),
            payout: m.get("payout"),
            payout_ratio: m.get("payout_ratio"),
            retail_share: m.get("retail_share"),
        }
    }

    fn has_fees(&self) -> bool {
        self.fees.iter().any(|b| b.p95 > 0.0)
    }
}

impl Figure for Company<'_> {
    fn title(&self) -> String {
        "The company: revenue, pay and real customers".to_string()
    }

    fn caption(&self) -> String {
        use crate::report::kit::html_format::Format;
        let payout = self.data.typical("payout_ratio");
        let retail = self.data.typical("retail_share");
        let fees = self.data.typical("fee_revenue_share");
        let percent = |name: &str, _: f64| self.data.fact(name, Format::Percent);
        let mut parts = Vec::new();
        if payout.is_finite() {
            parts.push(format!(
                "Over the run the company paid members {} of its product revenue.",
                percent("payout_ratio", payout)
            ));
        }
        if fees.is_finite() && fees >= 0.005 {
            parts.push(format!(
                "Entry and monthly fees were {} of everything it took in.",
                percent("fee_revenue_share", fees)
            ));
        }
        if retail == 0.0 {
            parts.push(
                "None of the product members ordered was resold to outside customers: the \
                 members bought it all themselves."
                    .to_string(),
            );
        } else if retail < TESTS[1].0 {
            parts.push(format!(
                "Only {} of the product members ordered was resold to outside customers \
                 (the tests ask for 51 % or 70 %); the rest the members bought themselves.",
                percent("retail_share", retail)
            ));
        } else if retail.is_finite() {
            parts.push(format!(
                "{} of the product members ordered was resold to outside customers.",
                percent("retail_share", retail)
            ));
        }
        if parts.is_empty() {
            parts.push("Nothing was sold, so there is no revenue to show.".to_string());
        }
        parts.join(" ")
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let runs = self.data.meta.runs;
        let mut lines = vec![(ORANGE, "product revenue")];
        if self.has_fees() {
            lines.push((PURPLE, "fees"));
        }
        lines.extend([(BLUE, "pay to members"), (GREEN, "resold")]);
        let keys = lines_keys(&lines, runs);
        let area = frame(root, &self.title(), &subtitle(self.data), &keys)?;
        let months = f64::from(self.data.meta.months);
        let x = || Scale::linear_exact(0.0, months, Unit::Months);
        let (top, bottom) = area.split_vertically(area.dim_in_pixel().1 * 53 / 100);
        let (bottom_left, bottom_right) = bottom.split_horizontally(bottom.dim_in_pixel().0 / 2);

        let money = [self.revenue, self.fees, self.payout]
            .iter()
            .filter_map(|b| band_extent(b))
            .fold(1.0_f64, |hi, (_, h)| hi.max(h));
        let mut plot = Panel::new(
            "Money per month",
            x(),
            "",
            Scale::linear_with(0.0, money, Unit::Money, 5),
            "",
        )
        .draw(&top)?;
        if self.revenue.is_empty() {
            note(&plot, "No month was simulated")?;
        }
        bands(&mut plot, self.revenue, ORANGE)?;
        if self.has_fees() {
            bands(&mut plot, self.fees, PURPLE)?;
        }
        bands(&mut plot, self.payout, BLUE)?;

        let (_, most) = band_extent(self.payout_ratio).unwrap_or((0.0, 1.0));
        let mut plot = Panel::new(
            "Pay as a share of product revenue",
            x(),
            "Months since launch",
            Scale::linear_with(0.0, most.max(0.1), Unit::Percent, 4),
            "",
        )
        .draw(&bottom_left)?;
        if self.payout_ratio.iter().all(|b| b.median.is_nan()) {
            note(&plot, "No product was sold")?;
        }
        bands(&mut plot, self.payout_ratio, BLUE)?;

        let mut plot = Panel::new(
            "Product resold to outside customers",
            x(),
            "Months since launch",
            Scale::linear_with(0.0, 1.0, Unit::Percent, 4),
            "",
        )
        .draw(&bottom_right)?;
        for (share, name) in TESTS {
            dashed(
                &plot,
                &[(0.0, share), (months, share)],
                GREY.stroke_width(2),
            )?;
            label(
                &plot,
                (months, share),
                (-8, -4),
                name,
                text(TEXT_SIZE - 2.0, INK),
                (HPos::Right, VPos::Bottom),
            )?;
        }
        if self.retail_share.iter().all(|b| b.median.is_nan()) {
            note(&plot, "No product was ordered")?;
        }
        bands(&mut plot, self.retail_share, GREEN)?;
        Ok(())
    }
}
