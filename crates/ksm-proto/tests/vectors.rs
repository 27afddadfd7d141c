//! Pins the cross-implementation vectors of PROTOCOL.md §13.1–§13.3. These break the
//! symmetry of our own client/server tests: they come from the official SDKs and from
//! recorded real Keeper traffic in `../shared/vectors/fake_data.json`.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use ksm_proto::crypto::*;
use ksm_proto::envelope::signed_bytes;
use ksm_proto::record::{parse_json, AppData, RecordData};
use ksm_proto::record_crypto::{open_folder_name, open_json, open_key, open_record_key, open_sub_folder_key};
use ksm_proto::wire::{ErrorBody, SecretsResponse};
use ksm_proto::{b64, server_keys, token::OneTimeToken};
use std::path::PathBuf;

const DEVICE_PKCS8: &str = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgndw7rAhuJt5SxssfKPnP0Z3cO6wIbibeUsbLHyj5z9GhRANCAAQCwRNo15jaVxkYQM8WjMffSWxgT4OyieQ91V5WuAemZKKrV2+fV6No21GQihFs6F8pbYvRfYf8Z8i2wsXKeQW5";
const TRANSMISSION_KEY_HEADER: &str = "BFFcPW6545a5BNP+yn9U/c0MwemXvzddylFa0KbDtANfRTa+OlDzGPv5pUdZAqIhUCvvDVfgjFOyzApW8X2fk1QAAQIDBAUGBwgJCgsMROiKqAr25SDuUZ459iv29AWogEUtuqQBhC2UOC0V/cKs7QMwYvlF/64BZn9TzHU=";
const PAYLOAD: &str = r#"{"clientVersion":"mr17.3.0","clientId":"6FSaAYix6NY+3gFbC4h3yVRgKDl1prYLTowsYcd2vWipj27jpjtaYgTz1N+XKOQgtt42RMa7GBg7sIZfnwlWVQ==","publicKey":null,"requestedRecords":["Ue8h6JyWUs7Iu6eY_mha-w"],"requestedFolders":null}"#;
const BODY: &str = "oKGio6SlpqeoqaqrrK1lU4uO8lkvCjON4NNe1NU1mLXdWKsezOzMtsuhEpE/+QYKpHIeg94c+/8ftU6x1AJeTdieVHKZRPXWCIiH98zd1iFuhLjVYlBZHe58M9nXTdA0YG91UYCU9TAz/rD7yfpoljkYmcywVyZWnhM3eR4wrapc4MkoqNwIVsgd5r7A8PocFVimhvuBAzj2y1vD5FRuT9gwiEuQ0RE9XpEWxsZevZ0uckmGTIB3C1E0DNrawSbEfW6c3BPglBRip4QF4bpIdyKQMneaXbJZBZ5kN6b43Ks6QTijZqmniS29PoCyPukE4m7ro+0=";
const SIGNATURE: &str =
    "MEUCIBklg0PlDt2xAZFMliaAlNrsBeMVZgrLsu0217/Y04AbAiEA0Ij+wrymodTpyu9itYdf5F/RtwLocz5TvSrMTjQABvY=";
const TOKEN: &str = "YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";

fn bytes_from(start: u8) -> [u8; 32] {
    std::array::from_fn(|i| start + i as u8)
}

fn device_key() -> EcPrivateKey {
    EcPrivateKey::from_pkcs8_der(&b64::decode(DEVICE_PKCS8).unwrap()).unwrap()
}

#[test]
fn device_key_scalar_public_key_and_pkcs8_encoding() {
    let key = device_key();
    let scalar = hex::decode("9ddc3bac086e26de52c6cb1f28f9cfd19ddc3bac086e26de52c6cb1f28f9cfd1").unwrap();
    assert_eq!(EcPrivateKey::from_scalar(&scalar).unwrap().public_key(), key.public_key());
    assert_eq!(
        b64::encode(&key.public_key().to_uncompressed()),
        "BALBE2jXmNpXGRhAzxaMx99JbGBPg7KJ5D3VXla4B6ZkoqtXb59Xo2jbUZCKEWzoXylti9F9h/xnyLbCxcp5Bbk="
    );
    let der = key.to_pkcs8_der();
    assert_eq!(der.len(), PKCS8_LEN);
    assert_eq!(b64::encode(&der), DEVICE_PKCS8);
    assert!(hex::encode(&der[..36]) == "308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420");
}

#[test]
fn ecies_transmission_key_vector() {
    let ephemeral = EcPrivateKey::from_scalar(&bytes_from(0x01)).unwrap();
    assert_eq!(
        b64::encode(&ephemeral.public_key().to_uncompressed()),
        "BFFcPW6545a5BNP+yn9U/c0MwemXvzddylFa0KbDtANfRTa+OlDzGPv5pUdZAqIhUCvvDVfgjFOyzApW8X2fk1Q="
    );
    let nonce: [u8; 12] = std::array::from_fn(|i| i as u8);
    let blob = ecies_encrypt_with(&device_key().public_key(), &ephemeral, &nonce, &bytes_from(0x40));
    assert_eq!(blob.len(), 125);
    assert_eq!(b64::encode(&blob), TRANSMISSION_KEY_HEADER);
    assert_eq!(ecies_decrypt(&device_key(), &blob).unwrap(), bytes_from(0x40));
}

