//! The owner keystore through the real binary: protected by default, plaintext only on request
//! and never silently inside the data directory, re-encrypted and exported by command.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]
#![allow(unsafe_code, reason = "signals a child through libc::kill")]

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ksm-server");
const PASS_VAR: &str = "KSM_SERVER_KEYSTORE_PASSPHRASE";
const NEW_VAR: &str = "KSM_SERVER_KEYSTORE_NEW_PASSPHRASE";

fn ksm_server(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(BIN);
    command.arg("--data-dir").arg(dir).args(args).stdin(Stdio::null()).env_remove(PASS_VAR).env_remove(NEW_VAR);
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("run ksm-server")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn ok(output: Output) -> String {
    assert!(output.status.success(), "failed: {}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn fails(output: Output) -> String {
    assert_eq!(output.status.code(), Some(1), "stdout: {}", String::from_utf8_lossy(&output.stdout));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn init_protects_the_keystore_with_a_passphrase_and_refuses_plaintext_in_the_data_dir() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");

    let refused = fails(ksm_server(&data, &[], &["init", "--plaintext"]));
    assert!(refused.contains("refusing to keep an unencrypted owner keystore"), "{refused}");
    assert!(!data.exists(), "a refused init creates nothing");
    let no_passphrase = fails(ksm_server(&data, &[], &["init"]));
    assert!(no_passphrase.contains(PASS_VAR), "{no_passphrase}");
    assert!(!data.exists(), "a failed init leaves no data directory behind");
    let short = fails(ksm_server(&data, &[(PASS_VAR, "short")], &["init"]));
    assert!(short.contains("too short"), "{short}");

    let pass = "correct horse battery staple";
    ok(ksm_server(&data, &[(PASS_VAR, pass)], &["init"]));
    let keystore = std::fs::read_to_string(data.join("owner-keystore.json")).unwrap();
    let file: serde_json::Value = serde_json::from_str(&keystore).unwrap();
    assert_eq!(file["protection"]["kind"], "passphrase");
    assert_eq!(file["protection"]["argon2id"]["memory_kib"], 65536);
    assert!(file.get("owner_private_key").is_none());

    let folder = ok(ksm_server(&data, &[(PASS_VAR, pass)], &["folder", "add", "-t", "Secret Folder", "--json"]));
    let wrong = fails(ksm_server(&data, &[(PASS_VAR, "not the passphrase at all")], &["folder", "list"]));
    assert!(wrong.contains("wrong passphrase"), "{wrong}");
    assert!(!wrong.contains("Secret Folder"));
    let listed = ok(ksm_server(&data, &[(PASS_VAR, pass)], &["folder", "list", "--json"]));
    assert!(listed.contains("Secret Folder") && listed.contains(folder_uid(&folder)), "{listed}");

    let info = ok(ksm_server(&data, &[], &["keystore", "info", "--json"]));
    assert!(info.contains("\"passphrase\""), "info needs no passphrase: {info}");
}

fn folder_uid(json: &str) -> &str {
    json.split('"').nth(3).unwrap()
}

#[test]
fn passwd_and_export_reencrypt_without_changing_the_key() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let (first, second, exported) = ("first passphrase 12345", "second passphrase 67890", "export passphrase 000");
    ok(ksm_server(&data, &[(PASS_VAR, first)], &["init"]));
    ok(ksm_server(&data, &[(PASS_VAR, first)], &["folder", "add", "-t", "Kept", "--json"]));

    let short = fails(ksm_server(&data, &[(PASS_VAR, first), (NEW_VAR, "tiny")], &["keystore", "passwd"]));
    assert!(short.contains("too short"), "{short}");
    ok(ksm_server(&data, &[(PASS_VAR, first)], &["folder", "list"]));

    ok(ksm_server(&data, &[(PASS_VAR, first), (NEW_VAR, second)], &["keystore", "passwd"]));
    fails(ksm_server(&data, &[(PASS_VAR, first)], &["folder", "list"]));
    assert!(ok(ksm_server(&data, &[(PASS_VAR, second)], &["folder", "list"])).contains("Kept"));

    let copy = temp.path().join("backup-keystore.json");
    let copy_arg = copy.to_str().unwrap();
    ok(ksm_server(&data, &[(PASS_VAR, second), (NEW_VAR, exported)], &["keystore", "export", "--out", copy_arg]));
    let again = fails(ksm_server(
        &data,
        &[(PASS_VAR, second), (NEW_VAR, exported)],
        &["keystore", "export", "--out", copy_arg],
    ));
    assert!(again.contains("already exists"), "{again}");
    let from_copy = ksm_server(&data, &[(PASS_VAR, exported)], &["--keystore", copy_arg, "folder", "list"]);
    assert!(ok(from_copy).contains("Kept"), "the exported copy opens the vault");

    // Switch to a key file outside the data directory; one inside it is refused.
    let inside = data.join("owner.key");
    let refused = fails(ksm_server(
        &data,
        &[(PASS_VAR, second)],
        &["keystore", "passwd", "--key-file", inside.to_str().unwrap()],
    ));
    assert!(refused.contains("protect nothing"), "{refused}");
    let key_file = temp.path().join("owner.key");
    ok(ksm_server(&data, &[(PASS_VAR, second)], &["keystore", "passwd", "--key-file", key_file.to_str().unwrap()]));
    assert!(ok(ksm_server(&data, &[], &["folder", "list"])).contains("Kept"));
    let plaintext = fails(ksm_server(&data, &[], &["keystore", "passwd", "--plaintext"]));
    assert!(plaintext.contains("refusing"), "{plaintext}");
}

#[test]
fn serve_warns_about_a_plaintext_keystore_in_the_data_directory() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    ok(ksm_server(&data, &[], &["init", "--plaintext", "--plaintext-in-data-dir"]));
    let ready = temp.path().join("ready.json");
    let child = Command::new(BIN)
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--listen", "127.0.0.1:0", "--ready-file"])
        .arg(&ready)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !ready.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(ready.exists(), "serve got ready despite the warning");
    // SAFETY: kill(2) on our own child's pid, not yet reaped.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("warning: the owner keystore") && err.contains("unencrypted"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreachable_keyring_fails_init_cleanly() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let nowhere = format!("unix:path={}", temp.path().join("no-bus").display());
    let err = fails(ksm_server(&data, &[("DBUS_SESSION_BUS_ADDRESS", &nowhere)], &["init", "--keyring"]));
    assert!(err.contains("OS keyring is not usable"), "{err}");
    assert!(!data.exists(), "a failed init leaves nothing behind");
}
