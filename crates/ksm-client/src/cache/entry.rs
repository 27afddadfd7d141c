//! One cache file (format version 1):
//!
//! `KSMCACHE` ‖ 0x01 ‖ AES-256-GCM(nonce ‖ ciphertext ‖ tag) of
//! `{"clientId":…,"request":…,"storedAt":<unix ms>}` ‖ `\n` ‖ the decrypted response body.
//!
//! The key is HKDF-SHA256(salt = client id, ikm = app key ‖ device private key (PKCS#8 DER),
//! info = "ksm cache v1"): only the device's own configuration opens its cache, and nothing
//! that opens the cache is stored next to it (unlike the official SDKs, PROTOCOL.md §12.1).
//! The header inside the ciphertext binds the entry to its device and request and dates it, so
//! neither can be changed or swapped without failing authentication.

use hkdf::Hkdf;
use ksm_proto::b64;
use ksm_proto::config::ClientConfig;
use ksm_proto::crypto::{gcm_decrypt, gcm_encrypt, SymmetricKey};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::Duration;
use zeroize::Zeroizing;

const MAGIC: &[u8] = b"KSMCACHE\x01";
const HKDF_INFO: &[u8] = b"ksm cache v1";

/// The key that seals one device's cache entries.
pub struct EntryKey {
    key: SymmetricKey,
    client_id: String,
}

