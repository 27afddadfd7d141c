//! The vault owner's keystore: the P-256 key that every folder, record, file and application
//! key is wrapped to (ECIES). Only admin commands load it; `serve` never does, so a copy of a
//! running server's database and data directory without this file reveals nothing.
//!
//! File format (version 2; version 1, a plaintext `owner_private_key` only, is still read):
//!
//! ```json
//! {"version":2,"owner_public_key":"B64","protection":{"kind":"passphrase","argon2id":{..}},
//!  "salt":"B64","ciphertext":"B64"}
//! ```
//!
//! `ciphertext` is AES-256-GCM (nonce ‖ ciphertext ‖ tag) of the PKCS#8 DER private key under
//! a key derived from the protection's secret and `salt` (16 random bytes, fresh at every
//! write): Argon2id for a passphrase, HKDF-SHA256 for a key file or an OS keyring secret. A plaintext keystore holds
//! `owner_private_key` (B64 PKCS#8 DER) instead of `salt` and `ciphertext`.

mod os_keyring;
mod passphrase;
mod protection;

pub use passphrase::{NEW_PASSPHRASE_VAR, PASSPHRASE_VAR};
pub use protection::Protection;

use anyhow::{bail, Context};
use ksm_files::write_private;
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_decrypt, gcm_encrypt, EcPrivateKey, EcPublicKey, SymmetricKey};
use ksm_proto::record_crypto::{open_owner_key, open_owner_text};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::path::Path;
use zeroize::Zeroizing;

const VERSION: u32 = 2;
const SALT_LEN: usize = 16;

#[derive(Serialize, Deserialize)]
struct KeystoreFile {
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner_public_key: Option<String>,
    #[serde(default = "plaintext")]
    protection: Protection,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    salt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ciphertext: Option<String>,
    /// B64 PKCS#8 DER, in a plaintext keystore only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner_private_key: Option<String>,
}

fn plaintext() -> Protection {
    Protection::Plaintext
}

/// Only the cleartext header: what `serve` may look at without touching a key.
#[derive(Deserialize)]
pub struct KeystoreHeader {
    version: u32,
    /// B64 of the uncompressed public key; absent in version 1 files.
    pub owner_public_key: Option<String>,
    #[serde(default = "plaintext")]
    pub protection: Protection,
}

pub struct OwnerKeystore {
    key: EcPrivateKey,
}

impl OwnerKeystore {
    /// A fresh owner key, saved at `path` under `protection`; an existing file is never replaced.
    pub fn create(path: &Path, protection: &Protection) -> anyhow::Result<Self> {
        if path.exists() {
            bail!("an owner keystore already exists at {}; refusing to overwrite it", path.display());
        }
        let keystore = Self { key: EcPrivateKey::generate() };
        keystore.save(path, protection, PASSPHRASE_VAR)?;
        Ok(keystore)
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let bytes = Zeroizing::new(std::fs::read(path).with_context(|| {
            format!("cannot read the owner keystore {} (pass --keystore or set KSM_SERVER_KEYSTORE)", path.display())
        })?);
        let file: KeystoreFile = serde_json::from_slice(&bytes).map_err(|e| not_a_keystore(path, &e))?;
        check_version(file.version, path)?;
        let decode = |text: &Option<String>, what: &str| -> anyhow::Result<Zeroizing<Vec<u8>>> {
            let text =
                text.as_deref().with_context(|| format!("the owner keystore {} has no {what}", path.display()))?;
            Ok(Zeroizing::new(b64::decode(text).with_context(|| format!("the owner keystore's {what} is not base64"))?))
        };
        let der = match &file.protection {
            Protection::Plaintext => decode(&file.owner_private_key, "owner_private_key")?,
            protection => {
                if file.owner_private_key.is_some() {
                    bail!("the owner keystore {} claims protection but holds a plaintext key", path.display());
                }
                let salt = decode(&file.salt, "salt")?;
                let ciphertext = decode(&file.ciphertext, "ciphertext")?;
                let key = protection.opening_key(&salt, path)?;
                Zeroizing::new(gcm_decrypt(&key, &ciphertext).map_err(|_| {
                    anyhow::anyhow!(
                        "cannot open the owner keystore {}: wrong passphrase or key file, or the file is damaged",
                        path.display()
                    )
                })?)
            }
        };
        let key = EcPrivateKey::from_pkcs8_der(&der).context("the owner keystore's key is not a P-256 key")?;
        let keystore = Self { key };
        if let Some(public) = &file.owner_public_key {
            if b64::decode(public).ok().as_deref() != Some(&keystore.public_key().to_uncompressed()[..]) {
                bail!("the owner keystore {} is damaged: its key does not match its public key", path.display());
            }
        }
        Ok(keystore)
    }

