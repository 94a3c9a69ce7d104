//! Of 100 people who joined: an icon array of 100 people in ten rows, each coloured by
//! what the business did for them, from two statistics of the median run (see
//! [`crate::report::run::facts`]) over the members who joined at least a year before
//! the end (so that a first year can be seen): `cohort_made_money` (lifetime net not
//! negative), `cohort_quit_first_year_lost` (quit within their first 12 months, and
//! lost money), and the rest (lost money and stayed longer). The three shares are
//! rounded to whole people by largest remainder, so the icons add up to 100.

use crate::report::kit::chart::Figure;
use crate::report::kit::html_format::Format;
use crate::report::kit::layout::{Key, Swatch, frame};
use crate::report::kit::style::{GREEN, GREY, ORANGE, TEXT_SIZE, VERMILLION, anchored, text};
use crate::report::run::data::ReportData;
use anyhow::Result;
use plotters::coord::Shift;
use plotters::drawing::DrawingArea;
use plotters::element::{Circle, Rectangle, Text};
use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{Color, RGBColor};

/// The three groups, in the order the icons are filled.
const GROUPS: [(&str, RGBColor); 3] = [
    ("made money", GREEN),
    ("lost money and stayed more than a year", ORANGE),
    ("lost money and quit within their first year", VERMILLION),
];

pub struct People<'a> {
    data: &'a ReportData,
    /// People of each group out of 100 (summing to 100), when the run has members who
    /// joined at least a year before its end.
    counts: Option<[u32; 3]>,
}

/// `shares` (summing to about 1) as whole people out of 100 by largest remainder.
pub fn out_of_100(shares: [f64; 3]) -> [u32; 3] {
    let exact = shares.map(|s| 100.0 * s.clamp(0.0, 1.0));
    let mut counts = exact.map(|x| x.floor() as u32);
    let mut order = [0usize, 1, 2];
    // Largest remainder first; ties to the earlier group, so the result is stable.
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    let mut k = 0;
    while counts.iter().sum::<u32>() < 100 {
        counts[order[k % 3]] += 1;
        k += 1;
    }
    while counts.iter().sum::<u32>() > 100 {
        let largest = (0..3).max_by_key(|&i| (counts[i], 2 - i)).unwrap_or(0);
        counts[largest] -= 1;
    }
    counts
}

impl<'a> People<'a> {
    pub fn new(data: &'a ReportData) -> Self {
        let made = data.typical("cohort_made_money");
        let quit = data.typical("cohort_quit_first_year_lost");
        let counts = (made.is_finite() && quit.is_finite()).then(|| {
            let stayed = (1.0 - made - quit).max(0.0);
            out_of_100([made, stayed, quit])
        });
        People { data, counts }
    }

    /// The three counts, when there are members observed for a year.
    pub fn counts(&self) -> Option<[u32; 3]> {
        self.counts
    }
}

impl Figure for People<'_> {
    fn title(&self) -> String {
        "Of 100 people who joined".to_string()
    }

    fn caption(&self) -> String {
        let Some([made, stayed, quit]) = self.counts else {
            return "Nobody joined at least a year before the end of the run, so there is no \
                    first year to show."
                .to_string();
        };
        format!(
            "Of 100 people who joined (at least a year before the end of the run), {made} made \
             money or broke even over their whole time in the business, {stayed} lost money and \
             stayed more than a year, and {quit} lost money and quit within their first year. \
             In the median run {} of them made money and {} quit in their first year having \
             lost money; the icons round these to whole people.",
            self.data.fact("cohort_made_money", Format::Percent),
            self.data
                .fact("cohort_quit_first_year_lost", Format::Percent),
        )
    }

    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<()>
    where
        DB::ErrorType: 'static,
    {
        let counts = self.counts.unwrap_or([0, 0, 0]);
        let keys: Vec<Key> = (GROUPS.iter().zip(counts))
            .map(|((words, colour), n)| Key::new(Swatch::Dot(*colour), format!("{n} {words}")))
            .collect();
        let subtitle = "Lifetime net of each, for those who joined at least a year before the end (median run)";
        let area = frame(root, &self.title(), subtitle, &keys)?;
        let (width, height) = area.dim_in_pixel();
        if self.counts.is_none() {
            let style = anchored(text(TEXT_SIZE + 2.0, GREY), HPos::Center, VPos::Center);
            area.draw(&Text::new(
                "nobody joined a year before the end",
                (width as i32 / 2, height as i32 / 2),
                style,
            ))?;
            return Ok(());
        }
        let colours: Vec<RGBColor> = (GROUPS.iter().zip(counts))
            .flat_map(|((_, colour), n)| std::iter::repeat_n(*colour, n as usize))
            .collect();
        // Ten rows of ten, centred; each person a head over a body.
        let cell = (height as i32 / 10).min(width as i32 / 10);
        let left = (width as i32 - 10 * cell) / 2;
        for (k, colour) in colours.iter().enumerate() {
            let (row, column) = (k as i32 / 10, k as i32 % 10);
            let x = left + column * cell + cell / 2;
            let y = row * cell;
            let head = (cell / 7).max(3);
            area.draw(&Circle::new((x, y + head + 2), head, colour.filled()))?;
            area.draw(&Rectangle::new(
                [
                    (x - cell / 4, y + 2 * head + 5),
                    (x + cell / 4, y + cell - 6),
                ],
                colour.filled(),
            ))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::out_of_100;

    #[test]
    fn shares_become_100_people_by_largest_remainder() {
        assert_eq!(out_of_100([0.04, 0.43, 0.53]), [4, 43, 53]);
        // 3.6 + 42.7 + 53.7 = 100: floors 3 + 42 + 53 = 98, the two largest remainders
        // (0.7 and 0.7, the earlier first) get one each.
        assert_eq!(out_of_100([0.036, 0.427, 0.537]), [3, 43, 54]);
        assert_eq!(out_of_100([1.0, 0.0, 0.0]), [100, 0, 0]);
        assert_eq!(out_of_100([0.333, 0.333, 0.334]), [33, 33, 34]);
        assert_eq!(out_of_100([0.0, 0.0, 0.0]).iter().sum::<u32>(), 100);
    }
}
