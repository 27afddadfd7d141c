//! The profile file format (version 1):
//!
//! ```json
//! {"version":1,"name":"prod","protection":{"kind":"keyring"},"salt":"B64","ciphertext":"B64"}
//! ```
//!
//! `ciphertext` is AES-256-GCM (nonce ‖ ciphertext ‖ tag) of the JSON
//! `{"name","config":{..},"trust":{..}}` under HKDF-SHA256(ikm = the protection's secret,
//! salt = 16 random bytes fresh at every write, info = "ksm profile v1"). A plaintext profile
//! has `"profile": {..}` (that same JSON) instead of `salt` and `ciphertext`. The header (name,
//! protection) stays readable so that listing never needs a key.

use super::protection::StoredProtection;
use super::{Profile, ProfileError, Protection};
use hkdf::Hkdf;
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_decrypt, gcm_encrypt, SymmetricKey};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::borrow::Cow;
use std::path::Path;
use zeroize::Zeroizing;

const VERSION: u32 = 1;
const HKDF_INFO: &[u8] = b"ksm profile v1";
const SALT_LEN: usize = 16;

/// What can be known about a profile without its key.
pub(crate) struct Header {
    pub name: String,
    pub protection: Protection,
}

/// A parsed profile file, not yet decrypted.
pub(crate) struct Envelope {
    pub header: Header,
    body: Body,
}

enum Body {
    Sealed { salt: Vec<u8>, ciphertext: Vec<u8> },
    Plain(Box<Profile>),
}

#[derive(Serialize, Deserialize)]
struct FileHeader {
    version: u32,
    name: String,
    protection: StoredProtection,
}

#[derive(Serialize, Deserialize)]
struct File<'a> {
    #[serde(flatten)]
    header: FileHeader,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    salt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ciphertext: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<Cow<'a, Profile>>,
}

/// Serializes `profile` into file bytes: sealed under `secret`, or in plaintext when it is `None`.
pub(crate) fn seal(
    profile: &Profile,
    protection: &Protection,
    secret: Option<&[u8]>,
) -> Result<Zeroizing<Vec<u8>>, ProfileError> {
    let header = FileHeader { version: VERSION, name: profile.name.clone(), protection: protection.into() };
    let file = match secret {
        Some(secret) => {
            let mut salt = [0u8; SALT_LEN];
            rand::rngs::OsRng.fill_bytes(&mut salt);
            let plaintext = Zeroizing::new(serde_json::to_vec(profile).map_err(encode_failed)?);
            let ciphertext = gcm_encrypt(&derive_key(secret, &salt)?, &plaintext);
            File { header, salt: Some(b64::encode(&salt)), ciphertext: Some(b64::encode(&ciphertext)), profile: None }
        }
        None => File { header, salt: None, ciphertext: None, profile: Some(Cow::Borrowed(profile)) },
    };
    let mut bytes = Zeroizing::new(serde_json::to_vec_pretty(&file).map_err(encode_failed)?);
    bytes.push(b'\n');
    Ok(bytes)
}

/// Reads only the cleartext header; a plaintext profile's secrets are not even parsed.
pub(crate) fn read_header(bytes: &[u8], path: &Path) -> Result<Header, ProfileError> {
    let header: FileHeader = serde_json::from_slice(bytes).map_err(|e| not_ours(path, &e))?;
    check_version(header.version, path)?;
    Ok(Header { name: header.name, protection: header.protection.into() })
}

pub(crate) fn parse(bytes: &[u8], path: &Path) -> Result<Envelope, ProfileError> {
    let file: File<'static> = serde_json::from_slice(bytes).map_err(|e| not_ours(path, &e))?;
    check_version(file.header.version, path)?;
    let plaintext = file.header.protection == StoredProtection::Plaintext;
    let body = match (file.salt, file.ciphertext, file.profile) {
        (None, None, Some(profile)) if plaintext => Body::Plain(Box::new(profile.into_owned())),
        (Some(salt), Some(ciphertext), None) if !plaintext => {
            let decode = |text: &str, what: &str| b64::decode(text).map_err(|_| ProfileError::damaged_file(path, what));
            let salt = decode(&salt, "the salt is not base64")?;
            let ciphertext = decode(&ciphertext, "the ciphertext is not base64")?;
            Body::Sealed { salt, ciphertext }
        }
        _ => return Err(ProfileError::damaged_file(path, "its content does not match its protection")),
    };
    let header = Header { name: file.header.name, protection: file.header.protection.into() };
    Ok(Envelope { header, body })
}