#[test]
fn request_body_and_signature_vector() {
    let tk = SymmetricKey::from_slice(&bytes_from(0x40)).unwrap();
    let nonce: [u8; 12] = std::array::from_fn(|i| 0xa0 + i as u8);
    let body = gcm_encrypt_with_nonce(&tk, &nonce, PAYLOAD.as_bytes());
    assert_eq!(body.len(), 245);
    assert_eq!(b64::encode(&body), BODY);
    let signed = signed_bytes(&b64::decode(TRANSMISSION_KEY_HEADER).unwrap(), &body);
    // The vector is the RFC 6979 signature (the Rust SDK's); ours has a random nonce (the
    // Python SDK's), so it differs on every call and must verify instead.
    let scalar = hex::decode("9ddc3bac086e26de52c6cb1f28f9cfd19ddc3bac086e26de52c6cb1f28f9cfd1").unwrap();
    let rfc6979: p256::ecdsa::Signature =
        p256::ecdsa::signature::Signer::sign(&p256::ecdsa::SigningKey::from_slice(&scalar).unwrap(), &signed);
    assert_eq!(b64::encode(rfc6979.to_der().as_bytes()), SIGNATURE);
    device_key().public_key().verify(&signed, &b64::decode(SIGNATURE).unwrap()).unwrap();
    let ours = device_key().sign(&signed);
    assert_ne!(ours, device_key().sign(&signed), "a fresh nonce each time");
    device_key().public_key().verify(&signed, &ours).unwrap();
    assert!(device_key().public_key().verify(&body, &ours).is_err());
}

