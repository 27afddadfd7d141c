use super::{CryptoError, SymmetricKey};
use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

const NONCE_LEN: usize = 12;
/// Bytes GCM adds to a plaintext: the 12-byte nonce in front and the 16-byte tag behind.
pub const GCM_OVERHEAD: usize = NONCE_LEN + 16;

/// AES-256-GCM with a fresh random nonce: `nonce ‖ ciphertext ‖ tag` (PROTOCOL.md §5.1).
pub fn gcm_encrypt(key: &SymmetricKey, plaintext: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    gcm_encrypt_with_nonce(key, &nonce, plaintext)
}

/// GCM with a caller-chosen nonce; only for reproducing test vectors.
pub fn gcm_encrypt_with_nonce(key: &SymmetricKey, nonce: &[u8; 12], plaintext: &[u8]) -> Vec<u8> {
    let cipher = Aes256Gcm::new(key.as_bytes().into());
    let sealed = cipher
        .encrypt(Nonce::from_slice(nonce), plaintext)
        .expect("AES-GCM encryption cannot fail for in-memory buffers");
    let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
    out.extend_from_slice(nonce);
    out.extend_from_slice(&sealed);
    out
}

pub fn gcm_decrypt(key: &SymmetricKey, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if data.len() < GCM_OVERHEAD {
        return Err(CryptoError::Decrypt);
    }
    let (nonce, sealed) = data.split_at(NONCE_LEN);
    Aes256Gcm::new(key.as_bytes().into()).decrypt(Nonce::from_slice(nonce), sealed).map_err(|_| CryptoError::Decrypt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper_detection() {
        let key = SymmetricKey::random();
        let mut sealed = gcm_encrypt(&key, b"hello");
        assert_eq!(sealed.len(), 5 + GCM_OVERHEAD);
        assert_eq!(gcm_decrypt(&key, &sealed).unwrap(), b"hello");
        sealed[14] ^= 1;
        assert_eq!(gcm_decrypt(&key, &sealed), Err(CryptoError::Decrypt));
        assert_eq!(gcm_decrypt(&key, &[0u8; 5]), Err(CryptoError::Decrypt));
        assert_eq!(gcm_decrypt(&SymmetricKey::random(), &gcm_encrypt(&key, b"x")), Err(CryptoError::Decrypt));
    }
}
