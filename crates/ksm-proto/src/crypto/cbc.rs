use super::{CryptoError, SymmetricKey};
use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use rand::RngCore;

type Encryptor = cbc::Encryptor<aes::Aes256>;
type Decryptor = cbc::Decryptor<aes::Aes256>;
const IV_LEN: usize = 16;

/// AES-256-CBC with PKCS#7 padding and a random IV: `iv ‖ ciphertext` (PROTOCOL.md §5.2).
/// Used only for folder keys and folder names.
pub fn cbc_encrypt(key: &SymmetricKey, plaintext: &[u8]) -> Vec<u8> {
    let mut iv = [0u8; IV_LEN];
    rand::rngs::OsRng.fill_bytes(&mut iv);
    cbc_encrypt_with_iv(key, &iv, plaintext)
}

/// CBC with a caller-chosen IV; only for reproducing test vectors.
pub fn cbc_encrypt_with_iv(key: &SymmetricKey, iv: &[u8; 16], plaintext: &[u8]) -> Vec<u8> {
    let sealed = Encryptor::new(key.as_bytes().into(), iv.into()).encrypt_padded_vec_mut::<Pkcs7>(plaintext);
    let mut out = Vec::with_capacity(IV_LEN + sealed.len());
    out.extend_from_slice(iv);
    out.extend_from_slice(&sealed);
    out
}

pub fn cbc_decrypt(key: &SymmetricKey, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if data.len() < IV_LEN * 2 || !data.len().is_multiple_of(IV_LEN) {
        return Err(CryptoError::Decrypt);
    }
    let (iv, sealed) = data.split_at(IV_LEN);
    Decryptor::new(key.as_bytes().into(), iv.into())
        .decrypt_padded_vec_mut::<Pkcs7>(sealed)
        .map_err(|_| CryptoError::Decrypt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_pads_a_full_block_for_32_bytes() {
        let key = SymmetricKey::random();
        let sealed = cbc_encrypt(&key, &[9u8; 32]);
        assert_eq!(sealed.len(), 64);
        assert_eq!(cbc_decrypt(&key, &sealed).unwrap(), [9u8; 32]);
        assert_eq!(cbc_decrypt(&key, &sealed[..40]), Err(CryptoError::Decrypt));
    }
}