#[test]
fn cbc_folder_key_and_folder_data_vectors() {
    let shared_folder_key = SymmetricKey::from_slice(&bytes_from(0x80)).unwrap();
    let folder_key = SymmetricKey::from_slice(&bytes_from(0x20)).unwrap();
    let iv: [u8; 16] = std::array::from_fn(|i| 0x10 + i as u8);
    let wrapped = cbc_encrypt_with_iv(&shared_folder_key, &iv, folder_key.as_bytes());
    assert_eq!(wrapped.len(), 64);
    assert_eq!(
        b64::encode_url(&wrapped),
        "EBESExQVFhcYGRobHB0eH8ssli_DRfUsFhgfAbUg-FzkMT1tZuWEMD53dLyAV3rEFY6GFAtctbrWi518ubyrag"
    );
    assert_eq!(open_sub_folder_key(&shared_folder_key, &wrapped).unwrap(), folder_key);
    let data_iv: [u8; 16] = std::array::from_fn(|i| 0x30 + i as u8);
    let data = cbc_encrypt_with_iv(&folder_key, &data_iv, br#"{"name": "My Folder"}"#);
    assert_eq!(b64::encode(&data), "MDEyMzQ1Njc4OTo7PD0+P6LY6jJ5uN7R5bzmiqIHfAjBO5c9Ft9vVoyrnYj4T0XQ");
    assert_eq!(open_folder_name(&folder_key, &data).unwrap(), "My Folder");
}

#[test]
fn transmission_keys_for_every_built_in_id_are_125_bytes() {
    for id in 1..=18 {
        let server = server_keys::builtin_key(&id.to_string()).unwrap();
        assert_eq!(ecies_encrypt(&server, SymmetricKey::random().as_bytes()).len(), 125, "key id {id}");
    }
}

struct Recorded {
    transmission_key: SymmetricKey,
    data: Vec<u8>,
    status: u64,
}

fn recorded_exchange() -> Vec<Recorded> {
    let shared = std::env::var_os("KSM_SHARED_DIR").map(PathBuf::from).unwrap_or_else(|| {
        // Read at run time, so a moved checkout still finds `../shared` beside it.
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
        PathBuf::from(manifest_dir).join("../../../shared")
    });
    let path = shared.join("vectors/fake_data.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    entries
        .iter()
        .map(|entry| Recorded {
            transmission_key: SymmetricKey::from_slice(
                &b64::decode(entry["transmissionKey"].as_str().unwrap()).unwrap(),
            )
            .unwrap(),
            data: b64::decode(entry["data"].as_str().unwrap()).unwrap(),
            status: entry["statusCode"].as_u64().unwrap(),
        })
        .collect()
}

fn decrypt_response(entry: &Recorded) -> SecretsResponse {
    assert_eq!(entry.status, 200);
    parse_json(&gcm_decrypt(&entry.transmission_key, &entry.data).unwrap()).unwrap()
}

fn key_b64(key: &SymmetricKey) -> String {
    b64::encode(key.as_bytes())
}

#[test]
fn recorded_bind_response_decrypts_completely() {
    let exchange = recorded_exchange();
    assert_eq!(exchange.len(), 3);
    let bind = decrypt_response(&exchange[0]);

    let token_key = OneTimeToken::parse(&format!("fake.keepersecurity.com:{TOKEN}")).unwrap().key().unwrap();
    let encrypted_app_key = bind.encrypted_app_key.as_deref().unwrap();
    assert_eq!(encrypted_app_key, "EBRYi/VVQQmrGqdWOo2DE+C3QtqAEuLxir/QSC89QFqiUSEwvB4ShfS2ARjNOxxDT5Qdu/khbGqyoA1n");
    let app_key = open_key(&token_key, &b64::decode(encrypted_app_key).unwrap()).unwrap();
    assert_eq!(key_b64(&app_key), "6hxMRiJZlIRwZFeuO1XJTv22Ai8D/+tJEEdQXmmm7iA=");
    assert_eq!(
        bind.app_owner_public_key.as_deref(),
        Some("BLNdaUhCRUNtDBH+YqyHQzOG0OvkbyruF7j/7PYnqvP19JTEb95XhODEbRaeMUpMJNaPh0uLqh8ddnJdHPswntU=")
    );

    let app_data_plain = gcm_decrypt(&app_key, &b64::decode(bind.app_data.as_deref().unwrap()).unwrap()).unwrap();
    assert!(app_data_plain.ends_with(b" "), "appData is space-padded in real traffic");
    let app: AppData = open_json(&app_key, &b64::decode(bind.app_data.as_deref().unwrap()).unwrap()).unwrap();
    assert_eq!((app.title.as_str(), app.app_type.as_str()), ("Unit Test Genrator App", "app"));

    assert!(bind.records.is_none());
    let folders = bind.folders.as_ref().unwrap();
    assert_eq!(folders.len(), 1);
    let folder = &folders[0];
    assert_eq!(folder.folder_uid, "y6FBhg7C-wy2zaM0-ouI-Q");
    assert_eq!((folder.data.as_deref(), folder.parent.as_deref()), (None, None));
    let folder_key = open_key(&app_key, &b64::decode(&folder.folder_key).unwrap()).unwrap();
    assert_eq!(key_b64(&folder_key), "xYoyDn1xpodq/GuNVtM/RVdSRXjCSmYWId3TYwJ0Cto=");

    let open = |index: usize| {
        let envelope = &folder.records[index];
        let wrapped = b64::decode(envelope.record_key.as_deref().unwrap()).unwrap();
        let record_key = open_record_key(&folder_key, Some(&wrapped)).unwrap();
        let sealed = b64::decode(&envelope.data).unwrap();
        assert!(
            gcm_decrypt(&record_key, &sealed).unwrap().ends_with(b" "),
            "record data is space-padded in real traffic"
        );
        (envelope, key_b64(&record_key), open_json::<RecordData>(&record_key, &sealed).unwrap())
    };
    let (first, first_key, first_data) = open(0);
    assert_eq!(first.record_uid, "Ue8h6JyWUs7Iu6eY_mha-w");
    assert_eq!((first.revision, first.inner_folder_uid.as_deref()), (1411018, Some("ZUx3UkTzy2pgLFHNTiMMUw")));
    assert_eq!(first_key, "E/YvWqpTsISwwcmcK6CzXwJFX6x4zEevmQkyHULswWI=");
    assert_eq!((first_data.title.as_str(), first_data.record_type.as_str()), ("RECoRD 1", "login"));
    assert_eq!(first_data.fields[2].value[0], "EwFpmg);7KsO9+ln8g7");
    assert_eq!(first_data.notes.as_deref(), Some("asdf"));

    let (second, second_key, second_data) = open(1);
    assert_eq!(second.record_uid, "L-b-Ijj9rqd-3spgNZiZWA");
    assert_eq!((second.revision, second.inner_folder_uid.as_deref()), (1411017, None));
    assert_eq!(second_key, "xsesXsLWd0MwefJKQH0TgikszsOPxho4mjLmudIfizY=");
    assert_eq!(second_data.title, "RECoRD 2");
    assert_eq!(second_data.fields[2].value[0], "Lex1S++Wx6g^,LC.(Vp<");
    assert_eq!(second_data.fields[3].value[0], "https://g");
    assert_eq!(second_data.notes.as_deref(), Some("h"));
}

#[test]
fn recorded_refetch_has_no_app_key_and_the_403_is_plaintext() {
    let exchange = recorded_exchange();
    let refetch = decrypt_response(&exchange[1]);
    assert_eq!((refetch.encrypted_app_key.as_deref(), refetch.app_owner_public_key.as_deref()), (None, None));
    assert_eq!(refetch.folders.unwrap()[0].records.len(), 2);

    assert_eq!(exchange[2].status, 403);
    let error: ErrorBody = serde_json::from_slice(&exchange[2].data).unwrap();
    assert_eq!(error.code(), Some("access_denied"));
    assert_eq!(error.message.as_deref(), Some("Signature is invalid"));
}
