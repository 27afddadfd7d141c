//! The offline cache (docs/cache.md) against a real server, stopped mid-run: fallback with a
//! notice, `--max-stale`, tampered files, `--offline` without a single request, `KSM_CONFIG`.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Output;

fn profile_cache_dir(ksm: &Ksm) -> PathBuf {
    ksm.config_dir().join("cache").join("profiles").join("_default")
}

/// The entry files directly in `dir`.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = listing
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "bin"))
        .collect();
    paths.sort();
    paths
}

fn client_id(ksm: &Ksm) -> String {
    json(&ksm.ok(&["profile", "export", "--plain"]))["clientId"].as_str().unwrap().to_string()
}

/// Every request the server logged from `client_id`.
fn requests_from(server: &ServerProcess, client_id: &str) -> usize {
    let audit = server.admin(&["audit", "--json", "--limit", "100000", "--client", client_id]);
    audit.as_array().unwrap().len()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Asserts success with exactly one stderr line, the cache notice; returns stdout.
fn ok_from_cache(ksm: &Ksm, args: &[&str], notice_start: &str) -> String {
    let output = ksm.run(args);
    let err = stderr(&output);
    assert!(output.status.success(), "ksm {} failed: {err}", args.join(" "));
    assert_eq!(err.lines().count(), 1, "one notice line: {err}");
    assert!(
        err.starts_with(notice_start) && err.contains("using cached data from") && err.trim_end().ends_with(" ago"),
        "{err}"
    );
    stdout(&output)
}

#[test]
fn reads_come_from_the_cache_once_the_server_is_stopped() {
    let mut server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = server.seed.login.clone();
    assert!(ksm.ok(&["config", "cache"]).contains("offline cache off"));
    assert!(ksm.ok(&["config", "cache", "--enable"]).contains("enabled"));
    let password = ksm.ok(&["secret", "get", "-u", &login, "-f", "password"]);
    assert_eq!(password, seed::PASSWORD);
    let listed = ksm.ok(&["secret", "list", "--json"]);
    let folders = ksm.ok(&["folder", "list", "--json"]);
    let status = ksm.ok(&["config", "cache"]);
    assert!(status.contains("offline cache on") && status.contains("Entries: 3, newest"), "{status}");

    server.stop();
    assert_eq!(
        ok_from_cache(&ksm, &["secret", "get", "-u", &login, "-f", "password"], "ksm: server unreachable ("),
        password
    );
    assert_eq!(ok_from_cache(&ksm, &["secret", "list", "--json"], "ksm: server unreachable ("), listed);
    assert_eq!(ok_from_cache(&ksm, &["folder", "list", "--json"], "ksm: server unreachable ("), folders);
    assert_eq!(ok_from_cache(&ksm, &["--offline", "secret", "list", "--json"], "ksm: offline: "), listed);

    // A request never made online has no entry: the network error itself.
    let err = ksm.fails(&["secret", "get", "-u", &server.seed.direct], 5);
    assert!(err.contains("cannot reach"), "{err}");
    // Writes are never answered from the cache.
    let output = ksm.run(&["secret", "update", "-u", &login, "--field", "password=new"]);
    assert_eq!(output.status.code(), Some(5), "{}", stderr(&output));
    assert!(stderr(&output).lines().last().unwrap().starts_with("ksm: error: cannot reach"), "{}", stderr(&output));

    // KSM_CACHE=0 turns the profile's cache off for one command.
    let output = ksm.command(&["secret", "list", "--json"]).env("KSM_CACHE", "0").output().unwrap();
    assert_eq!(output.status.code(), Some(5));
    assert!(!stderr(&output).contains("cached data"), "{}", stderr(&output));

    assert!(ksm.ok(&["config", "cache", "--disable"]).contains("(3 entries)"));
    assert!(entries(&profile_cache_dir(&ksm)).is_empty());
    ksm.fails(&["secret", "list", "--json"], 5);
}

#[test]
fn entries_older_than_max_stale_are_refused() {
    let mut server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = server.seed.login.clone();
    let read = ["secret", "get", "-u", login.as_str(), "-f", "password"];
    ksm.ok(&["config", "cache", "--enable"]);
    ksm.ok(&read);
    server.stop();
    std::thread::sleep(std::time::Duration::from_millis(1_100));

    let strict: Vec<&str> = ["--max-stale", "1s"].iter().chain(read.iter()).copied().collect();
    let err = ksm.fails(&strict, 5);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot reach") && err.contains("older than --max-stale 1s"), "{err}");
    let age = err.split("the cached data is ").nth(1).and_then(|rest| rest.split(' ').next()).unwrap();
    assert!(age.ends_with('s') && age != "1s" && age != "0s", "the age is said: {err}");

    let offline: Vec<&str> = ["--offline"].iter().chain(strict.iter()).copied().collect();
    let err = ksm.fails(&offline, 5);
    assert!(err.starts_with("ksm: error: --offline: the cached data is ") && err.contains("--max-stale 1s"), "{err}");

    let lenient: Vec<&str> = ["--max-stale", "1h"].iter().chain(read.iter()).copied().collect();
    assert_eq!(ok_from_cache(&ksm, &lenient, "ksm: server unreachable ("), seed::PASSWORD);
    let output = ksm.run(&["--max-stale", "soon", "secret", "list"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("30s, 15m, 12h or 7d"), "{}", stderr(&output));
}

#[test]
fn a_tampered_cache_file_is_rejected() {
    let mut server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    ksm.ok(&["config", "cache", "--enable"]);
    ksm.ok(&["secret", "list", "--json"]);
    server.stop();
    let files = entries(&profile_cache_dir(&ksm));
    assert_eq!(files.len(), 1);
    let mut bytes = std::fs::read(&files[0]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&files[0], &bytes).unwrap();

    let output = ksm.run(&["secret", "list", "--json"]);
    assert_eq!(output.status.code(), Some(5));
    assert!(stdout(&output).is_empty());
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "a warning, then the network error: {err}");
    assert!(lines[0].starts_with("ksm: warning: ") && lines[0].contains("damaged"), "{err}");
    assert!(lines[1].starts_with("ksm: error: cannot reach"), "{err}");
    assert!(ksm.ok(&["config", "cache"]).contains("Rejected: 1"));
}

#[test]
fn offline_never_contacts_the_server() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = server.seed.login.as_str();
    let err = ksm.fails(&["--offline", "secret", "list"], 5);
    assert!(err.contains("--offline: no cached data for this request"), "{err}");
    ksm.ok(&["--cache", "secret", "get", "-u", login, "--json"]);
    let client_id = client_id(&ksm);
    let before = requests_from(&server, &client_id);

    let record = json(&ok_from_cache(&ksm, &["--offline", "secret", "get", "-u", login, "--json"], "ksm: offline: "));
    assert_eq!(record["title"], seed::LOGIN_TITLE);
    let err = ksm.fails(&["--offline", "secret", "get", "-u", &server.seed.direct], 5);
    assert!(err.contains("no cached data for this request (run it once online with caching on)"), "{err}");
    let output = ksm.run(&["--offline", "secret", "update", "-u", login, "--field", "password=new"]);
    assert_eq!(output.status.code(), Some(5));
    assert!(stderr(&output).contains("--offline: the update_secret request needs the server"), "{}", stderr(&output));
    let err = ksm.fails(&["--offline", "folder", "list"], 5);
    assert!(err.contains("--offline: no cached data"), "{err}");
    assert_eq!(requests_from(&server, &client_id), before, "no request reached the server");
    assert!(
        server.record_show(login)["data"]["fields"].to_string().contains(seed::PASSWORD),
        "the update never happened"
    );
}

