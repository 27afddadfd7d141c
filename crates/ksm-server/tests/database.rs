//! `--database`: what a bad URL, an unreachable server, a database already holding a vault or
//! a vault newer than the binary get: one clear line, a documented exit code, no password
//! shown, nothing changed. And a PostgreSQL vault carries the schema version an SQLite vault of
//! the same binary does (what a version does to a vault: tests/schema.rs).

#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::TestServer;
use ksm_testkit::postgres::new_database;
use std::path::Path;
use std::process::Output;

fn run(data_dir: &Path, database: &str, args: &[&str]) -> Output {
    ksm_testkit::ksm_server_command(Path::new(common::BIN), data_dir)
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(data_dir))
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
        let stderr = one_line(&run(&server.data_dir, bad, &["record", "list"]), 1);
        assert!(stderr.contains("--database"), "{stderr}");
        assert!(!stderr.contains("hunter2"), "a mistyped URL is not echoed: {stderr}");
    }
    let unreachable = run(&server.data_dir, "postgres://ksm:hunter2-secret@127.0.0.1:1/ksm", &["record", "list"]);
    let stderr = one_line(&unreachable, 1);
    assert!(stderr.contains("cannot reach PostgreSQL"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "the password is never shown: {stderr}");
    let serve =
        run(&server.data_dir, "postgres://ksm:hunter2-secret@127.0.0.1:1/ksm", &["serve", "--listen", "127.0.0.1:0"]);
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
fn a_database_holding_a_vault_is_not_initialized_again() {
    let server = TestServer::start(&[]);
    let url = new_database();
    let copied = run(
        &server.data_dir,
        &url,
        &["migrate", "--from", &format!("sqlite:{}", server.data_dir.join("vault.db").display()), "--to", &url],
    );
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    let listed = run(&server.data_dir, &url, &["record", "list", "--json"]);
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

    let backup = run(&server.data_dir, &url, &["backup", "--out", elsewhere.path().join("b.db").to_str().unwrap()]);
    assert!(one_line(&backup, 1).contains("pg_dump"));
    assert!(!elsewhere.path().join("b.db").exists());
}

#[test]
fn a_postgresql_vault_records_the_schema_version_an_sqlite_vault_does() {
    let pg = tempfile::tempdir().unwrap();
    ksm_testkit::postgres::set_database(&pg.path().join("data"), &new_database());
    let sqlite = tempfile::tempdir().unwrap();
    for temp in [&pg, &sqlite] {
        let init = ksm_testkit::ksm_server_command(Path::new(common::BIN), &temp.path().join("data"))
            .arg("--data-dir")
            .arg(temp.path().join("data"))
            .arg("--keystore")
            .arg(temp.path().join("owner.json"))
            .args(["init", "--plaintext"])
            .output()
            .unwrap();
        assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    }
    let version = |temp: &tempfile::TempDir| {
        common::vault_sql(&temp.path().join("data"), "SELECT value FROM meta WHERE key = 'schema_version'")
    };
    assert!(ksm_testkit::postgres::database_url_of(&pg.path().join("data")).is_some());
    assert_eq!(version(&pg), version(&sqlite), "one schema version for both engines");
}
