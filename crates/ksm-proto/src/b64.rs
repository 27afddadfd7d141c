//! The base64 variants of PROTOCOL.md §0.
//!
//! We always emit padded standard base64 (B64) or unpadded URL-safe base64 (B64U) and decode
//! leniently, because the official SDKs disagree on which one they send.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

const LENIENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const LENIENT_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const LENIENT_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// The input was not base64 in either alphabet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not valid base64")]
pub struct Base64Error;

/// Standard alphabet with `=` padding (B64).
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// URL-safe alphabet without padding (B64U).
pub fn encode_url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes either alphabet, with or without padding (PROTOCOL.md "lenient-decode").
pub fn decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let trimmed = text.trim().as_bytes();
    // A string mixing both alphabets is not base64; one of them decodes everything else.
    let engine = if trimmed.iter().any(|b| *b == b'-' || *b == b'_') { &LENIENT_URL_SAFE } else { &LENIENT_STANDARD };
    engine.decode(trimmed).map_err(|_| Base64Error)
}

/// True when `text` is canonical padded standard base64: the test the Python SDK uses to tell
/// a base64 config string from raw JSON (PROTOCOL.md §3.2).
pub fn is_canonical_standard(text: &str) -> bool {
    STANDARD.decode(text).map(|bytes| STANDARD.encode(bytes) == text).unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_alphabets_with_and_without_padding() {
        let bytes = [0xfbu8, 0xff, 0x00, 0x3e];
        for text in ["+/8APg==", "-_8APg==", "+/8APg", "-_8APg"] {
            assert_eq!(decode(text).unwrap(), bytes, "{text}");
        }
    }

    #[test]
    fn encodes_the_two_variants() {
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(encode_url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(decode("not base64!"), Err(Base64Error));
        assert_eq!(decode("+/-_"), Err(Base64Error), "mixed alphabets");
    }

    #[test]
    fn canonical_standard_detection() {
        assert!(is_canonical_standard("e30="));
        assert!(!is_canonical_standard("{}"));
        assert!(!is_canonical_standard("e30"));
    }
}
