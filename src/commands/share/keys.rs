//! The private keys of open requests, kept with the profile: one 0600 file per request under
//! `<profile dir>/share/<profile>/`, encrypted with a key derived from the profile's device
//! key (so it is exactly as protected as the profile). Deleted once the answer is received.

use crate::credentials::{Credentials, Origin};
use hkdf::Hkdf;
use ksm_client::error::{fail, ErrorKind};
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_decrypt, gcm_encrypt, SymmetricKey};
use ksm_proto::uid::is_uid;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::path::PathBuf;
use zeroize::Zeroizing;

/// What `receive` needs to turn an answer into a record.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRequest {
    pub id: String,
    pub folder_uid: String,
    pub record_type: String,
    pub title: String,
    /// B64 PKCS#8 of the request's HPKE private key.
    pub private_key: String,
}

pub struct KeyStore {
    dir: PathBuf,
    key: SymmetricKey,
}

impl KeyStore {
    pub fn open(credentials: &Credentials) -> anyhow::Result<Self> {
        let Origin::Profile { store, name } = &credentials.origin else {
            return Err(fail(
                ErrorKind::Usage,
                "share requests need a profile (their keys are kept in it); KSM_CONFIG cannot hold them",
            ));
        };
        let device = credentials
            .config
            .private_key
            .as_deref()
            .and_then(|text| b64::decode(text).ok())
            .map(Zeroizing::new)
            .ok_or_else(|| fail(ErrorKind::Auth, "the profile has no device key; initialize it again"))?;
        let mut key = Zeroizing::new([0u8; 32]);
        Hkdf::<Sha256>::new(None, &device)
            .expand(b"ksm-share/v1 request key store", key.as_mut())
            .map_err(|_| fail(ErrorKind::Storage, "cannot derive the share key store key"))?;
        let key = SymmetricKey::from_slice(key.as_ref()).map_err(|_| fail(ErrorKind::Storage, "bad key length"))?;
        Ok(Self { dir: store.dir().join("share").join(name), key })
    }

    fn path(&self, id: &str) -> anyhow::Result<PathBuf> {
        if !is_uid(id) {
            return Err(fail(ErrorKind::Usage, format!("'{id}' is not a share id (22 characters)")));
        }
        Ok(self.dir.join(format!("{id}.key")))
    }

    pub fn save(&self, pending: &PendingRequest) -> anyhow::Result<()> {
        ksm_files::create_private_dir(&self.dir).map_err(|e| storage(&self.dir, e))?;
        let path = self.path(&pending.id)?;
        let plain = Zeroizing::new(serde_json::to_vec(pending)?);
        ksm_files::write_private(&path, &gcm_encrypt(&self.key, &plain)).map_err(|e| storage(&path, e))
    }

    pub fn load(&self, id: &str) -> anyhow::Result<Option<PendingRequest>> {
        let path = self.path(id)?;
        let Some(sealed) = ksm_files::read_optional(&path).map_err(|e| storage(&path, e))? else { return Ok(None) };
        let plain = Zeroizing::new(gcm_decrypt(&self.key, &sealed).map_err(|_| {
            fail(ErrorKind::Storage, format!("{} does not decrypt with this profile's key", path.display()))
        })?);
        serde_json::from_slice(&plain)
            .map(Some)
            .map_err(|_| fail(ErrorKind::Storage, format!("{} is damaged", path.display())))
    }

    pub fn ids(&self) -> anyhow::Result<Vec<String>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(storage(&self.dir, e)),
        };
        let mut ids: Vec<String> = entries
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.strip_suffix(".key").map(str::to_string))
            .filter(|id| is_uid(id))
            .collect();
        ids.sort();
        Ok(ids)
    }

    pub fn delete(&self, id: &str) -> anyhow::Result<()> {
        let path = self.path(id)?;
        ksm_files::remove(&path).map_err(|e| storage(&path, e))
    }
}

fn storage(path: &std::path::Path, error: std::io::Error) -> anyhow::Error {
    fail(ErrorKind::Storage, format!("cannot use {}: {error}", path.display()))
}
