//! Plan engine tests.
