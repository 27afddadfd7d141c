//! RFC 9180 test vectors (mode_base, DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-256-GCM),
//! copied from the CFRG test-vectors.json into `tests/data/`.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use ksm_proto::crypto::{EcPrivateKey, EcPublicKey};
use ksm_proto::share::hpke;
use serde_json::Value;

fn hex_field(value: &Value, name: &str) -> Vec<u8> {
    hex::decode(value[name].as_str().unwrap_or_else(|| panic!("missing {name}"))).unwrap()
}

#[test]
fn rfc9180_mode_base_p256_sha256_aes256gcm() {
    let file: Value = serde_json::from_str(include_str!("data/hpke_p256_sha256_aes256gcm.json")).unwrap();
    let vectors = file["vectors"].as_array().unwrap();
    assert!(!vectors.is_empty());
    for vector in vectors {
        assert_eq!((vector["mode"].as_u64(), vector["kem_id"].as_u64()), (Some(0), Some(16)));
        assert_eq!((vector["kdf_id"].as_u64(), vector["aead_id"].as_u64()), (Some(1), Some(2)));
        let info = hex_field(vector, "info");
        let recipient = hpke::derive_key_pair(&hex_field(vector, "ikmR")).unwrap();
        let ephemeral = hpke::derive_key_pair(&hex_field(vector, "ikmE")).unwrap();
        assert_eq!(recipient.public_key().to_uncompressed().to_vec(), hex_field(vector, "pkRm"));
        assert_eq!(ephemeral.public_key().to_uncompressed().to_vec(), hex_field(vector, "pkEm"));
        let from_sk = EcPrivateKey::from_scalar(&hex_field(vector, "skRm")).unwrap();
        assert_eq!(from_sk.public_key(), recipient.public_key());

        let pk_r = EcPublicKey::from_bytes(&hex_field(vector, "pkRm")).unwrap();
        let (enc, sender) = hpke::setup_sender_with(&pk_r, &ephemeral, &info);
        assert_eq!(enc.to_vec(), hex_field(vector, "enc"));
        let receiver = hpke::setup_recipient(&recipient, &enc, &info).unwrap();

        let encryptions = vector["encryptions"].as_array().unwrap();
        assert!(encryptions.len() >= 2, "several sequence numbers exercise the nonce");
        for (sequence, encryption) in encryptions.iter().enumerate() {
            let (aad, pt, ct) =
                (hex_field(encryption, "aad"), hex_field(encryption, "pt"), hex_field(encryption, "ct"));
            assert_eq!(sender.seal(sequence as u64, &aad, &pt), ct, "seal #{sequence}");
            assert_eq!(*receiver.open(sequence as u64, &aad, &ct).unwrap(), pt, "open #{sequence}");
        }
        let first = &encryptions[0];
        let opened = hpke::open(&recipient, &enc, &info, &hex_field(first, "aad"), &hex_field(first, "ct")).unwrap();
        assert_eq!(*opened, hex_field(first, "pt"));
    }
}
