//! The device key of a `profile init` in progress (issue 9 item 6). It is written before the
//! binding request, so that a `profile init` killed after the server bound the key but before
//! the profile was saved can be run again with the same token: the server answers the same key
//! again for 10 minutes after binding (docs/self-hosting.md, "Binding"), and refuses any other.
//!
//! `<store>/pending/<name>.json` (0600, atomic), `name` = the first 32 hex digits of
//! SHA-256("ksm pending device v1" ‖ token key), never the token itself:
//!
//! ```json
//! {"version":1,"created":1760000000,"salt":"B64","ciphertext":"B64"}
//! ```
//!
//! `ciphertext` is AES-256-GCM of the device's private key (base64 PKCS#8) under
//! HKDF-SHA256(ikm = the token key, salt, info = "ksm pending device v1"): only the holder of
//! the token can open it, and the token alone already lets its holder redeem it.

use super::files::{ensure_private_dir, read_optional, remove, write_private};
use super::ProfileError;
use hkdf::Hkdf;
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_decrypt, gcm_encrypt, EcPrivateKey, SymmetricKey};
use ksm_proto::token::OneTimeToken;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use zeroize::Zeroizing;

const DIR: &str = "pending";
const VERSION: u32 = 1;
const DOMAIN: &[u8] = b"ksm pending device v1";
const SALT_LEN: usize = 16;

/// How long the server answers a bound key again; an older pending key is of no use.
pub const WINDOW: Duration = Duration::from_secs(600);

#[derive(Serialize, Deserialize)]
pub(super) struct File {
    version: u32,
    created: u64,
    salt: String,
    ciphertext: String,
}

/// The device key to bind with a token: the one a killed `profile init` left (within
/// [`WINDOW`]), else a new one, written down before it is returned.
pub struct PendingDevice {
    path: PathBuf,
    private_key: Zeroizing<String>,
    reused: bool,
}

impl PendingDevice {
    /// Discards every pending key older than [`WINDOW`] (or unreadable), then takes the one
    /// for `token` or makes and stores a new one.
    pub fn for_token(store_dir: &Path, token: &OneTimeToken) -> Result<Self, ProfileError> {
        let token_key = token.key().map_err(|e| ProfileError::Import(format!("invalid token: {e}")))?;
        let dir = store_dir.join(DIR);
        ensure_private_dir(store_dir)?;
        ensure_private_dir(&dir)?;
        discard_expired(&dir)?;
        let path = dir.join(format!(
            "{}.json",
            &hex::encode(Sha256::new_with_prefix(DOMAIN).chain_update(token_key.as_bytes()).finalize())[..32]
        ));
        if let Some(private_key) = read_optional(&path)?.and_then(|bytes| open(&bytes, &token_key)) {
            return Ok(Self { path, private_key, reused: true });
        }
        let private_key = Zeroizing::new(b64::encode(&EcPrivateKey::generate().to_pkcs8_der()));
        write_private(&path, &seal(&private_key, &token_key, now_secs())?)?;
        Ok(Self { path, private_key, reused: false })
    }

    /// The device's private key, base64 PKCS#8 as in a client configuration.
    pub fn private_key(&self) -> &str {
        &self.private_key
    }

    /// True when an earlier, interrupted `profile init` left this key.
    pub fn reused(&self) -> bool {
        self.reused
    }

    /// Once the profile is saved, the pending key is of no further use.
    pub fn forget(self) -> Result<(), ProfileError> {
        remove(&self.path)
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |age| age.as_secs())
}

fn file_key(token_key: &SymmetricKey, salt: &[u8]) -> Option<SymmetricKey> {
    let mut okm = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), token_key.as_bytes()).expand(DOMAIN, okm.as_mut_slice()).ok()?;
    SymmetricKey::from_slice(okm.as_slice()).ok()
}

pub(super) fn seal(
    private_key: &str,
    token_key: &SymmetricKey,
    created: u64,
) -> Result<Zeroizing<Vec<u8>>, ProfileError> {
    let mut salt = [0u8; SALT_LEN];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let key =
        file_key(token_key, &salt).ok_or_else(|| ProfileError::Io("cannot derive the pending key's key".into()))?;
    let file = File {
        version: VERSION,
        created,
        salt: b64::encode(&salt),
        ciphertext: b64::encode(&gcm_encrypt(&key, private_key.as_bytes())),
    };
    serde_json::to_vec(&file)
        .map(Zeroizing::new)
        .map_err(|e| ProfileError::Io(format!("cannot encode the pending device key: {e}")))
}

