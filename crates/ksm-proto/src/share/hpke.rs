//! HPKE (RFC 9180), base mode, single suite: DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 /
//! AES-256-GCM. The share pages implement the same steps with WebCrypto
//! (`crates/ksm-server/web/hpke.js`); both are pinned to RFC 9180's test vectors.

use crate::crypto::gcm::cipher;
use crate::crypto::{CryptoError, EcPrivateKey, EcPublicKey, SymmetricKey, PUBLIC_KEY_LEN};
use hkdf::Hkdf;
use ring::aead::{Aad, Nonce};
use sha2::Sha256;
use zeroize::Zeroizing;

/// `enc`: the sender's ephemeral public key, an uncompressed P-256 point.
pub const ENC_LEN: usize = PUBLIC_KEY_LEN;
const KEM_ID: u16 = 0x0010;
const KDF_ID: u16 = 0x0001;
const AEAD_ID: u16 = 0x0002;
const NONCE_LEN: usize = 12;

fn kem_suite() -> Vec<u8> {
    [b"KEM".as_slice(), &KEM_ID.to_be_bytes()].concat()
}

fn hpke_suite() -> Vec<u8> {
    [b"HPKE".as_slice(), &KEM_ID.to_be_bytes(), &KDF_ID.to_be_bytes(), &AEAD_ID.to_be_bytes()].concat()
}

fn labeled_extract(suite: &[u8], salt: &[u8], label: &[u8], ikm: &[u8]) -> Zeroizing<Vec<u8>> {
    let input = Zeroizing::new([b"HPKE-v1".as_slice(), suite, label, ikm].concat());
    let (prk, _) = Hkdf::<Sha256>::extract(Some(salt), &input);
    Zeroizing::new(prk.to_vec())
}

fn labeled_expand(suite: &[u8], prk: &[u8], label: &[u8], info: &[u8], length: usize) -> Zeroizing<Vec<u8>> {
    let labeled_info = [&(length as u16).to_be_bytes(), b"HPKE-v1".as_slice(), suite, label, info].concat();
    let mut out = Zeroizing::new(vec![0u8; length]);
    let hkdf = Hkdf::<Sha256>::from_prk(prk).expect("SHA-256 PRKs are 32 bytes");
    hkdf.expand(&labeled_info, &mut out).expect("HPKE outputs are short");
    out
}

/// DeriveKeyPair (RFC 9180 §7.1.3): a deterministic key pair from input keying material.
pub fn derive_key_pair(ikm: &[u8]) -> Result<EcPrivateKey, CryptoError> {
    let suite = kem_suite();
    let prk = labeled_extract(&suite, b"", b"dkp_prk", ikm);
    (0u8..=255)
        .find_map(|counter| {
            let candidate = labeled_expand(&suite, &prk, b"candidate", &[counter], 32);
            EcPrivateKey::from_scalar(&candidate).ok()
        })
        .ok_or(CryptoError::InvalidEcKey)
}

fn extract_and_expand(dh: &[u8], kem_context: &[u8]) -> Zeroizing<Vec<u8>> {
    let suite = kem_suite();
    let prk = labeled_extract(&suite, b"", b"eae_prk", dh);
    labeled_expand(&suite, &prk, b"shared_secret", kem_context, 32)
}

/// An HPKE context after the key schedule: the AEAD key and base nonce.
pub struct Context {
    key: SymmetricKey,
    base_nonce: [u8; NONCE_LEN],
}

impl Context {
    fn schedule(shared_secret: &[u8], info: &[u8]) -> Self {
        let suite = hpke_suite();
        let psk_id_hash = labeled_extract(&suite, b"", b"psk_id_hash", b"");
        let info_hash = labeled_extract(&suite, b"", b"info_hash", info);
        let context = [[0u8].as_slice(), &psk_id_hash, &info_hash].concat();
        let secret = labeled_extract(&suite, shared_secret, b"secret", b"");
        let key = labeled_expand(&suite, &secret, b"key", &context, 32);
        let nonce = labeled_expand(&suite, &secret, b"base_nonce", &context, NONCE_LEN);
        let mut base_nonce = [0u8; NONCE_LEN];
        base_nonce.copy_from_slice(&nonce);
        Self { key: SymmetricKey::from_slice(&key).expect("32 bytes"), base_nonce }
    }

