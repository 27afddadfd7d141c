use super::CryptoError;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ring::rand::SystemRandom;
use ring::signature::{
    EcdsaKeyPair, KeyPair, UnparsedPublicKey, ECDSA_P256_SHA256_ASN1, ECDSA_P256_SHA256_ASN1_SIGNING,
};
use std::sync::{Arc, OnceLock};
use zeroize::Zeroizing;

/// Length of an uncompressed P-256 point (`0x04 ‖ X ‖ Y`).
pub const PUBLIC_KEY_LEN: usize = 65;
/// Length of the PKCS#8 DER form both SDKs store (PROTOCOL.md §4).
pub const PKCS8_LEN: usize = 138;

/// A P-256 private key: a device key, the server's transmission key or the vault owner's key.
///
/// Signing and computing the public key go through `ring`, several times faster than the
/// portable `p256` arithmetic that static-key ECDH (which `ring` does not offer) still uses.
#[derive(Clone)]
pub struct EcPrivateKey {
    secret: p256::SecretKey,
    /// `ring`'s form of the same key: set when the key is read from PKCS#8 (which carries the
    /// public key `ring` needs), built on first use otherwise.
    signer: OnceLock<Arc<EcdsaKeyPair>>,
}

/// A P-256 public key, exchanged as a 65-byte uncompressed point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcPublicKey(p256::PublicKey);

impl EcPrivateKey {
    pub fn generate() -> Self {
        Self::from_secret(p256::SecretKey::random(&mut rand::rngs::OsRng))
    }

    fn from_secret(secret: p256::SecretKey) -> Self {
        Self { secret, signer: OnceLock::new() }
    }

    /// From a raw 32-byte big-endian scalar (test vectors).
    pub fn from_scalar(bytes: &[u8]) -> Result<Self, CryptoError> {
        p256::SecretKey::from_slice(bytes).map(Self::from_secret).map_err(|_| CryptoError::InvalidEcKey)
    }

