//! Network CSV reader for `downline payout` (placeholder until the plan engine lands).
