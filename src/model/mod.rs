//! The agent-based model: a finite market, members with heterogeneous traits, and the
//! monthly schedule that grows, saturates and shrinks the organisation.
//!
//! Pure: no files, no printing, no clocks. A run is a function of the scenario and the
//! run index: [`simulate`] returns a [`RunRecord`]. [`world`] holds the month step and its
//! documentation; the other modules are the data it works on, except [`org`], which
//! draws a whole organisation of a given shape at once for `downline org` (stress tests
//! of a plan under `downline payout`), with the same seeding.

pub mod customers;
pub mod members;
pub mod memory;
pub mod network;
pub mod org;
pub mod people;
pub mod plan_view;
pub mod poisson;
pub mod reconsider;
pub mod record;
pub mod seeding;
pub mod trace;
pub mod world;

pub use record::{MemberOutcomes, MonthRecord, RunRecord, TraceMonth, TraceStatus};
pub use world::{World, simulate};