#[test]
fn only_network_failures_fall_back_to_the_cache() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    ksm.ok(&["config", "cache", "--enable"]);
    ksm.ok(&["secret", "list"]);
    server.admin_text(&["client", "revoke", &client_id(&ksm)]);
    let err = ksm.fails(&["secret", "list"], 4);
    assert!(!err.contains("cached"), "{err}");
}

#[test]
fn a_certificate_that_does_not_match_the_pin_is_an_error_never_a_fallback() {
    let server = start_server(&[]);
    let impostor = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    ksm.ok(&["config", "cache", "--enable"]);
    let listed = ksm.ok(&["secret", "list", "--json"]);

    // The same profile pointed at another server (another certificate): a man-in-the-middle.
    let redirected = ksm.command(&["secret", "list", "--json"]).env("KSM_HOSTNAME", &impostor.host).output().unwrap();
    let err = stderr(&redirected);
    assert_eq!(redirected.status.code(), Some(10), "{err}");
    assert!(stdout(&redirected).is_empty(), "nothing served from the cache: {}", stdout(&redirected));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("does not match the pin") && err.contains("man-in-the-middle"), "{err}");
    assert!(!err.contains("cached"), "{err}");
    // A server that is merely unreachable still falls back.
    let unreachable = ksm.command(&["secret", "list", "--json"]).env("KSM_HOSTNAME", "127.0.0.1:1").output().unwrap();
    assert!(unreachable.status.success(), "{}", stderr(&unreachable));
    assert_eq!(stdout(&unreachable), listed);
}

