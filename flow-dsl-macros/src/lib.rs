//! The `flow!` macro.
