//! The server's own secrets: the transmission key pair clients encrypt to, its key id, and the
//! secret that signs file URLs. Kept in `server-identity.json` (0600), not in the database.

use crate::store::DeviceIdKey;
use crate::transmission_key::TransmissionKey;
use anyhow::Context;
use ksm_files::write_private;
use ksm_proto::b64;
use ksm_proto::crypto::{EcPrivateKey, SymmetricKey};
use serde::{Deserialize, Serialize};
use std::path::Path;

#[derive(Serialize, Deserialize)]
struct IdentityFile {
    version: u32,
    key_id: String,
    transmission_private_key: String,
    url_secret: String,
}

pub struct ServerIdentity {
    /// The `PublicKeyId` clients must send; others get a `key` error naming this one.
    pub key_id: String,
    pub transmission_key: TransmissionKey,
    pub url_secret: SymmetricKey,
}

impl ServerIdentity {
    pub fn create(path: &Path, key_id: &str) -> anyhow::Result<Self> {
        let identity = Self {
            key_id: key_id.to_string(),
            transmission_key: TransmissionKey::new(EcPrivateKey::generate())?,
            url_secret: SymmetricKey::random(),
        };
        let file = IdentityFile {
            version: 1,
            key_id: identity.key_id.clone(),
            transmission_private_key: b64::encode(&identity.transmission_key.to_pkcs8_der()),
            url_secret: b64::encode(identity.url_secret.as_bytes()),
        };
        write_private(path, serde_json::to_string_pretty(&file)?.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        Ok(identity)
    }

    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let file: IdentityFile =
            serde_json::from_str(&text).with_context(|| format!("{} is not valid JSON", path.display()))?;
        let der = b64::decode(&file.transmission_private_key).context("server identity: bad transmission key")?;
        let secret = b64::decode(&file.url_secret).context("server identity: bad URL secret")?;
        Ok(Self {
            key_id: file.key_id,
            transmission_key: EcPrivateKey::from_pkcs8_der(&der)
                .and_then(TransmissionKey::new)
                .context("server identity: bad transmission key")?,
            url_secret: SymmetricKey::from_slice(&secret).context("server identity: bad URL secret")?,
        })
    }

    /// The key of the device ids the database stores instead of client ids; derived from the
    /// URL secret, so that it lives in this file and never in the database.
    pub fn device_id_key(&self) -> DeviceIdKey {
        DeviceIdKey::derive(self.url_secret.as_bytes())
    }

    /// B64U of the public transmission key: what clients configure as `serverPublicKey`.
    pub fn public_key_text(&self) -> String {
        self.transmission_key.public_key_text()
    }
}
