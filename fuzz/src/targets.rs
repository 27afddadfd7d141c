//! One function per parser of untrusted bytes. Each takes arbitrary bytes and must return
//! without panicking whatever they are; where a parse succeeds, it also checks the round trip
//! the rest of the code relies on.
//!
//! The same functions run under libFuzzer (`fuzz/fuzz_targets/*.rs`, nightly, `scripts/fuzz`)
//! and on stable in `cargo test` (crates/ksm-proto/tests/fuzz_regression.rs), which includes
//! this file by path: keep it free of dependencies other than ksm-proto and serde_json.

use ksm_proto::b64;
use ksm_proto::config::ClientConfig;
use ksm_proto::crypto::{
    cbc_decrypt, cbc_encrypt, ecies_decrypt, gcm_decrypt, gcm_encrypt, EcPrivateKey, EcPublicKey, SymmetricKey,
};
use ksm_proto::envelope::{open_body, open_transmission_key, parse_authorization, signed_bytes};
use ksm_proto::field_args::FieldArg;
use ksm_proto::notation::{escape_component, python_json_dumps, Notation, NotationFile, NotationRecord};
use ksm_proto::record::{parse_json, AppData, FileMeta, FolderData, RecordData};
use ksm_proto::record_builder::{build_record, check_record, merge};
use ksm_proto::record_json::RecordJson;
use ksm_proto::record_types::validate_field;
use ksm_proto::token::OneTimeToken;
use ksm_proto::totp::Totp;
use ksm_proto::wire;
use std::sync::OnceLock;

/// A fuzz target: any bytes in, no panic out.
pub type Target = fn(&[u8]);

/// Every target by name: the names of `fuzz/fuzz_targets/*.rs` and of `fuzz/corpus/*/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("token", token),
    ("client_config", client_config),
    ("notation", notation),
    ("wire_request", wire_request),
    ("wire_response", wire_response),
    ("record_json", record_json),
    ("field_args", field_args),
    ("totp_uri", totp_uri),
    ("base64", base64),
    ("crypto", crypto),
];

/// Most parsers take text: invalid UTF-8 is turned into replacement characters rather than
/// skipped, so every input reaches the parser.
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A one-time access token as `ksm profile init --token` reads it.
pub fn token(data: &[u8]) {
    if let Ok(token) = OneTimeToken::parse(&text(data)) {
        let _ = token.key();
        let _ = token.client_id();
    }
}

/// A client configuration (JSON or base64 of it) as `--config` / `KSM_CONFIG` give it.
pub fn client_config(data: &[u8]) {
    let Ok(config) = ClientConfig::parse(&text(data)) else { return };
    let _ = config.is_bound();
    let json = config.to_json();
    let reparsed = ClientConfig::parse(&json).expect("a parsed config's JSON parses again");
    assert_eq!(reparsed.to_json(), json, "config JSON round trip");
    let from_base64 = ClientConfig::parse(&config.to_base64()).expect("a parsed config's base64 parses again");
    assert_eq!(from_base64.to_json(), json, "config base64 round trip");
}

/// A Keeper notation, resolved over a record built from the same bytes.
pub fn notation(data: &[u8]) {
    let input = text(data);
    let (notation_text, record_text) = input.split_once('\n').unwrap_or((input.as_str(), ""));
    let Ok(notation) = Notation::parse(notation_text) else { return };
    let eager = parse_json::<RecordData>(record_text.as_bytes());
    let lazy = RecordJson::new(record_text.as_bytes().to_vec());
    assert_eq!(lazy.is_some(), eager.is_ok(), "a record kept as JSON parses exactly when it would parse eagerly");
    if let (Some(lazy), Ok(eager)) = (&lazy, &eager) {
        assert_eq!(**lazy, *eager, "lazy and eager parsing agree");
    }
    let data = lazy.unwrap_or_else(|| sample_record().into());
    let files = [NotationFile { uid: "AAAAAAAAAAAAAAAAAAAAAA", name: "a.txt", title: "A" }];
    let records = [
        NotationRecord { uid: "AAAAAAAAAAAAAAAAAAAAAA", data: &data, files: files.to_vec() },
        NotationRecord { uid: &notation.record, data: &data, files: Vec::new() },
    ];
    let _ = notation.resolve(&records);
    let _ = notation.resolve(&records[..1]);
    let escaped = escape_component(&notation.record);
    let _ = Notation::parse(&format!("keeper://{escaped}/title"));
}

