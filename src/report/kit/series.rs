//! Data drawn on a panel: a median line with the bands holding the middle half and
//! 90 % of runs (or the 90 % band alone, or for overlays the middle half shaded and
//! the 90 % band's edges as thin lines), plain and dashed lines, and reference lines across a panel. Points
//! that are undefined (`NaN`: a month nobody joined, a rank nobody reached) break a
//! line instead of being drawn as zero.

use crate::report::kit::band::Band;
use crate::report::kit::layout::Plot;
use crate::report::kit::style::{INNER_BAND, OUTER_BAND};
use anyhow::Result;
use plotters::element::{Circle, DashedPathElement, PathElement, Polygon};
use plotters::prelude::DrawingBackend;
use plotters::style::{Color, RGBColor, ShapeStyle};

/// The stretches of `items` over which `defined` holds.
pub fn stretches<T>(items: &[T], defined: impl Fn(&T) -> bool) -> Vec<&[T]> {
    items
        .split(|item| !defined(item))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads one edge of a band.
type Side = fn(&Band) -> f64;

fn band_defined(b: &Band) -> bool {
    [b.x, b.p5, b.p25, b.median, b.p75, b.p95]
        .iter()
        .all(|v| v.is_finite())
}

fn outer_defined(b: &Band) -> bool {
    [b.x, b.p5, b.median, b.p95].iter().all(|v| v.is_finite())
}

/// The band of 90 % of runs (5th to 95th percentile).
const OUTER: (Side, Side, f64) = (|b| b.p5, |b| b.p95, OUTER_BAND);
/// The band of the middle half of runs (25th to 75th percentile).
const INNER: (Side, Side, f64) = (|b| b.p25, |b| b.p75, INNER_BAND);

/// Draws `bands` as a median line in `color` over the band of the middle half of runs
/// (25th to 75th percentile) and the band of 90 % of runs (5th to 95th).
pub fn bands<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    bands: &[Band],
    color: RGBColor,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    shaded(plot, bands, color, &[OUTER, INNER], band_defined)
}

/// Draws `bands` as a median line in `color` over the band of 90 % of runs only, for
/// summaries without quartiles (their `p25` and `p75` are ignored).
pub fn outer_bands<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    bands: &[Band],
    color: RGBColor,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    shaded(plot, bands, color, &[OUTER], outer_defined)
}

/// Draws `bands` for a chart that overlays several: a median line in `color` over the
/// band of the middle half of runs, with the edges of the band of 90 % of runs as thin
/// lines (two sets of shaded 90 % bands would muddy each other).
pub fn overlaid_bands<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    bands: &[Band],
    color: RGBColor,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    for edge in [OUTER.0, OUTER.1] {
        let points: Vec<(f64, f64)> = bands.iter().map(|b| (b.x, edge(b))).collect();
        line(plot, &points, color.mix(0.7).stroke_width(1))?;
    }
    shaded(plot, bands, color, &[INNER], band_defined)
}

/// Draws each stretch of `bands` where `defined` holds as the shaded `sides` under a
/// median line; a stretch of one point as a dot on a line from its 5th to its 95th
/// percentile.
fn shaded<DB: DrawingBackend>(
    plot: &mut Plot<'_, DB>,
    bands: &[Band],
    color: RGBColor,
    sides: &[(Side, Side, f64)],
    defined: fn(&Band) -> bool,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    for stretch in stretches(bands, defined) {
        if let [only] = stretch {
            line(
                plot,
                &[(only.x, only.p5), (only.x, only.p95)],
                color.stroke_width(2),
            )?;
            plot.plotting_area()
                .draw(&Circle::new((only.x, only.median), 5, color.filled()))?;
            continue;
        }
        for &(low, high, alpha) in sides {
            let outline: Vec<(f64, f64)> = (stretch.iter().map(|b| (b.x, high(b))))
                .chain(stretch.iter().rev().map(|b| (b.x, low(b))))
                .collect();
            plot.plotting_area()
                .draw(&Polygon::new(outline, color.mix(alpha).filled()))?;
        }
        let median: Vec<(f64, f64)> = stretch.iter().map(|b| (b.x, b.median)).collect();
        line(plot, &median, color.stroke_width(3))?;
    }
    Ok(())
}

/// Draws a line through `points`, broken where a point is undefined.
pub fn line<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    points: &[(f64, f64)],
    style: ShapeStyle,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    path(plot, points, style, false)
}

/// Draws a dashed line through `points`, broken where a point is undefined.
pub fn dashed<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    points: &[(f64, f64)],
    style: ShapeStyle,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    path(plot, points, style, true)
}

/// [`line`] and [`dashed`]: one path per stretch of defined points.
fn path<DB: DrawingBackend>(
    plot: &Plot<'_, DB>,
    points: &[(f64, f64)],
    style: ShapeStyle,
    dashes: bool,
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    for stretch in stretches(points, |(x, y)| x.is_finite() && y.is_finite()) {
        if dashes {
            plot.plotting_area().draw(&DashedPathElement::new(
                stretch.iter().copied(),
                8,
                6,
                style,
            ))?;
        } else {
            plot.plotting_area()
                .draw(&PathElement::new(stretch.to_vec(), style))?;
        }
    }
    Ok(())
}

/// A dashed vertical line up the panel at `x`.
pub fn upright<DB: DrawingBackend>(plot: &Plot<'_, DB>, x: f64, style: ShapeStyle) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let y = plot.y_range();
    dashed(plot, &[(x, y.start), (x, y.end)], style)
}

/// The smallest and largest defined values, if any.
pub fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// The extent of the bands' 5th to 95th percentiles.
pub fn band_extent(bands: &[Band]) -> Option<(f64, f64)> {
    extent(bands.iter().flat_map(|b| [b.p5, b.p95, b.median]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_points_break_a_line() {
        let points = [1.0, f64::NAN, 2.0, 3.0, f64::NAN];
        let parts = stretches(&points, |v| v.is_finite());
        assert_eq!(parts, [&[1.0][..], &[2.0, 3.0][..]]);
    }

    #[test]
    fn extents_skip_undefined_values() {
        assert_eq!(
            extent([f64::NAN, 2.0, -1.0, f64::INFINITY]),
            Some((-1.0, 2.0))
        );
        assert_eq!(extent([f64::NAN]), None);
    }
}
