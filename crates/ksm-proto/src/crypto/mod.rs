//! The cryptographic building blocks of PROTOCOL.md §4–§5.

mod cbc;
mod ec;
mod ecies;
pub(crate) mod gcm;
mod key;

pub use cbc::{cbc_decrypt, cbc_encrypt, cbc_encrypt_with_iv};
pub use ec::{EcPrivateKey, EcPublicKey, PKCS8_LEN, PUBLIC_KEY_LEN};
pub use ecies::{ecies_decrypt, ecies_decrypt_with, ecies_encrypt, ecies_encrypt_with};
pub use gcm::{gcm_decrypt, gcm_decrypt_owned, gcm_encrypt, gcm_encrypt_with_nonce, GCM_OVERHEAD};
pub use key::SymmetricKey;

/// A decryption, key or signature operation failed. Deliberately carries no detail: the
/// cause is never the caller's business and must not leak material.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("decryption failed (wrong key or corrupted data)")]
    Decrypt,
    #[error("a key has the wrong length")]
    KeyLength,
    #[error("not a valid P-256 key")]
    InvalidEcKey,
    #[error("not a valid DER ECDSA signature")]
    InvalidSignature,
}
