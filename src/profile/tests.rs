//! Store-level tests: real files in temporary directories, no network.

use super::files::fault;
use super::*;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

const APP_KEY: &str = "QVBQLUtFWS1TRUNSRVQtVEVYVA==";
const PRIVATE_KEY: &str = "UFJJVkFURS1LRVktU0VDUkVULVRFWFQ=";

/// Serializes the tests that set environment variables (and those whose libraries read them).
static ENV: Mutex<()> = Mutex::new(());

fn env_lock() -> MutexGuard<'static, ()> {
    ENV.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn sample(name: &str) -> Profile {
    let config = ClientConfig {
        hostname: Some("keepersecurity.com".into()),
        client_id: Some("Y2xpZW50LWlk".into()),
        private_key: Some(PRIVATE_KEY.into()),
        server_public_key_id: Some("10".into()),
        app_key: Some(APP_KEY.into()),
        ..Default::default()
    };
    let trust = TlsTrust { server_cert_sha256: Some("ab".repeat(32)), ca_cert_pem: None };
    Profile { name: name.into(), config, trust }
}

fn new_store() -> (tempfile::TempDir, ProfileStore) {
    let tmp = tempfile::tempdir().unwrap();
    let store = ProfileStore::at(tmp.path().join("ksm"));
    (tmp, store)
}

fn profile_file(store: &ProfileStore, name: &str) -> std::path::PathBuf {
    store.dir().join("profiles").join(format!("{name}.json"))
}

fn file_json(store: &ProfileStore, name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(profile_file(store, name)).unwrap()).unwrap()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn key_file_profile_round_trip() {
    let (tmp, store) = new_store();
    let key = tmp.path().join("ksm.key");
    assert!(store.list().unwrap().is_empty());
    assert_eq!(store.active_name().unwrap(), None);

    store.create(&sample("prod"), Protection::KeyFile(key.clone())).unwrap();
    assert!(store.exists("prod") && !store.exists("staging") && !store.exists("../prod"));
    assert_eq!(store.load("prod").unwrap(), sample("prod"));
    assert_eq!(store.protection_of("prod").unwrap(), Protection::KeyFile(key.clone()));
    assert_eq!(store.active_name().unwrap().as_deref(), Some("prod"), "the first profile becomes active");

    let text = std::fs::read_to_string(profile_file(&store, "prod")).unwrap();
    assert!(!text.contains(APP_KEY) && !text.contains(PRIVATE_KEY) && !text.contains("Y2xpZW50LWlk"), "{text}");
    let file = file_json(&store, "prod");
    assert_eq!(file["protection"], serde_json::json!({"kind": "key-file", "path": key}));
    #[cfg(unix)]
    {
        assert_eq!(mode(store.dir()), 0o700);
        assert_eq!(mode(&store.dir().join("profiles")), 0o700);
        assert_eq!(mode(&profile_file(&store, "prod")), 0o600);
        assert_eq!(mode(&store.dir().join("ksm.json")), 0o600);
        assert_eq!(mode(&key), 0o600);
    }

    let mut changed = sample("prod");
    changed.config.server_public_key_id = Some("17".into());
    store.save(&changed).unwrap();
    assert_eq!(store.load("prod").unwrap(), changed);
    assert_ne!(file_json(&store, "prod")["salt"], file["salt"], "every write has a fresh salt");

    store.create(&sample("second"), Protection::KeyFile(key.clone())).unwrap();
    assert_eq!(store.active_name().unwrap().as_deref(), Some("prod"), "later profiles do not steal active");
    assert_eq!(store.load("second").unwrap(), sample("second"), "one key file protects several profiles");

    store.delete("prod").unwrap();
    assert!(matches!(store.load("prod"), Err(ProfileError::NotFound(_))));
    assert_eq!(store.active_name().unwrap(), None, "deleting the active profile leaves none active");
    assert!(key.exists(), "the key file belongs to the user");
    assert!(matches!(store.delete("prod"), Err(ProfileError::NotFound(_))));
}

#[test]
fn create_refuses_duplicates_and_bad_names_and_set_active_needs_a_profile() {
    let (tmp, store) = new_store();
    let key = Protection::KeyFile(tmp.path().join("ksm.key"));
    store.create(&sample("a"), key.clone()).unwrap();
    store.create(&sample("b"), key.clone()).unwrap();
    assert!(matches!(store.create(&sample("a"), key.clone()), Err(ProfileError::AlreadyExists(n)) if n == "a"));
    assert!(matches!(store.create(&sample(".a"), key.clone()), Err(ProfileError::InvalidName(_))));
    assert!(matches!(store.load("a/../b"), Err(ProfileError::InvalidName(_))));
    assert!(matches!(store.set_active("c"), Err(ProfileError::NotFound(_))));

    store.set_active("b").unwrap();
    assert_eq!(store.active_name().unwrap().as_deref(), Some("b"));
    store.delete("a").unwrap();
    assert_eq!(store.active_name().unwrap().as_deref(), Some("b"), "deleting another profile keeps the active one");
    let names: Vec<(String, bool)> = store.list().unwrap().into_iter().map(|p| (p.name, p.active)).collect();
    assert_eq!(names, [("b".to_string(), true)]);
}

