//! Record writes and folders against a real server: add, update, rotation transactions,
//! delete, clone, folder list/add/update/delete; bad input changes nothing.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;

fn record_json(ksm: &Ksm, uid: &str) -> serde_json::Value {
    json(&ksm.ok(&["secret", "get", "-u", uid, "--json"]))
}

fn field<'a>(record: &'a serde_json::Value, field_type: &str) -> &'a serde_json::Value {
    record["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["type"] == field_type)
        .unwrap_or_else(|| panic!("{field_type}: {record}"))
}

#[test]
fn add_field_creates_a_record_the_server_owner_can_read() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let uid = ksm
        .ok(&[
            "secret",
            "add",
            "field",
            "--sf",
            &server.seed.sub_folder,
            "--rt",
            "login",
            "-t",
            "Created by ksm",
            "-n",
            "note",
            "login=alice",
            "f.password=pw-1",
            r"c.text[My \] Label]=custom",
            "url=https://example.com",
        ])
        .trim()
        .to_string();
    assert_eq!(uid.len(), 22, "prints the new UID: {uid}");
    let record = record_json(&ksm, &uid);
    assert_eq!(record["title"], "Created by ksm");
    assert_eq!(field(&record, "password")["value"][0], "pw-1");
    assert_eq!(record["custom"][0]["label"], "My ] Label");
    let owner_view = server.record_show(&uid);
    assert_eq!(owner_view["folder_uid"], server.seed.sub_folder.as_str(), "created in the sub-folder");
    assert_eq!(owner_view["data"]["notes"], "note");

    let generated = ksm
        .ok(&[
            "secret",
            "add",
            "field",
            "--sf",
            &server.seed.folder,
            "--rt",
            "login",
            "-t",
            "Gen",
            "--password-generate",
        ])
        .trim()
        .to_string();
    let password = field(&record_json(&ksm, &generated), "password")["value"][0].as_str().unwrap().to_string();
    assert!(password.len() >= 20, "a generated password: {password}");
}

#[test]
fn bad_input_is_refused_before_anything_is_sent() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let before = server.record_uids().len();
    let add = |extra: &[&str]| {
        let mut args = vec!["secret", "add", "field", "--sf", &server.seed.folder];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    let run = |args: Vec<String>, code: i32| ksm.fails(&args.iter().map(String::as_str).collect::<Vec<_>>(), code);
    assert!(run(add(&["--rt", "spaceship", "-t", "x"]), 2).contains("unknown record type 'spaceship'"));
    assert!(run(add(&["--rt", "login", "-t", "x", "bogus=1"]), 2).contains("unknown field type 'bogus'"));
    assert!(run(add(&["--rt", "login", "-t", "x", "f.name.first=x"]), 2).contains("'name' is not a standard field"));
    assert!(run(add(&["--rt", "contact", "-t", "x", "phone=555"]), 2).contains("expects an object"));
    let missing_folder =
        ksm.fails(&["secret", "add", "field", "--sf", "AAAAAAAAAAAAAAAAAAAAAA", "--rt", "login", "-t", "x"], 3);
    assert!(missing_folder.contains("AAAAAAAAAAAAAAAAAAAAAA"), "{missing_folder}");
    assert_eq!(server.record_uids().len(), before, "nothing was created");

    let readonly = Ksm::enrolled(&server, &server.seed.ro_app);
    let err = readonly.fails(&["secret", "update", "-u", &server.seed.login, "--field", "password=hacked"], 4);
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(server.record_show(&server.seed.login)["data"]["fields"][2]["value"][0], seed::PASSWORD);
}

#[test]
fn update_changes_fields_and_rotation_transactions_commit_or_roll_back() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = &server.seed.login;
    ksm.ok(&[
        "secret",
        "update",
        "-u",
        login,
        "--field",
        "password=new-pw",
        "-t",
        "Renamed",
        "--field-json",
        r#"login=["a@b"]"#,
    ]);
    let record = record_json(&ksm, login);
    assert_eq!(
        (record["title"].as_str(), field(&record, "password")["value"][0].as_str()),
        (Some("Renamed"), Some("new-pw"))
    );
    assert_eq!(field(&record, "login")["value"][0], "a@b");
    let err = ksm.fails(&["secret", "update", "-u", login, "--field", "nope=1"], 3);
    assert!(err.contains("nope"), "{err}");

    // Another writer changes the record between our read and our write: simulated by a
    // rotation left open, which the server refuses further updates for.
    ksm.ok(&["secret", "update", "-u", login, "--field", "password=rotated", "--transaction", "rotation"]);
    let err = ksm.fails(&["secret", "update", "-u", login, "--field", "password=again"], 6);
    assert!(err.contains("open rotation transaction"), "{err}");
    ksm.ok(&["secret", "rollback", "-u", login]);
    assert_eq!(field(&record_json(&ksm, login), "password")["value"][0], "new-pw", "rolled back");
    ksm.ok(&["secret", "update", "-u", login, "--field", "password=rotated", "--transaction", "rotation"]);
    ksm.ok(&["secret", "finalize", "-u", login]);
    assert_eq!(field(&record_json(&ksm, login), "password")["value"][0], "rotated", "finalized");
    let err = ksm.fails(&["secret", "finalize", "-u", login], 6);
    assert!(err.contains("no open transaction"), "{err}");
}

