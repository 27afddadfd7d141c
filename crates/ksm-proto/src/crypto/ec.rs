use super::CryptoError;
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use zeroize::Zeroizing;

/// Length of an uncompressed P-256 point (`0x04 ‖ X ‖ Y`).
pub const PUBLIC_KEY_LEN: usize = 65;
/// Length of the PKCS#8 DER form both SDKs store (PROTOCOL.md §4).
pub const PKCS8_LEN: usize = 138;

/// A P-256 private key: a device key, the server's transmission key or the vault owner's key.
#[derive(Clone)]
pub struct EcPrivateKey(p256::SecretKey);

/// A P-256 public key, exchanged as a 65-byte uncompressed point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcPublicKey(p256::PublicKey);

impl EcPrivateKey {
    pub fn generate() -> Self {
        Self(p256::SecretKey::random(&mut rand::rngs::OsRng))
    }

    /// From a raw 32-byte big-endian scalar (test vectors).
    pub fn from_scalar(bytes: &[u8]) -> Result<Self, CryptoError> {
        p256::SecretKey::from_slice(bytes).map(Self).map_err(|_| CryptoError::InvalidEcKey)
    }

    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, CryptoError> {
        p256::SecretKey::from_pkcs8_der(der).map(Self).map_err(|_| CryptoError::InvalidEcKey)
    }

    /// Unencrypted PKCS#8 with the public key embedded: always 138 bytes.
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        let doc = self.0.to_pkcs8_der().expect("a valid P-256 key always encodes");
        Zeroizing::new(doc.as_bytes().to_vec())
    }

    pub fn public_key(&self) -> EcPublicKey {
        EcPublicKey(self.0.public_key())
    }

    /// ECDSA P-256/SHA-256 (RFC 6979 nonce), DER encoded.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        let signature: Signature = SigningKey::from(&self.0).sign(message);
        signature.to_der().as_bytes().to_vec()
    }

    /// The X coordinate of the ECDH shared point with `peer`.
    pub(crate) fn shared_x(&self, peer: &EcPublicKey) -> Zeroizing<[u8; 32]> {
        let shared = p256::ecdh::diffie_hellman(self.0.to_nonzero_scalar(), peer.0.as_affine());
        Zeroizing::new((*shared.raw_secret_bytes()).into())
    }
}

impl std::fmt::Debug for EcPrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EcPrivateKey(redacted)")
    }
}

impl EcPublicKey {
    /// From a SEC1 point (uncompressed or compressed).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        p256::PublicKey::from_sec1_bytes(bytes).map(Self).map_err(|_| CryptoError::InvalidEcKey)
    }

    pub fn to_uncompressed(&self) -> [u8; PUBLIC_KEY_LEN] {
        let point = self.0.to_encoded_point(false);
        point.as_bytes().try_into().expect("uncompressed P-256 points are 65 bytes")
    }

    /// Checks a DER ECDSA/SHA-256 signature; random and deterministic nonces both verify.
    pub fn verify(&self, message: &[u8], der_signature: &[u8]) -> Result<(), CryptoError> {
        let signature = Signature::from_der(der_signature).map_err(|_| CryptoError::InvalidSignature)?;
        VerifyingKey::from(&self.0).verify(message, &signature).map_err(|_| CryptoError::InvalidSignature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkcs8_is_138_bytes_and_round_trips() {
        let key = EcPrivateKey::generate();
        let der = key.to_pkcs8_der();
        assert_eq!(der.len(), PKCS8_LEN);
        let again = EcPrivateKey::from_pkcs8_der(&der).unwrap();
        assert_eq!(again.public_key(), key.public_key());
        assert_eq!(key.public_key().to_uncompressed()[0], 4);
    }

    #[test]
    fn signatures_verify_only_for_the_signed_message_and_key() {
        let key = EcPrivateKey::generate();
        let sig = key.sign(b"message");
        assert!(key.public_key().verify(b"message", &sig).is_ok());
        assert_eq!(key.public_key().verify(b"other", &sig), Err(CryptoError::InvalidSignature));
        let stranger = EcPrivateKey::generate().public_key();
        assert_eq!(stranger.verify(b"message", &sig), Err(CryptoError::InvalidSignature));
        assert_eq!(key.public_key().verify(b"message", b"junk"), Err(CryptoError::InvalidSignature));
    }

    #[test]
    fn debug_hides_private_keys() {
        assert_eq!(format!("{:?}", EcPrivateKey::generate()), "EcPrivateKey(redacted)");
    }
}
