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
use serde::de::{IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, PoisonError};
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

/// How much of each answer to decrypt beyond the transmission-key layer. Either way every
/// answer is decrypted with its transmission key, and its records are counted.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// Every folder key and the first record of each list (its key, data and JSON); the other
    /// records are counted, not read. An answer the same as the last one checked for the
    /// application, byte for byte, is compared with it instead (`LAST_CHECKED`).
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
}

/// Answer buffers given back after their answer was checked, the latest last. A device takes
/// the latest, which is likely still in the cache of the core that just read it: a buffer of
/// its own was cold by the device's next answer (200 devices × 600 KB), and copying an answer
/// into it cost the shared cores about as much as decrypting it. (Fresh memory per answer was
/// worse again, in page faults.)
static SPARE_BUFFERS: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

/// The last answer checked (`Check::Sample`), the application key it was checked with and
/// its record count. The check is a function of those bytes and that key, so an answer the
/// same byte for byte, for the same application, is compared instead of checked again: the
/// comparison costs a fraction of parsing a 10,000-record answer, and the load generator
/// shares its cores with the server. Each answer is still decrypted with its own
/// transmission key; `--verify-all` checks every answer in full.
static LAST_CHECKED: Mutex<Option<Arc<Checked>>> = Mutex::new(None);

struct Checked {
    app_key: SymmetricKey,
    plain: Vec<u8>,
    records: usize,
}

/// The record count of `plain` if it is the last answer checked for `app_key`.
fn recall(app_key: &SymmetricKey, plain: &[u8]) -> Option<usize> {
    // Compared outside the lock, which the other devices' answers need.
    let last = LAST_CHECKED.lock().unwrap_or_else(PoisonError::into_inner).clone()?;
    (last.app_key == *app_key && last.plain == plain).then_some(last.records)
}

fn remember(app_key: &SymmetricKey, plain: &[u8], records: usize) {
    let checked = Checked { app_key: app_key.clone(), plain: plain.to_vec(), records };
    *LAST_CHECKED.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::new(checked));
}

fn take_buffer() -> Vec<u8> {
    SPARE_BUFFERS.lock().unwrap_or_else(PoisonError::into_inner).pop().unwrap_or_default()
}

fn give_back(buffer: Vec<u8>) {
    SPARE_BUFFERS.lock().unwrap_or_else(PoisonError::into_inner).push(buffer);
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
        let response: Secrets<'_, Sampled<'_>> = parse_answer(&plain).map_err(|e| anyhow!(e))?;
        let wrapped = response.encrypted_app_key.as_deref().context("the binding answer has no encryptedAppKey")?;
        let wrapped = b64::decode(wrapped).map_err(|_| anyhow!("encryptedAppKey is not base64"))?;
        let app_key = open_key(&self.enrollment.token, &wrapped).map_err(|e| match e {
            OpenError::KeyLength => anyhow!("the application key is not 32 bytes"),
            _ => anyhow!("encryptedAppKey does not open with the token"),
        })?;
        self.app_key = Some(app_key);
        let records = self.check(&response).map_err(|e| anyhow!(e))?;
        Ok(records)
    }

    /// One steady-state `get_secret`, checked: `Err` says what went wrong (a refusal, a
    /// transport failure or a wrong answer).
    pub async fn get_secret(&mut self, expected_records: usize, check: Check) -> Result<Answer, Failure> {
        let sealed = self.seal(&self.payload);
        let (plain, latency, bytes) = self.exchange(sealed).await?;
        let records = match check {
            Check::Sample => self.check_unless_seen(&plain),
            Check::All => self.check_steady::<Vec<Record<'_>>>(&plain),
        };
        give_back(plain);
        let records = records?;
        if records != expected_records {
            return Err(Failure::Other(format!("wrong answer: {records} records instead of {expected_records}")));
        }
        Ok(Answer { latency, bytes })
    }

    /// Checks a steady-state answer as `Check::Sample` says, unless it is the last answer
    /// checked for this application, byte for byte: then it holds what that one held.
    fn check_unless_seen(&self, plain: &[u8]) -> Result<usize, String> {
        let app_key = self.app_key.as_ref().ok_or("the device is not bound")?;
        if let Some(records) = recall(app_key, plain) {
            return Ok(records);
        }
        let records = self.check_steady::<Sampled<'_>>(plain)?;
        remember(app_key, plain, records);
        Ok(records)
    }

    /// Checks a steady-state answer, whose records are read as `L`, and counts its records.
    fn check_steady<'p, L: RecordList<'p>>(&self, plain: &'p [u8]) -> Result<usize, String> {
        let response: Secrets<'p, L> = parse_answer(plain)?;
        if response.encrypted_app_key.is_some() {
            return Err("a bound device was sent encryptedAppKey again".to_string());
        }
        self.check(&response)
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
        let buffer = take_buffer();
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

    /// Opens every folder key and the records `L` reads, and counts the records.
    fn check<'p, L: RecordList<'p>>(&self, response: &Secrets<'p, L>) -> Result<usize, String> {
        let app_key = self.app_key.as_ref().ok_or("the device is not bound")?;
        let mut count = 0;
        for folder in response.folders.iter().flatten() {
            let folder_key = open_b64_key(app_key, &folder.folder_key)
                .map_err(|e| format!("wrong answer: folder {}: {e}", folder.folder_uid))?;
            for record in folder.records.read() {
                open_record(&folder_key, record)?;
            }
            count += folder.records.count();
        }
        if let Some(records) = &response.records {
            for record in records.read() {
                open_record(app_key, record)?;
            }
            count += records.count();
        }
        Ok(count)
    }
}

