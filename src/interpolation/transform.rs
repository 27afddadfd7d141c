//! The `|transform` suffixes, each giving exactly what the official CLI's `TRANSFORMS` table
//! (Python 3) gives for the same text.

use super::py_space::is_py_space;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use md5::Md5;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transform {
    Base64,
    Base64Url,
    UrlEncode,
    UrlEncodePlus,
    Upper,
    Lower,
    Trim,
    Sha256,
    Md5,
}

impl Transform {
    pub const ALL: [Transform; 9] = [
        Transform::Base64,
        Transform::Base64Url,
        Transform::UrlEncode,
        Transform::UrlEncodePlus,
        Transform::Upper,
        Transform::Lower,
        Transform::Trim,
        Transform::Sha256,
        Transform::Md5,
    ];

    /// The name after `|` in a template.
    pub fn name(self) -> &'static str {
        match self {
            Transform::Base64 => "base64",
            Transform::Base64Url => "base64url",
            Transform::UrlEncode => "urlencode",
            Transform::UrlEncodePlus => "urlencodeplus",
            Transform::Upper => "upper",
            Transform::Lower => "lower",
            Transform::Trim => "trim",
            Transform::Sha256 => "sha256",
            Transform::Md5 => "md5",
        }
    }

    /// Exact, case-sensitive match on [`Transform::name`], as the official dict lookup.
    pub fn from_name(name: &str) -> Option<Transform> {
        Transform::ALL.into_iter().find(|t| t.name() == name)
    }

    /// Every name, comma-separated, for error messages.
    pub fn names() -> String {
        Transform::ALL.map(Transform::name).join(", ")
    }

    pub fn apply(self, value: &str) -> String {
        match self {
            Transform::Base64 => STANDARD.encode(value),
            Transform::Base64Url => URL_SAFE_NO_PAD.encode(value),
            Transform::UrlEncode => url_quote(value, URLENCODE),
            Transform::UrlEncodePlus => url_quote(value, URLENCODE_PLUS).replace(' ', "+"),
            Transform::Upper => value.to_uppercase(),
            Transform::Lower => value.to_lowercase(),
            Transform::Trim => value.trim_matches(is_py_space).to_string(),
            Transform::Sha256 => hex::encode(Sha256::digest(value)),
            Transform::Md5 => hex::encode(Md5::digest(value)),
        }
    }
}

impl fmt::Display for Transform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What Python's `urllib.parse.quote` keeps: letters, digits and `_.-~`.
const QUOTE_KEEPS: &AsciiSet = &NON_ALPHANUMERIC.remove(b'_').remove(b'.').remove(b'-').remove(b'~');
/// `quote(value, safe="/")`, the `urlencode` transform.
const URLENCODE: &AsciiSet = &QUOTE_KEEPS.remove(b'/');
/// `quote(value, safe=" ")`, then spaces as `+`: the `urlencodeplus` transform.
const URLENCODE_PLUS: &AsciiSet = &QUOTE_KEEPS.remove(b' ');