    /// `ring` checks the document and that its public key belongs to its private key; the
    /// scalar is then taken as is (`p256` would check the public key again, slowly). A document
    /// without the optional public key, which `ring` refuses, is read by `p256`.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, CryptoError> {
        let Ok(signer) = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_ASN1_SIGNING, der, &SystemRandom::new()) else {
            return p256::SecretKey::from_pkcs8_der(der).map(Self::from_secret).map_err(|_| CryptoError::InvalidEcKey);
        };
        let info = p256::pkcs8::PrivateKeyInfo::try_from(der).map_err(|_| CryptoError::InvalidEcKey)?;
        let sec1 = sec1::EcPrivateKey::try_from(info.private_key).map_err(|_| CryptoError::InvalidEcKey)?;
        let secret = p256::SecretKey::from_slice(sec1.private_key).map_err(|_| CryptoError::InvalidEcKey)?;
        Ok(Self { secret, signer: OnceLock::from(Arc::new(signer)) })
    }

    /// Unencrypted PKCS#8 with the public key embedded: always 138 bytes.
    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        let doc = self.secret.to_pkcs8_der().expect("a valid P-256 key always encodes");
        Zeroizing::new(doc.as_bytes().to_vec())
    }

    pub fn public_key(&self) -> EcPublicKey {
        let point = self.signer().public_key().as_ref();
        EcPublicKey::from_bytes(point).unwrap_or_else(|_| EcPublicKey(self.secret.public_key()))
    }

    /// ECDSA P-256/SHA-256, DER encoded, with `ring`'s nonce (random, hedged with the key and
    /// message), as the Python SDK signs; PROTOCOL.md §4 has servers accept either kind.
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        self.signer().sign(&SystemRandom::new(), message).expect("the system random source works").as_ref().to_vec()
    }

    fn signer(&self) -> &EcdsaKeyPair {
        self.signer.get_or_init(|| {
            let public = self.secret.public_key().to_encoded_point(false);
            let pair = EcdsaKeyPair::from_private_key_and_public_key(
                &ECDSA_P256_SHA256_ASN1_SIGNING,
                &self.secret.to_bytes(),
                public.as_bytes(),
                &SystemRandom::new(),
            )
            .expect("a valid P-256 key pair converts to ring's form");
            Arc::new(pair)
        })
    }

    /// The X coordinate of the ECDH shared point with `peer`.
    pub(crate) fn shared_x(&self, peer: &EcPublicKey) -> Zeroizing<[u8; 32]> {
        let shared = p256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), peer.0.as_affine());
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
    /// Through `ring`: the server checks one signature per request, and `ring`'s check is
    /// several times faster than `p256`'s.
    pub fn verify(&self, message: &[u8], der_signature: &[u8]) -> Result<(), CryptoError> {
        UnparsedPublicKey::new(&ECDSA_P256_SHA256_ASN1, self.to_uncompressed())
            .verify(message, der_signature)
            .map_err(|_| CryptoError::InvalidSignature)
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
    fn ring_and_p256_signatures_verify_with_each_other() {
        use p256::ecdsa::signature::{Signer, Verifier};
        use p256::ecdsa::{Signature, VerifyingKey};
        let key = EcPrivateKey::from_pkcs8_der(&EcPrivateKey::generate().to_pkcs8_der()).unwrap();
        // ring signs (EcPrivateKey::sign), p256 verifies.
        let ours = key.sign(b"message");
        let p256_key = VerifyingKey::from(&key.public_key().0);
        assert!(p256_key.verify(b"message", &Signature::from_der(&ours).unwrap()).is_ok());
        // p256 signs with deterministic (RFC 6979) nonces, as some SDKs do; ring verifies
        // (EcPublicKey::verify) and rejects another message.
        let theirs: Signature = p256::ecdsa::SigningKey::from(&key.secret).sign(b"message");
        assert!(key.public_key().verify(b"message", theirs.to_der().as_bytes()).is_ok());
        assert!(key.public_key().verify(b"other", theirs.to_der().as_bytes()).is_err());
        // A high-S signature (s replaced by n - s) is as valid for ECDSA, and both accept it.
        let high_s = Signature::from_scalars(theirs.r(), -*theirs.s()).unwrap();
        assert!(key.public_key().verify(b"message", high_s.to_der().as_bytes()).is_ok());
        assert!(p256_key.verify(b"message", &high_s).is_ok());
    }

    #[test]
    fn keys_not_read_from_pkcs8_sign_and_agree_on_the_public_key() {
        let generated = EcPrivateKey::generate();
        let computed = EcPublicKey(generated.secret.public_key());
        assert_eq!(generated.public_key(), computed);
        assert!(computed.verify(b"m", &generated.sign(b"m")).is_ok());
        let read = EcPrivateKey::from_pkcs8_der(&generated.to_pkcs8_der()).unwrap();
        assert_eq!(read.public_key(), computed);
        assert_eq!(read.secret.to_bytes(), generated.secret.to_bytes());
        assert!(EcPrivateKey::from_pkcs8_der(&[0x30, 0x03, 0x02, 0x01, 0x00]).is_err());
        let mut tampered = generated.to_pkcs8_der().to_vec();
        let last = tampered.len() - 1;
        tampered[last] ^= 1;
        assert_eq!(EcPrivateKey::from_pkcs8_der(&tampered).err(), Some(CryptoError::InvalidEcKey));
    }

    #[test]
    fn pkcs8_without_the_public_key_is_read_too() {
        let scalar = [0x42u8; 32];
        let mut der = hex::decode("3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420").unwrap();
        der.extend_from_slice(&scalar);
        let key = EcPrivateKey::from_pkcs8_der(&der).unwrap();
        let expected = EcPrivateKey::from_scalar(&scalar).unwrap().public_key();
        assert_eq!(key.public_key(), expected);
        assert!(expected.verify(b"m", &key.sign(b"m")).is_ok());
        assert_eq!(EcPrivateKey::from_pkcs8_der(&der[..der.len() - 1]).err(), Some(CryptoError::InvalidEcKey));
    }

    #[test]
    fn debug_hides_private_keys() {
        assert_eq!(format!("{:?}", EcPrivateKey::generate()), "EcPrivateKey(redacted)");
    }
}
