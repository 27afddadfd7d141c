//! Pads share plaintexts to fixed buckets so a ciphertext's length does not reveal how long
//! a password is: `plaintext ‖ 0x80 ‖ 0x00…` up to the smallest bucket that fits (the
//! ISO/IEC 7816-4 scheme; `web/share.js` does the same).

/// Bucket sizes in bytes; a plaintext longer than the last one is refused.
pub const BUCKETS: [usize; 5] = [256, 1024, 4096, 16384, 65536];
/// The longest plaintext that can be padded.
pub const MAX_PLAINTEXT: usize = BUCKETS[BUCKETS.len() - 1] - 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PaddingError {
    #[error("the secret is over the {MAX_PLAINTEXT}-byte limit for shares")]
    TooLong,
    #[error("the padding is malformed")]
    Malformed,
}

pub fn pad(plaintext: &[u8]) -> Result<Vec<u8>, PaddingError> {
    let size = BUCKETS.iter().copied().find(|bucket| plaintext.len() < *bucket).ok_or(PaddingError::TooLong)?;
    let mut padded = Vec::with_capacity(size);
    padded.extend_from_slice(plaintext);
    padded.push(0x80);
    padded.resize(size, 0);
    Ok(padded)
}

pub fn unpad(padded: &[u8]) -> Result<&[u8], PaddingError> {
    if !BUCKETS.contains(&padded.len()) {
        return Err(PaddingError::Malformed);
    }
    let end = padded.iter().rposition(|byte| *byte != 0).ok_or(PaddingError::Malformed)?;
    if padded[end] != 0x80 {
        return Err(PaddingError::Malformed);
    }
    Ok(&padded[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_land_in_buckets_and_round_trip() {
        for (length, bucket) in [(0, 256), (1, 256), (255, 256), (256, 1024), (1023, 1024), (65535, 65536)] {
            let plaintext = vec![0u8; length];
            let padded = pad(&plaintext).unwrap();
            assert_eq!(padded.len(), bucket, "length {length}");
            assert_eq!(unpad(&padded).unwrap(), plaintext.as_slice());
        }
        assert_eq!(pad(&vec![1u8; 65536]), Err(PaddingError::TooLong));
    }

    #[test]
    fn malformed_padding_is_refused() {
        assert_eq!(unpad(&[0u8; 256]), Err(PaddingError::Malformed), "no marker");
        assert_eq!(unpad(&[1u8; 256]), Err(PaddingError::Malformed), "marker not 0x80");
        assert_eq!(unpad(&[0x80u8; 100]), Err(PaddingError::Malformed), "not a bucket size");
        let mut padded = pad(b"pw").unwrap();
        padded[3] = 0x80;
        padded[2] = 0;
        assert_eq!(unpad(&padded).unwrap(), b"pw\0", "the last marker ends the plaintext");
    }
}
