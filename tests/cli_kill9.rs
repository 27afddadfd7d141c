//! `kill -9` of `ksm` while it writes a file: whatever the moment, the target holds its old
//! content (or is absent) or its complete new content, never a part. Each command is killed
//! at delays spread over its normal run time.
//!
//! Temporary files: ksm writes `.<name>.<pid>.<random>.tmp` beside the target and renames it
//! over the target; a kill between the two leaves that file behind (ksm-files does not sweep
//! them yet). The tests check any such leftover is private (0600), named for the killed
//! process and never the target, and report how many they saw.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Kills per command, at delays from 0 to the command's full run time.
const ROUNDS: u32 = 10;

/// A file a command writes: what it may hold after a kill.
struct Watched {
    path: PathBuf,
    /// Before the command (None: absent).
    old: Option<Vec<u8>>,
    /// After a complete run.
    new: Vec<u8>,
}

impl Watched {
    fn reset(&self) {
        match &self.old {
            Some(old) => std::fs::write(&self.path, old).unwrap(),
            None => {
                let _ = std::fs::remove_file(&self.path);
            }
        }
    }

    fn check(&self, when: &str) {
        let now = std::fs::read(&self.path).ok();
        let whole = now.as_deref() == Some(self.new.as_slice()) || now == self.old;
        assert!(
            whole,
            "{} {when}: neither its old nor its complete new content ({} bytes; old {:?} bytes, new {} bytes)",
            self.path.display(),
            now.as_ref().map_or(0, Vec::len),
            self.old.as_ref().map(Vec::len),
            self.new.len()
        );
    }
}

/// Runs `ksm args` once to the end (every watched file must then hold its new content), then
/// `ROUNDS` times killed with SIGKILL part-way. Returns the temporary files the kills left.
fn kill_rounds(ksm: &Ksm, args: &[&str], watched: &[Watched]) -> usize {
    let reset = || watched.iter().for_each(Watched::reset);
    reset();
    let started = Instant::now();
    ksm.ok(args);
    let full = started.elapsed();
    for file in watched {
        assert_eq!(std::fs::read(&file.path).ok().as_deref(), Some(file.new.as_slice()), "{}", file.path.display());
    }
    let mut leftovers = 0;
    for round in 0..ROUNDS {
        reset();
        let child = spawn_quiet(ksm, args);
        let pid = child.id();
        kill_after(child, full * round / (ROUNDS - 1));
        for file in watched {
            file.check(&format!("after kill -9 in round {round}"));
            leftovers += take_temp_files(file.path.parent().unwrap(), pid);
        }
    }
    reset();
    leftovers
}

fn spawn_quiet(ksm: &Ksm, args: &[&str]) -> Child {
    let mut command = ksm.command(args);
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command.spawn().expect("spawn ksm")
}

fn kill_after(mut child: Child, delay: Duration) {
    std::thread::sleep(delay);
    child.kill().expect("SIGKILL ksm");
    child.wait().expect("wait for the killed ksm");
}

/// Removes the temporary files of process `pid` in `dir` after checking each one, and counts
/// them; any other stray file fails the test.
fn take_temp_files(dir: &Path, pid: u32) -> usize {
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with('.') && name.ends_with(".tmp")) {
            continue;
        }
        assert!(name.contains(&format!(".{pid}.")), "{name} is not a temporary file of the killed ksm {pid}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name} is not private");
        }
        std::fs::remove_file(&path).unwrap();
        count += 1;
    }
    count
}

/// A template of a few megabytes, so that writing its result takes a while.
fn big_template(login: &str) -> String {
    let filler = "# filler so that the write takes a while ............................................\n";
    format!("{}USER=keeper://{login}/field/login\n", filler.repeat(40_000))
}

