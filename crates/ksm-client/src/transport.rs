//! Signed, encrypted requests to a KSM server (PROTOCOL.md §7–§8): a fresh transmission key
//! per attempt, key rotation on a `key` error, bounded jittered backoff on throttling.

use crate::error::{fail, ErrorKind};
use crate::tls::{parse_pin, PinnedCertificate, TlsTrust};
use anyhow::Context;
use ksm_proto::config::ClientConfig;
use ksm_proto::crypto::{gcm_decrypt_owned, EcPrivateKey, EcPublicKey};
use ksm_proto::envelope::SealedRequest;
use ksm_proto::wire::{Endpoint, ErrorBody};
use ksm_proto::{b64, server_keys, token};
use rand::Rng;
use serde_json::Value;
use std::time::Duration;

/// How long an idle connection is kept for the next request.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

const MAX_KEY_ROTATIONS: usize = 3;
const MAX_THROTTLE_RETRIES: u32 = 5;
const DEFAULT_TIMEOUT_SECONDS: u64 = 30;

/// Told how many bytes of a file transfer are done so far (drives a progress bar).
pub type Progress = std::sync::Arc<dyn Fn(u64) + Send + Sync>;

pub struct Transport {
    http: reqwest::Client,
    /// Drives `http` on the caller's thread, one request at a time. (reqwest's blocking client
    /// starts a thread with a runtime of its own and hands every request over to it: a
    /// measurable part of a `ksm` run that makes one request.)
    runtime: tokio::runtime::Runtime,
    client_version: String,
}

/// How much of an upload is handed to the HTTP client at a time (and reported as progress).
const UPLOAD_CHUNK: usize = 64 * 1024;

impl Transport {
    pub fn new(trust: &TlsTrust) -> anyhow::Result<Self> {
        let timeout = std::env::var("KSM_HTTP_TIMEOUT")
            .ok()
            .map(|text| {
                text.parse::<u64>().map_err(|_| {
                    fail(ErrorKind::Usage, format!("KSM_HTTP_TIMEOUT must be whole seconds, got '{text}'"))
                })
            })
            .transpose()?
            .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot set up the HTTPS client's runtime")?;
        let mut builder = reqwest::Client::builder()
            .timeout(Duration::from_secs(timeout))
            .connect_timeout(Duration::from_secs(timeout.min(10)))
            .tcp_nodelay(true)
            // Shorter than any server's keep-alive timeout (ksm-server: --header-timeout, 10 s), so
            // a request after a wait (a throttling backoff) never goes out on a connection the
            // server is closing at that moment.
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .user_agent(concat!("ksm/", env!("CARGO_PKG_VERSION")));
        if let Some(pin) = &trust.server_cert_sha256 {
            let pin = parse_pin(pin)
                .ok_or_else(|| fail(ErrorKind::Usage, "the server certificate pin must be 64 hex digits (SHA-256)"))?;
            builder = builder.use_preconfigured_tls(PinnedCertificate::new(pin).client_config());
        } else if let Some(pem) = &trust.ca_cert_pem {
            let ca = reqwest::Certificate::from_pem(pem.as_bytes())
                .map_err(|_| fail(ErrorKind::Usage, "the CA certificate is not valid PEM"))?;
            builder = builder.tls_built_in_root_certs(false).add_root_certificate(ca);
        }
        let http = builder.build().context("cannot set up the HTTPS client")?;
        let client_version =
            std::env::var("KSM_CLIENT_VERSION").unwrap_or_else(|_| ksm_proto::DEFAULT_CLIENT_VERSION.to_string());
        Ok(Self { http, runtime, client_version })
    }