fn sample_record() -> RecordData {
    let json = br#"{"title":"T","type":"login","fields":[{"type":"login","value":["me"]},{"type":"name","value":[{"first":"A","last":"B"}]}],"custom":[{"type":"text","label":"L","value":["x","y"]}],"notes":"n"}"#;
    parse_json(json).unwrap_or_default()
}

/// The decrypted request payloads, decoded as ksm-server decodes them (`serde_json` into the
/// wire DTOs: PayloadHeader first, then the endpoint's payload).
pub fn wire_request(data: &[u8]) {
    let _ = serde_json::from_slice::<wire::PayloadHeader>(data);
    let _ = serde_json::from_slice::<wire::GetPayload>(data);
    let _ = serde_json::from_slice::<wire::UpdatePayload>(data);
    let _ = serde_json::from_slice::<wire::CompleteTransactionPayload>(data);
    let _ = serde_json::from_slice::<wire::CreatePayload>(data);
    let _ = serde_json::from_slice::<wire::DeletePayload>(data);
    let _ = serde_json::from_slice::<wire::CreateFolderPayload>(data);
    let _ = serde_json::from_slice::<wire::UpdateFolderPayload>(data);
    let _ = serde_json::from_slice::<wire::DeleteFolderPayload>(data);
    let _ = serde_json::from_slice::<wire::AddFilePayload>(data);
    if let Ok(path) = std::str::from_utf8(data) {
        if let Some(endpoint) = wire::Endpoint::from_path(path) {
            assert_eq!(wire::Endpoint::from_path(endpoint.path()), Some(endpoint), "endpoint path round trip");
        }
    }
}

/// The decrypted response bodies and error bodies, decoded as the client decodes them.
pub fn wire_response(data: &[u8]) {
    let _ = serde_json::from_slice::<wire::SecretsResponse>(data);
    let _ = serde_json::from_slice::<wire::FoldersResponse>(data);
    let _ = serde_json::from_slice::<wire::DeleteRecordsResponse>(data);
    let _ = serde_json::from_slice::<wire::DeleteFoldersResponse>(data);
    let _ = serde_json::from_slice::<wire::AddFileResponse>(data);
    if let Ok(error) = serde_json::from_slice::<wire::ErrorBody>(data) {
        let _ = error.code();
        let _ = error.key_id();
        let _ = error.retry_after_seconds();
    }
}

/// Decrypted record, file, folder and application JSON, then everything done with a record.
pub fn record_json(data: &[u8]) {
    let _ = parse_json::<FileMeta>(data);
    let _ = parse_json::<FolderData>(data);
    let _ = parse_json::<AppData>(data);
    let Ok(mut record) = parse_json::<RecordData>(data) else { return };
    let _ = check_record(&record);
    for field in record.fields.iter().chain(&record.custom) {
        let _ = validate_field(&field.field_type, &field.value);
        for value in &field.value {
            let _ = python_json_dumps(value);
        }
    }
    let refs = record.file_refs();
    record.add_file_ref("AAAAAAAAAAAAAAAAAAAAAA");
    assert!(record.file_refs().len() >= refs.len(), "adding a file reference drops none");
    let json = serde_json::to_value(&record).expect("a record serializes");
    let reparsed: RecordData = parse_json(json.to_string().as_bytes()).expect("a serialized record parses again");
    let again = serde_json::to_value(&reparsed).expect("a record serializes");
    assert!(same_json(&again, &json), "record JSON round trip: {json} became {again}");
}

