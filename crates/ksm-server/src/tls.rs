//! The server's TLS material: a private CA (whose certificate clients may trust) and a leaf
//! certificate for loopback and any names given at `init`. The CA's private key is discarded
//! after signing, so nobody can mint further certificates from a stolen data directory.

use crate::datadir::DataDir;
use anyhow::Context;
use ksm_files::{create_private_dir, write_private};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair, KeyUsagePurpose, SanType,
};
use sha2::{Digest, Sha256};
use std::sync::Arc;

pub fn generate(dir: &DataDir, extra_names: &[String]) -> anyhow::Result<()> {
    create_private_dir(&dir.tls_dir())?;
    let ca_key = KeyPair::generate()?;
    let mut ca_params = CertificateParams::default();
    ca_params.distinguished_name.push(DnType::CommonName, "ksm-server local CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca_params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let not_before = time::OffsetDateTime::now_utc() - time::Duration::days(1);
    let not_after = time::OffsetDateTime::now_utc() + time::Duration::days(3650);
    ca_params.not_before = not_before;
    ca_params.not_after = not_after;
    let ca = ca_params.self_signed(&ca_key)?;

    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    names.extend(extra_names.iter().cloned());
    let mut leaf_params = CertificateParams::default();
    leaf_params.distinguished_name.push(DnType::CommonName, "ksm-server");
    leaf_params.subject_alt_names = names.iter().map(|name| san(name)).collect::<anyhow::Result<_>>()?;
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.not_before = not_before;
    leaf_params.not_after = not_after;
    let leaf_key = KeyPair::generate()?;
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key)?;

    write_private(&dir.server_key(), leaf_key.serialize_pem().as_bytes())?;
    write_private(&dir.server_cert(), format!("{}{}", leaf.pem(), ca.pem()).as_bytes())?;
    write_private(&dir.ca_cert(), ca.pem().as_bytes())?;
    Ok(())
}

fn san(name: &str) -> anyhow::Result<SanType> {
    Ok(match name.parse::<std::net::IpAddr>() {
        Ok(ip) => SanType::IpAddress(ip),
        Err(_) => SanType::DnsName(name.try_into().with_context(|| format!("'{name}' is not a valid DNS name"))?),
    })
}

/// SHA-256 (hex) of the leaf certificate clients see: what `--server-cert-sha256` pins.
pub fn leaf_fingerprint(dir: &DataDir) -> anyhow::Result<String> {
    let chain = read_chain(dir)?;
    let leaf = chain.first().context("the server certificate file holds no certificate")?;
    Ok(hex::encode(Sha256::digest(leaf.as_ref())))
}

fn read_chain(dir: &DataDir) -> anyhow::Result<Vec<rustls::pki_types::CertificateDer<'static>>> {
    use rustls::pki_types::pem::PemObject;
    let path = dir.server_cert();
    rustls::pki_types::CertificateDer::pem_file_iter(&path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .with_context(|| format!("{} is not a PEM certificate chain", path.display()))
}

pub fn server_config(dir: &DataDir) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    use rustls::pki_types::pem::PemObject;
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(dir.server_key())
        .with_context(|| format!("cannot read the TLS key {}", dir.server_key().display()))?;
    let mut config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(read_chain(dir)?, key)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}
