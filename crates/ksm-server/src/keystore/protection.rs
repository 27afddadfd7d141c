//! How the owner keystore's private key is encrypted at rest, and where the secret that opens
//! it comes from: a passphrase stretched with Argon2id (its parameters stored in the file), a
//! key file, or nothing at all when the owner asked for plaintext explicitly.

use super::os_keyring;
use super::passphrase::{self, Passphrase};
use anyhow::{bail, Context};
use argon2::{Algorithm, Argon2, Params, Version};
use hkdf::Hkdf;
use ksm_proto::crypto::SymmetricKey;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const HKDF_INFO: &[u8] = b"ksm-server owner keystore v2";
const KEY_FILE_LEN: usize = 32;

/// Argon2id cost, as stored in the keystore so that it can be raised later without breaking
/// old files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Argon2Cost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Argon2Cost {
    /// OWASP's first recommendation for Argon2id in 2024 is 19 MiB × 2; we spend more because
    /// the keystore is opened once per admin command, not per request.
    pub const DEFAULT: Self = Self { memory_kib: 64 * 1024, iterations: 3, parallelism: 1 };
    /// More than this is refused on read: a hostile file must not make us allocate gigabytes.
    const MAX_MEMORY_KIB: u32 = 4 * 1024 * 1024;
}

/// The `"protection"` object of a keystore file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Protection {
    Passphrase {
        argon2id: Argon2Cost,
    },
    KeyFile {
        path: PathBuf,
    },
    /// The OS keyring entry `ksm-server`/`entry` holds the secret.
    Keyring {
        entry: String,
    },
    Plaintext,
}

impl Protection {
    pub fn passphrase() -> Self {
        Self::Passphrase { argon2id: Argon2Cost::DEFAULT }
    }

    /// A keyring protection with a fresh entry name.
    pub fn keyring() -> Self {
        Self::Keyring { entry: os_keyring::new_entry_name() }
    }

    pub fn is_plaintext(&self) -> bool {
        matches!(self, Self::Plaintext)
    }

    pub fn describe(&self) -> String {
        match self {
            Self::Passphrase { .. } => "passphrase (Argon2id)".into(),
            Self::KeyFile { path } => format!("key file {}", path.display()),
            Self::Keyring { entry } => format!("OS keyring entry ksm-server/{entry}"),
            Self::Plaintext => "none (plaintext)".into(),
        }
    }

    /// The key that seals a new keystore: a new passphrase (from `passphrase_var`, else asked
    /// twice on the terminal), or the key file's, created when it is missing.
    pub fn new_sealing_key(&self, salt: &[u8], passphrase_var: &str) -> anyhow::Result<SymmetricKey> {
        match self {
            Self::Passphrase { argon2id } => stretch(&passphrase::new(passphrase_var)?, salt, argon2id),
            Self::KeyFile { path } => expand(&key_file_read_or_create(path)?, salt),
            Self::Keyring { entry } => expand(&os_keyring::store_new(entry)?, salt),
            Self::Plaintext => bail!("a plaintext keystore has no sealing key"),
        }
    }

    /// Forgets what this protection put in the OS keyring, once a new write replaced it. Key
    /// files belong to the user and are left alone.
    pub fn discard(&self) -> anyhow::Result<()> {
        match self {
            Self::Keyring { entry } => os_keyring::remove(entry),
            Self::Passphrase { .. } | Self::KeyFile { .. } | Self::Plaintext => Ok(()),
        }
    }

    /// The key that opens an existing keystore.
    pub fn opening_key(&self, salt: &[u8], keystore: &Path) -> anyhow::Result<SymmetricKey> {
        match self {
            Self::Passphrase { argon2id } => stretch(&passphrase::existing(keystore)?, salt, argon2id),
            Self::KeyFile { path } => expand(&key_file_read(path)?, salt),
            Self::Keyring { entry } => expand(&os_keyring::fetch(entry)?, salt),
            Self::Plaintext => bail!("a plaintext keystore has no opening key"),
        }
    }
}

