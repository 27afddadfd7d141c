//! Which cipher wraps which key, and how records, files, applications and folder names are
//! encrypted (PROTOCOL.md §9.2, §9.7, §10.4, §10.5). The one place that knows it: the client,
//! the server's owner operations and the load generator all seal and open through here.
//!
//! - ECIES wraps every new record's and file's key, and every application's and shared
//!   folder's key on the server, to the vault owner's public key.
//! - ECIES also seals each client device's name to the owner.
//! - GCM wraps every other key but a sub-folder's: the app key under the one-time token, a shared
//!   folder's key under the app key, a record's key under the app key or its shared folder's
//!   key, a file's key under its record's key.
//! - CBC wraps a sub-folder's key, at any depth, under its shared folder's key, and encrypts
//!   every folder's name (`{"name": …}`) under the folder's own key.
//! - GCM encrypts JSON (record data, file metadata, application data) and file contents.
//!
//! Everything works on raw bytes; base64 belongs to the wire format.

use crate::crypto::{
    cbc_decrypt, cbc_encrypt, ecies_decrypt, ecies_encrypt, gcm_decrypt, gcm_encrypt, EcPrivateKey, EcPublicKey,
    SymmetricKey,
};
use crate::record::{parse_json, FolderData};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why something did not open. Carries no material, only what failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    #[error("does not decrypt (wrong key or corrupted data)")]
    Decrypt,
    #[error("the key is not 32 bytes")]
    KeyLength,
    #[error("is not valid JSON: {0}")]
    Json(String),
}

/// Wraps `key` to the vault owner (ECIES), so the owner can always open it.
pub fn wrap_key_for_owner(owner: &EcPublicKey, key: &SymmetricKey) -> Vec<u8> {
    ecies_encrypt(owner, key.as_bytes())
}

/// Opens a key [`wrap_key_for_owner`] wrapped, with the owner's private key.
pub fn open_owner_key(owner: &EcPrivateKey, wrapped: &[u8]) -> Result<SymmetricKey, OpenError> {
    let plain = ecies_decrypt(owner, wrapped).map_err(|_| OpenError::Decrypt)?;
    SymmetricKey::from_slice(&plain).map_err(|_| OpenError::KeyLength)
}

/// Seals a short text (a device's name) to the vault owner (ECIES): the server stores it and
/// only the owner's keystore reads it.
pub fn seal_text_for_owner(owner: &EcPublicKey, text: &str) -> Vec<u8> {
    ecies_encrypt(owner, text.as_bytes())
}

/// Opens a text [`seal_text_for_owner`] sealed, with the owner's private key.
pub fn open_owner_text(owner: &EcPrivateKey, sealed: &[u8]) -> Result<String, OpenError> {
    let plain = ecies_decrypt(owner, sealed).map_err(|_| OpenError::Decrypt)?;
    String::from_utf8(plain).map_err(|_| OpenError::Decrypt)
}

/// Wraps `key` under `wrapping` (GCM): every key but a sub-folder's.
pub fn wrap_key(wrapping: &SymmetricKey, key: &SymmetricKey) -> Vec<u8> {
    gcm_encrypt(wrapping, key.as_bytes())
}

/// Opens a key [`wrap_key`] wrapped.
pub fn open_key(wrapping: &SymmetricKey, wrapped: &[u8]) -> Result<SymmetricKey, OpenError> {
    let plain = gcm_decrypt(wrapping, wrapped).map_err(|_| OpenError::Decrypt)?;
    SymmetricKey::from_slice(&plain).map_err(|_| OpenError::KeyLength)
}

/// A record's key (§9.2 step 3): `wrapped` opened with `parent` (the app key or the shared
/// folder's key); a record without a wrapped key of its own (none, or empty) is encrypted with
/// `parent` itself.
pub fn open_record_key(parent: &SymmetricKey, wrapped: Option<&[u8]>) -> Result<SymmetricKey, OpenError> {
    match wrapped.filter(|bytes| !bytes.is_empty()) {
        Some(wrapped) => open_key(parent, wrapped),
        None => Ok(parent.clone()),
    }
}

/// Wraps a sub-folder's key under its shared folder's key (CBC), whatever its depth.
pub fn wrap_sub_folder_key(shared_folder_key: &SymmetricKey, key: &SymmetricKey) -> Vec<u8> {
    cbc_encrypt(shared_folder_key, key.as_bytes())
}

/// Opens a key [`wrap_sub_folder_key`] wrapped.
pub fn open_sub_folder_key(shared_folder_key: &SymmetricKey, wrapped: &[u8]) -> Result<SymmetricKey, OpenError> {
    let plain = cbc_decrypt(shared_folder_key, wrapped).map_err(|_| OpenError::Decrypt)?;
    SymmetricKey::from_slice(&plain).map_err(|_| OpenError::KeyLength)
}

