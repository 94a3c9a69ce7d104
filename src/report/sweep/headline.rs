//! The statistics a sweep's charts show, in order.

/// The statistics a sweep's charts and headline tables show, in order.
pub const HEADLINE: [&str; 8] = [
    "ids_share_zero_pay",
    "median_net",
    "share_net_loss",
    "top1_share_gross_pay",
    "annual_quit_share",
    "payout_ratio",
    "peak_month",
    "saturation",
];
