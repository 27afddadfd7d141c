//! Fuzz targets for the client's own parsers of bytes it reads back from disk (the offline
//! cache). Like targets.rs, each takes arbitrary bytes and must not panic; the same functions
//! run under libFuzzer (`fuzz/fuzz_targets/`) and on stable in
//! crates/ksm-client/tests/fuzz_regression.rs, which includes this file by path: keep it free of
//! dependencies other than ksm-client and ksm-proto.

use ksm_client::cache::entry::{open, seal, EntryKey};
use ksm_proto::b64;
use ksm_proto::config::ClientConfig;
use std::sync::OnceLock;

/// A client fuzz target: any bytes in, no panic out.
pub type ClientTarget = fn(&[u8]);

/// Every client target by name: the names of `fuzz/fuzz_targets/*.rs` and of `fuzz/corpus/*/`.
pub const CLIENT_TARGETS: &[(&str, ClientTarget)] = &[("cache_entry", cache_entry)];

/// A fixed device: the entry key only hashes the configuration's bytes.
fn entry_key() -> &'static EntryKey {
    static KEY: OnceLock<EntryKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let config = ClientConfig {
            client_id: Some("fuzz-client".into()),
            app_key: Some(b64::encode(&[1u8; 32])),
            private_key: Some(b64::encode(&[2u8; 138])),
            ..ClientConfig::default()
        };
        EntryKey::derive(&config).expect("a bound configuration has an entry key")
    })
}

/// A cache file as read from disk (docs/cache.md); and, read as `request \n body`, an entry
/// sealed and opened again, which must come back unchanged and must not open once any byte of
/// it is changed.
pub fn cache_entry(data: &[u8]) {
    let key = entry_key();
    let _ = open(key, data);
    let (request, body) = match data.iter().position(|b| *b == b'\n') {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let request = String::from_utf8_lossy(request);
    let stored_at = data.iter().fold(0u64, |acc, b| acc.wrapping_mul(131).wrapping_add(u64::from(*b)));
    let file = seal(key, &request, stored_at, body);
    let entry = open(key, &file).expect("a sealed entry opens");
    assert_eq!((entry.request.as_str(), entry.stored_at, entry.body.as_slice()), (&*request, stored_at, body));
    let mut changed = file.clone();
    let at = usize::try_from(stored_at % changed.len() as u64).unwrap_or(0);
    changed[at] ^= 0x01;
    assert!(open(key, &changed).is_err(), "a changed byte at {at} still opens");
}
