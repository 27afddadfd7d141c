//! The fuzz target for `.env` files (`exec --env-file`, `export --env-file`), replayed on stable
//! with the shared harness (fuzz/src/harness.rs): the seeds of `fuzz/corpus/dotenv/`, saved
//! regressions, then bounded mutations. It lives here rather than in `fuzz/` because the parser
//! is part of the `ksm` binary, which a cargo-fuzz crate cannot link (docs/testing.md).

use super::dotenv::{is_env_name, parse_env_file, quote_value};
use crate::fuzz_harness as harness;
use std::path::Path;

/// A `.env` file as `ksm` reads it. What parses has valid, distinct names, and written back
/// with [`quote_value`] reads back to the same variables.
fn dotenv(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(vars) = parse_env_file(&text) else { return };
    for (index, (name, _)) in vars.iter().enumerate() {
        assert!(is_env_name(name), "invalid name {name:?}");
        assert!(vars[..index].iter().all(|(known, _)| known != name), "{name} given twice");
    }
    let written: String = vars.iter().map(|(name, value)| format!("{name}={}\n", quote_value(value))).collect();
    assert_eq!(parse_env_file(&written).as_ref(), Ok(&vars), "dotenv round trip of {written:?}");
}

#[test]
fn dotenv_target_survives_its_seeds_and_mutations() {
    harness::replay(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz"), "dotenv", dotenv);
}

/// The seeds are valid files, so the mutations start from inputs that parse.
#[test]
fn the_seeds_parse() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/dotenv");
    for seed in harness::inputs(&corpus) {
        let text = std::str::from_utf8(&seed).expect("a seed is UTF-8");
        assert!(parse_env_file(text).expect("a seed parses").len() >= 4);
    }
}