    /// Sends one request and returns the decrypted 200 body (empty for most writes). May change
    /// `config.server_public_key_id` (key rotation); the caller persists the config. Waits for
    /// a throttling server are reported to `notify`.
    pub fn call(
        &self,
        config: &mut ClientConfig,
        device: &EcPrivateKey,
        endpoint: Endpoint,
        payload: Value,
        notify: &dyn Fn(&str),
    ) -> anyhow::Result<Vec<u8>> {
        self.call_at(config, device, &format!("api/rest/sm/v1/{}", endpoint.path()), payload, notify)
    }

    /// `call` to another path of the same server that takes the same envelope (the one-time
    /// share API, `api/share/v1/owner/…`).
    pub fn call_at(
        &self,
        config: &mut ClientConfig,
        device: &EcPrivateKey,
        path: &str,
        payload: Value,
        notify: &dyn Fn(&str),
    ) -> anyhow::Result<Vec<u8>> {
        let url = format!("{}/{path}", base_url(config)?);
        let body = self.payload_json(config, payload)?;
        let mut rotations = 0;
        let mut throttled = 0;
        loop {
            let key_id = config.server_public_key_id.clone().unwrap_or_else(|| server_keys::DEFAULT_KEY_ID.to_string());
            let sealed = SealedRequest::seal(&server_key(config, &key_id)?, device, &body);
            let request = self
                .http
                .post(&url)
                .header("Content-Type", "application/octet-stream")
                .header("PublicKeyId", &key_id)
                .header("TransmissionKey", sealed.transmission_key_header())
                .header("Authorization", sealed.authorization_header())
                .body(sealed.body.clone());
            let (status, bytes) = self.runtime.block_on(async {
                let response = request.send().await.map_err(|e| network_error(&url, &e))?;
                let status = response.status();
                anyhow::Ok((status, read_body(&url, response, None).await?))
            })?;
            if status.is_success() {
                if bytes.is_empty() {
                    return Ok(Vec::new());
                }
                return gcm_decrypt_owned(&sealed.transmission_key, bytes)
                    .map_err(|_| fail(ErrorKind::Server, format!("the response from {url} does not decrypt")));
            }
            let error: ErrorBody = serde_json::from_slice(&bytes).map_err(|_| {
                fail(
                    ErrorKind::Server,
                    format!("{url} answered HTTP {} with a body that is not a KSM error", status.as_u16()),
                )
            })?;
            match error.code() {
                Some("key") if rotations < MAX_KEY_ROTATIONS => {
                    rotations += 1;
                    let wanted = error
                        .key_id()
                        .ok_or_else(|| fail(ErrorKind::Server, "the server asked for another key but named none"))?;
                    config.server_public_key_id = Some(wanted);
                }
                Some("throttled") if status.as_u16() == 403 && throttled < MAX_THROTTLE_RETRIES => {
                    let wait = backoff(throttled, error.retry_after_seconds());
                    throttled += 1;
                    notify(&format!(
                        "the server is throttling requests; retrying in {:.1}s ({throttled}/{MAX_THROTTLE_RETRIES})",
                        wait.as_secs_f64()
                    ));
                    std::thread::sleep(wait);
                }
                _ => return Err(refusal(&error, status.as_u16())),
            }
        }
    }

    fn payload_json(&self, config: &ClientConfig, payload: Value) -> anyhow::Result<Vec<u8>> {
        let Value::Object(mut fields) = payload else { anyhow::bail!("a payload must be a JSON object") };
        fields.insert("clientVersion".into(), Value::from(self.client_version.clone()));
        let client_id = config
            .client_id
            .clone()
            .ok_or_else(|| fail(ErrorKind::Auth, "the profile has no client id; initialize it again"))?;
        fields.insert("clientId".into(), Value::from(client_id));
        Ok(serde_json::to_vec(&fields)?)
    }

