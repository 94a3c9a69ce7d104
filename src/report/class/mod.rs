//! The class page: what `downline serve` shows a class in a browser, built over the
//! same kit and the same run report as `report.html`.
//!
//! [`page`] is the page itself (the plan picker, the sliders, the Run button, the
//! places where progress and results go, and its small inline script); [`result`] is
//! what a finished run adds to it, read back from the run's output folder exactly as
//! `report.html` is: the headline sentences and the charts of the run report
//! ([`crate::report::run`]), and the key numbers that the page sets beside the previous
//! run's. Both are pure functions of their inputs; serving them is `crate::serve`'s.

pub mod page;
pub mod result;
