//! The fuzz targets' bodies (see targets.rs); `fuzz_targets/*.rs` hand them to libFuzzer.
mod targets;
pub use targets::*;