    /// The multipart POST of an encrypted file blob (PROTOCOL.md §10.4): every field of
    /// `parameters` (a JSON object as text), then the blob as the part named `file`, last.
    /// `progress` hears how much of the blob the HTTP client has taken to send.
    pub fn upload(&self, url: &str, parameters: &str, blob: Vec<u8>, progress: Option<Progress>) -> anyhow::Result<()> {
        let fields: serde_json::Map<String, Value> = serde_json::from_str(parameters)
            .map_err(|_| fail(ErrorKind::Server, "the server's upload parameters are not a JSON object"))?;
        let mut form = reqwest::multipart::Form::new();
        for (name, value) in fields {
            let text = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            form = form.text(name, text);
        }
        let part = match progress {
            Some(progress) => {
                let length = blob.len() as u64;
                let blob = bytes::Bytes::from(blob);
                // Each chunk is cut, and counted, when the HTTP client asks for it.
                let chunks = (0..blob.len()).step_by(UPLOAD_CHUNK).map(move |start| {
                    let end = blob.len().min(start + UPLOAD_CHUNK);
                    progress(end as u64);
                    Ok::<_, std::io::Error>(blob.slice(start..end))
                });
                let body = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
                reqwest::multipart::Part::stream_with_length(body, length)
            }
            None => reqwest::multipart::Part::bytes(blob),
        };
        form = form.part("file", part.file_name("file"));
        let (status, body) = self.runtime.block_on(async {
            let response = self.http.post(url).multipart(form).send().await.map_err(|e| network_error(url, &e))?;
            let status = response.status();
            anyhow::Ok((
                status,
                if status.is_success() { String::new() } else { response.text().await.unwrap_or_default() },
            ))
        })?;
        if !status.is_success() {
            let detail = serde_json::from_str::<ErrorBody>(&body).ok().and_then(|e| e.message).unwrap_or_default();
            return Err(fail(
                ErrorKind::Server,
                format!("the file upload failed with HTTP {}: {detail}", status.as_u16()),
            ));
        }
        Ok(())
    }

    /// A plain JSON request without the KSM envelope (the anonymous side of one-time share):
    /// the HTTP status and body.
    pub fn json_request(&self, url: &str, body: Option<&Value>) -> anyhow::Result<(u16, Vec<u8>)> {
        let request = match body {
            Some(body) => self.http.post(url).json(body),
            None => self.http.get(url),
        };
        self.runtime.block_on(async {
            let response = request.send().await.map_err(|e| network_error(url, &e))?;
            let status = response.status().as_u16();
            Ok((status, read_body(url, response, None).await?))
        })
    }

    /// A plain GET of a presigned file URL (no KSM headers); `progress` hears the bytes received.
    pub fn download(&self, url: &str, progress: Option<&Progress>) -> anyhow::Result<Vec<u8>> {
        self.runtime.block_on(async {
            let response = self.http.get(url).send().await.map_err(|e| network_error(url, &e))?;
            let status = response.status();
            if !status.is_success() {
                return Err(fail(
                    ErrorKind::Server,
                    format!("downloading a file failed with HTTP {}", status.as_u16()),
                ));
            }
            read_body(url, response, progress).await
        })
    }
}

/// The most a response's `Content-Length` reserves up front; a longer body still reads, growing
/// as it arrives (the length is only the server's word).
const MAX_PREALLOCATION: u64 = 64 << 20;

/// The whole body in one buffer of its announced length, decrypted in place afterwards: a large
/// answer is never held as chunks and a copy of them. `progress` hears the bytes received.
async fn read_body(url: &str, mut response: reqwest::Response, progress: Option<&Progress>) -> anyhow::Result<Vec<u8>> {
    let announced = response.content_length().unwrap_or(0).min(MAX_PREALLOCATION);
    let mut body = Vec::with_capacity(usize::try_from(announced).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(|e| reading_error(url, &e))? {
        body.extend_from_slice(&chunk);
        if let Some(progress) = progress {
            progress(body.len() as u64);
        }
    }
    Ok(body)
}

/// `https://host[:port]` (PROTOCOL.md §1.3): `KSM_HOSTNAME`, else the profile's hostname;
/// region codes map to Keeper's hosts; a URL keeps only its host and port.
pub fn base_url(config: &ClientConfig) -> anyhow::Result<String> {
    let candidate = std::env::var("KSM_HOSTNAME")
        .ok()
        .filter(|h| !h.trim().is_empty())
        .or_else(|| config.hostname.clone())
        .unwrap_or_else(|| "US".to_string());
    let candidate = candidate.trim();
    if let Some(host) = token::REGIONS.iter().find(|(code, _)| *code == candidate).map(|(_, host)| host) {
        return Ok(format!("https://{host}"));
    }
    let without_scheme = candidate.split_once("://").map_or(candidate, |(_, rest)| rest);
    let host = without_scheme.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(fail(ErrorKind::Usage, format!("'{candidate}' is not a host name")));
    }
    Ok(format!("https://{host}"))
}