#[test]
fn old_temp_files_of_interrupted_cache_writes_are_swept_on_the_next_write() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    ksm.ok(&["config", "cache", "--enable"]);
    ksm.ok(&["secret", "list"]);
    let dir = profile_cache_dir(&ksm);
    let entry_name = entries(&dir)[0].file_name().unwrap().to_string_lossy().into_owned();
    let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 3600);
    let orphan = dir.join(format!(".{entry_name}.999999.0badc0de.tmp"));
    let fresh = dir.join(format!(".{entry_name}.999999.0badc0df.tmp"));
    let foreign = dir.join("notes.txt");
    for path in [&orphan, &fresh, &foreign] {
        std::fs::write(path, b"x").unwrap();
    }
    for path in [&orphan, &foreign] {
        std::fs::File::options().write(true).open(path).unwrap().set_modified(two_hours_ago).unwrap();
    }

    ksm.ok(&["secret", "list"]);
    assert!(!orphan.exists(), "the old orphan is deleted");
    assert!(fresh.exists(), "a young temp file may belong to a write under way");
    assert!(foreign.exists(), "only our own naming pattern is touched");
}

#[test]
fn ksm_config_caches_per_command_in_the_store_directory() {
    let mut server = start_server(&[]);
    let enrolled = Ksm::enrolled(&server, &server.seed.app);
    let config = enrolled.ok(&["profile", "export"]);
    let pin = server.mint_token(&server.seed.app, &[])["cert_sha256"].as_str().unwrap().to_string();
    let ci = Ksm::new().with_env("KSM_CONFIG", config.trim()).with_env("KSM_SERVER_CERT_SHA256", &pin);
    let workdir = tempfile::tempdir().unwrap();
    let login = server.seed.login.clone();
    let read = ["secret", "get", "-u", login.as_str(), "-f", "password"];
    let cached: Vec<&str> = ["--cache"].iter().chain(read.iter()).copied().collect();
    let run_in_workdir = |args: &[&str], env: Option<(&str, &str)>| {
        let mut command = ci.command(args);
        command.current_dir(workdir.path());
        if let Some((name, value)) = env {
            command.env(name, value);
        }
        command.output().unwrap()
    };

    assert!(run_in_workdir(&read, None).status.success());
    assert!(!ci.config_dir().join("cache").exists(), "no cache unless asked for");
    assert!(run_in_workdir(&cached, None).status.success());
    let env_dirs: Vec<PathBuf> =
        std::fs::read_dir(ci.config_dir().join("cache").join("env")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(env_dirs.len(), 1);
    let name = env_dirs[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.len() == 16 && name.chars().all(|c| c.is_ascii_hexdigit()), "{name}");
    assert_eq!(entries(&env_dirs[0]).len(), 1);
    assert!(ci.ok(&["config", "cache"]).contains("Entries: 1, "));
    let err = ci.fails(&["config", "cache", "--enable"], 2);
    assert!(err.contains("KSM_CACHE=1"), "{err}");

    server.stop();
    assert_eq!(run_in_workdir(&read, None).status.code(), Some(5), "not cached without --cache");
    for (args, env) in [(&cached[..], None), (&read[..], Some(("KSM_CACHE", "1")))] {
        let output = run_in_workdir(args, env);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(stdout(&output), seed::PASSWORD);
        assert!(stderr(&output).starts_with("ksm: server unreachable ("), "{}", stderr(&output));
    }
    assert_eq!(std::fs::read_dir(workdir.path()).unwrap().count(), 0, "nothing in the working directory");
    assert!(ci.ok(&["config", "cache", "--clear"]).contains("(1 entry)"));
    assert!(entries(&env_dirs[0]).is_empty());
}

#[cfg(unix)]
#[test]
fn cache_files_are_private_hold_no_plaintext_and_go_with_the_profile() {
    use std::os::unix::fs::PermissionsExt;
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    ksm.ok(&["config", "cache", "--enable"]);
    ksm.ok(&["secret", "list"]);
    ksm.ok(&["secret", "get", "-u", &server.seed.login, "--json"]);
    ksm.ok(&["folder", "list"]);
    let dir = profile_cache_dir(&ksm);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&ksm.config_dir().join("cache")), 0o700);
    let files = entries(&dir);
    assert_eq!(files.len(), 3);
    for file in &files {
        assert_eq!(mode(file), 0o600, "{}", file.display());
        let bytes = std::fs::read(file).unwrap();
        for plaintext in [seed::PASSWORD, seed::LOGIN, seed::LOGIN_TITLE, seed::FOLDER_NAME, &server.seed.login] {
            assert!(
                !bytes.windows(plaintext.len()).any(|w| w == plaintext.as_bytes()),
                "{plaintext} in {}",
                file.display()
            );
        }
    }

    ksm.ok(&["profile", "delete", "_default"]);
    assert!(!dir.exists(), "the cache goes with its profile");
    let settings = std::fs::read_to_string(ksm.config_dir().join("ksm.json")).unwrap();
    assert!(!settings.contains("cache"), "{settings}");
}
