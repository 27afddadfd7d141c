//! The client's fuzz targets (fuzz/src/client_targets.rs) on stable: their seeds, saved
//! regressions and a bounded number of mutations, as crates/ksm-proto/tests/fuzz_regression.rs
//! does for the protocol's parsers. Coverage-guided runs: `scripts/fuzz cache_entry`.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

#[path = "../../../fuzz/src/client_targets.rs"]
mod client_targets;

#[path = "../../../fuzz/src/harness.rs"]
mod harness;

#[test]
fn client_targets_survive_their_seeds_regressions_and_mutations() {
    let fuzz_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz");
    for (name, target) in client_targets::CLIENT_TARGETS {
        harness::replay(&fuzz_dir, name, *target);
    }
}