/// The private key in a pending file, when it is ours, young enough and opens with the token.
fn open(bytes: &[u8], token_key: &SymmetricKey) -> Option<Zeroizing<String>> {
    decrypt(&parse(bytes).filter(is_fresh)?, token_key)
}

/// The fields of a version-1 pending file, however old.
pub(super) fn parse(bytes: &[u8]) -> Option<File> {
    serde_json::from_slice(bytes).ok().filter(|file: &File| file.version == VERSION)
}

/// Created less than [`WINDOW`] ago (and not in the future).
fn is_fresh(file: &File) -> bool {
    now_secs().checked_sub(file.created).is_some_and(|age| age < WINDOW.as_secs())
}

/// The device private key the file seals, when it opens with `token_key` and is a P-256 key.
pub(super) fn decrypt(file: &File, token_key: &SymmetricKey) -> Option<Zeroizing<String>> {
    let key = file_key(token_key, &b64::decode(&file.salt).ok()?)?;
    let plaintext = Zeroizing::new(gcm_decrypt(&key, &b64::decode(&file.ciphertext).ok()?).ok()?);
    let text = std::str::from_utf8(&plaintext).ok()?;
    EcPrivateKey::from_pkcs8_der(&b64::decode(text).ok()?).ok()?;
    Some(Zeroizing::new(text.to_string()))
}

/// Removes pending files that are past the window or not ours; temporary files are left to
/// `ksm_files`' own sweep.
fn discard_expired(dir: &Path) -> Result<(), ProfileError> {
    ksm_files::remove_stale_temps(dir, ksm_files::STALE_TEMP_AGE).map_err(|e| ProfileError::io("clean up", dir, &e))?;
    let entries = std::fs::read_dir(dir).map_err(|e| ProfileError::io("list", dir, &e))?;
    for entry in entries {
        let path = entry.map_err(|e| ProfileError::io("list", dir, &e))?.path();
        if path.extension().is_none_or(|ext| ext != "json")
            || path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        let stale = read_optional(&path)?.is_some_and(|bytes| !parse(&bytes).is_some_and(|file| is_fresh(&file)));
        if stale {
            remove(&path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> OneTimeToken {
        OneTimeToken::parse(&format!("US:{}", b64::encode(&[7u8; 32]))).unwrap()
    }

    #[test]
    fn a_second_run_reuses_the_key_and_forget_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let first = PendingDevice::for_token(dir.path(), &token()).unwrap();
        assert!(!first.reused());
        let name = first.path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(!name.contains(&token().client_key), "the file is named by a hash, not the token");
        let second = PendingDevice::for_token(dir.path(), &token()).unwrap();
        assert!(second.reused());
        assert_eq!(second.private_key(), first.private_key());
        second.forget().unwrap();
        assert!(!PendingDevice::for_token(dir.path(), &token()).unwrap().reused());
    }

    #[test]
    fn an_expired_or_foreign_key_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let first = PendingDevice::for_token(dir.path(), &token()).unwrap();
        let old = now_secs() - WINDOW.as_secs();
        std::fs::write(&first.path, seal(first.private_key(), &token().key().unwrap(), old).unwrap().as_slice())
            .unwrap();
        let other = OneTimeToken::parse(&format!("US:{}", b64::encode(&[9u8; 32]))).unwrap();
        PendingDevice::for_token(dir.path(), &other).unwrap();
        assert!(!first.path.exists(), "an expired pending key was kept");
        let again = PendingDevice::for_token(dir.path(), &token()).unwrap();
        assert!(!again.reused());
        assert_ne!(again.private_key(), first.private_key());
    }

    #[test]
    fn the_file_is_private_and_holds_no_key_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let pending = PendingDevice::for_token(dir.path(), &token()).unwrap();
        let text = std::fs::read_to_string(&pending.path).unwrap();
        assert!(!text.contains(pending.private_key()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&pending.path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
