//! One-time codes from `otpauth://` URIs (RFC 6238 TOTP; PROTOCOL.md §12.2), following the
//! Python SDK's parameter handling.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Sha256, Sha512};
use zeroize::Zeroizing;

const DEFAULT_DIGITS: u32 = 6;
const DEFAULT_PERIOD: u64 = 30;

/// The HMAC hash of a TOTP generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotpAlgorithm {
    Sha1,
    Sha256,
    Sha512,
}

/// A TOTP generator parsed from an `otpauth://` URI. Fields are private so that the
/// invariants code generation relies on (digits 6–8, non-zero period) always hold.
#[derive(Clone, PartialEq, Eq)]
pub struct Totp {
    secret: Zeroizing<Vec<u8>>,
    algorithm: TotpAlgorithm,
    digits: u32,
    period: u64,
    counter: Option<u64>,
}

/// A code and how long it stays valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TotpCode {
    pub code: String,
    pub seconds_left: u64,
    pub period: u64,
}

/// Why an `otpauth://` URI was rejected. Messages never include the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TotpError {
    #[error("not an otpauth:// URI")]
    NotOtpauth,
    #[error("the TOTP URI has no secret")]
    MissingSecret,
    #[error("the TOTP secret is not valid base32")]
    InvalidSecret,
    #[error("invalid TOTP algorithm \"{0}\": use SHA1, SHA256 or SHA512")]
    InvalidAlgorithm(String),
    #[error("invalid TOTP digits \"{0}\": use 6, 7 or 8")]
    InvalidDigits(String),
}

impl std::fmt::Debug for Totp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Totp")
            .field("secret", &"<redacted>")
            .field("algorithm", &self.algorithm)
            .field("digits", &self.digits)
            .field("period", &self.period)
            .field("counter", &self.counter)
            .finish()
    }
}

impl Totp {
    /// Parses `otpauth://totp/<label>?secret=…&algorithm=…&digits=…&period=…&counter=…`.
    pub fn from_uri(uri: &str) -> Result<Totp, TotpError> {
        let query = otpauth_query(uri)?;
        let parameters = parse_query(query);
        let secret_text = parameters.get("secret").ok_or(TotpError::MissingSecret)?;
        Ok(Totp {
            secret: Zeroizing::new(decode_base32(secret_text).ok_or(TotpError::InvalidSecret)?),
            algorithm: parse_algorithm(parameters.get("algorithm"))?,
            digits: parse_digits(parameters.get("digits"))?,
            period: parse_period(parameters.get("period")),
            counter: parameters.get("counter").and_then(|text| text.parse().ok()),
        })
    }

    pub fn algorithm(&self) -> TotpAlgorithm {
        self.algorithm
    }

    /// 6, 7 or 8.
    pub fn digits(&self) -> u32 {
        self.digits
    }

    /// Seconds per code; never 0.
    pub fn period(&self) -> u64 {
        self.period
    }

    /// The URI's `counter` parameter: a test hook that stands in for the current Unix time.
    pub fn counter(&self) -> Option<u64> {
        self.counter
    }

    /// The time to compute a code for: the URI's `counter` when present, else `now`.
    pub fn effective_time(&self, now_unix_seconds: u64) -> u64 {
        self.counter.unwrap_or(now_unix_seconds)
    }

    /// The code valid at `unix_seconds` (the caller applies [`Totp::effective_time`]).
    pub fn code_at(&self, unix_seconds: u64) -> TotpCode {
        let step = unix_seconds / self.period;
        let digest = self.hmac(&step.to_be_bytes());
        let modulus = 10u64.pow(self.digits);
        let code = u64::from(truncate(&digest)) % modulus;
        TotpCode {
            code: format!("{code:0width$}", width = self.digits as usize),
            seconds_left: self.period - unix_seconds % self.period,
            period: self.period,
        }
    }

    fn hmac(&self, message: &[u8]) -> Vec<u8> {
        match self.algorithm {
            TotpAlgorithm::Sha1 => hmac_digest::<Hmac<Sha1>>(&self.secret, message),
            TotpAlgorithm::Sha256 => hmac_digest::<Hmac<Sha256>>(&self.secret, message),
            TotpAlgorithm::Sha512 => hmac_digest::<Hmac<Sha512>>(&self.secret, message),
        }
    }
}

fn hmac_digest<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length, so this never falls back in practice.
    let Ok(mut mac) = <M as Mac>::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// RFC 4226 dynamic truncation: 31 bits at the offset named by the digest's last nibble.
fn truncate(digest: &[u8]) -> u32 {
    let offset = digest.last().map_or(0, |last| usize::from(last & 0x0F));
    let mut word = [0u8; 4];
    if let Some(bytes) = digest.get(offset..offset + 4) {
        word.copy_from_slice(bytes);
    }
    u32::from_be_bytes(word) & 0x7FFF_FFFF
}

