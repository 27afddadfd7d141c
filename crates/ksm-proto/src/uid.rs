//! Record, folder and file UIDs (PROTOCOL.md §5.4): 16 random bytes as 22 characters of B64U.

use rand::RngCore;

/// A UID for a new record or folder. Like the SDKs, avoids a first byte whose B64U form
/// starts with `-` or `_` (which would read like a command-line flag).
pub fn new_uid() -> String {
    let mut bytes = [0u8; 16];
    for _ in 0..8 {
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        if bytes[0] & 0xF8 != 0xF8 {
            return crate::b64::encode_url(&bytes);
        }
    }
    bytes[0] &= 0x7F;
    crate::b64::encode_url(&bytes)
}

/// A UID for a new file record: plain random bytes, as the SDKs make them.
pub fn new_file_uid() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    crate::b64::encode_url(&bytes)
}

/// True for text shaped like a UID: 22 characters of the B64U alphabet.
pub fn is_uid(text: &str) -> bool {
    text.len() == 22 && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_22_chars_and_never_start_like_a_flag() {
        for _ in 0..2000 {
            let uid = new_uid();
            assert!(is_uid(&uid), "{uid}");
            assert!(!uid.starts_with('-') && !uid.starts_with('_'), "{uid}");
        }
        assert!(is_uid(&new_file_uid()));
        assert!(!is_uid("short"));
        assert!(!is_uid("Ue8h6JyWUs7Iu6eY_mha-!"));
    }
}
