//! Money histogram bins laid side by side, one slot each, for the income distribution.
//!
//! The pooled histograms have ten bins per tenfold of money on each side of zero, a bin
//! for under a dollar, the bin of nothing and open bins at the ends. Drawn one slot per
//! bin, the logarithmic bins come out evenly spaced (a log axis), losses mirror gains
//! (a symmetric log axis) and the bin of nothing sits between them, without a log
//! axis' trouble with zero. Ticks go at the bin edges that are powers of ten.

use crate::report::kit::format::money_tick;
use crate::report::kit::scale::{Scale, Tick};
use crate::report::run::data::Bin;

/// Bins shown as slots `0, 1, 2, ...`: bin `k` covers `[k, k + 1)` along the axis.
#[derive(Clone, Debug)]
pub struct Slots {
    bins: Vec<Bin>,
}

/// Whether a bin holds 0.
pub fn holds_zero(bin: &Bin) -> bool {
    bin.low <= 0.0 && 0.0 < bin.high
}

impl Slots {
    /// The bins of `all` that `keep` selects, trimmed to the stretch from the first to
    /// the last bin with members, widened to include any bin that `must_show` selects;
    /// no bins at all if none has members.
    pub fn new(
        all: &[Bin],
        keep: impl Fn(&Bin) -> bool,
        must_show: impl Fn(&Bin) -> bool,
    ) -> Slots {
        let kept: Vec<Bin> = all.iter().copied().filter(|b| keep(b)).collect();
        let (Some(first), Some(last)) = (
            kept.iter().position(|b| b.count > 0),
            kept.iter().rposition(|b| b.count > 0),
        ) else {
            return Slots { bins: Vec::new() };
        };
        let first = kept
            .iter()
            .position(&must_show)
            .map_or(first, |k| k.min(first));
        let last = kept
            .iter()
            .rposition(&must_show)
            .map_or(last, |k| k.max(last));
        Slots {
            bins: kept[first..=last].to_vec(),
        }
    }

    /// The bins, in slot order.
    pub fn bins(&self) -> &[Bin] {
        &self.bins
    }

    /// Where `value` falls along the axis: its bin's slot plus how far into the bin it
    /// is (logarithmically for a bin between two powers, linearly otherwise); `None` if
    /// no shown bin holds it.
    pub fn position(&self, value: f64) -> Option<f64> {
        let k = self
            .bins
            .iter()
            .position(|b| b.low <= value && value < b.high)?;
        let b = self.bins[k];
        let fraction = if b.low > 0.0 && b.high.is_finite() && b.low >= 1.0 {
            (value / b.low).ln() / (b.high / b.low).ln()
        } else if b.high < 0.0 && b.low.is_finite() && b.high <= -1.0 {
            1.0 - (value / b.high).ln() / (b.low / b.high).ln()
        } else if b.low.is_finite() && b.high.is_finite() {
            (value - b.low) / (b.high - b.low)
        } else {
            0.5
        };
        Some(k as f64 + fraction.clamp(0.0, 1.0))
    }

