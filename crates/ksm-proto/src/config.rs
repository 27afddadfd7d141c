//! The client configuration key set (PROTOCOL.md §3): a flat JSON object of strings, also
//! passed around as standard base64 of that JSON (`KSM_CONFIG`).

use serde::{Deserialize, Serialize};

/// A device's configuration. `Debug` hides every secret value.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// The one-time token; deleted after a successful bind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// B64 of the PKCS#8 DER device key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_public_key_id: Option<String>,
    /// B64U of a custom server key (self-hosted and isolated deployments).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_public_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_owner_public_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("the configuration is neither JSON nor base64 of JSON")]
    NotJson,
    #[error("the configuration JSON is not an object of string values ({0})")]
    Shape(String),
}

impl ClientConfig {
    /// Parses raw JSON or standard base64 of JSON, as `KSM_CONFIG` and `profile import` accept.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Self::default());
        }
        let json = if text.starts_with('{') {
            text.as_bytes().to_vec()
        } else {
            crate::b64::decode(text).map_err(|_| ConfigError::NotJson)?
        };
        let value: serde_json::Value = serde_json::from_slice(&json).map_err(|_| ConfigError::NotJson)?;
        serde_json::from_value(value).map_err(|e| ConfigError::Shape(e.to_string()))
    }

    /// Pretty JSON with sorted keys, as the official SDK writes `client-config.json`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&serde_json::to_value(self).expect("config serializes"))
            .expect("config serializes")
    }

    /// Standard base64 of the JSON: the official CLI's `profile export` format.
    pub fn to_base64(&self) -> String {
        crate::b64::encode(self.to_json().as_bytes())
    }

    /// True once the device has been bound to its application (it holds the app key).
    pub fn is_bound(&self) -> bool {
        self.app_key.is_some()
    }
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hidden = |value: &Option<String>| value.as_ref().map(|_| "redacted");
        f.debug_struct("ClientConfig")
            .field("hostname", &self.hostname)
            .field("client_key", &hidden(&self.client_key))
            .field("client_id", &self.client_id)
            .field("private_key", &hidden(&self.private_key))
            .field("server_public_key_id", &self.server_public_key_id)
            .field("server_public_key", &self.server_public_key)
            .field("app_key", &hidden(&self.app_key))
            .field("app_owner_public_key", &self.app_owner_public_key)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_js_vector_with_odd_whitespace() {
        let text = "eyJhcHBLZXkiOiAiRkFLRV9BUFBfS0VZIiwgICAgICJjbGllbnRJZCI6ICJGQUtFX0NMSUVOVF9LRVkiLCAgICAgImhvc3RuYW1lIjogImZha2Uua2VlcGVyc2VjdXJpdHkuY29tIiwgICAgICJwcml2YXRlS2V5IjogIkZBS0VfUFJJVkFURV9LRVkiLCAgICAKInNlcnZlclB1YmxpY0tleUlkIjogIjEwIiB9";
        let config = ClientConfig::parse(text).unwrap();
        assert_eq!(config.hostname.as_deref(), Some("fake.keepersecurity.com"));
        assert_eq!(config.app_key.as_deref(), Some("FAKE_APP_KEY"));
        assert_eq!(config.client_id.as_deref(), Some("FAKE_CLIENT_KEY"));
        assert_eq!(config.server_public_key_id.as_deref(), Some("10"));
    }

    #[test]
    fn base64_and_json_forms_round_trip_and_unknown_keys_are_tolerated() {
        let config = ClientConfig { hostname: Some("h".into()), app_key: Some("k".into()), ..Default::default() };
        assert_eq!(ClientConfig::parse(&config.to_base64()).unwrap(), config);
        assert_eq!(ClientConfig::parse(&config.to_json()).unwrap(), config);
        assert_eq!(ClientConfig::parse(r#"{"hostname":"h","appKey":"k","url":"x"}"#).unwrap(), config);
        assert_eq!(ClientConfig::parse("").unwrap(), ClientConfig::default());
        assert_eq!(ClientConfig::parse("not config"), Err(ConfigError::NotJson));
        assert!(matches!(ClientConfig::parse(r#"{"hostname":5}"#), Err(ConfigError::Shape(_))));
    }

    #[test]
    fn debug_hides_secrets() {
        let config = ClientConfig {
            app_key: Some("SECRETKEY".into()),
            private_key: Some("PRIV".into()),
            client_key: Some("TOK".into()),
            ..Default::default()
        };
        let shown = format!("{config:?}");
        assert!(!shown.contains("SECRETKEY") && !shown.contains("PRIV") && !shown.contains("TOK"), "{shown}");
    }
}
