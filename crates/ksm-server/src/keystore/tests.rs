use super::protection::Argon2Cost;
use super::*;

fn read_json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn key_file_round_trip_hides_the_key_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owner.json");
    let protection = Protection::KeyFile { path: dir.path().join("owner.key") };
    let created = OwnerKeystore::create(&path, &protection).unwrap();
    assert!(OwnerKeystore::create(&path, &protection).is_err(), "never overwrites");
    let loaded = OwnerKeystore::load(&path).unwrap();
    assert_eq!(created.public_key(), loaded.public_key());
    let key = SymmetricKey::random();
    assert_eq!(
        loaded.unwrap_key(&ksm_proto::record_crypto::wrap_key_for_owner(&created.public_key(), &key)).unwrap(),
        key
    );

    let file = read_json(&path);
    assert_eq!(file["version"], 2);
    assert!(file.get("owner_private_key").is_none());
    let der = b64::encode(&created.key.to_pkcs8_der());
    assert!(!std::fs::read_to_string(&path).unwrap().contains(&der));
    assert_eq!(OwnerKeystore::header(&path).unwrap().protection, protection);

    // Another key file does not open it, and says so without a panic.
    std::fs::remove_file(dir.path().join("owner.key")).unwrap();
    let other = Protection::KeyFile { path: dir.path().join("owner.key") };
    OwnerKeystore::create(&dir.path().join("other.json"), &other).unwrap();
    let wrong = OwnerKeystore::load(&path).err().unwrap().to_string();
    assert!(wrong.contains("wrong passphrase or key file"), "{wrong}");
}

#[test]
fn passphrase_round_trip_and_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owner.json");
    let cheap = Protection::Passphrase { argon2id: Argon2Cost { memory_kib: 64, iterations: 1, parallelism: 1 } };
    // The only test that sets these variables, so parallel tests cannot race on them.
    std::env::set_var(PASSPHRASE_VAR, "first passphrase, long enough");
    let mut created = OwnerKeystore::create(&path, &cheap).unwrap();
    assert_eq!(OwnerKeystore::load(&path).unwrap().public_key(), created.public_key());

    std::env::set_var(NEW_PASSPHRASE_VAR, "short");
    let short = created.save(&path, &cheap, NEW_PASSPHRASE_VAR).unwrap_err().to_string();
    assert!(short.contains("too short"), "{short}");
    assert_eq!(OwnerKeystore::load(&path).unwrap().public_key(), created.public_key(), "unchanged");

    std::env::set_var(NEW_PASSPHRASE_VAR, "second passphrase, also long");
    created.save(&path, &cheap, NEW_PASSPHRASE_VAR).unwrap();
    let old = OwnerKeystore::load(&path).err().unwrap().to_string();
    assert!(old.contains("wrong passphrase"), "{old}");
    std::env::set_var(PASSPHRASE_VAR, "second passphrase, also long");
    assert_eq!(OwnerKeystore::load(&path).unwrap().public_key(), created.public_key());
    std::env::remove_var(PASSPHRASE_VAR);
    std::env::remove_var(NEW_PASSPHRASE_VAR);
}

#[test]
fn plaintext_and_version_1_files_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owner.json");
    let created = OwnerKeystore::create(&path, &Protection::Plaintext).unwrap();
    assert_eq!(read_json(&path)["protection"]["kind"], "plaintext");
    assert_eq!(OwnerKeystore::load(&path).unwrap().public_key(), created.public_key());

    let v1 = dir.path().join("v1.json");
    let der = b64::encode(&created.key.to_pkcs8_der());
    std::fs::write(&v1, serde_json::json!({"version": 1, "owner_private_key": der}).to_string()).unwrap();
    assert_eq!(OwnerKeystore::load(&v1).unwrap().public_key(), created.public_key());
    assert_eq!(OwnerKeystore::header(&v1).unwrap().protection, Protection::Plaintext);
}