    fn nonce(&self, sequence: u64) -> Nonce {
        let mut nonce = self.base_nonce;
        for (byte, seq) in nonce[NONCE_LEN - 8..].iter_mut().zip(sequence.to_be_bytes()) {
            *byte ^= seq;
        }
        Nonce::assume_unique_for_key(nonce)
    }

    /// Seals message number `sequence` of this context (`ciphertext ‖ tag`).
    pub fn seal(&self, sequence: u64, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let mut buffer = plaintext.to_vec();
        let tag = cipher(&self.key)
            .seal_in_place_separate_tag(self.nonce(sequence), Aad::from(aad), &mut buffer)
            .expect("AES-GCM sealing cannot fail for in-memory buffers");
        buffer.extend_from_slice(tag.as_ref());
        buffer
    }

    pub fn open(&self, sequence: u64, aad: &[u8], ciphertext: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let mut buffer = Zeroizing::new(ciphertext.to_vec());
        let length = cipher(&self.key)
            .open_in_place(self.nonce(sequence), Aad::from(aad), &mut buffer)
            .map_err(|_| CryptoError::Decrypt)?
            .len();
        buffer.truncate(length);
        Ok(buffer)
    }
}

/// SetupBaseS with a caller-chosen ephemeral key (test vectors); returns `(enc, context)`.
pub fn setup_sender_with(recipient: &EcPublicKey, ephemeral: &EcPrivateKey, info: &[u8]) -> ([u8; ENC_LEN], Context) {
    let enc = ephemeral.public_key().to_uncompressed();
    let dh = ephemeral.shared_x(recipient);
    let kem_context = [enc.as_slice(), &recipient.to_uncompressed()].concat();
    let shared_secret = extract_and_expand(dh.as_slice(), &kem_context);
    (enc, Context::schedule(&shared_secret, info))
}

/// SetupBaseR: the recipient's context from `enc`.
pub fn setup_recipient(recipient: &EcPrivateKey, enc: &[u8], info: &[u8]) -> Result<Context, CryptoError> {
    let ephemeral = EcPublicKey::from_bytes(enc)?;
    let dh = recipient.shared_x(&ephemeral);
    let kem_context = [enc, &recipient.public_key().to_uncompressed()].concat();
    let shared_secret = extract_and_expand(dh.as_slice(), &kem_context);
    Ok(Context::schedule(&shared_secret, info))
}

/// Single-shot Seal with a fresh ephemeral key: `(enc, ciphertext)`.
pub fn seal(recipient: &EcPublicKey, info: &[u8], aad: &[u8], plaintext: &[u8]) -> ([u8; ENC_LEN], Vec<u8>) {
    let (enc, context) = setup_sender_with(recipient, &EcPrivateKey::generate(), info);
    (enc, context.seal(0, aad, plaintext))
}

/// Single-shot Open.
pub fn open(
    recipient: &EcPrivateKey,
    enc: &[u8],
    info: &[u8],
    aad: &[u8],
    ciphertext: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    setup_recipient(recipient, enc, info)?.open(0, aad, ciphertext)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_round_trips_and_rejects_tampering() {
        let recipient = EcPrivateKey::generate();
        let (enc, mut ct) = seal(&recipient.public_key(), b"info", b"aad", b"secret");
        assert_eq!(&*open(&recipient, &enc, b"info", b"aad", &ct).unwrap(), b"secret");
        assert!(open(&recipient, &enc, b"other", b"aad", &ct).is_err(), "info is bound");
        assert!(open(&recipient, &enc, b"info", b"other", &ct).is_err(), "aad is bound");
        assert!(open(&EcPrivateKey::generate(), &enc, b"info", b"aad", &ct).is_err(), "wrong key");
        ct[0] ^= 1;
        assert!(open(&recipient, &enc, b"info", b"aad", &ct).is_err());
        assert!(open(&recipient, &[4u8; 65], b"info", b"aad", &ct).is_err(), "enc not on the curve");
    }
}