fn server_key(config: &ClientConfig, key_id: &str) -> anyhow::Result<EcPublicKey> {
    if let Some(custom) = &config.server_public_key {
        let bytes =
            b64::decode(custom).map_err(|_| fail(ErrorKind::Usage, "the profile's server public key is not base64"))?;
        return EcPublicKey::from_bytes(&bytes)
            .map_err(|_| fail(ErrorKind::Usage, "the profile's server public key is not a P-256 key"));
    }
    server_keys::builtin_key(key_id).ok_or_else(|| {
        fail(ErrorKind::Server, format!("the server asked for key id {key_id}, which this client does not know"))
    })
}

/// The longest wait for a throttling server, whatever it asks for: a hostile or broken
/// `retry_after` (`inf`, `1e300`) must not hang or crash the client.
const MAX_BACKOFF_SECONDS: f64 = 300.0;

/// Exponential backoff (11 s × 2ⁿ) unless the server says how long, then ±25 % jitter; at most
/// [`MAX_BACKOFF_SECONDS`].
fn backoff(attempt: u32, retry_after: Option<f64>) -> Duration {
    let base = retry_after.filter(|s| s.is_finite() && *s > 0.0).unwrap_or(11.0 * 2f64.powi(attempt as i32));
    Duration::from_secs_f64((base * rand::thread_rng().gen_range(0.75..=1.25)).min(MAX_BACKOFF_SECONDS))
}

fn refusal(error: &ErrorBody, status: u16) -> anyhow::Error {
    let code = error.code().unwrap_or("unknown");
    let message = crate::error::in_cli_words(error.message.as_deref().unwrap_or("no message"));
    match code {
        "access_denied" => fail(ErrorKind::Auth, format!("the server refused this device: {message}")),
        "throttled" => fail(
            ErrorKind::Throttled,
            format!("the server is still throttling after {MAX_THROTTLE_RETRIES} retries; try again later"),
        ),
        "invalid_client_version" => {
            let detail = error.additional_info.as_deref().unwrap_or(&message);
            fail(
                ErrorKind::Server,
                format!("the server does not accept this client version: {detail} (set KSM_CLIENT_VERSION)"),
            )
        }
        "key" => fail(ErrorKind::Server, "the server keeps asking for another key id; check the profile's server key"),
        "not_found" => fail(ErrorKind::NotFound, format!("not found: {message}")),
        _ => fail(ErrorKind::Server, format!("the server refused the request (HTTP {status}, {code}): {message}")),
    }
}

/// One line naming the host and the root cause (DNS, refused, timeout). A certificate that is
/// not trusted is its own kind, naming the setting that fixes it: it may be a man-in-the-middle.
fn network_error(url: &str, error: &reqwest::Error) -> anyhow::Error {
    failure(url, error, if error.is_timeout() { "timed out reaching" } else { "cannot reach" })
}

/// As [`network_error`], for an answer that stopped coming after it had started.
fn reading_error(url: &str, error: &reqwest::Error) -> anyhow::Error {
    let what = if error.is_timeout() { "timed out reading the answer from" } else { "the answer broke off from" };
    failure(url, error, what)
}

