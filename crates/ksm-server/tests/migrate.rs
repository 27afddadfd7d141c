//! `ksm-server migrate`: a vault copied from SQLite to PostgreSQL and back answers every
//! device exactly as before, and a copy that cannot be made changes nothing.

#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{Device, TestServer};
use ksm_testkit::postgres::new_database;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Record UID → (data, revision, file UIDs).
type Records = BTreeMap<String, (Value, i64, Vec<String>)>;
/// (UID, parent, name) of each folder.
type Folders = Vec<(String, Option<String>, String)>;

/// What a device reads: every record's data, revision and file UIDs, every folder's name and
/// parent, and the bytes of every file as downloaded.
fn answers(device: &Device) -> (Records, Folders, Vec<Vec<u8>>) {
    let secrets = device.secrets();
    let mut downloads = Vec::new();
    let records = secrets
        .records
        .iter()
        .map(|(uid, record)| {
            let files: Vec<String> = record.files.iter().map(|f| f["fileUid"].as_str().unwrap().to_string()).collect();
            for file in &record.files {
                let url = file["url"].as_str().unwrap();
                downloads.push(device.http.get(url).send().unwrap().bytes().unwrap().to_vec());
            }
            (uid.clone(), (record.data.clone(), record.revision, files))
        })
        .collect();
    let folders = device.folders().into_iter().map(|(uid, view)| (uid, view.parent, view.name)).collect();
    (records, folders, downloads)
}

fn migrate(server: &TestServer, args: &[&str]) -> std::process::Output {
    ksm_testkit::ksm_server_command(Path::new(common::BIN), &server.data_dir)
        .arg("--data-dir")
        .arg(&server.data_dir)
        .arg("migrate")
        .args(args)
        .output()
        .unwrap()
}

fn sqlite_url(server: &TestServer, name: &str) -> String {
    format!("sqlite:{}", server.temp.path().join(name).display())
}

#[test]
fn a_vault_copied_to_postgresql_and_back_answers_every_device_the_same() {
    let mut server = TestServer::start(&[]);
    let mut devices = vec![server.bound_device(&server.seed.app), server.bound_device(&server.seed.ro_app)];
    let login = devices[0].secrets().record(&server.seed.login).clone();
    let (file, reply) = devices[0].add_file(&login, "notes.txt", b"file content that must survive the copy");
    assert_eq!(devices[0].upload(&reply.ok(), &file.blob, None).status, 204);
    let before: Vec<_> = devices.iter().map(answers).collect();
    assert!(
        before[0].2.len() == 1 && before[0].0.len() >= 3,
        "the vault has records and a file: {:?}",
        before[0].0.keys()
    );

    let postgres = new_database();
    let back = sqlite_url(&server, "back.db");
    for (from, to) in [(None, postgres.clone()), (Some(postgres.clone()), back.clone())] {
        server.stop();
        let mut args = vec!["--to", to.as_str()];
        if let Some(from) = &from {
            args.extend(["--from", from.as_str()]);
        }
        let output = migrate(&server, &args);
        assert!(output.status.success(), "migrate {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stdout).contains("Copied the vault"));
        server.restart(&["--database", &to]);
        for device in &mut devices {
            device.base = server.url("");
        }
        let after: Vec<_> = devices.iter().map(answers).collect();
        assert_eq!(after, before, "every device reads the same answers from {to}");
    }
    // The copies go on working: a write through the last one is stored there.
    let record = devices[0].secrets().record(&server.seed.login).clone();
    let mut data = record.data.clone();
    data["notes"] = Value::from("written after the migrations");
    assert_eq!(devices[0].update_record(&record, &data, record.revision, serde_json::json!({})).status, 200);
}

#[test]
fn a_copy_that_cannot_be_made_changes_nothing() {
    let server = TestServer::start(&[]);
    let postgres = new_database();
    let first = migrate(&server, &["--to", &postgres]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    // Into a database that already holds a vault: refused, that vault kept.
    let again = migrate(&server, &["--to", &postgres]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("already holds a ksm-server vault") && stderr.lines().count() == 1, "{stderr}");
    let copy = sqlite_url(&server, "copy.db");
    let from_copy = migrate(&server, &["--from", &postgres, "--to", &copy]);
    assert!(from_copy.status.success(), "the first copy is intact: {}", String::from_utf8_lossy(&from_copy.stderr));
    // Into an existing file, or from a database with no vault: refused, no file written.
    let existing = migrate(&server, &["--to", &copy]);
    assert!(String::from_utf8_lossy(&existing.stderr).contains("already exists"));
    let missing = sqlite_url(&server, "missing.db");
    let empty = new_database();
    let none = migrate(&server, &["--from", &empty, "--to", &missing]);
    let stderr = String::from_utf8_lossy(&none.stderr);
    assert!(stderr.contains("holds no ksm-server vault") && stderr.lines().count() == 1, "{stderr}");
    assert!(!server.temp.path().join("missing.db").exists());
    for bad in ["mysql://x", "vault.db"] {
        let refused = migrate(&server, &["--to", bad]);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("--to:") && stderr.lines().count() == 1, "{stderr}");
    }
}