impl Envelope {
    /// Decrypts the profile with `secret` (`None` for plaintext) and checks that it is the
    /// profile the header names, so a file renamed or copied over another is caught.
    pub(crate) fn open(self, secret: Option<&[u8]>, path: &Path) -> Result<Profile, ProfileError> {
        let name = self.header.name;
        let profile = match (self.body, secret) {
            (Body::Plain(profile), None) => *profile,
            (Body::Sealed { salt, ciphertext }, Some(secret)) => {
                let plaintext = Zeroizing::new(
                    gcm_decrypt(&derive_key(secret, &salt)?, &ciphertext)
                        .map_err(|_| ProfileError::undecryptable(&name))?,
                );
                serde_json::from_slice(&plaintext)
                    .map_err(|_| ProfileError::damaged_file(path, "its decrypted content is not a profile"))?
            }
            _ => return Err(ProfileError::damaged_file(path, "its content does not match its protection")),
        };
        if profile.name != name {
            return Err(ProfileError::damaged_file(path, "its content belongs to another profile"));
        }
        Ok(profile)
    }
}

fn derive_key(secret: &[u8], salt: &[u8]) -> Result<SymmetricKey, ProfileError> {
    let mut okm = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), secret)
        .expand(HKDF_INFO, okm.as_mut())
        .map_err(|_| ProfileError::Corrupt("cannot derive the profile key".into()))?;
    SymmetricKey::from_slice(okm.as_ref()).map_err(|_| ProfileError::Corrupt("cannot derive the profile key".into()))
}

fn check_version(version: u32, path: &Path) -> Result<(), ProfileError> {
    if version == VERSION {
        return Ok(());
    }
    Err(ProfileError::Corrupt(format!(
        "{} has format version {version}, which this ksm does not read (it reads version {VERSION}); upgrade ksm",
        path.display()
    )))
}

/// Describes a JSON error by position only: serde's messages can quote values, which in a
/// plaintext profile could be secrets.
fn not_ours(path: &Path, err: &serde_json::Error) -> ProfileError {
    let what = match err.classify() {
        serde_json::error::Category::Data => "not a ksm profile",
        _ => "not valid JSON",
    };
    ProfileError::damaged_file(path, &format!("{what} at line {} column {}", err.line(), err.column()))
}

