//! build.rs support (placeholder while the builders compile).