/// The query of an `otpauth:` URI (scheme compared case-insensitively).
fn otpauth_query(uri: &str) -> Result<&str, TotpError> {
    let (scheme, rest) = uri.trim().split_once(':').ok_or(TotpError::NotOtpauth)?;
    if !scheme.eq_ignore_ascii_case("otpauth") {
        return Err(TotpError::NotOtpauth);
    }
    let without_fragment = rest.split_once('#').map_or(rest, |(before, _)| before);
    Ok(without_fragment.split_once('?').map_or("", |(_, query)| query))
}

/// Query parameters like Python's `dict(parse_qsl(query))`: `application/x-www-form-urlencoded`
/// (malformed `%` escapes stay literal), blank values dropped, a repeated name keeps its last
/// value.
fn parse_query(query: &str) -> std::collections::HashMap<String, String> {
    form_urlencoded::parse(query.as_bytes())
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect()
}

fn parse_algorithm(text: Option<&String>) -> Result<TotpAlgorithm, TotpError> {
    let Some(text) = text else {
        return Ok(TotpAlgorithm::Sha1);
    };
    match text.to_ascii_uppercase().as_str() {
        "SHA1" => Ok(TotpAlgorithm::Sha1),
        "SHA256" => Ok(TotpAlgorithm::Sha256),
        "SHA512" => Ok(TotpAlgorithm::Sha512),
        _ => Err(TotpError::InvalidAlgorithm(text.clone())),
    }
}

/// Non-numeric or zero falls back to 6; other values outside 6–8 are rejected.
fn parse_digits(text: Option<&String>) -> Result<u32, TotpError> {
    let Some(text) = text else {
        return Ok(DEFAULT_DIGITS);
    };
    match text.parse::<u64>() {
        Err(_) | Ok(0) => Ok(DEFAULT_DIGITS),
        Ok(digits @ 6..=8) => Ok(digits as u32),
        Ok(_) => Err(TotpError::InvalidDigits(text.clone())),
    }
}

/// Non-numeric or zero falls back to 30 seconds.
fn parse_period(text: Option<&String>) -> u64 {
    text.and_then(|text| text.parse::<u64>().ok()).filter(|period| *period > 0).unwrap_or(DEFAULT_PERIOD)
}