    /// The cleartext header of the keystore at `path`: how it is protected, whose it is.
    pub fn header(path: &Path) -> anyhow::Result<KeystoreHeader> {
        let bytes = Zeroizing::new(
            std::fs::read(path).with_context(|| format!("cannot read the owner keystore {}", path.display()))?,
        );
        let header: KeystoreHeader = serde_json::from_slice(&bytes).map_err(|e| not_a_keystore(path, &e))?;
        check_version(header.version, path)?;
        Ok(header)
    }

    /// Writes the key to `path` (atomically, 0600) under `protection`; a new passphrase comes
    /// from `passphrase_var` or the terminal.
    pub fn save(&self, path: &Path, protection: &Protection, passphrase_var: &str) -> anyhow::Result<()> {
        let der = self.key.to_pkcs8_der();
        let mut file = KeystoreFile {
            version: VERSION,
            owner_public_key: Some(b64::encode(&self.public_key().to_uncompressed())),
            protection: protection.clone(),
            salt: None,
            ciphertext: None,
            owner_private_key: None,
        };
        if protection.is_plaintext() {
            file.owner_private_key = Some(b64::encode(&der));
        } else {
            let mut salt = [0u8; SALT_LEN];
            rand::rngs::OsRng.fill_bytes(&mut salt);
            let key = protection.new_sealing_key(&salt, passphrase_var)?;
            file.salt = Some(b64::encode(&salt));
            file.ciphertext = Some(b64::encode(&gcm_encrypt(&key, &der)));
        }
        let mut text = Zeroizing::new(serde_json::to_vec_pretty(&file)?);
        text.push(b'\n');
        if let Some(plain) = file.owner_private_key.as_mut() {
            zeroize::Zeroize::zeroize(plain);
        }
        write_private(path, &text).with_context(|| format!("cannot write the owner keystore {}", path.display()))
    }

    pub fn public_key(&self) -> EcPublicKey {
        self.key.public_key()
    }

    /// Opens a key that was wrapped to the owner (by us or by a client: `recordKey`,
    /// `fileRecordKey`).
    pub fn unwrap_key(&self, wrapped: &[u8]) -> anyhow::Result<SymmetricKey> {
        open_owner_key(&self.key, wrapped).context("a key could not be opened with the owner keystore")
    }

    /// Opens a text sealed to the owner (a device's name).
    pub fn open_text(&self, sealed: &[u8]) -> anyhow::Result<String> {
        open_owner_text(&self.key, sealed).context("a device name could not be opened with the owner keystore")
    }
}

/// Whether `path` is `dir` or below it (compared as absolute paths; `dir` may not exist yet).
pub fn lies_within(path: &Path, dir: &Path) -> anyhow::Result<bool> {
    let canonical = |p: &Path| absolute(p).map(|p| p.canonicalize().unwrap_or(p));
    let (path, dir) = (canonical(path)?, canonical(dir)?);
    Ok(path.starts_with(&dir) || path.parent().and_then(|p| p.canonicalize().ok()).is_some_and(|p| p.starts_with(&dir)))
}

/// `path` made absolute against the working directory.
pub fn absolute(path: &Path) -> anyhow::Result<std::path::PathBuf> {
    std::path::absolute(path).with_context(|| format!("cannot resolve the path {}", path.display()))
}

fn check_version(version: u32, path: &Path) -> anyhow::Result<()> {
    if version == 1 || version == VERSION {
        return Ok(());
    }
    bail!(
        "the owner keystore {} has format version {version}, which this ksm-server does not read; upgrade ksm-server",
        path.display()
    )
}

/// Names the position only: serde's messages can quote values, which could be key material.
fn not_a_keystore(path: &Path, error: &serde_json::Error) -> anyhow::Error {
    anyhow::anyhow!("{} is not an owner keystore (line {} column {})", path.display(), error.line(), error.column())
}

#[cfg(test)]
mod tests;
