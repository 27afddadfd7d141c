//! Admin commands that the API tests do not exercise.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use std::path::Path;

const BIN: &str = env!("CARGO_BIN_EXE_ksm-server");

/// A new data directory (owner keystore beside it, under a key file) with one object made by
/// `add` (e.g. `["folder", "add", "-t", "F"]`): the temporary directory, the data directory
/// and the object's UID.
fn data_dir_with(add: &[&str]) -> (tempfile::TempDir, std::path::PathBuf, String) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("data");
    let bin = Path::new(BIN);
    ksm_testkit::init_data_dir(bin, &dir);
    let args: Vec<&str> = add.iter().copied().chain(["--json"]).collect();
    let uid = ksm_testkit::admin_json(bin, &dir, &args)["uid"].as_str().unwrap().to_string();
    (temp, dir, uid)
}

fn data_dir_with_folder() -> (tempfile::TempDir, std::path::PathBuf, String) {
    data_dir_with(&["folder", "add", "-t", "F"])
}

#[test]
fn record_import_adds_all_records_or_none() {
    let (temp, dir, folder) = data_dir_with_folder();
    let bin = Path::new(BIN);
    let good = temp.path().join("good.json");
    std::fs::write(&good, r#"[{"type":"login","title":"a","fields":[{"type":"password","value":["1"]}]},{"type":"login","title":"b","fields":[]}]"#).unwrap();
    let uids = ksm_testkit::admin_json(
        bin,
        &dir,
        &["record", "import", "--folder", &folder, "--from-json", good.to_str().unwrap(), "--json"],
    );
    assert_eq!(uids.as_array().unwrap().len(), 2);
    let shown = ksm_testkit::admin_json(bin, &dir, &["record", "show", uids[0].as_str().unwrap(), "--json"]);
    assert_eq!(shown["data"]["fields"][0]["value"][0], "1");

    let bad = temp.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"[{"type":"login","title":"ok"},{"type":"login","title":"x","fields":[{"type":"phone","value":["555"]}]}]"#,
    )
    .unwrap();
    let output = ksm_testkit::ksm_server_command(Path::new(BIN), &dir)
        .arg("--data-dir")
        .arg(&dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(&dir))
        .args(["record", "import", "--folder", &folder, "--from-json", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("record 2") && stderr.contains("phone"), "{stderr}");
    let listed = ksm_testkit::admin_json(bin, &dir, &["record", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 2, "nothing of the bad file was imported");
}

#[test]
fn field_values_are_literal_for_string_types_and_json_only_when_asked() {
    let (_temp, dir, folder) = data_dir_with_folder();
    let bin = Path::new(BIN);
    let uid = ksm_testkit::admin_json(
        bin,
        &dir,
        &[
            "record",
            "add",
            "--folder",
            &folder,
            "-t",
            "Literal",
            "--field",
            "password=[not json",
            "--field",
            "login={\"also\":\"text\"}",
            "--field-json",
            r#"url=["https://a.example","https://b.example"]"#,
            "--custom",
            "Quote:text=\"quoted",
            "--custom-json",
            r#"Tags:text=["x","y"]"#,
            "--json",
        ],
    )["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = ksm_testkit::admin_json(bin, &dir, &["record", "show", &uid, "--json"]);
    let value = |section: &str, field_type: &str| {
        let fields = shown["data"][section].as_array().unwrap();
        fields.iter().find(|f| f["type"] == field_type).unwrap()["value"].clone()
    };
    assert_eq!(value("fields", "password"), serde_json::json!(["[not json"]));
    assert_eq!(value("fields", "login"), serde_json::json!(["{\"also\":\"text\"}"]));
    assert_eq!(value("fields", "url"), serde_json::json!(["https://a.example", "https://b.example"]));
    let custom = shown["data"]["custom"].as_array().unwrap();
    assert_eq!(custom[0]["value"], serde_json::json!(["\"quoted"]));
    assert_eq!(custom[1]["value"], serde_json::json!(["x", "y"]));

    let output = ksm_testkit::ksm_server_command(Path::new(BIN), &dir)
        .arg("--data-dir")
        .arg(&dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(&dir))
        .args(["record", "add", "--folder", &folder, "-t", "Bad", "--field-json", "password=[oops"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not valid JSON") && stderr.lines().count() == 1, "{stderr}");
}

/// Device names are sealed to the owner: the database never holds one in clear, yet the
/// owner lists, finds and revokes devices by name, and a name is unique within its application.
#[test]
fn device_names_are_sealed_yet_name_devices_for_the_owner() {
    let (_temp, dir, app) = data_dir_with(&["app", "add", "--title", "A"]);
    let bin = Path::new(BIN);
    let add = ["client", "add", "--app", &app, "--name", "ops-laptop-sealed", "--hostname", "127.0.0.1:1", "--json"];
    let device = ksm_testkit::admin_json(bin, &dir, &add)["device_id"].as_str().unwrap().to_string();

    let again = ksm_testkit::ksm_server_command(Path::new(BIN), &dir)
        .arg("--data-dir")
        .arg(&dir)
        .arg("--keystore")
        .arg(ksm_testkit::owner_keystore(&dir))
        .args(add)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success() && stderr.contains("already has a device named 'ops-laptop-sealed'"), "{stderr}");

    let listed = ksm_testkit::admin_json(bin, &dir, &["client", "list", "--json"]);
    assert_eq!(listed.as_array().unwrap().len(), 1, "the refused add stored nothing");
    assert_eq!(
        (listed[0]["name"].as_str(), listed[0]["device_id"].as_str()),
        (Some("ops-laptop-sealed"), Some(&*device))
    );
    let revoked = ksm_testkit::run_admin(bin, &dir, &["client", "revoke", "ops-laptop-sealed"]);
    assert!(revoked.contains("Revoked client device 'ops-laptop-sealed'"), "{revoked}");
    assert_eq!(ksm_testkit::admin_json(bin, &dir, &["client", "list", "--json"])[0]["revoked"], true);

    let stored: Vec<u8> = ksm_testkit::vault_files(&dir).iter().flat_map(|path| std::fs::read(path).unwrap()).collect();
    assert!(!stored.is_empty());
    assert!(!stored.windows(17).any(|w| w == b"ops-laptop-sealed"), "a device name in clear in the database");
}

/// The owner's listings leave the vault revision as it was, so every device's cached answer
/// stays valid while an admin looks around; a change moves it.
#[test]
fn listings_leave_the_vault_revision_and_changes_move_it() {
    let (_temp, dir, folder) = data_dir_with_folder();
    let bin = Path::new(BIN);
    let record = ksm_testkit::admin_json(bin, &dir, &["record", "add", "--folder", &folder, "-t", "R", "--json"]);
    let record = record["uid"].as_str().unwrap();
    let revision = || common::vault_sql(&dir, "SELECT value FROM meta WHERE key = 'vault_revision'");
    let before = revision();
    assert_eq!(before.len(), 1, "{before:?}");
    for listing in [
        &["record", "list", "--json"][..],
        &["record", "show", record, "--json"],
        &["folder", "list", "--json"],
        &["app", "list", "--json"],
        &["client", "list", "--json"],
        &["audit", "--json"],
    ] {
        ksm_testkit::admin_json(bin, &dir, listing);
        assert_eq!(revision(), before, "{listing:?} moved the vault revision");
    }
    ksm_testkit::run_admin(bin, &dir, &["folder", "update", &folder, "-t", "Renamed"]);
    assert_ne!(revision(), before, "a rename is a change devices must see");
}