fn stretch(passphrase: &Passphrase, salt: &[u8], cost: &Argon2Cost) -> anyhow::Result<SymmetricKey> {
    if cost.memory_kib > Argon2Cost::MAX_MEMORY_KIB {
        let (asked, allowed) = (cost.memory_kib, Argon2Cost::MAX_MEMORY_KIB);
        bail!("the owner keystore asks for {asked} KiB of Argon2 memory, more than the {allowed} allowed");
    }
    let params = Params::new(cost.memory_kib, cost.iterations, cost.parallelism, Some(32))
        .map_err(|e| anyhow::anyhow!("the owner keystore's Argon2 parameters are invalid: {e}"))?;
    let mut key = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_bytes(), salt, key.as_mut())
        .map_err(|e| anyhow::anyhow!("cannot derive the keystore key: {e}"))?;
    Ok(SymmetricKey::from_slice(key.as_ref())?)
}

fn expand(secret: &[u8], salt: &[u8]) -> anyhow::Result<SymmetricKey> {
    let mut key = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), secret)
        .expand(HKDF_INFO, key.as_mut())
        .map_err(|_| anyhow::anyhow!("cannot derive the keystore key"))?;
    Ok(SymmetricKey::from_slice(key.as_ref())?)
}

/// A key file holds the base64 of 32 random bytes (the same format `ksm --key-file` uses),
/// readable by its owner only.
fn key_file_read(path: &Path) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let text = Zeroizing::new(
        std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the keystore key file {}", path.display()))?,
    );
    refuse_shared(path)?;
    let key = Zeroizing::new(ksm_proto::b64::decode(text.trim()).unwrap_or_default());
    if key.len() != KEY_FILE_LEN {
        bail!(
            "the key file {} does not hold a key (expected the base64 of {KEY_FILE_LEN} random bytes)",
            path.display()
        );
    }
    Ok(key)
}

/// Two processes creating the key file at once both end up with the one that was created
/// first: it is never replaced.
fn key_file_read_or_create(path: &Path) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let key = SymmetricKey::random();
    let mut text = Zeroizing::new(ksm_proto::b64::encode(key.as_bytes()));
    text.push('\n');
    match ksm_files::create_new_private(path, text.as_bytes()) {
        Ok(()) => Ok(Zeroizing::new(key.as_bytes().to_vec())),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => key_file_read(path),
        Err(error) => Err(error).with_context(|| format!("cannot create the key file {}", path.display())),
    }
}

#[cfg(unix)]
fn refuse_shared(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        bail!(
            "the key file {} is accessible by group or others (mode {mode:o}); run `chmod 600 {}` and retry",
            path.display(),
            path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_shared(_path: &Path) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_form_is_tagged_by_kind() {
        let json = |p: &Protection| serde_json::to_value(p).unwrap();
        assert_eq!(
            json(&Protection::passphrase()),
            serde_json::json!({"kind": "passphrase",
                "argon2id": {"memory_kib": 65536, "iterations": 3, "parallelism": 1}})
        );
        assert_eq!(
            json(&Protection::KeyFile { path: "/k".into() }),
            serde_json::json!({"kind": "key-file", "path": "/k"})
        );
        assert_eq!(json(&Protection::Plaintext), serde_json::json!({"kind": "plaintext"}));
        let keyring = Protection::Keyring { entry: "owner-keystore:abc".into() };
        assert_eq!(json(&keyring), serde_json::json!({"kind": "keyring", "entry": "owner-keystore:abc"}));
        assert!(serde_json::from_str::<Protection>(r#"{"kind":"vault"}"#).is_err());
    }

    #[test]
    fn argon2_is_deterministic_per_salt_and_bounded() {
        let cost = Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 };
        let pass = Passphrase::from("correct horse battery staple".to_string());
        let a = stretch(&pass, &[1; 16], &cost).unwrap();
        assert_eq!(a, stretch(&pass, &[1; 16], &cost).unwrap());
        assert_ne!(a, stretch(&pass, &[2; 16], &cost).unwrap());
        let greedy = Argon2Cost { memory_kib: u32::MAX, ..cost };
        assert!(stretch(&pass, &[1; 16], &greedy).unwrap_err().to_string().contains("more than"));
    }

    #[test]
    fn key_file_is_created_private_and_shared_ones_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("owner.key");
        let created = key_file_read_or_create(&path).unwrap();
        assert_eq!(key_file_read(&path).unwrap(), created);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(key_file_read(&path).unwrap_err().to_string().contains("chmod 600"));
        }
        std::fs::write(dir.path().join("short.key"), "AAAA").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path().join("short.key"), std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(key_file_read(&dir.path().join("short.key")).unwrap_err().to_string().contains("does not hold a key"));
    }
}