    /// The axis: one unit per slot, with ticks at the edges that are a dollar times a
    /// power of ten (at least `smallest` dollars from zero) and "$0" at the middle of
    /// the bin of nothing; a tick too close to one already kept (zero first) is dropped.
    pub fn scale(&self, smallest: f64) -> Scale {
        let n = self.bins.len();
        let mut candidates: Vec<Tick> = Vec::new();
        for (k, b) in self.bins.iter().enumerate() {
            if holds_zero(b) {
                candidates.push(Tick {
                    value: k as f64 + 0.5,
                    label: "$0".to_string(),
                });
            }
            for (edge, at) in [(b.low, k as f64), (b.high, k as f64 + 1.0)] {
                let power = edge.abs().log10();
                let is_power = edge.is_finite()
                    && edge.abs() >= smallest
                    && (power - power.round()).abs() < 1e-9;
                if is_power && !candidates.iter().any(|t| (t.value - at).abs() < 1e-9) {
                    candidates.push(Tick {
                        value: at,
                        label: money_tick(edge, edge.abs()),
                    });
                }
            }
        }
        candidates.sort_by(|a, b| a.value.total_cmp(&b.value));
        let gap = (n as f64 / 14.0).max(1.0);
        let zero: Vec<f64> = candidates
            .iter()
            .filter(|t| t.label == "$0")
            .map(|t| t.value)
            .collect();
        let mut ticks: Vec<Tick> = Vec::new();
        for tick in candidates {
            let near_zero = tick.label != "$0" && zero.iter().any(|z| (z - tick.value).abs() < gap);
            let near_last = ticks
                .last()
                .is_some_and(|t: &Tick| tick.value - t.value < gap && t.label != "$0");
            if near_zero || (near_last && tick.label != "$0") {
                continue;
            }
            ticks.push(tick);
        }
        Scale::explicit(0.0, n.max(1) as f64, ticks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ensemble::curves::bin_edges;

    fn bins(counts: &[(f64, u64)]) -> Vec<Bin> {
        let edges = bin_edges();
        edges
            .windows(2)
            .map(|w| Bin {
                low: w[0],
                high: w[1],
                count: counts
                    .iter()
                    .find(|(v, _)| w[0] <= *v && *v < w[1])
                    .map_or(0, |(_, c)| *c),
            })
            .collect()
    }

    #[test]
    fn slots_span_the_bins_with_members() {
        let all = bins(&[(-500.0, 3), (0.0, 5), (2000.0, 1)]);
        let slots = Slots::new(&all, |_| true, |_| false);
        let shown = slots.bins();
        assert!(shown[0].low <= -500.0 && -500.0 < shown[0].high);
        assert!(
            shown
                .last()
                .is_some_and(|b| b.low <= 2000.0 && 2000.0 < b.high)
        );
        assert!(shown.iter().any(holds_zero));
    }

    #[test]
    fn positions_follow_the_log_bins() {
        let all = bins(&[(1.5, 1), (50_000.0, 1)]);
        let slots = Slots::new(&all, |b| b.low > 0.0, |_| false);
        let at = |v| slots.position(v).expect("shown");
        // Ten slots per tenfold: $10 to $100 is ten slots, as is $1,000 to $10,000.
        assert!((at(100.0) - at(10.0) - 10.0).abs() < 1e-9);
        assert!((at(10_000.0) - at(1000.0) - 10.0).abs() < 1e-9);
        assert!(slots.position(0.0).is_none());
    }

    #[test]
    fn losses_mirror_gains() {
        let all = bins(&[(-1000.0, 1), (1000.0, 1)]);
        let slots = Slots::new(&all, |_| true, |_| false);
        let zero = slots.position(0.0).expect("zero is shown");
        let loss = slots.position(-100.0).expect("shown");
        let gain = slots.position(100.0).expect("shown");
        assert!((zero - loss - (gain - zero)).abs() < 1e-9);
    }

    #[test]
    fn ticks_are_powers_of_ten_and_zero_without_crowding() {
        let all = bins(&[(-5000.0, 1), (0.0, 1), (300_000.0, 1)]);
        let slots = Slots::new(&all, |_| true, |_| false);
        let scale = slots.scale(1.0);
        let labels: Vec<&str> = scale.ticks().iter().map(|t| t.label.as_str()).collect();
        assert!(labels.contains(&"$0"));
        assert!(labels.contains(&"-$1,000"));
        assert!(labels.contains(&"$100,000"));
        assert!(!labels.contains(&"$1"), "{labels:?}");
        let values: Vec<f64> = scale.ticks().iter().map(|t| t.value).collect();
        assert!(values.windows(2).all(|w| w[1] - w[0] >= 1.0));
    }

    #[test]
    fn no_members_means_no_slots() {
        let slots = Slots::new(&bins(&[]), |_| true, holds_zero);
        assert!(slots.bins().is_empty());
        assert!(slots.scale(1.0).ticks().is_empty());
    }
}
