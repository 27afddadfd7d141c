//! The fuzz targets of `fuzz/` on stable: every seed of `fuzz/corpus/<target>/` (and every
//! crash input ever fixed, kept in `fuzz/regressions/<target>/`) plus a bounded number of
//! mutations of them go through the very functions libFuzzer drives, so CI exercises the
//! parsers of untrusted bytes even without nightly. Coverage-guided runs: `scripts/fuzz`.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

#[path = "../../../fuzz/src/targets.rs"]
mod targets;

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::{Path, PathBuf};

/// Mutated inputs per target: enough to shake out shallow panics in well under a second.
const MUTATIONS_PER_TARGET: usize = 2_000;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn inputs(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries.map(|entry| entry.expect("a readable directory entry").path()).collect();
    paths.sort();
    paths.into_iter().map(|path| std::fs::read(&path).expect("a readable seed")).collect()
}

/// One random edit in the spirit of libFuzzer's: flip, insert, delete, duplicate or splice.
fn mutate(rng: &mut StdRng, input: &mut Vec<u8>, other: &[u8]) {
    const INTERESTING: &[&[u8]] = &[
        b"\0",
        b"\xff",
        b"[",
        b"]",
        b"{",
        b"}",
        b"\\",
        b"/",
        b"=",
        b"%",
        b"\"",
        b":",
        b".",
        b"\n",
        b"-1",
        b"99999999999",
    ];
    let at = if input.is_empty() { 0 } else { rng.gen_range(0..=input.len()) };
    match rng.gen_range(0..6) {
        0 if !input.is_empty() => {
            let i = rng.gen_range(0..input.len());
            input[i] ^= 1 << rng.gen_range(0..8);
        }
        1 => input.insert(at, rng.gen()),
        2 if at < input.len() => {
            let end = rng.gen_range(at..=input.len());
            input.drain(at..end);
        }
        3 => {
            let token = INTERESTING[rng.gen_range(0..INTERESTING.len())];
            input.splice(at..at, token.iter().copied());
        }
        4 if !other.is_empty() => {
            let start = rng.gen_range(0..other.len());
            let end = rng.gen_range(start..=other.len());
            input.splice(at..at, other[start..end].iter().copied());
        }
        _ => {
            let end = rng.gen_range(at..=input.len());
            let copy: Vec<u8> = input[at..end].to_vec();
            input.splice(at..at, copy);
        }
    }
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
        let mut seeds = inputs(&fuzz_dir().join("corpus").join(name));
        seeds.extend(inputs(&fuzz_dir().join("regressions").join(name)));
        for seed in &seeds {
            target(seed);
        }
        // Seeded from the target's name: a failure reproduces on every run.
        let mut rng = StdRng::seed_from_u64(
            name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)),
        );
        for _ in 0..MUTATIONS_PER_TARGET {
            let mut input = seeds[rng.gen_range(0..seeds.len())].clone();
            let other = &seeds[rng.gen_range(0..seeds.len())];
            for _ in 0..rng.gen_range(1..=4) {
                mutate(&mut rng, &mut input, other);
            }
            let outcome = std::panic::catch_unwind(|| target(&input));
            assert!(outcome.is_ok(), "fuzz target {name} panicked on {:?}", String::from_utf8_lossy(&input));
        }
    }
}
