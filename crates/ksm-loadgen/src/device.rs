//! One simulated client device: binds with its one-time token, then sends signed `get_secret`
//! requests and checks every answer (PROTOCOL.md §7–§9).

use crate::connection::{Connection, Reply};
use anyhow::{anyhow, bail, Context};
use bytes::Bytes;
use http_body_util::Full;
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_decrypt_owned, EcPrivateKey, EcPublicKey, SymmetricKey};
use ksm_proto::envelope::SealedRequest;
use ksm_proto::record_crypto::{open_json, open_key, open_record_key, OpenError};
use ksm_proto::wire::ErrorBody;
use serde::Deserialize;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::time::{Duration, Instant};
use tokio_rustls::TlsConnector;

/// Where the server is and how to trust it.
#[derive(Clone)]
pub struct Target {
    /// `HOST:PORT`.
    pub host: String,
    pub server_key: EcPublicKey,
    pub key_id: String,
    pub timeout: Duration,
}

/// What `ksm-server client add --json` printed, as far as a device needs it.
pub struct Enrollment {
    pub token: SymmetricKey,
    pub client_id: String,
}

impl Enrollment {
    pub fn from_json(value: &Value) -> anyhow::Result<Self> {
        let text = |name: &str| value[name].as_str().ok_or_else(|| anyhow!("the enrollment has no \"{name}\" string"));
        let token = b64::decode(text("token")?).map_err(|_| anyhow!("the token is not base64"))?;
        let token = SymmetricKey::from_slice(&token).map_err(|_| anyhow!("the token is not 32 bytes"))?;
        Ok(Self { token, client_id: text("client_id")?.to_string() })
    }
}

/// Why a request failed, on one line. A `throttled` refusal is told apart, with the server's
/// `retry_after` in seconds when it sent one, so that the caller can back off and retry.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    Throttled { message: String, retry_after: Option<f64> },
    Other(String),
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Throttled { message, .. } | Failure::Other(message) => f.write_str(message),
        }
    }
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure::Other(message)
    }
}

/// A successful, checked `get_secret`.
pub struct Answer {
    /// From sending the sealed request to the last byte of the answer.
    pub latency: Duration,
    /// Encrypted body size.
    pub bytes: usize,
}

/// How much of each answer to decrypt beyond the transmission-key layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Every folder key and the first record (its key, data and JSON).
    Sample,
    /// Every folder key and every record.
    All,
}

/// The endpoint every request goes to.
const GET_SECRET: &str = "/api/rest/sm/v1/get_secret";

pub struct Device {
    connection: Connection,
    target: Target,
    key: EcPrivateKey,
    enrollment: Enrollment,
    app_key: Option<SymmetricKey>,
    /// The payload of every request after the bind (only the sealing changes).
    payload: Vec<u8>,
    /// The last answer's allocation, for the next answer: a 6 MiB answer read into fresh
    /// memory each time costs the shared cores about as much in page faults as in reading it.
    buffer: Vec<u8>,
}

impl Device {
    /// A device of `target`, trusting its certificate through `tls` (one for all devices).
    pub fn new(target: &Target, tls: TlsConnector, enrollment: Enrollment) -> anyhow::Result<Self> {
        let connection = Connection::new(&target.host, tls)?;
        let payload = serde_json::to_vec(&header(&enrollment.client_id))?;
        Ok(Self {
            connection,
            target: target.clone(),
            key: EcPrivateKey::generate(),
            enrollment,
            app_key: None,
            payload,
            buffer: Vec::new(),
        })
    }

    /// The server this device talks to, `HOST:PORT`.
    pub fn host(&self) -> &str {
        &self.target.host
    }