#[test]
fn list_needs_no_key_and_load_says_the_key_is_missing() {
    let (tmp, store) = new_store();
    let key = tmp.path().join("ksm.key");
    store.create(&sample("prod"), Protection::KeyFile(key.clone())).unwrap();
    store.create(&sample("open"), Protection::Plaintext).unwrap();
    std::fs::remove_file(&key).unwrap();
    std::fs::write(store.dir().join("profiles/.prod.json.1.2.tmp"), "partial").unwrap();

    let listed = store.list().unwrap();
    assert_eq!(
        listed,
        [
            ProfileInfo { name: "open".into(), protection: Protection::Plaintext, active: false },
            ProfileInfo { name: "prod".into(), protection: Protection::KeyFile(key.clone()), active: true },
        ]
    );
    let message = store.load("prod").unwrap_err().to_string();
    assert!(message.contains("'prod'") && message.contains("is missing") && message.contains("ksm profile import"));
}

#[test]
fn wrong_or_insecure_key_file_is_refused() {
    let (tmp, store) = new_store();
    let key = tmp.path().join("ksm.key");
    store.create(&sample("prod"), Protection::KeyFile(key.clone())).unwrap();

    std::fs::remove_file(&key).unwrap();
    let other = tmp.path().join("other.key");
    store.create(&sample("other"), Protection::KeyFile(other.clone())).unwrap();
    std::fs::rename(&other, &key).unwrap();
    let wrong = store.load("prod").unwrap_err();
    assert!(matches!(&wrong, ProfileError::Corrupt(m) if m.contains("cannot decrypt profile 'prod'")), "{wrong}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
        let shared = store.load("prod").unwrap_err().to_string();
        assert!(shared.contains("chmod 600"), "{shared}");
    }
}

#[test]
fn tampered_ciphertext_is_corrupt() {
    let (tmp, store) = new_store();
    store.create(&sample("prod"), Protection::KeyFile(tmp.path().join("ksm.key"))).unwrap();
    let mut file = file_json(&store, "prod");
    let mut ciphertext = ksm_proto::b64::decode(file["ciphertext"].as_str().unwrap()).unwrap();
    let last = ciphertext.len() - 1;
    ciphertext[last] ^= 0x80;
    file["ciphertext"] = ksm_proto::b64::encode(&ciphertext).into();
    std::fs::write(profile_file(&store, "prod"), serde_json::to_vec(&file).unwrap()).unwrap();
    assert!(matches!(store.load("prod"), Err(ProfileError::Corrupt(_))));

    std::fs::write(profile_file(&store, "prod"), "{ not json").unwrap();
    assert!(matches!(store.load("prod"), Err(ProfileError::Corrupt(_))));
    assert!(matches!(store.list(), Err(ProfileError::Corrupt(_))), "a damaged file is reported, not hidden");
    store.delete("prod").unwrap();
    assert!(store.list().unwrap().is_empty(), "a damaged profile can still be deleted");
}

#[test]
fn a_file_copied_under_another_name_is_refused() {
    let (tmp, store) = new_store();
    store.create(&sample("prod"), Protection::KeyFile(tmp.path().join("ksm.key"))).unwrap();
    std::fs::copy(profile_file(&store, "prod"), profile_file(&store, "staging")).unwrap();
    assert!(matches!(store.load("staging"), Err(ProfileError::Corrupt(_))));
}

