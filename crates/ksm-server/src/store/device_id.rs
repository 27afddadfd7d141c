//! Device ids: what the database and the owner's tools know a client device by. A client id
//! proves possession of a one-time token (PROTOCOL.md §2), so it is never stored or shown: the
//! database holds a keyed hash of it, under a key derived from the server identity, which is
//! not in the database. Someone who reads the database cannot turn a device id back into a
//! client id, nor test a guess.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

const KEY_LABEL: &[u8] = b"ksm-server device id key v1";

pub struct DeviceIdKey(Zeroizing<[u8; 32]>);

impl DeviceIdKey {
    /// The key for a server identity secret: HMAC-SHA256(secret, label).
    pub fn derive(secret: &[u8]) -> Self {
        Self(Zeroizing::new(hmac(secret, KEY_LABEL)))
    }

    /// B64U(HMAC-SHA256(key, client id)): 43 characters.
    pub fn device_id(&self, client_id: &str) -> String {
        ksm_proto::b64::encode_url(&hmac(self.0.as_slice(), client_id.as_bytes()))
    }
}

fn hmac(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_depend_on_the_key_and_hide_the_client_id() {
        let key = DeviceIdKey::derive(b"secret one");
        let id = key.device_id("client");
        assert_eq!(id.len(), 43);
        assert_eq!(id, key.device_id("client"), "stable");
        assert_ne!(id, key.device_id("client2"));
        assert_ne!(id, DeviceIdKey::derive(b"secret two").device_id("client"), "keyed");
    }
}