    /// The first `get_secret`: offers the device public key and opens `encryptedAppKey` with
    /// the token. Returns the number of records in the answer.
    pub async fn bind(&mut self) -> anyhow::Result<usize> {
        let mut payload = header(&self.enrollment.client_id);
        payload["publicKey"] = json!(b64::encode(&self.key.public_key().to_uncompressed()));
        let sealed = self.seal(&serde_json::to_vec(&payload)?);
        let (plain, _, _) = self.exchange(sealed).await.map_err(|e| anyhow!(e))?;
        let response = parse_answer(&plain).map_err(|e| anyhow!(e))?;
        let wrapped = response.encrypted_app_key.as_deref().context("the binding answer has no encryptedAppKey")?;
        let wrapped = b64::decode(wrapped).map_err(|_| anyhow!("encryptedAppKey is not base64"))?;
        let app_key = open_key(&self.enrollment.token, &wrapped).map_err(|e| match e {
            OpenError::KeyLength => anyhow!("the application key is not 32 bytes"),
            _ => anyhow!("encryptedAppKey does not open with the token"),
        })?;
        self.app_key = Some(app_key);
        let records = self.check(&response, Check::Sample).map_err(|e| anyhow!(e))?;
        Ok(records)
    }

    /// One steady-state `get_secret`, checked: `Err` says what went wrong (a refusal, a
    /// transport failure or a wrong answer).
    pub async fn get_secret(&mut self, expected_records: usize, check: Check) -> Result<Answer, Failure> {
        let sealed = self.seal(&self.payload);
        let (plain, latency, bytes) = self.exchange(sealed).await?;
        let response = parse_answer(&plain)?;
        if response.encrypted_app_key.is_some() {
            return Err(Failure::Other("a bound device was sent encryptedAppKey again".to_string()));
        }
        let records = self.check(&response, check)?;
        if records != expected_records {
            return Err(Failure::Other(format!("wrong answer: {records} records instead of {expected_records}")));
        }
        self.buffer = plain;
        Ok(Answer { latency, bytes })
    }

    /// `payload` sealed with a fresh transmission key and signed.
    fn seal(&self, payload: &[u8]) -> SealedRequest {
        SealedRequest::seal(&self.target.server_key, &self.key, payload)
    }

    /// Sends a sealed request and opens the answer: its JSON, how long it took and its size.
    async fn exchange(&mut self, sealed: SealedRequest) -> Result<(Vec<u8>, Duration, usize), Failure> {
        let request = self
            .connection
            .post(GET_SECRET)
            .header("Content-Type", "application/octet-stream")
            .header("PublicKeyId", &self.target.key_id)
            .header("TransmissionKey", sealed.transmission_key_header())
            .header("Authorization", sealed.authorization_header())
            .body(Full::new(Bytes::from(sealed.body)))
            .map_err(|e| format!("cannot build the request: {e}"))?;
        let started = Instant::now();
        let buffer = std::mem::take(&mut self.buffer);
        let Reply { status, body } = tokio::time::timeout(self.target.timeout, self.connection.send(request, buffer))
            .await
            .map_err(|_| format!("no answer within {} s", self.target.timeout.as_secs()))??;
        let latency = started.elapsed();
        if status != 200 {
            return Err(refusal(status, &body));
        }
        let size = body.len();
        let plain = gcm_decrypt_owned(&sealed.transmission_key, body)
            .map_err(|_| "wrong answer: the body does not open with the transmission key".to_string())?;
        Ok((plain, latency, size))
    }

    /// Decrypts what `check` asks for and counts the records.
    fn check(&self, response: &Secrets<'_>, check: Check) -> Result<usize, String> {
        let app_key = self.app_key.as_ref().ok_or("the device is not bound")?;
        let mut count = 0;
        let mut opened_one = false;
        for folder in response.folders.iter().flatten() {
            let folder_key = open_b64_key(app_key, &folder.folder_key)
                .map_err(|e| format!("wrong answer: folder {}: {e}", folder.folder_uid))?;
            for record in &folder.records {
                if check == Check::All || !opened_one {
                    open_record(&folder_key, record)?;
                    opened_one = true;
                }
                count += 1;
            }
        }
        for record in response.records.iter().flatten() {
            if check == Check::All || !opened_one {
                open_record(app_key, record)?;
                opened_one = true;
            }
            count += 1;
        }
        Ok(count)
    }
}

