//! `--database`: what a bad URL, an unreachable server, a database already holding a vault or
//! a vault newer than the binary get: one clear line, a documented exit code, no password
//! shown, nothing changed.

#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::TestServer;
use ksm_testkit::postgres::new_database;
use std::path::Path;
use std::process::Output;

fn run(server: &TestServer, database: &str, args: &[&str]) -> Output {
    ksm_testkit::ksm_server_command(Path::new(common::BIN), &server.data_dir)
        .arg("--data-dir")
        .arg(&server.data_dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(&server.data_dir))
        .args(["--database", database])
        .args(args)
        .output()
        .unwrap()
}

fn one_line(output: &Output, code: i32) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

#[test]
fn a_bad_or_unreachable_database_is_one_line_without_the_password() {
    let server = TestServer::start(&[]);
    for bad in ["mysql://ksm:hunter2-secret@db/ksm", "vault.db", "sqlite:", "postgres://ksm:hunter2-secret@[bad"] {
        let stderr = one_line(&run(&server, bad, &["record", "list"]), 1);
        assert!(stderr.contains("--database"), "{stderr}");
        assert!(!stderr.contains("hunter2"), "a mistyped URL is not echoed: {stderr}");
    }
    let unreachable = run(&server, "postgres://ksm:hunter2-secret@127.0.0.1:1/ksm", &["record", "list"]);
    let stderr = one_line(&unreachable, 1);
    assert!(stderr.contains("cannot reach PostgreSQL"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "the password is never shown: {stderr}");
    let serve = run(&server, "postgres://ksm:hunter2-secret@127.0.0.1:1/ksm", &["serve", "--listen", "127.0.0.1:0"]);
    assert!(!one_line(&serve, 1).contains("hunter2"));
    let fresh = tempfile::tempdir().unwrap();
    let init = ksm_testkit::ksm_server_command(Path::new(common::BIN), &server.data_dir)
        .arg("--data-dir")
        .arg(fresh.path().join("data"))
        .arg("--keystore")
        .arg(fresh.path().join("owner.json"))
        .args(["--database", "postgres://ksm:hunter2-secret@127.0.0.1:1/ksm", "init", "--plaintext"])
        .output()
        .unwrap();
    assert!(one_line(&init, 1).contains("cannot reach PostgreSQL"));
    assert_eq!(std::fs::read_dir(fresh.path()).unwrap().count(), 0, "a failed init writes nothing");
    // The vault in the data directory is untouched and still serves.
    assert!(server.record_uids().contains(&server.seed.login));
}

#[test]
fn a_database_holding_a_vault_is_not_initialized_again_and_a_newer_schema_is_refused() {
    let server = TestServer::start(&[]);
    let url = new_database();
    let copied = run(
        &server,
        &url,
        &["migrate", "--from", &format!("sqlite:{}", server.data_dir.join("vault.db").display()), "--to", &url],
    );
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    let listed = run(&server, &url, &["record", "list", "--json"]);
    assert!(listed.status.success(), "{}", String::from_utf8_lossy(&listed.stderr));

    let elsewhere = tempfile::tempdir().unwrap();
    let init = ksm_testkit::ksm_server_command(Path::new(common::BIN), &server.data_dir)
        .arg("--data-dir")
        .arg(elsewhere.path().join("data"))
        .arg("--keystore")
        .arg(elsewhere.path().join("owner.json"))
        .args(["--database", &url, "init", "--plaintext"])
        .output()
        .unwrap();
    let stderr = one_line(&init, 1);
    assert!(stderr.contains("already holds a ksm-server vault"), "{stderr}");

    let psql = ksm_testkit::postgres::pg_bin("psql");
    let newer = std::process::Command::new(psql)
        .args(["-q", &url, "-c", "UPDATE meta SET value = '99' WHERE key = 'schema_version'"])
        .status()
        .unwrap();
    assert!(newer.success());
    let stderr = one_line(&run(&server, &url, &["record", "list"]), 1);
    assert!(stderr.contains("schema 99 is not supported"), "{stderr}");

    let backup = run(&server, &url, &["backup", "--out", elsewhere.path().join("b.db").to_str().unwrap()]);
    assert!(one_line(&backup, 1).contains("pg_dump"));
    assert!(!elsewhere.path().join("b.db").exists());
}
