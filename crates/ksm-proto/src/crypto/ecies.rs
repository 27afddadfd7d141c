//! ECIES as the SDKs do it (PROTOCOL.md §5.3): ephemeral P-256 ECDH, `SHA-256(x)` as the AES
//! key (no HKDF), then GCM. Output: `E(65) ‖ nonce ‖ ciphertext ‖ tag`.

use super::{
    gcm_decrypt, gcm_encrypt_with_nonce, CryptoError, EcPrivateKey, EcPublicKey, SymmetricKey, PUBLIC_KEY_LEN,
};
use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn ecies_encrypt(recipient: &EcPublicKey, plaintext: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    ecies_encrypt_with(recipient, &EcPrivateKey::generate(), &nonce, plaintext)
}

/// ECIES with a caller-chosen ephemeral key and nonce; only for reproducing test vectors.
pub fn ecies_encrypt_with(
    recipient: &EcPublicKey,
    ephemeral: &EcPrivateKey,
    nonce: &[u8; 12],
    plaintext: &[u8],
) -> Vec<u8> {
    let key = derive_key(ephemeral, recipient);
    let mut out = ephemeral.public_key().to_uncompressed().to_vec();
    out.extend_from_slice(&gcm_encrypt_with_nonce(&key, nonce, plaintext));
    out
}

pub fn ecies_decrypt(recipient: &EcPrivateKey, data: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if data.len() < PUBLIC_KEY_LEN {
        return Err(CryptoError::Decrypt);
    }
    let (ephemeral, sealed) = data.split_at(PUBLIC_KEY_LEN);
    let ephemeral = EcPublicKey::from_bytes(ephemeral).map_err(|_| CryptoError::Decrypt)?;
    gcm_decrypt(&derive_key(recipient, &ephemeral), sealed)
}

fn derive_key(own: &EcPrivateKey, peer: &EcPublicKey) -> SymmetricKey {
    let digest = Sha256::digest(own.shared_x(peer).as_slice());
    SymmetricKey::from_slice(&digest).expect("SHA-256 output is 32 bytes")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_32_byte_key_becomes_125_bytes_and_decrypts() {
        let recipient = EcPrivateKey::generate();
        let sealed = ecies_encrypt(&recipient.public_key(), &[5u8; 32]);
        assert_eq!(sealed.len(), 125);
        assert_eq!(ecies_decrypt(&recipient, &sealed).unwrap(), [5u8; 32]);
        assert_eq!(ecies_decrypt(&EcPrivateKey::generate(), &sealed), Err(CryptoError::Decrypt));
        assert_eq!(ecies_decrypt(&recipient, &sealed[..60]), Err(CryptoError::Decrypt));
    }
}