/// Python's `urllib.parse.quote`: UTF-8 bytes, the bytes not in `encoded` kept and the others
/// as upper-case `%XX`.
fn url_quote(value: &str, encoded: &'static AsciiSet) -> String {
    utf8_percent_encode(value, encoded).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_case_sensitive() {
        for transform in Transform::ALL {
            assert_eq!(Transform::from_name(transform.name()), Some(transform));
        }
        assert_eq!(Transform::from_name("BASE64"), None);
        assert_eq!(Transform::from_name(""), None);
        assert_eq!(Transform::names(), "base64, base64url, urlencode, urlencodeplus, upper, lower, trim, sha256, md5");
    }

    // Expected strings computed with Python 3.11 and the official TRANSFORMS lambdas.
    #[test]
    fn matches_python_outputs() {
        let vectors: &[(Transform, &str, &str)] = &[
            // base64
            (Transform::Base64, "", ""),
            (Transform::Base64, "a", "YQ=="),
            (Transform::Base64, "ab", "YWI="),
            (Transform::Base64, "abc", "YWJj"),
            (Transform::Base64, "hello world", "aGVsbG8gd29ybGQ="),
            (Transform::Base64, "??>~", "Pz8+fg=="),
            (Transform::Base64, "p@ss w/rd+?&=#%~_.-!*'()", "cEBzcyB3L3JkKz8mPSMlfl8uLSEqJygp"),
            (Transform::Base64, "Grüße, Straße ñ 日本 😀", "R3LDvMOfZSwgU3RyYcOfZSDDsSDml6XmnKwg8J+YgA=="),
            (Transform::Base64, " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r", "IAkcwqDjgIAgcGFkZGVkIMKFCg0="),
            (Transform::Base64, "ΟΔΟΣ Σ", "zp/OlM6fzqMgzqM="),
            (Transform::Base64, "İstanbul ǅ", "xLBzdGFuYnVsIMeF"),
            (Transform::Base64, "ﬁx ß", "76yBeCDDnw=="),
            (Transform::Base64, "$HOME;`id`|&<>", "JEhPTUU7YGlkYHwmPD4="),
            // base64url
            (Transform::Base64Url, "", ""),
            (Transform::Base64Url, "a", "YQ"),
            (Transform::Base64Url, "ab", "YWI"),
            (Transform::Base64Url, "abc", "YWJj"),
            (Transform::Base64Url, "hello world", "aGVsbG8gd29ybGQ"),
            (Transform::Base64Url, "??>~", "Pz8-fg"),
            (Transform::Base64Url, "p@ss w/rd+?&=#%~_.-!*'()", "cEBzcyB3L3JkKz8mPSMlfl8uLSEqJygp"),
            (Transform::Base64Url, "Grüße, Straße ñ 日本 😀", "R3LDvMOfZSwgU3RyYcOfZSDDsSDml6XmnKwg8J-YgA"),
            (Transform::Base64Url, " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r", "IAkcwqDjgIAgcGFkZGVkIMKFCg0"),
            (Transform::Base64Url, "ΟΔΟΣ Σ", "zp_OlM6fzqMgzqM"),
            (Transform::Base64Url, "İstanbul ǅ", "xLBzdGFuYnVsIMeF"),
            (Transform::Base64Url, "ﬁx ß", "76yBeCDDnw"),
            (Transform::Base64Url, "$HOME;`id`|&<>", "JEhPTUU7YGlkYHwmPD4"),
            // urlencode
            (Transform::UrlEncode, "", ""),
            (Transform::UrlEncode, "a", "a"),
            (Transform::UrlEncode, "ab", "ab"),
            (Transform::UrlEncode, "abc", "abc"),
            (Transform::UrlEncode, "hello world", "hello%20world"),
            (Transform::UrlEncode, "??>~", "%3F%3F%3E~"),
            (Transform::UrlEncode, "p@ss w/rd+?&=#%~_.-!*'()", "p%40ss%20w/rd%2B%3F%26%3D%23%25~_.-%21%2A%27%28%29"),
            (
                Transform::UrlEncode,
                "Grüße, Straße ñ 日本 😀",
                "Gr%C3%BC%C3%9Fe%2C%20Stra%C3%9Fe%20%C3%B1%20%E6%97%A5%E6%9C%AC%20%F0%9F%98%80",
            ),
            (
                Transform::UrlEncode,
                " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r",
                "%20%09%1C%C2%A0%E3%80%80%20padded%20%C2%85%0A%0D",
            ),
            (Transform::UrlEncode, "ΟΔΟΣ Σ", "%CE%9F%CE%94%CE%9F%CE%A3%20%CE%A3"),
            (Transform::UrlEncode, "İstanbul ǅ", "%C4%B0stanbul%20%C7%85"),
            (Transform::UrlEncode, "ﬁx ß", "%EF%AC%81x%20%C3%9F"),
            (Transform::UrlEncode, "$HOME;`id`|&<>", "%24HOME%3B%60id%60%7C%26%3C%3E"),
            // urlencodeplus
            (Transform::UrlEncodePlus, "", ""),
            (Transform::UrlEncodePlus, "a", "a"),
            (Transform::UrlEncodePlus, "ab", "ab"),
            (Transform::UrlEncodePlus, "abc", "abc"),
            (Transform::UrlEncodePlus, "hello world", "hello+world"),
            (Transform::UrlEncodePlus, "??>~", "%3F%3F%3E~"),
            (
                Transform::UrlEncodePlus,
                "p@ss w/rd+?&=#%~_.-!*'()",
                "p%40ss+w%2Frd%2B%3F%26%3D%23%25~_.-%21%2A%27%28%29",
            ),
            (
                Transform::UrlEncodePlus,
                "Grüße, Straße ñ 日本 😀",
                "Gr%C3%BC%C3%9Fe%2C+Stra%C3%9Fe+%C3%B1+%E6%97%A5%E6%9C%AC+%F0%9F%98%80",
            ),
            (
                Transform::UrlEncodePlus,
                " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r",
                "+%09%1C%C2%A0%E3%80%80+padded+%C2%85%0A%0D",
            ),
            (Transform::UrlEncodePlus, "ΟΔΟΣ Σ", "%CE%9F%CE%94%CE%9F%CE%A3+%CE%A3"),
            (Transform::UrlEncodePlus, "İstanbul ǅ", "%C4%B0stanbul+%C7%85"),
            (Transform::UrlEncodePlus, "ﬁx ß", "%EF%AC%81x+%C3%9F"),
            (Transform::UrlEncodePlus, "$HOME;`id`|&<>", "%24HOME%3B%60id%60%7C%26%3C%3E"),
            // upper
            (Transform::Upper, "", ""),
            (Transform::Upper, "a", "A"),
            (Transform::Upper, "ab", "AB"),
            (Transform::Upper, "abc", "ABC"),
            (Transform::Upper, "hello world", "HELLO WORLD"),
            (Transform::Upper, "??>~", "??>~"),
            (Transform::Upper, "p@ss w/rd+?&=#%~_.-!*'()", "P@SS W/RD+?&=#%~_.-!*'()"),
            (Transform::Upper, "Grüße, Straße ñ 日本 😀", "GRÜSSE, STRASSE Ñ 日本 😀"),
            (
                Transform::Upper,
                " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r",
                " \t\u{1c}\u{a0}\u{3000} PADDED \u{85}\n\r",
            ),
            (Transform::Upper, "ΟΔΟΣ Σ", "ΟΔΟΣ Σ"),
            (Transform::Upper, "İstanbul ǅ", "İSTANBUL Ǆ"),
            (Transform::Upper, "ﬁx ß", "FIX SS"),
            (Transform::Upper, "$HOME;`id`|&<>", "$HOME;`ID`|&<>"),
            // lower
            (Transform::Lower, "", ""),
            (Transform::Lower, "a", "a"),
            (Transform::Lower, "ab", "ab"),
            (Transform::Lower, "abc", "abc"),
            (Transform::Lower, "hello world", "hello world"),
            (Transform::Lower, "??>~", "??>~"),
            (Transform::Lower, "p@ss w/rd+?&=#%~_.-!*'()", "p@ss w/rd+?&=#%~_.-!*'()"),
            (Transform::Lower, "Grüße, Straße ñ 日本 😀", "grüße, straße ñ 日本 😀"),
            (
                Transform::Lower,
                " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r",
                " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r",
            ),
            (Transform::Lower, "ΟΔΟΣ Σ", "οδος σ"),
            (Transform::Lower, "İstanbul ǅ", "i̇stanbul ǆ"),
            (Transform::Lower, "ﬁx ß", "ﬁx ß"),
            (Transform::Lower, "$HOME;`id`|&<>", "$home;`id`|&<>"),
            // trim
            (Transform::Trim, "", ""),
            (Transform::Trim, "a", "a"),
            (Transform::Trim, "ab", "ab"),
            (Transform::Trim, "abc", "abc"),
            (Transform::Trim, "hello world", "hello world"),
            (Transform::Trim, "??>~", "??>~"),
            (Transform::Trim, "p@ss w/rd+?&=#%~_.-!*'()", "p@ss w/rd+?&=#%~_.-!*'()"),
            (Transform::Trim, "Grüße, Straße ñ 日本 😀", "Grüße, Straße ñ 日本 😀"),
            (Transform::Trim, " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r", "padded"),
            (Transform::Trim, "ΟΔΟΣ Σ", "ΟΔΟΣ Σ"),
            (Transform::Trim, "İstanbul ǅ", "İstanbul ǅ"),
            (Transform::Trim, "ﬁx ß", "ﬁx ß"),
            (Transform::Trim, "$HOME;`id`|&<>", "$HOME;`id`|&<>"),
            // sha256
            (Transform::Sha256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            (Transform::Sha256, "a", "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"),
            (Transform::Sha256, "ab", "fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603"),
            (Transform::Sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            (Transform::Sha256, "hello world", "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9"),
            (Transform::Sha256, "??>~", "db76950af87febd40a7c0930a165affba65c34e37361b88e3c004db18b11bae7"),
            (
                Transform::Sha256,
                "p@ss w/rd+?&=#%~_.-!*'()",
                "eecd3692d39c3067741cd2f95deeed19a8c29756cf99ccd68255a6b013b04b3c",
            ),
            (
                Transform::Sha256,
                "Grüße, Straße ñ 日本 😀",
                "eb6b2bc0e8f0a7383530dbed174ec17200b96512f26a16631b3af02b65126b40",
            ),
            (
                Transform::Sha256,
                " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r",
                "45d5275590e921448014787071871043d5dc4dfac6e5400b0bdba6ef7f9b0a5b",
            ),
            (Transform::Sha256, "ΟΔΟΣ Σ", "e7712c1cac643b7a9422caf0ed877d2b6f38182a1006cfabee459de53f1637b1"),
            (Transform::Sha256, "İstanbul ǅ", "e3daede6389d8ec738e08d0c6d3f6980d03b089d0939edcf6a3cdebd3c45f762"),
            (Transform::Sha256, "ﬁx ß", "20f10239093eedbf1fada4198ade18dcad88fa6fba455368b07523267c11c4b3"),
            (Transform::Sha256, "$HOME;`id`|&<>", "f453a19bd1b3ac0cdbc19c3633fdf40e175e66a20b2040f316a667cec29bd7f2"),
            // md5
            (Transform::Md5, "", "d41d8cd98f00b204e9800998ecf8427e"),
            (Transform::Md5, "a", "0cc175b9c0f1b6a831c399e269772661"),
            (Transform::Md5, "ab", "187ef4436122d1cc2f40dc2b92f0eba0"),
            (Transform::Md5, "abc", "900150983cd24fb0d6963f7d28e17f72"),
            (Transform::Md5, "hello world", "5eb63bbbe01eeed093cb22bb8f5acdc3"),
            (Transform::Md5, "??>~", "fca69e466884895466a22bb3e9d0edd9"),
            (Transform::Md5, "p@ss w/rd+?&=#%~_.-!*'()", "598d5528c584ff16eba2108365d0bb25"),
            (Transform::Md5, "Grüße, Straße ñ 日本 😀", "61b732d1cdf61019fd8dc29d46cfd4d7"),
            (Transform::Md5, " \t\u{1c}\u{a0}\u{3000} padded \u{85}\n\r", "edf0be97050b8138ba7d517bf72d3122"),
            (Transform::Md5, "ΟΔΟΣ Σ", "db516a6ded012a90a8010a998e503d0b"),
            (Transform::Md5, "İstanbul ǅ", "9c5715f6ed4fe6f60c1a0e2dd7a9b674"),
            (Transform::Md5, "ﬁx ß", "f2ed4ef116a453e7390ac651484d71b6"),
            (Transform::Md5, "$HOME;`id`|&<>", "b9f7856d5ac490a2a79c3ff1df45a1dd"),
        ];
        for (transform, input, expected) in vectors {
            assert_eq!(transform.apply(input), *expected, "{transform} of {input:?}");
        }
    }
}
