use super::*;

/// Drops the cache's warnings (the tests that check one collect it instead).
fn quiet(_: &str) {}
use ksm_proto::b64;
use ksm_proto::crypto::{EcPrivateKey, SymmetricKey};

fn device() -> ClientConfig {
    ClientConfig {
        client_id: Some("client-1".into()),
        app_key: Some(b64::encode(SymmetricKey::random().as_bytes())),
        private_key: Some(b64::encode(&EcPrivateKey::generate().to_pkcs8_der())),
        ..Default::default()
    }
}

fn records(uids: &[&str]) -> GetPayload {
    GetPayload { requested_records: Some(uids.iter().map(|u| u.to_string()).collect()), ..Default::default() }
}

fn cache(dir: &Path, flags: CacheFlags) -> Cache {
    Cache::new(dir.join("cache"), &flags)
}

fn message(error: anyhow::Error) -> (String, u8) {
    let code = crate::error::exit_code(&error);
    (error.to_string(), code)
}

#[test]
fn request_keys_ignore_order_and_duplicates_but_not_the_filter() {
    let key = |endpoint, payload: &GetPayload| RequestKey::new(endpoint, payload).0;
    assert_eq!(key(Endpoint::GetSecret, &records(&["b", "a", "b"])), key(Endpoint::GetSecret, &records(&["a", "b"])));
    let all = key(Endpoint::GetSecret, &GetPayload::default());
    assert_ne!(all, key(Endpoint::GetSecret, &records(&[])), "no filter is not an empty filter");
    assert_ne!(all, key(Endpoint::GetFolders, &GetPayload::default()));
    let bound = GetPayload { public_key: Some("device key".into()), ..GetPayload::default() };
    assert_eq!(all, key(Endpoint::GetSecret, &bound), "per-device values stay out of the key");
    let file = RequestKey::new(Endpoint::GetSecret, &GetPayload::default()).file_name();
    assert!(file.len() == 64 + 4 && file.ends_with(".bin"), "{file}");
}

#[test]
fn stores_and_serves_each_request_separately() {
    let dir = tempfile::tempdir().unwrap();
    let (config, cache) = (device(), cache(dir.path(), CacheFlags::default()));
    let login = RequestKey::new(Endpoint::GetSecret, &records(&["login"]));
    let all = RequestKey::new(Endpoint::GetSecret, &GetPayload::default());
    cache.store(&config, &login, b"{\"login\":1}", &quiet);
    cache.store(&config, &all, b"{\"all\":1}", &quiet);
    let served = cache.serve(&config, &login, Some("cannot reach host"), &quiet).unwrap();
    assert_eq!(served.body.as_slice(), b"{\"login\":1}");
    assert!(served.age < Duration::from_secs(5));
    assert_eq!(cache.serve(&config, &all, None, &quiet).unwrap().body.as_slice(), b"{\"all\":1}");
    cache.store(&config, &all, b"{\"all\":2}", &quiet);
    assert_eq!(
        cache.serve(&config, &all, None, &quiet).unwrap().body.as_slice(),
        b"{\"all\":2}",
        "the last answer wins"
    );

    let folders = RequestKey::new(Endpoint::GetFolders, &GetPayload::default());
    let (text, code) =
        message(cache.serve(&config, &folders, Some("cannot reach host: refused"), &quiet).err().unwrap());
    assert_eq!((text.as_str(), code), ("cannot reach host: refused", 5), "no entry: the network error itself");
    let (text, code) = message(cache.serve(&config, &folders, None, &quiet).err().unwrap());
    assert_eq!(code, 5);
    assert!(text.starts_with("--offline: no cached data for this request"), "{text}");

    let summary = cache.summary(&config).unwrap();
    assert_eq!((summary.ages.len(), summary.rejected), (2, 0));
    assert_eq!(cache.clear().unwrap(), 2);
    assert!(!cache.dir().exists());
    assert_eq!(cache.clear().unwrap(), 0, "clearing twice is fine");
}

#[cfg(unix)]
#[test]
fn files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (config, cache) = (device(), cache(dir.path(), CacheFlags::default()));
    let request = RequestKey::new(Endpoint::GetSecret, &GetPayload::default());
    cache.store(&config, &request, b"{}", &quiet);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(cache.dir()), 0o700);
    assert_eq!(mode(&cache.dir().join(request.file_name())), 0o600);
}

