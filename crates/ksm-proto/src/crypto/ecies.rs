//! ECIES as the SDKs do it (PROTOCOL.md §5.3): ephemeral P-256 ECDH, `SHA-256(x)` as the AES
//! key (no HKDF), then GCM. Output: `E(65) ‖ nonce ‖ ciphertext ‖ tag`.

use super::{
    gcm_decrypt, gcm_encrypt_with_nonce, CryptoError, EcPrivateKey, EcPublicKey, SymmetricKey, PUBLIC_KEY_LEN,
};
use rand::RngCore;
use ring::agreement::{agree_ephemeral, EphemeralPrivateKey, UnparsedPublicKey, ECDH_P256};
use ring::rand::SystemRandom;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// The ephemeral key and the ECDH are `ring`'s (several times faster than `p256`'s); the
/// output is what [`ecies_encrypt_with`] gives for the same ephemeral key and nonce.
pub fn ecies_encrypt(recipient: &EcPublicKey, plaintext: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let ephemeral =
        EphemeralPrivateKey::generate(&ECDH_P256, &SystemRandom::new()).expect("the system random source works");
    let ephemeral_public = ephemeral.compute_public_key().expect("a fresh P-256 key has a public key");
    let peer = UnparsedPublicKey::new(&ECDH_P256, recipient.to_uncompressed());
    let key = agree_ephemeral(ephemeral, &peer, key_from_shared_x).expect("an EcPublicKey is a valid P-256 point");
    let mut out = ephemeral_public.as_ref().to_vec();
    out.extend_from_slice(&gcm_encrypt_with_nonce(&key, &nonce, plaintext));
    out
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
    ecies_decrypt_with(data, |ephemeral| {
        let ephemeral = EcPublicKey::from_bytes(ephemeral).map_err(|_| CryptoError::Decrypt)?;
        Ok(recipient.shared_x(&ephemeral))
    })
}

/// ECIES decryption where `agree` does the recipient's side of the ECDH: given the sender's
/// ephemeral public key (65 bytes as received, not yet checked to be a point of the curve), it
/// returns the shared point's X coordinate, or an error for a key that is not a point.
pub fn ecies_decrypt_with(
    data: &[u8],
    agree: impl FnOnce(&[u8]) -> Result<Zeroizing<[u8; 32]>, CryptoError>,
) -> Result<Vec<u8>, CryptoError> {
    if data.len() < PUBLIC_KEY_LEN {
        return Err(CryptoError::Decrypt);
    }
    let (ephemeral, sealed) = data.split_at(PUBLIC_KEY_LEN);
    gcm_decrypt(&key_from_shared_x(agree(ephemeral)?.as_slice()), sealed)
}

fn derive_key(own: &EcPrivateKey, peer: &EcPublicKey) -> SymmetricKey {
    key_from_shared_x(own.shared_x(peer).as_slice())
}

fn key_from_shared_x(shared_x: &[u8]) -> SymmetricKey {
    SymmetricKey::from_slice(&Sha256::digest(shared_x)).expect("SHA-256 output is 32 bytes")
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