#[test]
fn delete_and_clone() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let copy = ksm.ok(&["secret", "add", "clone", "-u", &server.seed.login, "-t", "Copy"]);
    assert!(!copy.ends_with('\n'), "the UID alone, as the official CLI prints it");
    let record = record_json(&ksm, &copy);
    assert_eq!(
        (record["title"].as_str(), field(&record, "password")["value"][0].as_str()),
        (Some("Copy"), Some(seed::PASSWORD))
    );

    let result = json(&ksm.ok(&["secret", "delete", "-u", &copy, "--json"]));
    assert_eq!(result, serde_json::json!([{"uid": copy, "responseCode": "ok", "error": ""}]));
    assert!(!server.record_uids().contains(&copy));
    let output = ksm.run(&["secret", "delete", "--json", "-u", &server.seed.login, "-u", "AAAAAAAAAAAAAAAAAAAAAA"]);
    assert_eq!(output.status.code(), Some(3), "a failed deletion is an error: {}", stderr(&output));
    let result = json(&String::from_utf8_lossy(&output.stdout));
    assert_eq!(result[0], serde_json::json!({"uid": server.seed.login, "responseCode": "ok", "error": ""}));
    assert_eq!(result[1]["uid"], "AAAAAAAAAAAAAAAAAAAAAA");
    let code = result[1]["responseCode"].as_str().unwrap();
    assert!(code != "ok" && code != "error", "the server's own code is passed on: {result}");
    assert!(!server.record_uids().contains(&server.seed.login));
}

#[test]
fn folders_are_listed_created_renamed_and_deleted() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let listing = json(&ksm.ok(&["folder", "list", "--json"]));
    let names: Vec<&str> = listing.as_array().unwrap().iter().map(|f| f["title"].as_str().unwrap()).collect();
    assert_eq!(names, [seed::FOLDER_NAME, seed::SUB_FOLDER_NAME]);
    assert_eq!(listing[1]["parent_uid"], server.seed.folder.as_str());
    assert_eq!(listing[0]["parent_uid"], "", "a shared folder's parent is \"\", as in the official CLI");

    let child = ksm.ok(&["folder", "add", "-f", &server.seed.sub_folder, "-t", "Deep"]).trim().to_string();
    let grandchild = ksm.ok(&["folder", "add", "-f", &child, "-t", "Deeper"]).trim().to_string();
    let recursive = json(&ksm.ok(&["folder", "list", "-f", &server.seed.sub_folder, "-r", "--json"]));
    assert_eq!(recursive.as_array().unwrap().len(), 3, "{recursive}");
    ksm.ok(&["folder", "update", "-f", &grandchild, "-t", "Renamed Deeper"]);
    let with_records = ksm.ok(&["folder", "list", "-l"]);
    assert!(with_records.contains("Renamed Deeper") && with_records.contains(seed::SUB_TITLE), "{with_records}");

    let rec =
        ksm.ok(&["secret", "add", "field", "--sf", &grandchild, "--rt", "login", "-t", "In deep"]).trim().to_string();
    let output = ksm.run(&["folder", "delete", &child]);
    assert_eq!(output.status.code(), Some(3));
    assert!(stderr(&output).contains("not deleted"), "{}", stderr(&output));
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.contains("--force") && !table.contains("forceDeletion"), "the flag, not the wire field: {table}");
    ksm.ok(&["folder", "delete", "--force", &child]);
    let after = json(&ksm.ok(&["folder", "list", "--json"]));
    assert_eq!(after.as_array().unwrap().len(), 2);
    assert!(!server.record_uids().contains(&rec), "its records went with it");
}

#[test]
fn add_file_reads_a_yaml_record_script() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let script = ksm.home.path().join("records.yaml");
    std::fs::write(
        &script,
        "version: v3\nkind: KeeperRecord\ndata:\n- recordType: serverCredentials\n  title: Box\n  fields:\n  - type: host\n    value: {hostName: box.example.com, port: '22'}\n  - type: login\n    value: root\n",
    )
    .unwrap();
    let uid = ksm
        .ok(&["secret", "add", "file", "--sf", &server.seed.folder, "-f", script.to_str().unwrap()])
        .trim()
        .to_string();
    let record = record_json(&ksm, &uid);
    assert_eq!(record["type"], "serverCredentials");
    assert_eq!(field(&record, "host")["value"][0]["hostName"], "box.example.com");
    std::fs::write(&script, "data:\n- recordType: login\n  title: ''\n").unwrap();
    let err = ksm.fails(&["secret", "add", "file", "--sf", &server.seed.folder, "-f", script.to_str().unwrap()], 2);
    assert!(err.contains("title"), "{err}");
}