#[test]
fn damage_is_reported_without_quoting_content() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("owner.json");
    let protection = Protection::KeyFile { path: dir.path().join("owner.key") };
    OwnerKeystore::create(&path, &protection).unwrap();
    let mut file = read_json(&path);

    let mut swapped = file.clone();
    swapped["owner_public_key"] = b64::encode(&EcPrivateKey::generate().public_key().to_uncompressed()).into();
    std::fs::write(&path, swapped.to_string()).unwrap();
    assert!(OwnerKeystore::load(&path).err().unwrap().to_string().contains("does not match its public key"));

    file["owner_private_key"] = "AAAA".into();
    std::fs::write(&path, file.to_string()).unwrap();
    assert!(OwnerKeystore::load(&path).err().unwrap().to_string().contains("claims protection"));

    std::fs::write(&path, br#"{"version":2,"protection":{"kind":"plaintext"},"owner_private_key":7,"x":"SECRET"}"#)
        .unwrap();
    let message = OwnerKeystore::load(&path).err().unwrap().to_string();
    assert!(message.contains("not an owner keystore") && !message.contains("SECRET"), "{message}");

    std::fs::write(&path, br#"{"version":3}"#).unwrap();
    assert!(OwnerKeystore::load(&path).err().unwrap().to_string().contains("upgrade ksm-server"));
}

#[test]
fn lies_within_sees_through_relative_paths_and_symlinks() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    std::fs::create_dir(&data).unwrap();
    assert!(lies_within(&data.join("owner-keystore.json"), &data).unwrap());
    assert!(lies_within(&data.join("sub/../owner.key"), &data).unwrap());
    assert!(!lies_within(&temp.path().join("owner-keystore.json"), &data).unwrap());
    assert!(!lies_within(&temp.path().join("data-other/k.json"), &data).unwrap());
    #[cfg(unix)]
    {
        let link = temp.path().join("link");
        std::os::unix::fs::symlink(&data, &link).unwrap();
        assert!(lies_within(&link.join("owner-keystore.json"), &data).unwrap());
    }
}

#[test]
fn device_keys_and_the_server_survive_rewrites_sealed_like_the_owner_key() {
    let dir = tempfile::tempdir().unwrap();
    for protection in [Protection::KeyFile { path: dir.path().join("owner.key") }, Protection::Plaintext] {
        let path = dir.path().join(format!("{}.json", protection.is_plaintext()));
        let mut keys = OwnerKeystore::create(&path, &protection).unwrap();
        let device = keys.device().unwrap().clone();
        let pending = EcPrivateKey::generate();
        keys.set_pending_device(Some(pending.clone()));
        let server = ServerContact { key_id: "10".into(), public_key: "B".into(), cert_sha256: "ab".repeat(32) };
        keys.set_server(server.clone());
        keys.rewrite(&path).unwrap();

        let loaded = OwnerKeystore::load(&path).unwrap();
        assert_eq!(loaded.device().unwrap().public_key(), device.public_key());
        assert_eq!(loaded.pending_device().unwrap().public_key(), pending.public_key());
        assert_eq!(loaded.server(), Some(&server));
        assert_eq!(OwnerKeystore::header(&path).unwrap().server, Some(server));
        let text = std::fs::read_to_string(&path).unwrap();
        let der = b64::encode(&device.to_pkcs8_der());
        assert_eq!(text.contains(&der), protection.is_plaintext(), "sealed unless plaintext");

        // A device key that does not match its public key is damage, reported as such.
        let mut file = read_json(&path);
        file["device"]["public_key"] = b64::encode(&pending.public_key().to_uncompressed()).into();
        std::fs::write(&path, serde_json::to_vec(&file).unwrap()).unwrap();
        let damaged = OwnerKeystore::load(&path).err().unwrap().to_string();
        assert!(damaged.contains("does not match its public key"), "{damaged}");
    }
}