/// RFC 4648 base32, case-insensitive, with the trailing `=` padding optional.
fn decode_base32(text: &str) -> Option<Vec<u8>> {
    let data = text.trim_end_matches('=');
    // A final group of 1, 3 or 6 characters cannot encode whole bytes.
    if matches!(data.len() % 8, 1 | 3 | 6) {
        return None;
    }
    let mut bytes = Vec::with_capacity(data.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bit_count = 0;
    for c in data.chars() {
        buffer = (buffer << 5) | u32::from(base32_value(c)?);
        bit_count += 5;
        if bit_count >= 8 {
            bit_count -= 8;
            bytes.push((buffer >> bit_count) as u8);
            buffer &= (1 << bit_count) - 1;
        }
    }
    Some(bytes)
}

fn base32_value(c: char) -> Option<u8> {
    match c.to_ascii_uppercase() {
        upper @ 'A'..='Z' => Some(upper as u8 - b'A'),
        digit @ '2'..='7' => Some(digit as u8 - b'2' + 26),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA1_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const SHA256_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA";
    const SHA512_SECRET: &str =
        "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNA=";

    fn uri(secret: &str, extra: &str) -> String {
        format!("otpauth://totp/ACME:john@example.com?secret={secret}&issuer=ACME{extra}")
    }

    fn code(uri: &str, time: u64) -> String {
        Totp::from_uri(uri).unwrap().code_at(time).code
    }

    #[test]
    fn rfc6238_vectors_for_all_three_algorithms() {
        let table: [(u64, [&str; 3]); 6] = [
            (59, ["94287082", "46119246", "90693936"]),
            (1111111109, ["07081804", "68084774", "25091201"]),
            (1111111111, ["14050471", "67062674", "99943326"]),
            (1234567890, ["89005924", "91819424", "93441116"]),
            (2000000000, ["69279037", "90698825", "38618901"]),
            (20000000000, ["65353130", "77737706", "47863826"]),
        ];
        let generators = [("SHA1", SHA1_SECRET), ("SHA256", SHA256_SECRET), ("SHA512", SHA512_SECRET)];
        for (time, expected) in table {
            for ((algorithm, secret), want) in generators.iter().zip(expected) {
                let uri = uri(secret, &format!("&algorithm={algorithm}&digits=8&period=30"));
                assert_eq!(code(&uri, time), want, "{algorithm} at {time}");
            }
        }
    }

    #[test]
    fn seconds_left_counts_down_to_the_period_boundary() {
        let totp = Totp::from_uri(&uri(SHA1_SECRET, "&digits=8")).unwrap();
        assert_eq!(totp.code_at(59), TotpCode { code: "94287082".into(), seconds_left: 1, period: 30 });
        assert_eq!(totp.code_at(60).seconds_left, 30);
    }

    #[test]
    fn empty_algorithm_falls_back_to_sha1() {
        assert_eq!(code(&uri(SHA1_SECRET, "&algorithm=&digits=8"), 20000000000), "65353130");
    }

    #[test]
    fn zero_or_non_numeric_digits_fall_back_to_six() {
        assert_eq!(code(&uri(SHA1_SECRET, "&digits=0"), 20000000000), "353130");
        assert_eq!(code(&uri(SHA1_SECRET, "&digits=x"), 20000000000), "353130");
        assert_eq!(code(&uri(SHA1_SECRET, "&digits=-3"), 20000000000), "353130");
        assert_eq!(code(&uri(SHA1_SECRET, "&digits=7"), 20000000000), "5353130");
    }

    #[test]
    fn digits_outside_six_to_eight_are_rejected() {
        let error = Totp::from_uri(&uri(SHA1_SECRET, "&digits=9")).unwrap_err();
        assert_eq!(error, TotpError::InvalidDigits("9".into()));
    }

    #[test]
    fn zero_or_non_numeric_period_falls_back_to_thirty() {
        for period in ["0", "-5", "abc"] {
            let totp = Totp::from_uri(&uri(SHA1_SECRET, &format!("&digits=8&period={period}"))).unwrap();
            assert_eq!(totp.period(), 30, "{period}");
            assert_eq!(totp.code_at(59).code, "94287082");
        }
        assert_eq!(Totp::from_uri(&uri(SHA1_SECRET, "&period=60")).unwrap().code_at(59).seconds_left, 1);
    }

    #[test]
    fn empty_or_missing_secret_is_an_error() {
        assert_eq!(Totp::from_uri(&uri("", "")).unwrap_err().to_string(), "the TOTP URI has no secret");
        assert_eq!(Totp::from_uri("otpauth://totp/x?issuer=A").unwrap_err(), TotpError::MissingSecret);
    }

    #[test]
    fn unknown_algorithm_names_the_value() {
        let error = Totp::from_uri(&uri(SHA1_SECRET, "&algorithm=SHA1024")).unwrap_err();
        assert_eq!(error.to_string(), "invalid TOTP algorithm \"SHA1024\": use SHA1, SHA256 or SHA512");
    }

    #[test]
    fn invalid_base32_is_an_error_that_hides_the_secret() {
        let error = Totp::from_uri(&uri("1NVAL1D", "")).unwrap_err();
        assert_eq!(error, TotpError::InvalidSecret);
        assert!(!error.to_string().contains("1NVAL1D"));
        assert_eq!(Totp::from_uri(&uri("ABC", "")).unwrap_err(), TotpError::InvalidSecret);
    }

    #[test]
    fn base32_is_case_insensitive_with_optional_padding() {
        let padded = Totp::from_uri(&uri(SHA512_SECRET, "")).unwrap();
        let unpadded = Totp::from_uri(&uri(&SHA512_SECRET.trim_end_matches('=').to_lowercase(), "")).unwrap();
        assert_eq!(padded.secret, unpadded.secret);
        assert_eq!(decode_base32("MZXW6YQ=").unwrap(), b"foob");
        assert_eq!(decode_base32("mzxw6").unwrap(), b"foo");
        assert_eq!(decode_base32("MZXW6YTBOI======").unwrap(), b"foobar");
        assert_eq!(Totp::from_uri(&uri("MZXW6YQ%3D", "")).unwrap().secret.as_slice(), b"foob");
    }

    #[test]
    fn counter_is_exposed_as_the_time_to_use() {
        let totp = Totp::from_uri(&uri(SHA1_SECRET, "&digits=8&counter=59")).unwrap();
        assert_eq!(totp.counter(), Some(59));
        assert_eq!(totp.code_at(totp.effective_time(1_700_000_000)).code, "94287082");
        let without = Totp::from_uri(&uri(SHA1_SECRET, "")).unwrap();
        assert_eq!(without.effective_time(1_700_000_000), 1_700_000_000);
    }

    #[test]
    fn rejects_other_schemes_and_accepts_any_scheme_case() {
        assert_eq!(Totp::from_uri("https://x?secret=GEZA").unwrap_err(), TotpError::NotOtpauth);
        assert_eq!(Totp::from_uri("no scheme").unwrap_err(), TotpError::NotOtpauth);
        assert!(Totp::from_uri(&format!("OTPAUTH://totp/x?secret={SHA1_SECRET}")).is_ok());
        assert_eq!(Totp::from_uri(&uri(SHA1_SECRET, "&algorithm=sha256")).unwrap().algorithm(), TotpAlgorithm::Sha256);
    }

    #[test]
    fn debug_output_hides_the_secret() {
        let totp = Totp::from_uri(&uri(SHA1_SECRET, "")).unwrap();
        assert!(!format!("{totp:?}").contains("49"));
        assert!(format!("{totp:?}").contains("redacted"));
    }
}
