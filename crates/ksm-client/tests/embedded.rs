//! ksm-client embedded in another program, without the `ksm` binary or its profile store: a
//! session built from a configuration binds to a real `ksm-server` over HTTPS, reads, resolves,
//! and hands its notices to the caller instead of printing them.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use ksm_client::cache::{Cache, CacheFlags};
use ksm_client::resolve::resolve_all;
use ksm_client::session::{new_device_config, Session};
use ksm_client::tls::TlsTrust;
use ksm_client::Notices;
use ksm_proto::token::OneTimeToken;
use ksm_testkit::{seed, ServerProcess};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// `ksm-server` sits in the target directory, above this test's `deps/`.
fn server_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let path = exe.parent().and_then(|deps| deps.parent()).unwrap().join("ksm-server");
    assert!(path.exists(), "{} is missing: run `cargo build --workspace` first", path.display());
    path
}

/// A sink that keeps every notice, and what it kept so far.
fn collecting() -> (Notices, Arc<Mutex<Vec<String>>>) {
    let heard = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&heard);
    (Arc::new(move |notice: &str| sink.lock().unwrap().push(notice.to_string())), heard)
}

#[test]
fn a_session_from_a_configuration_binds_reads_resolves_and_reports_notices() {
    let server = ServerProcess::start(&server_bin(), &[]);
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let text = |name: &str| enrollment[name].as_str().unwrap().to_string();
    let token = OneTimeToken::parse(&text("token")).unwrap();
    let server_key = Some((text("server_public_key_id"), text("server_public_key")));
    let config = new_device_config(&token, Some(&text("hostname")), server_key).unwrap();
    let trust = TlsTrust { server_cert_sha256: Some(text("cert_sha256")), ca_cert_pem: None };
    let cache_dir = tempfile::tempdir().unwrap();

    let (notices, heard) = collecting();
    let mut session = Session::new(config, &trust, notices).unwrap();
    session.use_cache(Cache::new(cache_dir.path().to_path_buf(), &CacheFlags { cache: true, ..CacheFlags::default() }));
    let vault = session.fetch(None).unwrap();
    assert!(session.changed() && session.config().is_bound(), "the first read binds the device");
    assert_eq!(vault.record(&server.seed.login).unwrap().data.title, seed::LOGIN_TITLE);
    let notation = format!("keeper://{}/field/password", server.seed.login);
    let resolution = resolve_all(&mut session, std::slice::from_ref(&notation)).unwrap();
    assert_eq!(resolution.get(&notation), Ok(seed::PASSWORD));
    assert!(heard.lock().unwrap().is_empty(), "nothing to report: {:?}", heard.lock().unwrap());

    // The same device offline answers from its cache, and says so through the sink only.
    let (notices, heard) = collecting();
    let mut offline = Session::new(session.config().clone(), &trust, notices).unwrap();
    let flags = CacheFlags { offline: true, ..CacheFlags::default() };
    offline.use_cache(Cache::new(cache_dir.path().to_path_buf(), &flags));
    assert_eq!(offline.fetch(None).unwrap().records.len(), vault.records.len());
    let heard = heard.lock().unwrap();
    assert!(heard.len() == 1 && heard[0].starts_with("offline: using cached data from"), "{heard:?}");
}