/// What the load generator reads of a `get_secret` answer (PROTOCOL.md §9): the strings are
/// borrowed from the decrypted JSON rather than copied, the rest is skipped, so that reading a
/// 10,000-record answer costs the shared cores as little as it can.
///
/// A list of records (`L`) is read whole (`Vec<Record>`) or only its first record
/// (`Sampled`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "L: Deserialize<'de> + Default"))]
struct Secrets<'a, L> {
    #[serde(borrow, default)]
    encrypted_app_key: Option<Cow<'a, str>>,
    #[serde(default)]
    records: Option<L>,
    #[serde(default)]
    folders: Option<Vec<Folder<'a, L>>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "L: Deserialize<'de> + Default"))]
struct Folder<'a, L> {
    #[serde(borrow)]
    folder_uid: Cow<'a, str>,
    #[serde(borrow)]
    folder_key: Cow<'a, str>,
    #[serde(default)]
    records: L,
}

/// A list of records as an answer is read for a `Check`.
trait RecordList<'a>: Deserialize<'a> + Default {
    /// The records read, to be decrypted.
    fn read(&self) -> &[Record<'a>];
    /// How many records the list holds.
    fn count(&self) -> usize;
}

impl<'a> RecordList<'a> for Vec<Record<'a>> {
    fn read(&self) -> &[Record<'a>] {
        self
    }

    fn count(&self) -> usize {
        self.len()
    }
}

/// The first record of a list, and how many the list holds: the others are checked to be
/// JSON values and counted, not read (reading 1,000 records' strings took a third of the
/// load generator's CPU, which it shares with the server).
#[derive(Default)]
struct Sampled<'a> {
    first: Option<Record<'a>>,
    count: usize,
}

impl<'a> RecordList<'a> for Sampled<'a> {
    fn read(&self) -> &[Record<'a>] {
        self.first.as_slice()
    }

    fn count(&self) -> usize {
        self.count
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Sampled<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FirstAndCount<'a>(PhantomData<Record<'a>>);
        impl<'de: 'a, 'a> Visitor<'de> for FirstAndCount<'a> {
            type Value = Sampled<'a>;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a list of records")
            }
            fn visit_seq<S: SeqAccess<'de>>(self, mut records: S) -> Result<Sampled<'a>, S::Error> {
                let first: Option<Record<'a>> = records.next_element()?;
                let mut count = usize::from(first.is_some());
                while records.next_element::<IgnoredAny>()?.is_some() {
                    count += 1;
                }
                Ok(Sampled { first, count })
            }
        }
        deserializer.deserialize_seq(FirstAndCount(PhantomData))
    }
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