fn failure(url: &str, error: &reqwest::Error, what: &str) -> anyhow::Error {
    let mut cause = error.to_string();
    let mut tls = None;
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        cause = inner.to_string();
        tls = tls.or_else(|| rustls_error(inner));
        source = inner.source();
    }
    let host = url.split('/').nth(2).unwrap_or(url);
    if let Some(tls) = tls {
        return tls_error(host, tls);
    }
    fail(ErrorKind::Network, format!("{what} {host}: {cause}"))
}

/// The rustls error behind `error`: itself, or inside the (possibly nested) `io::Error`s the
/// TLS stream returned, whose `source()` skips the error they wrap.
fn rustls_error<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    if let Some(tls) = error.downcast_ref::<rustls::Error>() {
        return Some(tls);
    }
    let wrapped = error.downcast_ref::<std::io::Error>()?.get_ref()?;
    rustls_error(wrapped)
}

fn tls_error(host: &str, error: &rustls::Error) -> anyhow::Error {
    let fix = "for a self-hosted server, trust it with --server-cert-sha256 or --ca-cert (`ksm profile init` or \
               `ksm profile import`), or with KSM_SERVER_CERT_SHA256 or KSM_CA_CERT for KSM_CONFIG";
    let message = match error {
        rustls::Error::InvalidCertificate(_) => {
            format!("the TLS certificate of {host} is not trusted ({error}); {fix}")
        }
        rustls::Error::General(reason) => format!(
            "the TLS certificate of {host} does not match the pin: {reason}; this may be a man-in-the-middle \
             attack. If the server's certificate was replaced on purpose, update the pin (KSM_SERVER_CERT_SHA256, \
             or import the profile again with --server-cert-sha256)"
        ),
        other => format!("the TLS handshake with {host} failed ({other}); {fix}"),
    };
    fail(ErrorKind::Tls, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(hostname: &str) -> ClientConfig {
        ClientConfig { hostname: Some(hostname.into()), ..Default::default() }
    }

    #[test]
    fn base_urls_follow_the_protocol_rules() {
        assert_eq!(base_url(&config("EU")).unwrap(), "https://keepersecurity.eu");
        assert_eq!(base_url(&config("127.0.0.1:8443")).unwrap(), "https://127.0.0.1:8443");
        assert_eq!(base_url(&config("https://ksm.example.com:9000/path")).unwrap(), "https://ksm.example.com:9000");
        assert_eq!(base_url(&ClientConfig::default()).unwrap(), "https://keepersecurity.com");
    }

    #[test]
    fn backoff_uses_retry_after_or_doubles_with_jitter() {
        for attempt in 0..5 {
            let wait = backoff(attempt, None).as_secs_f64();
            let base = 11.0 * 2f64.powi(attempt as i32);
            assert!((base * 0.75..=base * 1.25).contains(&wait), "attempt {attempt}: {wait}");
        }
        let wait = backoff(3, Some(2.0)).as_secs_f64();
        assert!((1.5..=2.5).contains(&wait), "{wait}");
        for hostile in [f64::INFINITY, f64::NAN, 1e300, -1.0] {
            let wait = backoff(0, Some(hostile)).as_secs_f64();
            assert!(wait.is_finite() && wait <= MAX_BACKOFF_SECONDS, "retry_after {hostile}: {wait}");
        }
        assert!(backoff(0, Some(0.0)).as_secs_f64() >= 8.25, "retry_after <= 0 is ignored");
    }

    #[test]
    fn refusals_map_to_kinds() {
        let kind = |code: &str| {
            let error = refusal(&ErrorBody::new(code, "m"), 403);
            crate::error::exit_code(&error)
        };
        assert_eq!(kind("access_denied"), ErrorKind::Auth.exit_code());
        assert_eq!(kind("throttled"), ErrorKind::Throttled.exit_code());
        assert_eq!(kind("whatever"), ErrorKind::Server.exit_code());
    }
}