/// What the load generator reads of a `get_secret` answer (PROTOCOL.md §9): the strings are
/// borrowed from the decrypted JSON rather than copied, the rest is skipped, so that reading a
/// 10,000-record answer costs the shared cores as little as it can.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Secrets<'a> {
    #[serde(borrow, default)]
    encrypted_app_key: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    records: Option<Vec<Record<'a>>>,
    #[serde(borrow, default)]
    folders: Option<Vec<Folder<'a>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Folder<'a> {
    #[serde(borrow)]
    folder_uid: Cow<'a, str>,
    #[serde(borrow)]
    folder_key: Cow<'a, str>,
    #[serde(borrow, default)]
    records: Vec<Record<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Record<'a> {
    #[serde(borrow)]
    record_uid: Cow<'a, str>,
    #[serde(borrow, default)]
    record_key: Option<Cow<'a, str>>,
    #[serde(borrow)]
    data: Cow<'a, str>,
}

fn parse_answer(plain: &[u8]) -> Result<Secrets<'_>, String> {
    serde_json::from_slice(plain).map_err(|e| format!("wrong answer: not a get_secret response ({e})"))
}

/// The fields every payload carries (PROTOCOL.md §7.3).
fn header(client_id: &str) -> Value {
    json!({ "clientVersion": ksm_proto::DEFAULT_CLIENT_VERSION, "clientId": client_id })
}

/// Opens a B64 key wrapped under `wrapping`.
fn open_b64_key(wrapping: &SymmetricKey, text: &str) -> Result<SymmetricKey, &'static str> {
    let bytes = b64::decode(text).map_err(|_| "key is not base64")?;
    open_key(wrapping, &bytes).map_err(key_problem)
}

fn key_problem(error: OpenError) -> &'static str {
    match error {
        OpenError::KeyLength => "key is not 32 bytes",
        _ => "key does not decrypt",
    }
}

/// Opens a record's key and data (PROTOCOL.md §9.2) and parses the data as a JSON object.
fn open_record(wrapping: &SymmetricKey, record: &Record<'_>) -> Result<(), String> {
    let wrong = |what: &str| format!("wrong answer: record {}: {what}", record.record_uid);
    let wrapped = match record.record_key.as_deref() {
        Some(text) => Some(b64::decode(text).map_err(|_| wrong("key is not base64"))?),
        None => None,
    };
    let key = open_record_key(wrapping, wrapped.as_deref()).map_err(|e| wrong(key_problem(e)))?;
    let data = b64::decode(&record.data).map_err(|_| wrong("data is not base64"))?;
    let data: Value = open_json(&key, &data).map_err(|e| match e {
        OpenError::Json(_) => wrong("data is not JSON"),
        _ => wrong("data does not decrypt"),
    })?;
    if !data.is_object() {
        return Err(wrong("data is not a JSON object"));
    }
    Ok(())
}

/// `HTTP 403 throttled: message` from a plaintext error answer.
fn refusal(status: u16, body: &[u8]) -> Failure {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(error) => {
            let message = format!(
                "HTTP {status} {}: {}",
                error.code().unwrap_or("(no error code)"),
                error.message.as_deref().unwrap_or("(no message)")
            );
            if status == 403 && error.code() == Some("throttled") {
                Failure::Throttled { message, retry_after: error.retry_after_seconds() }
            } else {
                Failure::Other(message)
            }
        }
        Err(_) => {
            Failure::Other(format!("HTTP {status}: {}", String::from_utf8_lossy(&body[..body.len().min(200)]).trim()))
        }
    }
}

