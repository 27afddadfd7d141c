//! `ksm profile import`: what other tools export, turned into configs to store as profiles.
//!
//! Accepted, possibly wrapped in base64 (either alphabet, as the official CLI uses URL-safe
//! base64 and KSM_CONFIG standard base64):
//! - a config JSON object (`ksm init default`, `profile export --file-format json`, KSM_CONFIG,
//!   `client-config.json`, and our own `profile export`);
//! - a `keeper.ini` (the official CLI's default `profile export` format and its profile file):
//!   one profile per section, except the `[_config]` settings section.

use super::ini::{self, Ini, Section};
use super::portable::{trust_from_ini, trust_from_json, INI_SETTINGS_SECTION};
use super::{ImportedProfile, ProfileError};
use ksm_proto::b64;
use ksm_proto::config::ClientConfig;
use zeroize::Zeroizing;

const EXPECTED: &str = "expected the output of `ksm profile export` (this ksm's or the official CLI's), a KSM config \
                        as JSON or base64 (`ksm init default`, KSM_CONFIG), or a keeper.ini file";

/// Parses an export in any accepted format. Names are not validated here: the caller may
/// rename, and validates with [`super::validate_profile_name`] before creating.
pub fn parse_import(text: &str) -> Result<Vec<ImportedProfile>, ProfileError> {
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.is_empty() {
        return Err(ProfileError::Import(format!("nothing to import; {EXPECTED}")));
    }
    if let Some(found) = parse_plain(text)? {
        return Ok(found);
    }
    let decoded = Zeroizing::new(b64::decode(text).unwrap_or_default());
    match std::str::from_utf8(&decoded).ok().map(|t| parse_plain(t.trim_start_matches('\u{feff}').trim())) {
        Some(Ok(Some(found))) => Ok(found),
        Some(Err(err)) => Err(err),
        _ => Err(ProfileError::Import(format!("unrecognized import format; {EXPECTED}"))),
    }
}

/// `None` when the text is neither JSON nor INI (it may then be base64).
fn parse_plain(text: &str) -> Result<Option<Vec<ImportedProfile>>, ProfileError> {
    if text.starts_with('{') {
        let config = ClientConfig::parse(text).map_err(|_| {
            ProfileError::Import(format!("the JSON is not a KSM config (an object of string values); {EXPECTED}"))
        })?;
        check_usable(&config, "the config")?;
        return Ok(Some(vec![ImportedProfile { name: None, config, trust: trust_from_json(text) }]));
    }
    if looks_like_ini(text) {
        let ini =
            ini::parse(text).map_err(|e| ProfileError::Import(format!("the keeper.ini is malformed: {}", e.0)))?;
        return from_ini(&ini).map(Some);
    }
    Ok(None)
}

fn looks_like_ini(text: &str) -> bool {
    let first = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with(';'));
    first.is_some_and(|line| line.starts_with('[') && line.ends_with(']'))
}

pub(super) fn from_ini(ini: &Ini) -> Result<Vec<ImportedProfile>, ProfileError> {
    let mut found = Vec::new();
    for section in ini.sections().iter().filter(|s| s.name != INI_SETTINGS_SECTION) {
        let config = ini_config(ini, section)?;
        check_usable(&config, &format!("profile [{}] of the keeper.ini", section.name))?;
        let trust = trust_from_ini(|key| ini.get(section, key));
        found.push(ImportedProfile { name: Some(section.name.clone()), config, trust });
    }
    if found.is_empty() {
        return Err(ProfileError::Import("the keeper.ini holds no profile section".into()));
    }
    Ok(found)
}

/// Keys as the official CLI writes them (configparser lowercases `clientId` into `clientid`).
fn ini_config(ini: &Ini, section: &Section) -> Result<ClientConfig, ProfileError> {
    if let Some(storage) = ini.get(section, "storage").filter(|s| *s != "internal") {
        return Err(ProfileError::Import(format!(
            "profile [{}] of the keeper.ini keeps its config in external storage '{storage}'; \
             fetch the config from there and import it as JSON",
            section.name
        )));
    }
    let get = |key: &str| ini.get(section, key).map(str::to_string);
    Ok(ClientConfig {
        hostname: get("hostname"),
        client_key: get("clientkey"),
        client_id: get("clientid"),
        private_key: get("privatekey"),
        server_public_key_id: get("serverpublickeyid"),
        server_public_key: get("serverpublickey"),
        app_key: get("appkey"),
        app_owner_public_key: get("appownerpublickey"),
    })
}

