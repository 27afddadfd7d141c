use super::CryptoError;
use rand::RngCore;
use zeroize::Zeroizing;

/// A 32-byte AES-256 key: transmission, application, folder, record and file keys are all
/// this size. Zeroed on drop; `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SymmetricKey(Zeroizing<[u8; 32]>);

impl SymmetricKey {
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Self(bytes)
    }

    pub fn from_slice(bytes: &[u8]) -> Result<Self, CryptoError> {
        let array: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::KeyLength)?;
        Ok(Self(Zeroizing::new(array)))
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl std::fmt::Debug for SymmetricKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SymmetricKey(redacted)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted_and_length_checked() {
        let key = SymmetricKey::from_slice(&[7u8; 32]).unwrap();
        assert_eq!(format!("{key:?}"), "SymmetricKey(redacted)");
        assert_eq!(SymmetricKey::from_slice(&[0u8; 16]), Err(CryptoError::KeyLength));
        assert_ne!(SymmetricKey::random(), SymmetricKey::random());
    }
}
