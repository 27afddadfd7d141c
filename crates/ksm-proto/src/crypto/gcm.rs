use super::{CryptoError, SymmetricKey};
use rand::RngCore;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM};

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
    let mut out = Vec::with_capacity(GCM_OVERHEAD + plaintext.len());
    out.extend_from_slice(nonce);
    out.extend_from_slice(plaintext);
    let tag = cipher(key)
        .seal_in_place_separate_tag(Nonce::assume_unique_for_key(*nonce), Aad::empty(), &mut out[NONCE_LEN..])
        .expect("AES-GCM sealing cannot fail for in-memory buffers");
    out.extend_from_slice(tag.as_ref());
    out
}

pub fn gcm_decrypt(key: &SymmetricKey, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if data.len() < GCM_OVERHEAD {
        return Err(CryptoError::Decrypt);
    }
    let (nonce, sealed) = data.split_at(NONCE_LEN);
    let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| CryptoError::Decrypt)?;
    let mut buffer = sealed.to_vec();
    let plain_len =
        cipher(key).open_in_place(nonce, Aad::empty(), &mut buffer).map_err(|_| CryptoError::Decrypt)?.len();
    buffer.truncate(plain_len);
    Ok(buffer)
}

/// Decrypts in place: no second copy of a large response.
pub fn gcm_decrypt_owned(key: &SymmetricKey, mut data: Vec<u8>) -> Result<Vec<u8>, CryptoError> {
    if data.len() < GCM_OVERHEAD {
        return Err(CryptoError::Decrypt);
    }
    let nonce = Nonce::try_assume_unique_for_key(&data[..NONCE_LEN]).map_err(|_| CryptoError::Decrypt)?;
    let plain_len =
        cipher(key).open_within(nonce, Aad::empty(), &mut data, NONCE_LEN..).map_err(|_| CryptoError::Decrypt)?.len();
    data.truncate(plain_len);
    Ok(data)
}

/// `ring`'s AES-GCM: several times faster than a portable implementation, which matters when
/// thousands of records are decrypted per command.
pub(crate) fn cipher(key: &SymmetricKey) -> LessSafeKey {
    LessSafeKey::new(UnboundKey::new(&AES_256_GCM, key.as_bytes()).expect("AES-256 keys are 32 bytes"))
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
        assert_eq!(gcm_decrypt_owned(&key, gcm_encrypt(&key, b"in place")).unwrap(), b"in place");
        assert_eq!(gcm_decrypt_owned(&SymmetricKey::random(), gcm_encrypt(&key, b"x")), Err(CryptoError::Decrypt));
    }
}
