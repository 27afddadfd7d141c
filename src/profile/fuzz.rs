//! Fuzz targets for the profile store's files, replayed on stable with the shared harness
//! (fuzz/src/harness.rs): the seeds of `fuzz/corpus/<target>/`, saved regressions, then bounded
//! mutations. They live here rather than in `fuzz/` because the store is part of the `ksm`
//! binary, which a cargo-fuzz crate cannot link (docs/testing.md).

use super::envelope;
use super::pending;
use super::Protection;
use crate::fuzz_harness as harness;
use ksm_proto::crypto::SymmetricKey;
use std::path::Path;

/// The secret (profile) and token key (pending device) the targets open files with; the seeds
/// are sealed under it.
const SECRET: [u8; 32] = [7; 32];

/// A profile file as `ksm` reads it: header, body, decryption; what opens must seal and open
/// again to the same profile.
fn profile_envelope(data: &[u8]) {
    let path = Path::new("profiles/fuzz.json");
    let _ = envelope::read_header(data, path);
    let Ok(parsed) = envelope::parse(data, path) else { return };
    let protection = parsed.header.protection.clone();
    let secret = (protection != Protection::Plaintext).then_some(SECRET.as_slice());
    let Ok(profile) = parsed.open(secret, path) else { return };
    let sealed = envelope::seal(&profile, &protection, secret).expect("an opened profile seals again");
    let again = envelope::parse(&sealed, path).and_then(|e| e.open(secret, path)).expect("a sealed profile opens");
    assert_eq!(again, profile, "profile round trip");
}

/// A pending device key file (`pending/<hash>.json`) as `profile init` reads it.
fn pending_device(data: &[u8]) {
    let key = SymmetricKey::from_slice(&SECRET).expect("32 bytes are a key");
    if let Some(file) = pending::parse(data) {
        let _ = pending::decrypt(&file, &key);
    }
}

#[test]
fn profile_file_targets_survive_their_seeds_and_mutations() {
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    harness::replay(&fuzz_dir, "profile_envelope", profile_envelope);
    harness::replay(&fuzz_dir, "pending_device", pending_device);
}

/// The seeds are sealed under [`SECRET`], so the mutations start from files that get past
/// authentication and exercise what is parsed after it.
#[test]
fn the_seeds_open() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let key = SymmetricKey::from_slice(&SECRET).expect("32 bytes are a key");
    for seed in harness::inputs(&corpus.join("pending_device")) {
        assert!(pending::parse(&seed).and_then(|file| pending::decrypt(&file, &key)).is_some());
    }
    let path = Path::new("profiles/prod.json");
    for seed in harness::inputs(&corpus.join("profile_envelope")) {
        let parsed = envelope::parse(&seed, path).expect("a seed parses");
        let secret = (parsed.header.protection != Protection::Plaintext).then_some(SECRET.as_slice());
        assert_eq!(parsed.open(secret, path).expect("a seed opens").name, "prod");
    }
}