#[test]
fn a_failed_save_keeps_the_previous_profile() {
    let (tmp, store) = new_store();
    store.create(&sample("prod"), Protection::KeyFile(tmp.path().join("ksm.key"))).unwrap();
    let before = std::fs::read(profile_file(&store, "prod")).unwrap();
    let mut changed = sample("prod");
    changed.config.app_key = Some("TkVXLUFQUC1LRVk=".into());

    fault::fail_next_rename();
    assert!(matches!(store.save(&changed), Err(ProfileError::Io(_))));
    assert_eq!(std::fs::read(profile_file(&store, "prod")).unwrap(), before);
    assert_eq!(store.load("prod").unwrap(), sample("prod"));

    // A read-only directory stops only non-root users (root bypasses permission bits).
    #[cfg(unix)]
    if !is_root() {
        use std::os::unix::fs::PermissionsExt;
        let profiles = store.dir().join("profiles");
        std::fs::set_permissions(&profiles, std::fs::Permissions::from_mode(0o500)).unwrap();
        let result = store.save(&changed);
        std::fs::set_permissions(&profiles, std::fs::Permissions::from_mode(0o700)).unwrap();
        assert!(matches!(result, Err(ProfileError::Io(_))));
        assert_eq!(store.load("prod").unwrap(), sample("prod"));
    }

    fault::fail_next_rename();
    assert!(store.create(&sample("new"), Protection::Plaintext).is_err());
    assert!(!store.exists("new"), "a failed create leaves nothing behind");
    let leftovers: Vec<_> = std::fs::read_dir(store.dir().join("profiles")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temp file is left behind");
}

#[test]
fn save_and_protection_of_need_an_existing_profile() {
    let (_tmp, store) = new_store();
    assert!(matches!(store.save(&sample("ghost")), Err(ProfileError::NotFound(_))));
    assert!(matches!(store.protection_of("ghost"), Err(ProfileError::NotFound(_))));
    assert!(!store.dir().join("profiles/ghost.json").exists());
}

#[test]
fn plaintext_profile_round_trip() {
    let (_tmp, store) = new_store();
    store.create(&sample("open"), Protection::Plaintext).unwrap();
    let file = file_json(&store, "open");
    assert_eq!(file["protection"], serde_json::json!({"kind": "plaintext"}));
    assert_eq!(file["profile"]["config"]["appKey"], APP_KEY);
    assert!(file.get("ciphertext").is_none());
    #[cfg(unix)]
    assert_eq!(mode(&profile_file(&store, "open")), 0o600);
    assert_eq!(store.load("open").unwrap(), sample("open"));
    let mut changed = sample("open");
    changed.trust = TlsTrust::default();
    store.save(&changed).unwrap();
    assert_eq!(store.load("open").unwrap(), changed);
    store.delete("open").unwrap();
    assert!(!store.exists("open"));
}

#[test]
fn env_key_profile_round_trip() {
    let _env = env_lock();
    let (_tmp, store) = new_store();
    let passphrase = "c29tZSBsb25nIHJhbmRvbSBwYXNzcGhyYXNl";

    std::env::remove_var(ENV_KEY_VAR);
    let unset = store.create(&sample("ci"), Protection::EnvKey).unwrap_err();
    assert!(matches!(&unset, ProfileError::KeyUnavailable(m) if m.contains("openssl rand")), "{unset}");
    assert!(Protection::EnvKey.preflight().is_err());
    std::env::set_var(ENV_KEY_VAR, "short");
    let short = store.create(&sample("ci"), Protection::EnvKey).unwrap_err().to_string();
    assert!(short.contains("too short") && !short.contains("short)"), "{short}");
    assert!(!store.exists("ci"));

    std::env::set_var(ENV_KEY_VAR, passphrase);
    Protection::EnvKey.preflight().unwrap();
    store.create(&sample("ci"), Protection::EnvKey).unwrap();
    assert_eq!(store.load("ci").unwrap(), sample("ci"));
    assert_eq!(store.list().unwrap()[0].protection.to_string(), "env KSM_PROFILE_KEY");
    let text = std::fs::read_to_string(profile_file(&store, "ci")).unwrap();
    assert!(!text.contains(passphrase) && !text.contains(APP_KEY));
    let mut changed = sample("ci");
    changed.config.hostname = Some("keepersecurity.eu".into());
    store.save(&changed).unwrap();
    assert_eq!(store.load("ci").unwrap(), changed);

    std::env::set_var(ENV_KEY_VAR, "YW5vdGhlciBsb25nIHJhbmRvbSB2YWx1ZQ==");
    assert!(matches!(store.load("ci"), Err(ProfileError::Corrupt(_))));
    std::env::remove_var(ENV_KEY_VAR);
    let missing = store.load("ci").unwrap_err().to_string();
    assert!(missing.contains("KSM_PROFILE_KEY is not set") && missing.contains("'ci'"), "{missing}");
    assert_eq!(store.list().unwrap().len(), 1, "listing needs no key");
    store.delete("ci").unwrap();
}

#[test]
fn open_default_honours_ksm_config_dir() {
    let _env = env_lock();
    let previous = std::env::var_os(CONFIG_DIR_VAR);
    std::env::set_var(CONFIG_DIR_VAR, "/tmp/some/ksm-dir");
    let store = ProfileStore::open_default().unwrap();
    assert_eq!(store.dir(), Path::new("/tmp/some/ksm-dir"));
    std::env::set_var(CONFIG_DIR_VAR, "");
    let fallback = ProfileStore::open_default();
    match previous {
        Some(value) => std::env::set_var(CONFIG_DIR_VAR, value),
        None => std::env::remove_var(CONFIG_DIR_VAR),
    }
    if let Ok(store) = fallback {
        assert!(store.dir().ends_with("ksm"), "{}", store.dir().display());
    }
}

#[test]
fn debug_and_errors_show_no_secret() {
    let shown = format!("{:?}", sample("prod"));
    assert!(!shown.contains(APP_KEY) && !shown.contains(PRIVATE_KEY), "{shown}");
    let (_tmp, store) = new_store();
    store.create(&sample("open"), Protection::Plaintext).unwrap();
    let mut file = file_json(&store, "open");
    file["version"] = serde_json::Value::String(APP_KEY.into());
    std::fs::write(profile_file(&store, "open"), serde_json::to_vec(&file).unwrap()).unwrap();
    for err in [store.load("open").unwrap_err(), store.list().unwrap_err()] {
        let message = format!("{err} {err:?}");
        assert!(!message.contains(APP_KEY) && !message.contains(PRIVATE_KEY), "{message}");
    }
}

/// The durable keyring as this machine has it: a round trip when a Secret Service (or the
/// macOS/Windows store) answers, otherwise `NoKeyring` and nothing written.
#[test]
fn keyring_profile_round_trip_or_no_keyring() {
    let _env = env_lock();
    let (_tmp, store) = new_store();
    match store.create(&sample("prod"), Protection::Keyring) {
        Ok(()) => {
            Protection::Keyring.preflight().unwrap();
            assert_eq!(store.load("prod").unwrap(), sample("prod"));
            let text = std::fs::read_to_string(profile_file(&store, "prod")).unwrap();
            assert!(!text.contains(APP_KEY) && !text.contains(PRIVATE_KEY));
            assert_eq!(file_json(&store, "prod")["protection"], serde_json::json!({"kind": "keyring"}));
            assert_keyring_lifecycle(&store, Protection::Keyring);
        }
        Err(err @ ProfileError::NoKeyring(_)) => {
            assert!(matches!(Protection::Keyring.preflight(), Err(ProfileError::NoKeyring(_))));
            assert!(err.to_string().contains("--key-file PATH"), "{err}");
            assert!(!store.exists("prod"), "nothing is written without a keyring");
        }
        Err(other) => panic!("unexpected error: {other}"),
    }
}

/// Linux kernel keyutils: a round trip where the kernel allows it (it usually does, even
/// headless; containers may forbid keyctl), else `NoKeyring`.
#[test]
fn kernel_keyring_profile_round_trip_or_no_keyring() {
    let (_tmp, store) = new_store();
    match store.create(&sample("prod"), Protection::KernelKeyring) {
        Ok(()) => {
            Protection::KernelKeyring.preflight().unwrap();
            assert_eq!(store.load("prod").unwrap(), sample("prod"));
            assert_eq!(store.list().unwrap()[0].protection.to_string(), "kernel-keyring (lost at reboot)");

            // Another store directory with a profile of the same name has its own entry.
            let (_tmp2, other) = new_store();
            other.create(&sample("prod"), Protection::KernelKeyring).unwrap();
            other.delete("prod").unwrap();
            assert_eq!(store.load("prod").unwrap(), sample("prod"));

            assert_keyring_lifecycle(&store, Protection::KernelKeyring);
        }
        Err(ProfileError::NoKeyring(why)) => {
            assert!(!why.is_empty());
            assert!(!store.exists("prod"));
        }
        Err(other) => panic!("unexpected error: {other}"),
    }
}

/// Save, then lose the keyring entry (as at reboot): load names the profile and the recovery;
/// delete still works and leaves nothing behind.
fn assert_keyring_lifecycle(store: &ProfileStore, protection: Protection) {
    let mut changed = sample("prod");
    changed.config.server_public_key_id = Some("17".into());
    store.save(&changed).unwrap();
    assert_eq!(store.load("prod").unwrap(), changed);

    super::secret::discard(&protection, "prod", store.dir()).unwrap();
    let err = store.load("prod").unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, ProfileError::KeyUnavailable(_)), "{message}");
    assert!(message.contains("'prod'") && message.contains("ksm profile import"), "{message}");

    store.delete("prod").unwrap();
    assert!(!store.exists("prod"));
    assert_eq!(store.active_name().unwrap(), None);
}

#[cfg(unix)]
#[allow(unsafe_code, reason = "reads the effective user id through libc::geteuid")]
fn is_root() -> bool {
    // SAFETY: geteuid(2) has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}