/// Checks the answers of the binds: every device must see the same number of records.
pub fn agreed_record_count(counts: &[usize], expected: Option<usize>) -> anyhow::Result<usize> {
    let Some(&first) = counts.first() else { bail!("no devices") };
    let expected = expected.unwrap_or(first);
    if let Some((index, count)) = counts.iter().enumerate().find(|(_, &count)| count != expected) {
        bail!("device {} saw {count} records when it bound, expected {expected}", index + 1);
    }
    Ok(expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_status_code_and_message() {
        let body = br#"{"error":"throttled","message":"slow down","retry_after":3}"#;
        let throttled = Failure::Throttled { message: "HTTP 403 throttled: slow down".into(), retry_after: Some(3.0) };
        assert_eq!(refusal(403, body), throttled);
        assert_eq!(refusal(502, b"  Bad Gateway \n").to_string(), "HTTP 502: Bad Gateway");
        assert_eq!(refusal(500, br#"{"message":"x"}"#), Failure::Other("HTTP 500 (no error code): x".into()));
        assert!(matches!(refusal(500, body), Failure::Other(_)), "only a 403 is a throttle");
    }

    #[test]
    fn bind_counts_must_agree() {
        assert_eq!(agreed_record_count(&[3, 3], None).unwrap(), 3);
        assert_eq!(agreed_record_count(&[3], Some(3)).unwrap(), 3);
        assert!(agreed_record_count(&[3, 4], None).unwrap_err().to_string().contains("device 2 saw 4"));
        assert!(agreed_record_count(&[3], Some(5)).is_err());
        assert!(agreed_record_count(&[], None).is_err());
    }

    #[test]
    fn enrollment_needs_a_32_byte_token_and_a_client_id() {
        let token = b64::encode(&[7u8; 32]);
        assert!(Enrollment::from_json(&json!({"token": token, "client_id": "c"})).is_ok());
        let short = b64::encode(&[7u8; 16]);
        let error = Enrollment::from_json(&json!({"token": short, "client_id": "c"})).err().unwrap();
        assert_eq!(error.to_string(), "the token is not 32 bytes");
        let error = Enrollment::from_json(&json!({"token": token})).err().unwrap();
        assert_eq!(error.to_string(), "the enrollment has no \"client_id\" string");
    }

    #[test]
    fn records_open_with_their_key_or_the_wrapping_key() {
        use ksm_proto::crypto::gcm_encrypt;
        let folder_key = SymmetricKey::random();
        let record_key = SymmetricKey::random();
        let mut record = Record {
            record_uid: "r".into(),
            record_key: Some(b64::encode(&gcm_encrypt(&folder_key, record_key.as_bytes())).into()),
            data: b64::encode(&gcm_encrypt(&record_key, br#"{"title":"t"}"#)).into(),
        };
        assert!(open_record(&folder_key, &record).is_ok());
        assert!(open_record(&record_key, &record).unwrap_err().contains("key does not decrypt"));
        record.record_key = None;
        assert!(open_record(&record_key, &record).is_ok(), "no recordKey: the wrapping key is the record key");
        record.data = b64::encode(&gcm_encrypt(&record_key, b"[1]")).into();
        assert!(open_record(&record_key, &record).unwrap_err().contains("not a JSON object"));
    }

    /// The answer's strings are borrowed where they can be and still read where JSON escapes
    /// them; what the load generator does not read is skipped.
    #[test]
    fn answers_are_read_borrowed_and_escapes_still_parse() {
        let plain = br#"{"encryptedAppKey":"a\/b","appData":"x","expiresOn":0,
            "folders":[{"folderUid":"f","folderKey":"k","data":null,"records":[{"recordUid":"r1","data":"d","revision":3}]}],
            "records":[{"recordUid":"r2","recordKey":"","data":"e","files":[]}]}"#;
        let answer = parse_answer(plain).unwrap();
        assert_eq!(answer.encrypted_app_key.as_deref(), Some("a/b"));
        assert!(matches!(answer.encrypted_app_key, Some(Cow::Owned(_))), "an escaped string is unescaped");
        let folders = answer.folders.as_deref().unwrap();
        assert!(matches!(folders[0].records[0].record_uid, Cow::Borrowed("r1")));
        assert_eq!(answer.records.as_deref().unwrap()[0].record_key.as_deref(), Some(""));
        let missing_data = parse_answer(br#"{"records":[{"recordUid":"r"}]}"#).err().unwrap();
        assert!(missing_data.starts_with("wrong answer: "), "{missing_data}");
    }
}
