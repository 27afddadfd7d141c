//! A configuration as it leaves this machine (`profile export`, `init default`, `init k8s`) and
//! comes back (`profile import`, `KSM_CONFIG`, `--ini-file`): the SDKs' keys, plus the server's
//! TLS trust, which the SDKs have no key for, as extra keys they ignore (`serverCertSha256`,
//! `caCert`; lowercased in a keeper.ini). The server's own key travels in the standard
//! `serverPublicKey` and `serverPublicKeyId`.

use super::{Profile, TlsTrust};
use ksm_proto::b64;
use ksm_proto::config::ClientConfig;
use serde_json::Value;

const CERT_PIN_KEY: &str = "serverCertSha256";
const CA_CERT_KEY: &str = "caCert";

/// The keeper.ini section that holds the official CLI's settings, not a profile.
pub const INI_SETTINGS_SECTION: &str = "_config";

/// Pretty JSON with sorted keys: the configuration and its trust.
pub fn to_json(config: &ClientConfig, trust: &TlsTrust) -> String {
    let mut value = serde_json::to_value(config).unwrap_or_default();
    if let Value::Object(fields) = &mut value {
        for (key, setting) in trust_fields(trust) {
            fields.insert(key.to_string(), Value::from(setting));
        }
    }
    serde_json::to_string_pretty(&value).unwrap_or_default()
}

/// A keeper.ini holding `profiles`, the first one active, in the official CLI's layout
/// (lowercase keys).
pub fn to_ini(profiles: &[Profile]) -> String {
    let active = profiles.first().map(|p| p.name.as_str()).unwrap_or_default();
    let mut text = format!("[{INI_SETTINGS_SECTION}]\nactive_profile = {active}\n");
    for Profile { name, config, trust } in profiles {
        text.push_str(&format!("\n[{name}]\n"));
        push_ini_section(&mut text, config, trust);
    }
    text
}

fn push_ini_section(text: &mut String, config: &ClientConfig, trust: &TlsTrust) {
    let keys = [
        ("clientid", &config.client_id),
        ("clientkey", &config.client_key),
        ("privatekey", &config.private_key),
        ("appkey", &config.app_key),
        ("hostname", &config.hostname),
        ("appownerpublickey", &config.app_owner_public_key),
        ("serverpublickeyid", &config.server_public_key_id),
        ("serverpublickey", &config.server_public_key),
    ];
    for (key, value) in keys {
        if let Some(value) = value {
            text.push_str(&format!("{key} = {value}\n"));
        }
    }
    for (key, setting) in trust_fields(trust) {
        // A PEM's lines become configparser continuation lines (indented).
        let value = setting.trim_end().replace('\n', "\n    ");
        text.push_str(&format!("{} = {value}\n", key.to_ascii_lowercase()));
    }
}

fn trust_fields(trust: &TlsTrust) -> Vec<(&'static str, String)> {
    let mut fields = Vec::new();
    if let Some(pin) = &trust.server_cert_sha256 {
        fields.push((CERT_PIN_KEY, pin.clone()));
    }
    if let Some(pem) = &trust.ca_cert_pem {
        fields.push((CA_CERT_KEY, pem.clone()));
    }
    fields
}

/// The trust carried by a configuration given as JSON or base64 of JSON; none when it carries
/// none or is not JSON (the caller reports a malformed configuration itself).
pub fn trust_from_json(text: &str) -> TlsTrust {
    let text = text.trim();
    let json = match text.starts_with('{') {
        true => text.as_bytes().to_vec(),
        false => b64::decode(text).unwrap_or_default(),
    };
    let value: Value = serde_json::from_slice(&json).unwrap_or_default();
    let get = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_string);
    TlsTrust { server_cert_sha256: get(CERT_PIN_KEY), ca_cert_pem: get(CA_CERT_KEY) }
}

/// The trust in a keeper.ini section, read with `get` (lowercase keys).
pub fn trust_from_ini<'a>(get: impl Fn(&str) -> Option<&'a str>) -> TlsTrust {
    let read = |key: &str| get(&key.to_ascii_lowercase()).map(str::to_string);
    TlsTrust {
        server_cert_sha256: read(CERT_PIN_KEY),
        ca_cert_pem: read(CA_CERT_KEY).map(|pem| if pem.ends_with('\n') { pem } else { pem + "\n" }),
    }
}

/// Whether `hostname` is one of Keeper's own (a region code or a region's host), whose key and
/// certificate every client knows.
pub fn is_keeper_host(hostname: &str) -> bool {
    let host = hostname.split_once("://").map_or(hostname, |(_, rest)| rest);
    let host = host.split('/').next().unwrap_or_default();
    let host = host.rsplit_once(':').map_or(host, |(name, _)| name).to_ascii_lowercase();
    ksm_proto::token::region_host(&host).is_some()
        || ksm_proto::token::REGIONS.iter().any(|(_, keeper)| host == *keeper || host.ends_with(&format!(".{keeper}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEM: &str = "-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\n";

    fn config() -> ClientConfig {
        ClientConfig {
            hostname: Some("127.0.0.1:8443".into()),
            client_id: Some("id".into()),
            private_key: Some("pk".into()),
            server_public_key_id: Some("10".into()),
            server_public_key: Some("BKey".into()),
            app_key: Some("ak".into()),
            ..Default::default()
        }
    }

    #[test]
    fn json_carries_the_trust_as_extra_keys_the_config_parser_ignores() {
        let trust = TlsTrust { server_cert_sha256: Some("ab".repeat(32)), ca_cert_pem: Some(PEM.into()) };
        let json = to_json(&config(), &trust);
        assert_eq!(ClientConfig::parse(&json).unwrap(), config());
        assert_eq!(trust_from_json(&json), trust);
        assert_eq!(trust_from_json(&b64::encode(json.as_bytes())), trust);
        assert_eq!(trust_from_json(&config().to_json()), TlsTrust::default());
        assert_eq!(trust_from_json("not json"), TlsTrust::default());
    }

    #[test]
    fn ini_round_trips_through_the_keeper_ini_parser() {
        let trust = TlsTrust { server_cert_sha256: Some("cd".repeat(32)), ca_cert_pem: Some(PEM.into()) };
        let profile = Profile { name: "ci".into(), config: config(), trust: trust.clone() };
        let text = to_ini(&[profile]);
        let ini = super::super::ini::parse(&text).unwrap();
        let section = ini.sections().iter().find(|s| s.name == "ci").unwrap();
        assert_eq!(ini.get(section, "serverpublickey"), Some("BKey"));
        assert_eq!(trust_from_ini(|key| ini.get(section, key)), trust);
    }

    #[test]
    fn keeper_hosts_are_told_from_self_hosted_ones() {
        for host in ["US", "eu", "keepersecurity.com", "https://keepersecurity.eu:443/x", "govcloud.keepersecurity.us"]
        {
            assert!(is_keeper_host(host), "{host}");
        }
        for host in ["127.0.0.1:8443", "ksm.example.com", "keepersecurity.com.evil.example", "notkeepersecurity.com"] {
            assert!(!is_keeper_host(host), "{host}");
        }
    }
}
