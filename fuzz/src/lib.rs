//! The fuzz targets' bodies (see targets.rs); `fuzz_targets/*.rs` hand them to libFuzzer.
mod client_targets;
mod targets;
pub use client_targets::*;
pub use targets::*;
