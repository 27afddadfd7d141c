//! A device's one kept-alive HTTPS/1.1 connection, as a `ksm` process has: its requests go one
//! after another on it, and a new one is opened only once the server has closed it. (A pooling
//! client opens a second connection while the first is still being handed back to its pool;
//! with hundreds of devices those spares push the server past `--max-connections`, which then
//! closes idle ones under their feet.)

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{handshake, SendRequest};
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

pub type Request = hyper::Request<Full<Bytes>>;

/// A connection idle this long is not used again: the server closes one idle for its
/// `--header-timeout` (10 s), and a request sent that moment would be lost (docs/testing.md,
/// the soak). As `ksm` does.
const IDLE_LIMIT: Duration = Duration::from_secs(5);

/// An answer read to its end.
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
}

/// The most an answer's `Content-Length` reserves up front (the rest grows as it arrives).
const MAX_PREALLOCATION: usize = 64 << 20;

pub struct Connection {
    /// `HOST:PORT`.
    host: String,
    server_name: ServerName<'static>,
    tls: TlsConnector,
    /// The open connection, and when its last answer ended.
    sender: Option<(SendRequest<Full<Bytes>>, Instant)>,
}

/// A TLS client that trusts only the CA in `ca_pem`: made once, shared by every connection.
pub fn trusting(ca_pem: &[u8]) -> anyhow::Result<TlsConnector> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(ca_pem) {
        roots.add(cert.context("the CA file is not a PEM certificate")?).context("the CA certificate is not usable")?;
    }
    anyhow::ensure!(!roots.is_empty(), "the CA file holds no PEM certificate");
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("TLS versions")?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

impl Connection {
    /// Not connected yet: the first request connects, through `tls`.
    pub fn new(host: &str, tls: TlsConnector) -> anyhow::Result<Self> {
        let name = host.rsplit_once(':').map_or(host, |(name, _port)| name);
        let server_name = ServerName::try_from(name.trim_matches(['[', ']']).to_string())
            .with_context(|| format!("'{name}' is not a host name or IP address"))?;
        Ok(Self { host: host.to_string(), server_name, tls, sender: None })
    }

    /// `request` on the open connection, or on a new one if the server closed it. The answer
    /// is read into `buffer` (emptied first), so that a device reuses one allocation.
    pub async fn send(&mut self, request: Request, mut buffer: Vec<u8>) -> Result<Reply, String> {
        let reusable =
            |(sender, idle_since): &(SendRequest<_>, Instant)| !sender.is_closed() && idle_since.elapsed() < IDLE_LIMIT;
        let mut sender = match self.sender.take().filter(reusable) {
            Some((sender, _)) => sender,
            None => self.connect().await?,
        };
        sender.ready().await.map_err(|e| format!("the connection failed: {e}"))?;
        let response = sender.send_request(request).await.map_err(|e| format!("request failed: {e}"))?;
        let status = response.status().as_u16();
        let announced = response
            .headers()
            .get(hyper::header::CONTENT_LENGTH)
            .and_then(|length| length.to_str().ok()?.parse::<usize>().ok())
            .unwrap_or(0);
        // One buffer the size of the answer, which the caller decrypts in place.
        buffer.clear();
        buffer.reserve(announced.min(MAX_PREALLOCATION));
        let mut incoming = response.into_body();
        while let Some(frame) = incoming.frame().await {
            let frame = frame.map_err(|e| format!("reading the answer failed: {e}"))?;
            if let Some(data) = frame.data_ref() {
                buffer.extend_from_slice(data);
            }
        }
        self.sender = Some((sender, Instant::now()));
        Ok(Reply { status, body: buffer })
    }

    /// A `POST` to `path` on this connection's server.
    pub fn post(&self, path: &str) -> hyper::http::request::Builder {
        hyper::Request::post(path).header(hyper::header::HOST, &self.host)
    }

    async fn connect(&self) -> Result<SendRequest<Full<Bytes>>, String> {
        let tcp = TcpStream::connect(&self.host).await.map_err(|e| format!("cannot connect to {}: {e}", self.host))?;
        tcp.set_nodelay(true).map_err(|e| format!("cannot set TCP_NODELAY: {e}"))?;
        let tls = self
            .tls
            .connect(self.server_name.clone(), tcp)
            .await
            .map_err(|e| format!("TLS handshake with {} failed: {e}", self.host))?;
        let (sender, connection) =
            handshake(TokioIo::new(tls)).await.map_err(|e| format!("HTTP handshake failed: {e}"))?;
        // Ends when the server closes the connection; `sender.is_closed()` then tells.
        tokio::spawn(connection);
        Ok(sender)
    }
}
