//! TLS trust for one server: the public web roots (Keeper's cloud), a private CA, or a pinned
//! certificate fingerprint (a self-hosted `ksm-server`, as its init line prints).

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// How to trust the server's TLS certificate beyond the system roots (self-hosted servers).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TlsTrust {
    /// Hex SHA-256 of the server's leaf certificate (DER), pinned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_cert_sha256: Option<String>,
    /// A CA certificate (PEM) to trust in addition to the system roots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca_cert_pem: Option<String>,
}

/// Accepts exactly the server certificate whose SHA-256 is pinned, and checks that the server
/// holds its private key (the handshake signature), like an SSH host key.
#[derive(Debug)]
pub struct PinnedCertificate {
    sha256: [u8; 32],
    provider: Arc<CryptoProvider>,
}

impl PinnedCertificate {
    pub fn new(sha256: [u8; 32]) -> Self {
        Self { sha256, provider: Arc::new(rustls::crypto::ring::default_provider()) }
    }

    /// A rustls client configuration that trusts only this certificate.
    pub fn client_config(self) -> rustls::ClientConfig {
        let provider = self.provider.clone();
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default TLS versions")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(self))
            .with_no_client_auth()
    }
}

/// Parses a pin given as 64 hex digits, optionally with `sha256:` and `:` separators.
pub fn parse_pin(text: &str) -> Option<[u8; 32]> {
    let text = text.trim();
    let text = text.strip_prefix("sha256:").unwrap_or(text);
    let hex_digits: String = text.chars().filter(|c| *c != ':').collect();
    hex::decode(hex_digits).ok()?.try_into().ok()
}

impl ServerCertVerifier for PinnedCertificate {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let actual: [u8; 32] = Sha256::digest(end_entity.as_ref()).into();
        if actual == self.sha256 {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General(format!(
                "the server certificate (SHA-256 {}) is not the pinned one",
                hex::encode(actual)
            )))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_parse_with_or_without_prefix_and_colons() {
        let hex64 = "30bc4d289508beadad6a70d6a105c0b208a929bbc1a6a754edd2bc5b68dbc323";
        let expected = parse_pin(hex64).unwrap();
        assert_eq!(parse_pin(&format!("sha256:{hex64}")), Some(expected));
        let colons: Vec<String> = hex64.as_bytes().chunks(2).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
        assert_eq!(parse_pin(&colons.join(":")), Some(expected));
        assert_eq!(parse_pin("abcd"), None);
        assert_eq!(parse_pin("zz"), None);
    }

    #[test]
    fn accepts_only_the_pinned_certificate() {
        let cert = CertificateDer::from(vec![1u8, 2, 3]);
        let pinned = PinnedCertificate::new(Sha256::digest([1u8, 2, 3]).into());
        let name = ServerName::try_from("localhost").unwrap();
        assert!(pinned.verify_server_cert(&cert, &[], &name, &[], UnixTime::now()).is_ok());
        let other = CertificateDer::from(vec![9u8]);
        assert!(pinned.verify_server_cert(&other, &[], &name, &[], UnixTime::now()).is_err());
    }
}
