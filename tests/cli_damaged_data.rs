//! Issue 9 item 5, client side: data a device damaged (a folder name of random bytes) is shown
//! as damaged, never dropped, and never fails the whole listing. The damage is written straight
//! into the real server's database, as a device sending garbage through `update_folder` would.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use serde_json::Value;

const DAMAGED: &str = "<damaged: cannot decrypt>";

/// Runs `sql` on the server's database, and moves the vault revision on as every write
/// transaction does, so that the server reuses no answer it built before the damage.
fn damage(server: &ServerProcess, sql: &str, params: impl rusqlite::Params) -> usize {
    let db = rusqlite::Connection::open(server.data_dir.join("vault.db")).unwrap();
    db.busy_timeout(std::time::Duration::from_secs(10)).unwrap();
    let changed = db.execute(sql, params).unwrap();
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('vault_revision', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)",
        [],
    )
    .unwrap();
    changed
}

fn garble_folder_name(server: &ServerProcess, uid: &str) {
    let garbage: Vec<u8> = (0..48u8).map(|i| i.wrapping_mul(37) ^ 0x5a).collect();
    let changed = damage(server, "UPDATE folders SET data = ?1 WHERE uid = ?2", rusqlite::params![garbage, uid]);
    assert_eq!(changed, 1, "no folder row {uid}");
}

fn listed<'a>(listing: &'a Value, uid: &str) -> &'a Value {
    listing.as_array().unwrap().iter().find(|item| item["uid"] == uid).unwrap_or_else(|| panic!("{uid} not listed"))
}

#[test]
fn folder_list_shows_a_folder_whose_name_does_not_decrypt_as_damaged() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let sub = server.seed.sub_folder.as_str();
    garble_folder_name(&server, sub);

    let listing = json(&ksm.ok(&["folder", "list", "--json"]));
    let damaged = listed(&listing, sub);
    assert_eq!(damaged["title"], DAMAGED, "{damaged}");
    assert_eq!(damaged["damaged"], true, "{damaged}");
    assert_eq!(damaged["parent_uid"], server.seed.folder.as_str());
    let shared = listed(&listing, &server.seed.folder);
    assert_eq!(shared["title"], seed::FOLDER_NAME);
    assert!(shared.get("damaged").is_none(), "only damaged folders carry the key: {shared}");

    let table = ksm.ok(&["folder", "list"]);
    assert!(table.contains(DAMAGED) && table.contains(seed::FOLDER_NAME), "{table}");
    // Its records still open: the folder's key is intact, only its name is not.
    let records = json(&ksm.ok(&["folder", "list", "-f", sub, "--list-records", "--json"]));
    assert!(records.as_array().unwrap().iter().any(|item| item["type"] == " rec"), "{records}");

    // Renaming the folder repairs it.
    ksm.ok(&["folder", "update", "-f", sub, "-t", "Repaired"]);
    let listing = json(&ksm.ok(&["folder", "list", "--json"]));
    let repaired = listed(&listing, sub);
    assert_eq!(repaired["title"], "Repaired");
    assert!(repaired.get("damaged").is_none(), "{repaired}");
}

/// A record whose data does not decrypt is left out of `secret list`, named in a warning, and
/// the rest of the vault still lists; asking for it by UID fails with one clear line.
#[test]
fn a_record_that_does_not_decrypt_is_named_and_the_rest_still_lists() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let changed = damage(
        &server,
        "UPDATE records SET data = ?1 WHERE uid = ?2",
        rusqlite::params![vec![5u8; 64], server.seed.login],
    );
    assert_eq!(changed, 1);

    let output = ksm.run(&["secret", "list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listing = json(&String::from_utf8_lossy(&output.stdout));
    let uids: Vec<&str> = listing.as_array().unwrap().iter().filter_map(|r| r["uid"].as_str()).collect();
    assert!(uids.contains(&server.seed.sub_record.as_str()) && !uids.contains(&server.seed.login.as_str()), "{uids:?}");
    let warning = stderr(&output);
    assert!(warning.contains("do not decrypt") && warning.contains(&server.seed.login), "{warning}");

    let output = ksm.run(&["secret", "get", "-u", &server.seed.login]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(3), "{err}");
    let reason = format!("record {} is shared with this device but does not decrypt", server.seed.login);
    assert!(err.contains(&reason) && !err.contains("panicked"), "says why, not just \"no record\": {err}");
    let missing = ksm.run(&["secret", "get", "-u", "AAAAAAAAAAAAAAAAAAAAAA"]);
    assert!(stderr(&missing).contains("no record with UID AAAAAAAAAAAAAAAAAAAAAA is shared"), "{}", stderr(&missing));
}

/// A folder whose key does not decrypt cannot be shown; it is named in a warning instead of
/// vanishing, and the other folders still list.
#[test]
fn a_folder_whose_key_does_not_decrypt_is_named_in_a_warning() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let sub = server.seed.sub_folder.as_str();
    let changed =
        damage(&server, "UPDATE folders SET key_wrap = ?1 WHERE uid = ?2", rusqlite::params![vec![3u8; 48], sub]);
    assert_eq!(changed, 1);

    let output = ksm.run(&["folder", "list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let listing = json(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(listed(&listing, &server.seed.folder)["title"], seed::FOLDER_NAME);
    let warning = stderr(&output);
    assert!(warning.contains("skipped 1 folders whose key does not decrypt") && warning.contains(sub), "{warning}");
}
