//! The vault owner's keystore: the P-256 key that every folder, record, file and application
//! key is wrapped to (ECIES). Only admin commands load it; `serve` never does, so a copy of a
//! running server's database and data directory without this file reveals nothing.

use anyhow::{bail, Context};
use ksm_files::write_private;
use ksm_proto::b64;
use ksm_proto::crypto::{EcPrivateKey, EcPublicKey, SymmetricKey};
use ksm_proto::record_crypto::open_owner_key;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Serialize, Deserialize)]
struct KeystoreFile {
    version: u32,
    /// B64 PKCS#8 DER.
    owner_private_key: String,
}

pub struct OwnerKeystore {
    key: EcPrivateKey,
}

impl OwnerKeystore {
    pub fn create(path: &Path) -> anyhow::Result<Self> {
        if path.exists() {
            bail!("an owner keystore already exists at {}; refusing to overwrite it", path.display());
        }
        let key = EcPrivateKey::generate();
        let file = KeystoreFile { version: 1, owner_private_key: b64::encode(&key.to_pkcs8_der()) };
        write_private(path, serde_json::to_string_pretty(&file)?.as_bytes())
            .with_context(|| format!("cannot write the owner keystore {}", path.display()))?;
        Ok(Self { key })
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| {
            format!("cannot read the owner keystore {} (pass --keystore or set KSM_SERVER_KEYSTORE)", path.display())
        })?;
        let file: KeystoreFile = serde_json::from_str(&text)
            .with_context(|| format!("the owner keystore {} is not valid JSON", path.display()))?;
        let der = b64::decode(&file.owner_private_key).context("the owner keystore's key is not base64")?;
        let key = EcPrivateKey::from_pkcs8_der(&der).context("the owner keystore's key is not a P-256 key")?;
        Ok(Self { key })
    }

    pub fn public_key(&self) -> EcPublicKey {
        self.key.public_key()
    }

    /// Opens a key that was wrapped to the owner (by us or by a client: `recordKey`,
    /// `fileRecordKey`).
    pub fn unwrap_key(&self, wrapped: &[u8]) -> anyhow::Result<SymmetricKey> {
        open_owner_key(&self.key, wrapped).context("a key could not be opened with the owner keystore")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_load_and_unwrap() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("owner.json");
        let created = OwnerKeystore::create(&path).unwrap();
        assert!(OwnerKeystore::create(&path).is_err(), "never overwrites");
        let loaded = OwnerKeystore::load(&path).unwrap();
        assert_eq!(created.public_key(), loaded.public_key());
        let key = SymmetricKey::random();
        assert_eq!(
            loaded.unwrap_key(&ksm_proto::record_crypto::wrap_key_for_owner(&created.public_key(), &key)).unwrap(),
            key
        );
    }
}
