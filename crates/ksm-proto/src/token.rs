//! One-time access tokens (PROTOCOL.md §1.1–§1.2).

use crate::crypto::SymmetricKey;

/// Region prefixes and the hosts they stand for.
pub const REGIONS: [(&str, &str); 7] = [
    ("US", "keepersecurity.com"),
    ("EU", "keepersecurity.eu"),
    ("AU", "keepersecurity.com.au"),
    ("GOV", "govcloud.keepersecurity.us"),
    ("JP", "keepersecurity.jp"),
    ("CA", "keepersecurity.ca"),
    ("IL5", "il5.keepersecurity.us"),
];

/// The host of a region code (case-insensitive), e.g. `eu` → `keepersecurity.eu`.
pub fn region_host(code: &str) -> Option<&'static str> {
    REGIONS.iter().find(|(region, _)| region.eq_ignore_ascii_case(code)).map(|(_, host)| *host)
}

/// A parsed token. `Debug` never shows the key.
#[derive(Clone, PartialEq, Eq)]
pub struct OneTimeToken {
    /// Host named by the token's prefix (a region's host, or the prefix itself); `None` for a
    /// bare key, which needs a hostname from elsewhere.
    pub host: Option<String>,
    /// The client key exactly as written (B64U, 43 characters).
    pub client_key: String,
    /// `(key id, B64U public key)` carried by the 4-part IL5 form.
    pub server_key: Option<(String, String)>,
}

impl std::fmt::Debug for OneTimeToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OneTimeToken").field("host", &self.host).field("client_key", &"redacted").finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is empty")]
    Empty,
    #[error("the token's key is not 32 bytes of base64 (expected 43 characters such as US:AbC…)")]
    BadKey,
    #[error("malformed IL5 token: expected IL5:<key>:<key id>:<server public key>")]
    MalformedIl5,
}

impl OneTimeToken {
    pub fn parse(text: &str) -> Result<Self, TokenError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(TokenError::Empty);
        }
        let parts: Vec<&str> = text.split(':').collect();
        let token = match parts.as_slice() {
            [key] => Self { host: None, client_key: key.to_string(), server_key: None },
            [prefix, rest @ ..] if prefix.eq_ignore_ascii_case("IL5") && rest.len() > 1 => parse_il5(rest)?,
            [prefix, key, ..] => Self {
                host: Some(region_host(prefix).map_or_else(|| prefix.to_string(), str::to_string)),
                client_key: key.to_string(),
                server_key: None,
            },
            [] => unreachable!("split always yields one part"),
        };
        token.key()?;
        Ok(token)
    }

    /// The token's 32 key bytes: they derive the client id and decrypt the app key.
    pub fn key(&self) -> Result<SymmetricKey, TokenError> {
        let bytes = crate::b64::decode(&self.client_key).map_err(|_| TokenError::BadKey)?;
        SymmetricKey::from_slice(&bytes).map_err(|_| TokenError::BadKey)
    }

    pub fn client_id(&self) -> Result<String, TokenError> {
        Ok(crate::client_id::client_id(self.key()?.as_bytes()))
    }
}

fn parse_il5(rest: &[&str]) -> Result<OneTimeToken, TokenError> {
    let [key, key_id, server_key] = rest else {
        return Err(TokenError::MalformedIl5);
    };
    if key.is_empty() || key_id.is_empty() || crate::b64::decode(server_key).map_or(true, |k| k.is_empty()) {
        return Err(TokenError::MalformedIl5);
    }
    Ok(OneTimeToken {
        host: region_host("IL5").map(str::to_string),
        client_key: key.to_string(),
        server_key: Some((key_id.to_string(), server_key.to_string())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";

    #[test]
    fn region_prefixes_map_case_insensitively() {
        for (prefix, host) in [
            ("US", "keepersecurity.com"),
            ("EU", "keepersecurity.eu"),
            ("eu", "keepersecurity.eu"),
            ("AU", "keepersecurity.com.au"),
            ("GOV", "govcloud.keepersecurity.us"),
            ("JP", "keepersecurity.jp"),
            ("CA", "keepersecurity.ca"),
        ] {
            let token = OneTimeToken::parse(&format!("{prefix}:{KEY}")).unwrap();
            assert_eq!(token.host.as_deref(), Some(host), "{prefix}");
            assert_eq!(token.client_key, KEY);
        }
    }

    #[test]
    fn hostname_prefix_bare_key_and_extra_parts() {
        let token = OneTimeToken::parse(&format!("fake.keepersecurity.com:{KEY}")).unwrap();
        assert_eq!(token.host.as_deref(), Some("fake.keepersecurity.com"));
        assert_eq!(OneTimeToken::parse(KEY).unwrap().host, None);
        let extra = OneTimeToken::parse(&format!("US:{KEY}:extra:more")).unwrap();
        assert_eq!((extra.host.as_deref(), extra.client_key.as_str()), (Some("keepersecurity.com"), KEY));
        assert_eq!(OneTimeToken::parse(&format!("  US:{KEY}\n")).unwrap().client_key, KEY);
    }

    #[test]
    fn il5_four_part_form_carries_the_server_key() {
        let server_key = crate::server_keys::builtin_key_text("10").unwrap();
        let token = OneTimeToken::parse(&format!("IL5:{KEY}:20:{server_key}")).unwrap();
        assert_eq!(token.host.as_deref(), Some("il5.keepersecurity.us"));
        assert_eq!(token.server_key, Some(("20".to_string(), server_key.to_string())));
        assert_eq!(OneTimeToken::parse(&format!("IL5:{KEY}:20")), Err(TokenError::MalformedIl5));
        assert_eq!(OneTimeToken::parse(&format!("IL5:{KEY}::{server_key}")), Err(TokenError::MalformedIl5));
        assert!(OneTimeToken::parse(&format!("IL5:{KEY}")).is_ok());
    }

    #[test]
    fn rejects_empty_and_short_keys_and_hides_the_key() {
        assert_eq!(OneTimeToken::parse("  "), Err(TokenError::Empty));
        assert_eq!(OneTimeToken::parse("US:abc"), Err(TokenError::BadKey));
        assert_eq!(OneTimeToken::parse("US:!!!"), Err(TokenError::BadKey));
        let shown = format!("{:?}", OneTimeToken::parse(KEY).unwrap());
        assert!(!shown.contains(KEY), "{shown}");
    }

    #[test]
    fn client_id_matches_the_protocol_vector() {
        let id = OneTimeToken::parse(&format!("US:{KEY}")).unwrap().client_id().unwrap();
        assert_eq!(id, "6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ==");
    }
}
