//! `histograms.csv`: the disclosure year's members counted by their pay
//! (`ids_gross_pay`) and net (`ids_net`) in that year, in fixed money bins
//! ([`crate::ensemble::curves::bin_edges`]), summed over runs.

use crate::ensemble::Ensemble;
use crate::ensemble::curves::{HISTOGRAMS, RunCurves, bin_edges, pooled_histograms};
use serde::{Deserialize, Serialize};

/// One bin of one histogram.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct HistogramRow {
    /// `ids_gross_pay` or `ids_net`.
    pub quantity: String,
    /// The bin's lower edge (included), in currency; `-inf` for the first bin.
    pub low: f64,
    /// The bin's upper edge (excluded); `inf` for the last bin.
    pub high: f64,
    /// Members with an amount in `[low, high)`, summed over runs.
    pub count: u64,
}

/// Every bin of every histogram, in increasing money.
pub fn rows(ensemble: &Ensemble) -> Vec<HistogramRow> {
    let runs: Vec<&RunCurves> = ensemble.runs.iter().map(|r| &r.curves).collect();
    let edges = bin_edges();
    let mut rows = Vec::new();
    for (quantity, counts) in HISTOGRAMS.iter().zip(pooled_histograms(&runs)) {
        for (k, &count) in counts.iter().enumerate() {
            rows.push(HistogramRow {
                quantity: quantity.to_string(),
                low: edges[k],
                high: edges[k + 1],
                count,
            });
        }
    }
    rows
}