/// A config must at least say where to connect and either be bound (client id and device key)
/// or carry a one-time token to redeem.
fn check_usable(config: &ClientConfig, what: &str) -> Result<(), ProfileError> {
    let missing = if config.hostname.is_none() {
        Some("hostname")
    } else if config.client_key.is_some() {
        None
    } else if config.client_id.is_none() {
        Some("clientId")
    } else if config.private_key.is_none() {
        Some("privateKey")
    } else {
        None
    };
    match missing {
        Some(key) => Err(ProfileError::Import(format!(
            "{what} has no {key}; export it again from a working profile, or initialize with a one-time token"
        ))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::TlsTrust;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE};
    use base64::Engine;

    fn bound() -> ClientConfig {
        ClientConfig {
            hostname: Some("keepersecurity.eu".into()),
            client_id: Some("Y2xpZW50LWlk+/==".into()),
            private_key: Some("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg+/==".into()),
            server_public_key_id: Some("10".into()),
            app_key: Some("YXBwLWtleQ==".into()),
            app_owner_public_key: Some("BLNdaUhCRUNt+/=".into()),
            ..Default::default()
        }
    }

    /// What the official CLI's `Config.save()` writes: configparser with `allow_no_value`, so
    /// `None` values become bare keys (config.py:229-240, to_dict at config.py:264-299).
    fn official_ini(profiles: &[(&str, &ClientConfig)]) -> String {
        let mut text = String::from(
            "[_config]\nactive_profile = _default\ncolor = True\ncache = False\nrecord_type_dir\neditor\n\
             editor_use_blocking = False\neditor_process_name\n\n",
        );
        for (name, c) in profiles {
            text.push_str(&format!("[{name}]\n"));
            for (key, value) in [
                ("clientid", &c.client_id),
                ("privatekey", &c.private_key),
                ("appkey", &c.app_key),
                ("hostname", &c.hostname),
                ("appownerpublickey", &c.app_owner_public_key),
                ("serverpublickeyid", &c.server_public_key_id),
            ] {
                match value {
                    Some(value) => text.push_str(&format!("{key} = {value}\n")),
                    None => text.push_str(&format!("{key}\n")),
                }
            }
            text.push('\n');
        }
        text
    }

    /// `profile export --file-format json` (export.py:103-120): indent 4, nulls for absent keys.
    fn official_json(c: &ClientConfig) -> String {
        let value = serde_json::json!({
            "clientId": c.client_id, "privateKey": c.private_key, "appKey": c.app_key, "hostname": c.hostname,
            "serverPublicKeyId": c.server_public_key_id, "appOwnerPublicKey": c.app_owner_public_key,
        });
        serde_json::to_string_pretty(&value).unwrap().replace("  ", "    ")
    }

    fn one(config: ClientConfig) -> Vec<ImportedProfile> {
        vec![ImportedProfile { name: None, config, trust: TlsTrust::default() }]
    }

    #[test]
    fn raw_and_base64_json() {
        assert_eq!(parse_import(&bound().to_json()).unwrap(), one(bound()));
        assert_eq!(parse_import(&bound().to_base64()).unwrap(), one(bound()));
        assert_eq!(parse_import(&format!("  {}\n", bound().to_base64())).unwrap(), one(bound()));
    }

    #[test]
    fn official_json_export_plain_and_url_safe_base64() {
        let mut config = bound();
        config.app_owner_public_key = None;
        let json = official_json(&config);
        assert!(json.contains("\"appOwnerPublicKey\": null"));
        assert_eq!(parse_import(&json).unwrap(), one(config.clone()));
        assert_eq!(parse_import(&URL_SAFE.encode(&json)).unwrap(), one(config.clone()));
        assert_eq!(parse_import(&STANDARD.encode(&json)).unwrap(), one(config));
    }

    #[test]
    fn official_ini_export_and_keeper_ini_with_several_profiles() {
        let mut second = bound();
        second.hostname = Some("US".into());
        second.app_owner_public_key = None;
        let ini = official_ini(&[("_default", &bound()), ("ci", &second)]);
        let expected = vec![
            ImportedProfile { name: Some("_default".into()), config: bound(), trust: TlsTrust::default() },
            ImportedProfile { name: Some("ci".into()), config: second, trust: TlsTrust::default() },
        ];
        assert_eq!(parse_import(&ini).unwrap(), expected);
        // The official default `profile export` output: URL-safe base64 of the INI.
        assert_eq!(parse_import(&URL_SAFE.encode(&ini)).unwrap(), expected);
    }

    #[test]
    fn ini_without_profiles_or_with_external_storage_is_refused() {
        let only_settings = "[_config]\nactive_profile\n";
        assert!(parse_import(only_settings).unwrap_err().to_string().contains("no profile section"));
        let aws = "[_config]\n[prod]\nstorage = aws\nprovider = ec2instance\nsecret = ksm-config\n";
        let message = parse_import(aws).unwrap_err().to_string();
        assert!(message.contains("[prod]") && message.contains("'aws'"), "{message}");
        let malformed = "[a]\nk=1\nk=2\n";
        assert!(parse_import(malformed).unwrap_err().to_string().contains("line 3"));
    }

    #[test]
    fn incomplete_configs_are_refused_with_the_missing_key() {
        let mut config = bound();
        config.private_key = None;
        let message = parse_import(&config.to_json()).unwrap_err().to_string();
        assert!(message.contains("privateKey"), "{message}");
        let message = parse_import("{}").unwrap_err().to_string();
        assert!(message.contains("hostname"), "{message}");
        let token_only =
            ClientConfig { hostname: Some("US".into()), client_key: Some("tok".into()), ..Default::default() };
        assert_eq!(parse_import(&token_only.to_json()).unwrap(), one(token_only));
    }

    #[test]
    fn unknown_formats_say_what_was_expected() {
        for text in
            ["", "hello world", "not base64 at all!", &STANDARD.encode("just text"), "[not ini", "{\"hostname\": 1}"]
        {
            let err = parse_import(text).unwrap_err();
            assert!(matches!(err, ProfileError::Import(_)), "{text}");
            let message = err.to_string();
            assert!(message.contains("keeper.ini") || message.contains("KSM config"), "{text}: {message}");
            assert!(!message.contains('\n'));
        }
    }

    #[test]
    fn errors_never_quote_values() {
        let text = r#"{"hostname": "h", "clientId": "c", "privateKey": 12345678}"#;
        assert!(!parse_import(text).unwrap_err().to_string().contains("12345678"));
    }
}