impl EntryKey {
    /// `None` until the device is bound (it has no application key before).
    pub fn derive(config: &ClientConfig) -> Option<Self> {
        let client_id = config.client_id.clone()?;
        let app_key = Zeroizing::new(b64::decode(config.app_key.as_deref()?).ok()?);
        let device_key = Zeroizing::new(b64::decode(config.private_key.as_deref()?).ok()?);
        let mut ikm = Zeroizing::new(Vec::with_capacity(app_key.len() + device_key.len()));
        ikm.extend_from_slice(&app_key);
        ikm.extend_from_slice(&device_key);
        let mut okm = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(Some(client_id.as_bytes()), &ikm).expand(HKDF_INFO, okm.as_mut()).ok()?;
        Some(Self { key: SymmetricKey::from_slice(okm.as_ref()).ok()?, client_id })
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Header {
    client_id: String,
    request: String,
    stored_at: u64,
}

/// An opened entry: authentic, and from the device whose key opened it.
pub struct Entry {
    pub request: String,
    /// When it was stored, in milliseconds since the Unix epoch.
    pub stored_at: u64,
    pub body: Zeroizing<Vec<u8>>,
}

impl Entry {
    /// How old the entry is at `now` (milliseconds since the epoch); never negative.
    pub fn age(&self, now: u64) -> Duration {
        Duration::from_millis(now.saturating_sub(self.stored_at))
    }
}

/// The entry does not open: damaged, tampered with, or sealed for another device.
#[derive(Debug, PartialEq, Eq)]
pub struct Rejected;

pub fn seal(key: &EntryKey, request: &str, stored_at: u64, body: &[u8]) -> Vec<u8> {
    let header = Header { client_id: key.client_id.clone(), request: request.to_string(), stored_at };
    // Serializing three plain fields cannot fail; an empty header would only make the entry unreadable.
    let mut plaintext = Zeroizing::new(serde_json::to_vec(&header).unwrap_or_default());
    plaintext.push(b'\n');
    plaintext.extend_from_slice(body);
    let mut file = MAGIC.to_vec();
    file.extend_from_slice(&gcm_encrypt(&key.key, &plaintext));
    file
}

pub fn open(key: &EntryKey, file: &[u8]) -> Result<Entry, Rejected> {
    let sealed = file.strip_prefix(MAGIC).ok_or(Rejected)?;
    let plaintext = Zeroizing::new(gcm_decrypt(&key.key, sealed).map_err(|_| Rejected)?);
    let newline = plaintext.iter().position(|b| *b == b'\n').ok_or(Rejected)?;
    let header: Header = serde_json::from_slice(&plaintext[..newline]).map_err(|_| Rejected)?;
    if header.client_id != key.client_id {
        return Err(Rejected);
    }
    let body = Zeroizing::new(plaintext[newline + 1..].to_vec());
    Ok(Entry { request: header.request, stored_at: header.stored_at, body })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_proto::crypto::EcPrivateKey;

    fn config(client_id: &str) -> ClientConfig {
        ClientConfig {
            client_id: Some(client_id.into()),
            app_key: Some(b64::encode(SymmetricKey::random().as_bytes())),
            private_key: Some(b64::encode(&EcPrivateKey::generate().to_pkcs8_der())),
            ..Default::default()
        }
    }

    const BODY: &[u8] = br#"{"records":[{"recordUid":"abc","data":"SECRET-CIPHERTEXT"}]}"#;

    #[test]
    fn round_trip_keeps_request_time_and_body() {
        let key = EntryKey::derive(&config("client-1")).unwrap();
        let file = seal(&key, "get_secret all", 1_700_000_000_123, BODY);
        assert!(file.starts_with(b"KSMCACHE\x01"));
        assert!(!file.windows(17).any(|w| w == b"SECRET-CIPHERTEXT"), "the body is encrypted");
        let entry = open(&key, &file).unwrap();
        assert_eq!(entry.request, "get_secret all");
        assert_eq!(entry.stored_at, 1_700_000_000_123);
        assert_eq!(entry.body.as_slice(), BODY);
    }

    #[test]
    fn age_comes_from_the_authenticated_time() {
        let key = EntryKey::derive(&config("client-1")).unwrap();
        let entry = open(&key, &seal(&key, "r", 10_000, BODY)).unwrap();
        assert_eq!(entry.age(12_500), Duration::from_millis(2_500));
        assert_eq!(entry.age(9_000), Duration::ZERO, "a clock that went back gives age 0");
    }

    #[test]
    fn another_device_or_app_key_cannot_open_it() {
        let mine = config("client-1");
        let key = EntryKey::derive(&mine).unwrap();
        let file = seal(&key, "r", 1, BODY);
        assert_eq!(open(&EntryKey::derive(&config("client-1")).unwrap(), &file).err(), Some(Rejected));
        let rotated_app_key = ClientConfig { app_key: config("x").app_key, ..mine.clone() };
        assert_eq!(open(&EntryKey::derive(&rotated_app_key).unwrap(), &file).err(), Some(Rejected));
        let other_id = ClientConfig { client_id: Some("client-2".into()), ..mine.clone() };
        assert_eq!(open(&EntryKey::derive(&other_id).unwrap(), &file).err(), Some(Rejected));
        assert!(open(&EntryKey::derive(&mine).unwrap(), &file).is_ok(), "the same configuration derives the same key");
    }

    #[test]
    fn a_header_naming_another_device_is_rejected_even_under_the_right_key() {
        let key = EntryKey::derive(&config("client-1")).unwrap();
        let forged =
            EntryKey { key: SymmetricKey::from_slice(key.key.as_bytes()).unwrap(), client_id: "client-2".into() };
        assert_eq!(open(&key, &seal(&forged, "r", 1, BODY)).err(), Some(Rejected));
    }

    #[test]
    fn changing_any_byte_is_rejected() {
        let key = EntryKey::derive(&config("client-1")).unwrap();
        let file = seal(&key, "get_secret all", 1_700_000_000_000, BODY);
        for index in 0..file.len() {
            let mut tampered = file.clone();
            tampered[index] ^= 0x01;
            assert_eq!(open(&key, &tampered).err(), Some(Rejected), "byte {index} of {}", file.len());
        }
        assert_eq!(open(&key, &file[..file.len() - 1]).err(), Some(Rejected), "truncated");
        assert_eq!(open(&key, &[file.as_slice(), b"x"].concat()).err(), Some(Rejected), "extended");
        assert_eq!(open(&key, b"").err(), Some(Rejected));
    }

    #[test]
    fn an_unbound_device_has_no_cache_key() {
        assert!(EntryKey::derive(&ClientConfig { app_key: None, ..config("client-1") }).is_none());
        assert!(EntryKey::derive(&ClientConfig { client_id: None, ..config("client-1") }).is_none());
    }
}
