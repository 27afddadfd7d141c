//! The server's transmission key: the P-256 key every request's transmission key is encrypted
//! to (ECIES, PROTOCOL.md §5.3). Opening it is one ECDH with this static key per request, the
//! largest single cost of a small request; AWS-LC does it about three times faster than the
//! `p256` crate (docs/performance.md), and `ring`, which the rest of the crypto uses, offers
//! ECDH with ephemeral keys only.

use aws_lc_rs::agreement::{agree, PrivateKey, UnparsedPublicKey, ECDH_P256};
use ksm_proto::b64;
use ksm_proto::crypto::{ecies_decrypt_with, CryptoError, EcPrivateKey, SymmetricKey};
use zeroize::Zeroizing;

pub struct TransmissionKey {
    key: EcPrivateKey,
    ecdh: PrivateKey,
}

impl TransmissionKey {
    pub fn new(key: EcPrivateKey) -> Result<Self, CryptoError> {
        let ecdh =
            PrivateKey::from_private_key_der(&ECDH_P256, &key.to_pkcs8_der()).map_err(|_| CryptoError::InvalidEcKey)?;
        Ok(Self { key, ecdh })
    }

    /// The transmission key a client sent in its `TransmissionKey` header (decoded).
    pub fn open(&self, encrypted: &[u8]) -> Result<SymmetricKey, CryptoError> {
        let plain = ecies_decrypt_with(encrypted, |ephemeral| {
            let mut shared_x = Zeroizing::new([0u8; 32]);
            agree(&self.ecdh, UnparsedPublicKey::new(&ECDH_P256, ephemeral), CryptoError::Decrypt, |x| {
                shared_x.copy_from_slice(x);
                Ok(())
            })?;
            Ok(shared_x)
        })?;
        SymmetricKey::from_slice(&plain)
    }

    /// PKCS#8, as `server-identity.json` keeps it.
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        self.key.to_pkcs8_der()
    }

    /// B64U of the public key: what clients configure as `serverPublicKey`.
    pub fn public_key_text(&self) -> String {
        b64::encode_url(&self.key.public_key().to_uncompressed())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_proto::envelope::{open_transmission_key, SealedRequest};

    #[test]
    fn opens_what_clients_seal_as_the_portable_code_does() {
        let key = EcPrivateKey::generate();
        let device = EcPrivateKey::generate();
        let sealed = SealedRequest::seal(&key.public_key(), &device, b"{}");
        let header = b64::decode(&sealed.transmission_key_header()).unwrap();
        let portable = open_transmission_key(&key, &header).unwrap();
        let server = TransmissionKey::new(key).unwrap();
        let opened = server.open(&header).unwrap();
        assert_eq!(opened.as_bytes(), sealed.transmission_key.as_bytes());
        assert_eq!(opened.as_bytes(), portable.as_bytes());
    }

    #[test]
    fn anything_else_is_refused() {
        let server = TransmissionKey::new(EcPrivateKey::generate()).unwrap();
        let other = SealedRequest::seal(&EcPrivateKey::generate().public_key(), &EcPrivateKey::generate(), b"{}");
        let for_another_server = b64::decode(&other.transmission_key_header()).unwrap();
        assert_eq!(server.open(&for_another_server).unwrap_err(), CryptoError::Decrypt);
        let mut not_a_point = for_another_server.clone();
        not_a_point[1..33].fill(0xff);
        assert_eq!(server.open(&not_a_point).unwrap_err(), CryptoError::Decrypt);
        assert_eq!(server.open(&for_another_server[..64]).unwrap_err(), CryptoError::Decrypt);
        assert_eq!(server.open(&[]).unwrap_err(), CryptoError::Decrypt);
    }
}