fn parse_answer<'p, L: RecordList<'p>>(plain: &'p [u8]) -> Result<Secrets<'p, L>, String> {
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
        let answer: Secrets<'_, Vec<Record<'_>>> = parse_answer(plain).unwrap();
        assert_eq!(answer.encrypted_app_key.as_deref(), Some("a/b"));
        assert!(matches!(answer.encrypted_app_key, Some(Cow::Owned(_))), "an escaped string is unescaped");
        let folders = answer.folders.as_deref().unwrap();
        assert!(matches!(folders[0].records[0].record_uid, Cow::Borrowed("r1")));
        assert_eq!(answer.records.as_deref().unwrap()[0].record_key.as_deref(), Some(""));
        let missing_data = parse_answer::<Vec<Record<'_>>>(br#"{"records":[{"recordUid":"r"}]}"#).err().unwrap();
        assert!(missing_data.starts_with("wrong answer: "), "{missing_data}");
    }

    /// Only the very bytes last checked, for the same application, are recalled.
    #[test]
    fn an_answer_is_recalled_only_if_it_is_the_last_checked_byte_for_byte() {
        let (key, other_key) = (SymmetricKey::random(), SymmetricKey::random());
        assert_eq!(recall(&key, b"{}"), None, "nothing checked yet");
        remember(&key, br#"{"records":[1,2]}"#, 2);
        assert_eq!(recall(&key, br#"{"records":[1,2]}"#), Some(2));
        assert_eq!(recall(&key, br#"{"records":[1,3]}"#), None, "one byte differs");
        assert_eq!(recall(&key, br#"{"records":[1,2]} "#), None, "one byte more");
        assert_eq!(recall(&other_key, br#"{"records":[1,2]}"#), None, "another application");
        remember(&key, br#"{"records":[]}"#, 0);
        assert_eq!(recall(&key, br#"{"records":[1,2]}"#), None, "only the last answer is kept");
        assert_eq!(recall(&key, br#"{"records":[]}"#), Some(0));
    }

    /// A sampled list reads its first record and counts the rest, which must still be JSON.
    #[test]
    fn sampled_lists_read_the_first_record_and_count_the_others() {
        let plain = br#"{"folders":[{"folderUid":"f","folderKey":"k","records":[
              {"recordUid":"r1","data":"d"},{"recordUid":"r2","data":"e\"x"},{"anything":[1,{"b":null}]}]},
            {"folderUid":"g","folderKey":"k"}],
            "records":[{"recordUid":"r3","data":"f"}]}"#;
        let answer: Secrets<'_, Sampled<'_>> = parse_answer(plain).unwrap();
        let folders = answer.folders.as_deref().unwrap();
        let first: Vec<_> = folders[0].records.read().iter().map(|record| &*record.record_uid).collect();
        assert_eq!((first, folders[0].records.count()), (vec!["r1"], 3));
        assert_eq!((folders[1].records.read().len(), folders[1].records.count()), (0, 0), "a folder without records");
        let direct = answer.records.as_ref().unwrap();
        assert_eq!((direct.read().len(), direct.count()), (1, 1));

        let missing_data = parse_answer::<Sampled<'_>>(br#"{"records":[{"recordUid":"r"},{}]}"#).err().unwrap();
        assert!(missing_data.starts_with("wrong answer: "), "the first record is read whole: {missing_data}");
        let truncated = parse_answer::<Sampled<'_>>(br#"{"records":[{"recordUid":"r","data":"d"},{"recordUid":"#);
        assert!(truncated.err().unwrap().starts_with("wrong answer: "), "the others must still be JSON");
    }
}