#[test]
fn entries_older_than_max_stale_are_refused_with_their_age() {
    let dir = tempfile::tempdir().unwrap();
    let config = device();
    let request = RequestKey::new(Endpoint::GetSecret, &GetPayload::default());
    let writer = cache(dir.path(), CacheFlags::default());
    let key = EntryKey::derive(&config).unwrap();
    let two_hours_ago = now_millis() - 2 * 3_600_000 - 5 * 60_000;
    std::fs::create_dir_all(writer.dir()).unwrap();
    std::fs::write(writer.dir().join(request.file_name()), entry::seal(&key, &request.0, two_hours_ago, b"{}"))
        .unwrap();

    let strict = cache(dir.path(), CacheFlags { max_stale: Some(Duration::from_secs(3_600)), ..CacheFlags::default() });
    let (text, code) = message(strict.serve(&config, &request, Some("cannot reach host"), &quiet).err().unwrap());
    assert_eq!(code, 5);
    assert_eq!(text, "cannot reach host; the cached data is 2h 5m old, older than --max-stale 1h");
    let (text, _) = message(strict.serve(&config, &request, None, &quiet).err().unwrap());
    assert_eq!(text, "--offline: the cached data is 2h 5m old, older than --max-stale 1h");

    let lenient =
        cache(dir.path(), CacheFlags { max_stale: Some(Duration::from_secs(3 * 3_600)), ..CacheFlags::default() });
    let served = lenient.serve(&config, &request, None, &quiet).unwrap();
    assert_eq!(format_age(served.age), "2h 5m");
}

#[test]
fn tampered_moved_or_foreign_entries_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let (config, cache) = (device(), cache(dir.path(), CacheFlags::default()));
    let all = RequestKey::new(Endpoint::GetSecret, &GetPayload::default());
    let login = RequestKey::new(Endpoint::GetSecret, &records(&["login"]));
    cache.store(&config, &all, b"{\"all\":1}", &quiet);
    let path = cache.dir().join(all.file_name());
    let original = std::fs::read(&path).unwrap();

    let mut flipped = original.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x80;
    std::fs::write(&path, &flipped).unwrap();
    let heard = std::cell::RefCell::new(Vec::new());
    let notify = |notice: &str| heard.borrow_mut().push(notice.to_string());
    let (text, code) = message(cache.serve(&config, &all, Some("cannot reach host"), &notify).err().unwrap());
    assert_eq!((text.as_str(), code), ("cannot reach host", 5));
    assert!(heard.borrow()[0].contains("is damaged or not this device's; ignoring it"), "{heard:?}");
    assert_eq!(cache.summary(&config).unwrap().rejected, 1);

    // A valid entry copied under another request's name answers the wrong question.
    std::fs::write(&path, &original).unwrap();
    std::fs::copy(&path, cache.dir().join(login.file_name())).unwrap();
    assert!(cache.serve(&config, &login, None, &quiet).is_err());
    assert!(cache.serve(&config, &all, None, &quiet).is_ok());
    let summary = cache.summary(&config).unwrap();
    assert_eq!((summary.ages.len(), summary.rejected), (1, 1));

    assert!(cache.serve(&device(), &all, None, &quiet).is_err(), "another device's key does not open it");
}

#[test]
fn an_unbound_device_neither_stores_nor_serves() {
    let dir = tempfile::tempdir().unwrap();
    let unbound = ClientConfig { app_key: None, ..device() };
    let cache = cache(dir.path(), CacheFlags::default());
    let request = RequestKey::new(Endpoint::GetSecret, &GetPayload::default());
    cache.store(&unbound, &request, b"{}", &quiet);
    assert!(!cache.dir().exists());
    assert!(cache.serve(&unbound, &request, None, &quiet).is_err());
}

#[test]
fn flags_and_ksm_cache_decide_whether_to_cache() {
    let flags = CacheFlags::default();
    assert!(!flags.decide(None, false).unwrap());
    assert!(flags.decide(None, true).unwrap());
    assert!(flags.decide(Some(""), true).unwrap(), "an empty KSM_CACHE is unset");
    assert!(!flags.decide(Some("0"), true).unwrap(), "KSM_CACHE=0 overrides the profile");
    assert!(!flags.decide(Some("false"), true).unwrap());
    assert!(CacheFlags { cache: true, ..flags }.decide(Some("0"), false).unwrap(), "--cache overrides KSM_CACHE");
    assert!(CacheFlags { offline: true, ..flags }.decide(Some("0"), false).unwrap(), "--offline implies the cache");
    let no_cache = CacheFlags { no_cache: true, ..flags };
    assert!(!no_cache.decide(Some("1"), true).unwrap(), "--no-cache overrides KSM_CACHE and the profile");
    assert!(flags.decide(Some("TRUE"), false).unwrap());
    assert!(flags.decide(Some("1"), false).unwrap());
    let (text, code) = message(flags.decide(Some("maybe"), false).err().unwrap());
    assert_eq!(code, 2);
    assert!(text.contains("KSM_CACHE must be 1 or 0"), "{text}");
}