/// JSON equality, except that a float may come back one unit in the last place off: serde_json
/// parses floats fast rather than exactly unless its `float_roundtrip` feature is on (found by
/// this target: `5.5555555555555556e41` in an unknown key; see docs/testing.md).
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            x == y || (x - y).abs() <= f64::EPSILON * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((kx, vx), (ky, vy))| kx == ky && same_json(vx, vy))
        }
        _ => a == b,
    }
}

/// Field arguments (`f.TYPE[LABEL].KEY=VALUE`, `LABEL:TYPE=VALUE`), one a line, built into a
/// record as `ksm secret add` and `ksm-server record add` do.
pub fn field_args(data: &[u8]) {
    let input = text(data);
    let args: Vec<FieldArg> = input.lines().filter_map(|line| FieldArg::parse(line).ok()).collect();
    let _ = merge(args.clone());
    let (standard, custom): (Vec<_>, Vec<_>) =
        args.into_iter().partition(|arg| arg.section != Some(ksm_proto::field_args::Section::Custom));
    for record_type in ["login", "bankCard", "address"] {
        let _ = build_record(record_type, "t", None, standard.clone(), custom.clone());
    }
}

/// An `otpauth://` URI from a record's oneTimeCode field, and a code from it.
pub fn totp_uri(data: &[u8]) {
    let Ok(totp) = Totp::from_uri(&text(data)) else { return };
    let now = data.iter().fold(0u64, |acc, b| acc.wrapping_mul(31).wrapping_add(u64::from(*b)));
    for time in [0, now, u64::MAX] {
        let code = totp.code_at(totp.effective_time(time));
        assert_eq!(code.code.len(), totp.digits() as usize, "a code has the URI's digits");
        assert!(code.seconds_left >= 1 && code.seconds_left <= code.period, "seconds left within the period");
    }
}

/// Base64 in both alphabets, padded or not, as headers and payload fields carry it.
pub fn base64(data: &[u8]) {
    let input = text(data);
    let _ = b64::is_canonical_standard(&input);
    let _ = ksm_proto::uid::is_uid(&input);
    let _ = parse_authorization(&input);
    if let Ok(bytes) = b64::decode(&input) {
        assert_eq!(b64::decode(&b64::encode(&bytes)).ok(), Some(bytes.clone()), "standard round trip");
        assert_eq!(b64::decode(&b64::encode_url(&bytes)).ok(), Some(bytes), "URL-safe round trip");
    }
}

/// Garbage handed to every decryption and key parser: AES-CBC, AES-GCM, ECIES, the
/// transmission key and body of a request, public keys, PKCS#8 keys and signatures; and the
/// same bytes encrypted, which must decrypt to themselves.
pub fn crypto(data: &[u8]) {
    static SERVER: OnceLock<(EcPrivateKey, EcPublicKey)> = OnceLock::new();
    let (server, server_public) = SERVER.get_or_init(|| {
        let key = EcPrivateKey::from_scalar(&[1u8; 32]).expect("a fixed scalar is a key");
        let public = key.public_key();
        (key, public)
    });
    let key = SymmetricKey::from_slice(&[7u8; 32]).expect("32 bytes is a key");
    let _ = cbc_decrypt(&key, data);
    let _ = gcm_decrypt(&key, data);
    let _ = open_body(&key, data);
    let _ = SymmetricKey::from_slice(data);
    let _ = ecies_decrypt(server, data);
    let _ = open_transmission_key(server, data);
    let _ = EcPrivateKey::from_scalar(data);
    let _ = EcPrivateKey::from_pkcs8_der(data);
    if let Ok(public) = EcPublicKey::from_bytes(data) {
        let _ = public.to_uncompressed();
    }
    let (message, signature) = data.split_at(data.len() / 2);
    let _ = server_public.verify(&signed_bytes(message, b"body"), signature);
    assert_eq!(cbc_decrypt(&key, &cbc_encrypt(&key, data)).ok().as_deref(), Some(data), "CBC round trip");
    assert_eq!(gcm_decrypt(&key, &gcm_encrypt(&key, data)).ok().as_deref(), Some(data), "GCM round trip");
}
