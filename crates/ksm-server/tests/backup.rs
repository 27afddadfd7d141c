//! `backup` while the server serves writes, then `restore`: every device reads what it read at
//! the moment of the snapshot. Neither command needs the owner keystore.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{seed, with_field, Device, TestServer, BIN};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

/// `ksm-server` with the data directory only: no keystore is passed or present by default.
fn without_keystore(data_dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN).arg("--data-dir").arg(data_dir).args(args).output().expect("run ksm-server")
}

fn fails(output: Output) -> String {
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stdout));
    let err = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

/// uid → (data, revision) of every record a device reads.
fn view(device: &Device) -> BTreeMap<String, (Value, i64)> {
    device.secrets().records.into_iter().map(|(uid, rec)| (uid, (rec.data, rec.revision))).collect()
}

#[test]
fn a_backup_taken_under_write_load_restores_exactly_its_snapshot() {
    let mut server = TestServer::start(&[]);
    let s = server.seed.clone();
    let writer = server.bound_device(&s.app);
    let mut reader = server.bound_device(&s.ro_app);
    let before_writer = view(&writer);
    let before_reader = view(&reader);
    let login = writer.secrets().record(&s.login).clone();

    // The writer changes the login's password as fast as the server accepts it.
    let stop = Arc::new(AtomicBool::new(false));
    let committed = Arc::new(AtomicUsize::new(0));
    let load = {
        let (stop, committed) = (stop.clone(), committed.clone());
        std::thread::spawn(move || {
            let (mut data, mut revision) = (login.data.clone(), login.revision);
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                data = with_field(&data, "password", &format!("load-{n}"));
                writer.update_record(&login, &data, revision, json!({})).ok();
                revision += 1;
                committed.store(n, Ordering::SeqCst);
            }
            writer
        })
    };
    while committed.load(Ordering::SeqCst) < 3 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let backup = server.temp.path().join("backups/vault-backup.db");
    std::fs::create_dir(backup.parent().unwrap()).unwrap();
    let lowest = committed.load(Ordering::SeqCst);
    let output = without_keystore(&server.data_dir, &["backup", "--out", backup.to_str().unwrap()]);
    // A write answered after this may still be in the snapshot: it committed before `backup` returned.
    let highest = committed.load(Ordering::SeqCst) + 1;
    assert!(output.status.success(), "backup: {}", String::from_utf8_lossy(&output.stderr));
    while committed.load(Ordering::SeqCst) < highest + 2 {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    stop.store(true, Ordering::SeqCst);
    let mut writer = load.join().unwrap();

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let bytes = std::fs::read(&backup).unwrap();
    let key_file = std::fs::read_to_string(ksm_testkit::owner_dir(&server.data_dir).join("owner.key")).unwrap();
    for needle in [seed::PASSWORD, "load-1\"", key_file.trim()] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle.as_bytes()), "{needle} in the backup");
    }
    let again = fails(without_keystore(&server.data_dir, &["backup", "--out", backup.to_str().unwrap()]));
    assert!(again.contains("already exists"), "{again}");
    let running = fails(without_keystore(&server.data_dir, &["restore", "--from", backup.to_str().unwrap()]));
    assert!(running.contains("stop it first"), "{running}");

    server.stop();
    let garbage = server.temp.path().join("garbage.db");
    std::fs::write(&garbage, b"this is not a database at all, just some bytes").unwrap();
    let database = std::fs::read(server.data_dir.join("vault.db")).unwrap();
    let refused = fails(without_keystore(&server.data_dir, &["restore", "--from", garbage.to_str().unwrap()]));
    assert!(refused.contains("not a usable backup"), "{refused}");
    assert_eq!(std::fs::read(server.data_dir.join("vault.db")).unwrap(), database, "a refused restore changes nothing");

    let output = without_keystore(&server.data_dir, &["restore", "--from", backup.to_str().unwrap()]);
    assert!(output.status.success(), "restore: {}", String::from_utf8_lossy(&output.stderr));
    server.restart(&[]);
    for device in [&mut writer, &mut reader] {
        device.base = server.url("");
    }

    let after_writer = view(&writer);
    let after_reader = view(&reader);
    let (data, revision) = &after_writer[&s.login];
    let k = revision - before_writer[&s.login].1;
    assert!(
        (lowest as i64..=highest as i64).contains(&k),
        "snapshot at write {k}, taken between {lowest} and {highest}"
    );
    let password =
        data["fields"].as_array().unwrap().iter().find(|f| f["type"] == "password").unwrap()["value"][0].clone();
    assert_eq!(password, json!(format!("load-{k}")), "the value matches its revision");
    assert_eq!(after_reader[&s.login], after_writer[&s.login], "both devices read the same snapshot");
    for (before, after) in [(&before_writer, &after_writer), (&before_reader, &after_reader)] {
        assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
        for (uid, read) in before.iter().filter(|(uid, _)| **uid != s.login) {
            assert_eq!(&after[uid], read, "record {uid} reads as before");
        }
    }
}

#[test]
fn restore_refuses_a_backup_of_another_vault() {
    let first = TestServer::start(&[]);
    let mut second = TestServer::start(&[]);
    let backup = first.temp.path().join("first.db");
    let output = without_keystore(&first.data_dir, &["backup", "--out", backup.to_str().unwrap()]);
    assert!(output.status.success());
    second.stop();
    let refused = fails(without_keystore(&second.data_dir, &["restore", "--from", backup.to_str().unwrap()]));
    assert!(refused.contains("another vault"), "{refused}");
}
