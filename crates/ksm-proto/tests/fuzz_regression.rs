//! The fuzz targets of `fuzz/` on stable: every seed of `fuzz/corpus/<target>/` (and every
//! crash input ever fixed, kept in `fuzz/regressions/<target>/`) plus a bounded number of
//! mutations of them go through the very functions libFuzzer drives, so CI exercises the
//! parsers of untrusted bytes even without nightly. Coverage-guided runs: `scripts/fuzz`.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

#[path = "../../../fuzz/src/targets.rs"]
mod targets;

#[path = "../../../fuzz/src/harness.rs"]
mod harness;

use harness::inputs;
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

#[test]
fn every_target_has_a_seed_corpus() {
    for (name, _) in targets::TARGETS {
        assert!(!inputs(&fuzz_dir().join("corpus").join(name)).is_empty(), "fuzz/corpus/{name} has no seed");
    }
}

#[test]
fn targets_survive_their_seeds_regressions_and_mutations() {
    for (name, target) in targets::TARGETS {
        harness::replay(&fuzz_dir(), name, *target);
    }
}
