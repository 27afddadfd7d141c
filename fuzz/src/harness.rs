//! The stable half of fuzzing, shared by every regression test that replays fuzz targets
//! (crates/ksm-proto/tests/fuzz_regression.rs, crates/ksm-client/tests/fuzz_regression.rs, and
//! the `ksm` binary's src/main.rs for src/profile/fuzz.rs, src/format/fuzz.rs and
//! src/interpolation/fuzz.rs include this file by path): each seed of `fuzz/corpus/<target>/`
//! and each saved crash of `fuzz/regressions/<target>/`, then a bounded number of
//! libFuzzer-like mutations of them, go through the target.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::path::{Path, PathBuf};

/// Mutated inputs per target: enough to shake out shallow panics in well under a second.
const MUTATIONS_PER_TARGET: usize = 2_000;

pub fn inputs(dir: &Path) -> Vec<Vec<u8>> {
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

/// Runs `target` on its seeds and regressions under `fuzz_dir`, then on
/// [`MUTATIONS_PER_TARGET`] mutations of them; panics naming the input that made it panic.
pub fn replay(fuzz_dir: &Path, name: &str, target: fn(&[u8])) {
    let mut seeds = inputs(&fuzz_dir.join("corpus").join(name));
    seeds.extend(inputs(&fuzz_dir.join("regressions").join(name)));
    assert!(!seeds.is_empty(), "fuzz/corpus/{name} has no seed");
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