fn encode_failed(_: serde_json::Error) -> ProfileError {
    ProfileError::Corrupt("cannot serialize the profile".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_proto::config::ClientConfig;

    fn sample() -> Profile {
        let config = ClientConfig {
            hostname: Some("keepersecurity.com".into()),
            client_id: Some("CLIENT-ID".into()),
            private_key: Some("PRIVATE-KEY-TEXT".into()),
            app_key: Some("APP-KEY-TEXT".into()),
            ..Default::default()
        };
        Profile { name: "prod".into(), config, trust: Default::default() }
    }

    fn json(bytes: &[u8]) -> serde_json::Value {
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn sealed_round_trip_with_fresh_salt_each_time() {
        let path = Path::new("prod.json");
        let secret = [9u8; 32];
        let first = seal(&sample(), &Protection::Keyring, Some(&secret)).unwrap();
        let second = seal(&sample(), &Protection::Keyring, Some(&secret)).unwrap();
        let (a, b) = (json(&first), json(&second));
        assert_eq!(a["version"], 1);
        assert_eq!(a["name"], "prod");
        assert_eq!(a["protection"], serde_json::json!({"kind": "keyring"}));
        assert_eq!(b64::decode(a["salt"].as_str().unwrap()).unwrap().len(), SALT_LEN);
        assert_ne!(a["salt"], b["salt"]);
        assert!(a.get("profile").is_none());
        let text = String::from_utf8(first.to_vec()).unwrap();
        assert!(!text.contains("APP-KEY-TEXT") && !text.contains("PRIVATE-KEY-TEXT"));

        let envelope = parse(&first, path).unwrap();
        assert_eq!(envelope.header.protection, Protection::Keyring);
        assert_eq!(envelope.open(Some(&secret), path).unwrap(), sample());
        let wrong = parse(&first, path).unwrap().open(Some(&[8u8; 32]), path);
        assert!(matches!(wrong, Err(ProfileError::Corrupt(m)) if m.contains("cannot decrypt profile 'prod'")));
    }

    #[test]
    fn payload_is_the_documented_json() {
        let secret = [1u8; 20];
        let file = json(&seal(&sample(), &Protection::EnvKey, Some(&secret)).unwrap());
        let salt = b64::decode(file["salt"].as_str().unwrap()).unwrap();
        let ciphertext = b64::decode(file["ciphertext"].as_str().unwrap()).unwrap();
        let mut key = [0u8; 32];
        Hkdf::<Sha256>::new(Some(&salt), &secret).expand(b"ksm profile v1", &mut key).unwrap();
        let payload = gcm_decrypt(&SymmetricKey::from_slice(&key).unwrap(), &ciphertext).unwrap();
        assert_eq!(
            json(&payload),
            serde_json::json!({"name": "prod", "config": {"hostname": "keepersecurity.com", "clientId": "CLIENT-ID",
                "privateKey": "PRIVATE-KEY-TEXT", "appKey": "APP-KEY-TEXT"}, "trust": {}})
        );
    }

    #[test]
    fn plaintext_round_trip() {
        let path = Path::new("prod.json");
        let bytes = seal(&sample(), &Protection::Plaintext, None).unwrap();
        let file = json(&bytes);
        assert_eq!(file["profile"]["config"]["appKey"], "APP-KEY-TEXT");
        assert!(file.get("salt").is_none() && file.get("ciphertext").is_none());
        assert_eq!(parse(&bytes, path).unwrap().open(None, path).unwrap(), sample());
    }

    #[test]
    fn damage_is_detected_without_quoting_content() {
        let path = Path::new("prod.json");
        let secret = [9u8; 32];
        let mut file = json(&seal(&sample(), &Protection::Keyring, Some(&secret)).unwrap());
        let mut ciphertext = b64::decode(file["ciphertext"].as_str().unwrap()).unwrap();
        ciphertext[20] ^= 1;
        file["ciphertext"] = b64::encode(&ciphertext).into();
        let tampered = serde_json::to_vec(&file).unwrap();
        assert!(matches!(parse(&tampered, path).unwrap().open(Some(&secret), path), Err(ProfileError::Corrupt(_))));

        let mut downgraded = json(&seal(&sample(), &Protection::Plaintext, None).unwrap());
        downgraded["protection"] = serde_json::json!({"kind": "keyring"});
        assert!(matches!(parse(&serde_json::to_vec(&downgraded).unwrap(), path), Err(ProfileError::Corrupt(_))));

        let mut future = json(&seal(&sample(), &Protection::Plaintext, None).unwrap());
        future["version"] = 2.into();
        let message = parse(&serde_json::to_vec(&future).unwrap(), path).err().unwrap().to_string();
        assert!(message.contains("version 2") && message.contains("upgrade ksm"), "{message}");

        let odd = br#"{"version":1,"name":"prod","protection":{"kind":"plaintext"},"profile":{"name":"SECRET-VALUE"}}"#;
        let message = parse(odd, path).err().unwrap().to_string();
        assert!(!message.contains("SECRET-VALUE") && message.contains("line 1"), "{message}");
        assert!(matches!(read_header(b"{", path), Err(ProfileError::Corrupt(_))));
    }

    #[test]
    fn a_copied_file_is_caught_by_the_inner_name() {
        let path = Path::new("prod.json");
        let secret = [9u8; 32];
        let mut file = json(&seal(&sample(), &Protection::Keyring, Some(&secret)).unwrap());
        file["name"] = "staging".into();
        let copied = serde_json::to_vec(&file).unwrap();
        let result = parse(&copied, path).unwrap().open(Some(&secret), path);
        assert!(matches!(result, Err(ProfileError::Corrupt(m)) if m.contains("another profile")));
    }
}
