//! The overlay charts of `compare.html`, each inlined as SVG (the page fetches nothing)
//! with its title, caption and a line on how to read it.

use crate::report::kit::chart::Chart;
use crate::report::kit::figures::{self, Section};

/// The charts section.
pub fn section(charts: &[Chart]) -> String {
    figures::section(
        charts,
        &Section {
            empty: "No charts were drawn.",
            intro: None,
            how: |_| HOW,
        },
    )
}

/// How to read every overlay chart.
const HOW: &str = "blue is A, orange is B. Each thick line is the median across that side\u{2019}s \
                   runs; the shading around it holds the middle half of its runs and the thin lines \
                   of its colour 90 % of them. Where they overlap, single futures of A and B can look \
                   alike.";