#[test]
fn interpolate_output_file_and_in_place_are_whole_after_kill_9() {
    let server = start_server(&["--rate-limit", "0"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let dir = ksm.home.path().join("work");
    std::fs::create_dir(&dir).unwrap();
    let template_text = big_template(&server.seed.login);
    let rendered = template_text.replace(&format!("keeper://{}/field/login", server.seed.login), seed::LOGIN);
    let template = dir.join("app.env.in");
    std::fs::write(&template, &template_text).unwrap();

    let out = dir.join("app.env");
    let watched = [Watched { path: out.clone(), old: Some(b"OLD=1\n".to_vec()), new: rendered.clone().into() }];
    let left = kill_rounds(&ksm, &["interpolate", "-o", out.to_str().unwrap(), template.to_str().unwrap()], &watched);
    eprintln!("interpolate -o: {left} temporary file(s) left by {ROUNDS} kills");

    let in_place = dir.join("in-place.env");
    let backup = dir.join("in-place.env.bak");
    let watched = [
        Watched { path: in_place.clone(), old: Some(template_text.clone().into()), new: rendered.into() },
        Watched { path: backup, old: None, new: template_text.into() },
    ];
    let left = kill_rounds(&ksm, &["interpolate", "-w", in_place.to_str().unwrap()], &watched);
    eprintln!("interpolate -w: {left} temporary file(s) left by {ROUNDS} kills");
}

#[test]
fn export_and_secret_download_are_whole_after_kill_9() {
    let server = start_server(&["--rate-limit", "0"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = server.seed.login.as_str();
    let dir = ksm.home.path().join("work");
    std::fs::create_dir(&dir).unwrap();

    let env = dir.join("export.env");
    let map = format!("DB_PASSWORD=keeper://{login}/field/password");
    let new = format!("DB_PASSWORD='{}'\n", seed::PASSWORD).into_bytes();
    let watched = [Watched { path: env.clone(), old: Some(b"DB_PASSWORD=old\n".to_vec()), new }];
    let left = kill_rounds(&ksm, &["export", "--map", &map, "-o", env.to_str().unwrap()], &watched);
    eprintln!("export -o: {left} temporary file(s) left by {ROUNDS} kills");

    // Eight megabytes of attachment, so that the kill often lands inside the write.
    let content: Vec<u8> = (0..8 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    let source = dir.join("blob.bin");
    std::fs::write(&source, &content).unwrap();
    ksm.ok(&["secret", "upload", "-u", login, "-f", source.to_str().unwrap()]);
    let saved = dir.join("saved.bin");
    let watched = [Watched { path: saved.clone(), old: Some(b"old download".to_vec()), new: content }];
    let args = ["secret", "download", "-u", login, "--name", "blob.bin", "--file-output", saved.to_str().unwrap()];
    let left = kill_rounds(&ksm, &args, &watched);
    eprintln!("secret download: {left} temporary file(s) left by {ROUNDS} kills");
}

#[test]
fn profile_init_leaves_whole_files_after_kill_9() {
    let server = start_server(&["--rate-limit", "0"]);
    let timing = Ksm::new();
    let started = Instant::now();
    let output = timing.init(&server.mint_token(&server.seed.app, &[]), &[]);
    assert!(output.status.success(), "init failed: {}", stderr(&output));
    let full = started.elapsed();
    let complete = ksm_testkit::files_under(timing.home.path());
    assert!(complete.iter().any(|path| path.extension().is_some_and(|e| e == "json")), "{complete:?}");

    let mut leftovers = 0;
    for round in 0..ROUNDS {
        let ksm = Ksm::new();
        let mut args = init_args(&server.mint_token(&server.seed.app, &[]));
        args.extend(["--key-file".to_string(), ksm.key_file().display().to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let child = spawn_quiet(&ksm, &args);
        let pid = child.id();
        kill_after(child, full * round / (ROUNDS - 1));
        for path in ksm_testkit::files_under(ksm.home.path()) {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                leftovers += take_temp_files(path.parent().unwrap(), pid);
                continue;
            }
            let bytes = std::fs::read(&path).unwrap();
            if path == ksm.key_file() {
                let key = ksm_proto::b64::decode(String::from_utf8_lossy(&bytes).trim()).unwrap_or_default();
                assert_eq!(key.len(), 32, "round {round}: the key file is not a whole key");
            } else if name.ends_with(".json") {
                let parsed = serde_json::from_slice::<serde_json::Value>(&bytes);
                assert!(parsed.is_ok(), "round {round}: {} is not whole JSON", path.display());
            }
        }
        // Whatever the kill left, ksm answers with a result or one clear error line.
        let listing = ksm.run(&["profile", "list"]);
        let err = stderr(&listing);
        assert!(!err.contains("panicked"), "round {round}: {err}");
        assert!(listing.status.success() || err.trim_end().lines().count() == 1, "round {round}: {err}");
    }
    eprintln!("profile init: {leftovers} temporary file(s) left by {ROUNDS} kills");
}

/// Issue 9 item 6: a `profile init` killed at any moment leaves its token redeemable. Once the
/// server has bound the device key, only that key may fetch the answer again (for 10 minutes),
/// so ksm keeps the key before it binds and a second `profile init` with the same token reuses it.
#[test]
fn profile_init_killed_at_any_moment_can_be_completed_with_the_same_token() {
    let server = start_server(&["--rate-limit", "0"]);
    let timing = Ksm::new();
    let started = Instant::now();
    let output = timing.init(&server.mint_token(&server.seed.app, &[]), &[]);
    assert!(output.status.success(), "init failed: {}", stderr(&output));
    let full = started.elapsed();

    let mut retried = 0;
    for round in 0..ROUNDS {
        let ksm = Ksm::new();
        let mut args = init_args(&server.mint_token(&server.seed.app, &[]));
        args.extend(["--key-file".to_string(), ksm.key_file().display().to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let child = spawn_quiet(&ksm, &args);
        let pid = child.id();
        kill_after(child, full * round / (ROUNDS - 1));
        let pending_dir = ksm.config_dir().join("pending");
        if pending_dir.is_dir() {
            // A kill while the pending key was written leaves that write's temporary file.
            take_temp_files(&pending_dir, pid);
        }
        let finished = json(&ksm.ok(&["profile", "list", "--json"])).as_array().is_some_and(|rows| !rows.is_empty());
        if !finished {
            let again = ksm.run(&args);
            assert!(again.status.success(), "round {round}: init again with the same token: {}", stderr(&again));
            retried += 1;
        }
        let listing = ksm.run(&["secret", "list", "--json"]);
        assert!(listing.status.success(), "round {round}: secret list: {}", stderr(&listing));
        assert!(String::from_utf8_lossy(&listing.stdout).contains(&server.seed.login), "round {round}");
        // A retry removes the pending key once the profile is saved; a kill between saving and
        // removing leaves it, encrypted and private, until its window passes.
        let pending: Vec<PathBuf> = ksm_testkit::files_under(&ksm.config_dir().join("pending"));
        if !finished {
            assert!(pending.is_empty(), "round {round}: the pending device key outlived the completed init");
        }
        #[cfg(unix)]
        for path in &pending {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "round {round}: {} is not private", path.display());
        }
    }
    eprintln!("profile init: {retried} of {ROUNDS} kills needed a second init");
}