/// Encrypts `value` as JSON (GCM): record data, file metadata, application data.
pub fn seal_json<T: Serialize + ?Sized>(key: &SymmetricKey, value: &T) -> Result<Vec<u8>, serde_json::Error> {
    Ok(gcm_encrypt(key, &serde_json::to_vec(value)?))
}

/// Opens what [`seal_json`] sealed (trailing padding spaces, as real traffic has, are fine).
pub fn open_json<T: DeserializeOwned>(key: &SymmetricKey, sealed: &[u8]) -> Result<T, OpenError> {
    let plain = gcm_decrypt(key, sealed).map_err(|_| OpenError::Decrypt)?;
    parse_json(&plain).map_err(|e| OpenError::Json(e.to_string()))
}

/// Encrypts a file's content under the file's key (GCM; the upload is this blob).
pub fn seal_file_content(file_key: &SymmetricKey, content: &[u8]) -> Vec<u8> {
    gcm_encrypt(file_key, content)
}

/// Opens a downloaded file blob; a wrong key or a tampered blob fails its GCM tag.
pub fn open_file_content(file_key: &SymmetricKey, sealed: &[u8]) -> Result<Vec<u8>, OpenError> {
    gcm_decrypt(file_key, sealed).map_err(|_| OpenError::Decrypt)
}

/// Encrypts a folder's name under the folder's own key (CBC, `{"name": …}`).
pub fn seal_folder_name(folder_key: &SymmetricKey, name: &str) -> Result<Vec<u8>, serde_json::Error> {
    Ok(cbc_encrypt(folder_key, &serde_json::to_vec(&FolderData { name: name.to_string() })?))
}

/// Opens what [`seal_folder_name`] sealed.
pub fn open_folder_name(folder_key: &SymmetricKey, sealed: &[u8]) -> Result<String, OpenError> {
    let plain = cbc_decrypt(folder_key, sealed).map_err(|_| OpenError::Decrypt)?;
    parse_json::<FolderData>(&plain).map(|data| data.name).map_err(|e| OpenError::Json(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::RecordData;

    #[test]
    fn what_is_sealed_opens_with_the_same_key_only() {
        let (key, other) = (SymmetricKey::random(), SymmetricKey::random());
        let inner = SymmetricKey::random();
        assert_eq!(open_key(&key, &wrap_key(&key, &inner)), Ok(inner.clone()));
        assert_eq!(open_key(&other, &wrap_key(&key, &inner)), Err(OpenError::Decrypt));
        let owner = EcPrivateKey::generate();
        assert_eq!(open_owner_key(&owner, &wrap_key_for_owner(&owner.public_key(), &inner)), Ok(inner.clone()));
        assert!(open_owner_key(&EcPrivateKey::generate(), &wrap_key_for_owner(&owner.public_key(), &inner)).is_err());
        let name = seal_text_for_owner(&owner.public_key(), "ci-runner");
        assert_eq!(open_owner_text(&owner, &name), Ok("ci-runner".to_string()));
        assert!(open_owner_text(&EcPrivateKey::generate(), &name).is_err());
        assert_eq!(open_sub_folder_key(&key, &wrap_sub_folder_key(&key, &inner)), Ok(inner.clone()));
        assert!(open_sub_folder_key(&other, &wrap_sub_folder_key(&key, &inner)).is_err());
        assert_eq!(open_file_content(&key, &seal_file_content(&key, b"blob")), Ok(b"blob".to_vec()));
        assert_eq!(open_file_content(&other, &seal_file_content(&key, b"blob")), Err(OpenError::Decrypt));
        assert_eq!(open_folder_name(&key, &seal_folder_name(&key, "Ops").unwrap()), Ok("Ops".to_string()));
        let data: RecordData = parse_json(br#"{"title":"T","type":"login","fields":[]}"#).unwrap();
        let opened: RecordData = open_json(&key, &seal_json(&key, &data).unwrap()).unwrap();
        assert_eq!(opened.title, "T");
        assert_eq!(open_json::<RecordData>(&other, &seal_json(&key, &data).unwrap()).err(), Some(OpenError::Decrypt));
    }

    #[test]
    fn a_record_without_its_own_key_uses_its_parents() {
        let parent = SymmetricKey::random();
        let own = SymmetricKey::random();
        assert_eq!(open_record_key(&parent, None), Ok(parent.clone()));
        assert_eq!(open_record_key(&parent, Some(&[])), Ok(parent.clone()));
        assert_eq!(open_record_key(&parent, Some(&wrap_key(&parent, &own))), Ok(own));
    }

    #[test]
    fn a_wrapped_value_that_is_not_a_key_or_not_json_is_named() {
        let key = SymmetricKey::random();
        assert_eq!(open_key(&key, &gcm_encrypt(&key, b"short")), Err(OpenError::KeyLength));
        assert!(matches!(open_json::<RecordData>(&key, &gcm_encrypt(&key, b"[")), Err(OpenError::Json(_))));
        assert!(matches!(open_folder_name(&key, &cbc_encrypt(&key, b"not json")), Err(OpenError::Json(_))));
    }
}
