//! Share links. Everything secret travels in the `#fragment`, which browsers never send:
//!
//! - a request link `…/share/r#1.<b64u(L ‖ pkR)>`: a 32-byte link secret and the request's
//!   HPKE public key;
//! - a send link `…/share/s#1.<b64u(L)>`.
//!
//! From `L` both ends derive (HKDF-SHA256, distinct labels) the id the server knows the share
//! by, the token that proves knowledge of the link, and a symmetric key. The server stores
//! only the id and SHA-256 of the token.

use crate::b64;
use crate::crypto::{CryptoError, EcPublicKey, SymmetricKey, PUBLIC_KEY_LEN};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

pub const SECRET_LEN: usize = 32;
const VERSION_PREFIX: &str = "1.";
/// HPKE `info` for request answers.
pub const REQUEST_INFO: &[u8] = b"ksm-share/v1 request";

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("the link has no '#' part: it was cut off or changed on the way (ask for a new link)")]
    NoFragment,
    #[error("the link was altered on the way (its '#' part is not a ksm share key); ask for a new link")]
    Malformed,
}

/// The secret part of a link: the link secret, plus the public key for a request.
pub struct LinkSecret(Zeroizing<[u8; SECRET_LEN]>);

impl LinkSecret {
    pub fn random() -> Self {
        let mut bytes = Zeroizing::new([0u8; SECRET_LEN]);
        rand::rngs::OsRng.fill_bytes(bytes.as_mut());
        Self(bytes)
    }

    fn derive(&self, label: &str, out: &mut [u8]) {
        Hkdf::<Sha256>::new(None, self.0.as_ref())
            .expand(format!("ksm-share/v1 {label}").as_bytes(), out)
            .expect("short HKDF outputs");
    }

    /// The id the server stores the share under: 22 URL-safe characters.
    pub fn id(&self, kind: Kind) -> String {
        let mut id = [0u8; 16];
        self.derive(&format!("{} id", kind.name()), &mut id);
        b64::encode_url(&id)
    }

    /// Proves knowledge of the link to the server (which keeps only its hash).
    pub fn token(&self, kind: Kind) -> Zeroizing<[u8; 32]> {
        let mut token = Zeroizing::new([0u8; 32]);
        self.derive(&format!("{} token", kind.name()), token.as_mut());
        token
    }

    /// Encrypts a request's label or a send's content.
    pub fn key(&self, kind: Kind) -> SymmetricKey {
        let mut key = Zeroizing::new([0u8; 32]);
        self.derive(&format!("{} key", kind.name()), key.as_mut());
        SymmetricKey::from_slice(key.as_ref()).expect("32 bytes")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Request,
    Send,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Request => "request",
            Kind::Send => "send",
        }
    }

    /// The page path the link opens.
    pub fn page(self) -> &'static str {
        match self {
            Kind::Request => "/share/r",
            Kind::Send => "/share/s",
        }
    }
}

/// SHA-256 of a token, as the server stores and compares it.
pub fn token_hash(token: &[u8]) -> [u8; 32] {
    Sha256::digest(token).into()
}

pub fn request_link(base_url: &str, secret: &LinkSecret, public_key: &EcPublicKey) -> String {
    let bytes = Zeroizing::new([secret.0.as_slice(), &public_key.to_uncompressed()].concat());
    format!("{}{}#{VERSION_PREFIX}{}", base_url.trim_end_matches('/'), Kind::Request.page(), b64::encode_url(&bytes))
}

pub fn send_link(base_url: &str, secret: &LinkSecret) -> String {
    format!(
        "{}{}#{VERSION_PREFIX}{}",
        base_url.trim_end_matches('/'),
        Kind::Send.page(),
        b64::encode_url(secret.0.as_ref())
    )
}

fn fragment_bytes(link: &str) -> Result<Zeroizing<Vec<u8>>, LinkError> {
    let (_, fragment) = link.trim().split_once('#').ok_or(LinkError::NoFragment)?;
    let encoded = fragment.strip_prefix(VERSION_PREFIX).ok_or(LinkError::Malformed)?;
    if !encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err(LinkError::Malformed);
    }
    b64::decode(encoded).map(Zeroizing::new).map_err(|_| LinkError::Malformed)
}

fn secret_from(bytes: &[u8]) -> LinkSecret {
    let mut secret = Zeroizing::new([0u8; SECRET_LEN]);
    secret.copy_from_slice(&bytes[..SECRET_LEN]);
    LinkSecret(secret)
}

/// The link secret and public key of a request link.
pub fn parse_request_link(link: &str) -> Result<(LinkSecret, EcPublicKey), LinkError> {
    let bytes = fragment_bytes(link)?;
    if bytes.len() != SECRET_LEN + PUBLIC_KEY_LEN {
        return Err(LinkError::Malformed);
    }
    let public_key = EcPublicKey::from_bytes(&bytes[SECRET_LEN..]).map_err(|_: CryptoError| LinkError::Malformed)?;
    Ok((secret_from(&bytes), public_key))
}

pub fn parse_send_link(link: &str) -> Result<LinkSecret, LinkError> {
    let bytes = fragment_bytes(link)?;
    if bytes.len() != SECRET_LEN {
        return Err(LinkError::Malformed);
    }
    Ok(secret_from(&bytes))
}

/// The `https://host[:port]` part of a link, to reach its server.
pub fn link_origin(link: &str) -> Result<String, LinkError> {
    let rest = link.trim().strip_prefix("https://").ok_or(LinkError::Malformed)?;
    let host = rest.split(['/', '#', '?']).next().unwrap_or_default();
    if host.is_empty() {
        return Err(LinkError::Malformed);
    }
    Ok(format!("https://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::EcPrivateKey;

    #[test]
    fn links_round_trip_and_derivations_differ_by_kind() {
        let secret = LinkSecret::random();
        let key = EcPrivateKey::generate().public_key();
        let link = request_link("https://vault.example.com:8443/", &secret, &key);
        assert!(link.starts_with("https://vault.example.com:8443/share/r#1."), "{link}");
        let (parsed, parsed_key) = parse_request_link(&link).unwrap();
        assert_eq!(parsed_key, key);
        assert_eq!(parsed.id(Kind::Request), secret.id(Kind::Request));
        assert_eq!(parsed.id(Kind::Request).len(), 22);
        assert_ne!(secret.id(Kind::Request), secret.id(Kind::Send));
        assert_ne!(*secret.token(Kind::Request), *secret.token(Kind::Send));
        assert_eq!(link_origin(&link).unwrap(), "https://vault.example.com:8443");

        let send = send_link("https://h", &secret);
        assert_eq!(parse_send_link(&send).unwrap().id(Kind::Send), secret.id(Kind::Send));
        assert!(parse_request_link(&send).is_err(), "a send link is not a request link");
    }

    #[test]
    fn altered_links_are_refused() {
        let secret = LinkSecret::random();
        let link = send_link("https://h", &secret);
        assert_eq!(parse_send_link("https://h/share/s").err(), Some(LinkError::NoFragment));
        assert_eq!(parse_send_link(&link.replace("#1.", "#2.")).err(), Some(LinkError::Malformed));
        assert_eq!(parse_send_link(&link[..link.len() - 2]).err(), Some(LinkError::Malformed));
        assert_eq!(parse_send_link(&link.replace('#', "%23")).err(), Some(LinkError::NoFragment));
        assert_eq!(parse_send_link(&format!("{link}%20")).err(), Some(LinkError::Malformed));
    }
}
