//! `ksm secret list|get|notation` against a real server.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;

#[test]
fn list_shows_every_shared_record_as_json_and_as_a_table() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let listed = json(&ksm.ok(&["secret", "list", "--json"]));
    let mut titles: Vec<&str> = listed.as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    titles.sort();
    assert_eq!(titles, [seed::DIRECT_TITLE, seed::SUB_TITLE, seed::LOGIN_TITLE]);
    assert!(listed.as_array().unwrap().iter().all(|r| r["record_type"] == "login" && r["uid"].is_string()));

    let table = ksm.ok(&["secret", "list"]);
    assert!(table.contains("UID") && table.contains("Record Type") && table.contains(&server.seed.login), "{table}");
    assert!(!table.contains('\u{1b}'), "no colour when stdout is not a terminal");

    let in_sub = json(&ksm.ok(&["secret", "list", "-f", &server.seed.sub_folder, "--json"]));
    assert_eq!(in_sub.as_array().unwrap().len(), 1);
    assert_eq!(in_sub[0]["uid"], server.seed.sub_record.as_str());
    let recursive = json(&ksm.ok(&["secret", "list", "-f", &server.seed.folder, "-r", "--json"]));
    assert_eq!(recursive.as_array().unwrap().len(), 2, "folder and sub-folder records");
    let by_title = json(&ksm.ok(&["secret", "list", "-t", "^zk-title-web", "--json"]));
    assert_eq!(by_title.as_array().unwrap().len(), 1);
    let by_uid = json(&ksm.ok(&["secret", "list", "-u", &server.seed.direct, "--json"]));
    assert_eq!(by_uid[0]["title"], seed::DIRECT_TITLE);
    let err = ksm.fails(&["secret", "list", "-t", "("], 2);
    assert!(err.contains("regular expression"), "{err}");
}

#[test]
fn get_prints_fields_json_and_masked_text() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = server.seed.login.as_str();
    assert_eq!(ksm.ok(&["secret", "get", "-u", login, "-f", "password"]), seed::PASSWORD);
    assert_eq!(ksm.ok(&["secret", "get", login, "--field", "login"]), seed::LOGIN);

    let record = json(&ksm.ok(&["secret", "get", "-u", login, "--json"]));
    assert_eq!(record["title"], seed::LOGIN_TITLE);
    assert_eq!(record["notes"], seed::NOTES);
    let password = record["fields"].as_array().unwrap().iter().find(|f| f["type"] == "password").unwrap();
    assert_eq!(password["value"][0], seed::PASSWORD);
    let array = json(&ksm.ok(&["secret", "get", "-u", login, "--json", "--force-array"]));
    assert_eq!(array.as_array().unwrap().len(), 1);
    // Several records come in the server's order (as `secret list` shows it), each once.
    let listed: Vec<String> = json(&ksm.ok(&["secret", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["uid"].as_str().unwrap().to_string())
        .collect();
    let (first, last) = (&listed[0], &listed[listed.len() - 1]);
    let both = json(&ksm.ok(&["secret", "get", "-u", last, "-u", first, "-u", last, "--json"]));
    let uids: Vec<&str> = both.as_array().unwrap().iter().map(|r| r["uid"].as_str().unwrap()).collect();
    assert_eq!(uids, [first.as_str(), last.as_str()]);

    let text = ksm.ok(&["secret", "get", "-u", login]);
    assert!(text.contains(seed::LOGIN) && !text.contains(seed::PASSWORD), "password masked: {text}");
    assert!(ksm.ok(&["secret", "get", "-u", login, "--unmask"]).contains(seed::PASSWORD));

    let totp = "otpauth://totp/Demo:alice?secret=JBSWY3DPEHPK3PXP&issuer=Demo";
    server.admin_text(&["record", "edit", login, "--field", &format!("oneTimeCode={totp}")]);
    let masked = ksm.ok(&["secret", "get", "-u", login]);
    assert!(!masked.contains("JBSWY3DPEHPK3PXP") && !masked.contains("valid for"), "{masked}");
    let unmasked = ksm.ok(&["secret", "get", "-u", login, "--unmask"]);
    let code_line = unmasked.lines().find(|l| l.contains("oneTimeCode")).expect("TOTP row");
    let code = code_line.split_whitespace().nth(1).unwrap();
    assert!(
        code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) && code_line.contains("valid for"),
        "{code_line}"
    );
    let json_view = ksm.ok(&["secret", "get", "-u", login, "--json"]);
    assert!(json_view.contains(totp), "--json keeps the URI: {json_view}");

    let by_title = ksm.ok(&["secret", "get", "-t", seed::SUB_TITLE, "-f", "password"]);
    assert_eq!(by_title, seed::SUB_PASSWORD);
    let queried = ksm.ok(&["secret", "get", "-u", login, "-q", "$.fields[?(@.type=='password')].value[0]", "--raw"]);
    assert_eq!(queried, seed::PASSWORD);
    let official = ksm.ok(&["secret", "get", "-u", login, "-q", r#"$.fields[?(@.type="password")].value[0]"#, "--raw"]);
    assert_eq!(official, seed::PASSWORD, "the official dialect's `=`");
    let err = ksm.fails(&["secret", "get", "-u", login, "-q", "$.fields[?(@.type=)]"], 2);
    assert!(err.contains("RFC 9535") && err.contains("=="), "{err}");

    let err = ksm.fails(&["secret", "get", "-u", login, "-f", "nope"], 3);
    assert!(err.contains("nope") && !err.contains(seed::PASSWORD), "{err}");
    let err = ksm.fails(&["secret", "get", "-u", "AAAAAAAAAAAAAAAAAAAAAA"], 3);
    assert!(err.contains("AAAAAAAAAAAAAAAAAAAAAA"), "{err}");
}

#[test]
fn notation_resolves_fields_titles_files_and_unicode() {
    let server = start_server(&[]);
    let unicode = server.add_record(
        "Пароль база 🔑",
        &[
            "--field",
            "password=юникод-secret",
            "--custom",
            r#"phone:phone=[{"number":"555-1","ext":"1"},{"number":"555-2"}]"#,
            "--custom-json",
            r#"My Custom 2:text=["a","b"]"#,
        ],
    );
    let content = b"file bytes \x00\x01\xff";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blob.bin");
    std::fs::write(&path, content).unwrap();
    server.admin_text(&["file", "attach", "--record", &unicode, "--path", path.to_str().unwrap()]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);

    let login = &server.seed.login;
    assert_eq!(ksm.ok(&["secret", "notation", &format!("keeper://{login}/field/password")]).trim_end(), seed::PASSWORD);
    assert_eq!(ksm.ok(&["secret", "notation", &format!("{login}/title")]).trim_end(), seed::LOGIN_TITLE);
    assert_eq!(ksm.ok(&["secret", "notation", "keeper://Пароль база 🔑/field/password"]).trim_end(), "юникод-secret");
    assert_eq!(
        ksm.ok(&["secret", "notation", &format!("keeper://{unicode}/custom_field/phone[1][number]")]).trim_end(),
        "555-2"
    );
    let all = json(&ksm.ok(&["secret", "notation", &format!("keeper://{unicode}/custom_field/phone[][number]")]));
    assert_eq!(all, serde_json::json!(["555-1", "555-2"]));
    // Several values print as the official CLI's json.dumps: objects stay objects, ", " between.
    assert_eq!(
        ksm.ok(&["secret", "notation", &format!("keeper://{unicode}/custom_field/phone[]")]),
        r#"[{"number": "555-1", "ext": "1"}, {"number": "555-2"}]"#
    );
    assert_eq!(
        ksm.ok(&["secret", "notation", &format!("keeper://{unicode}/custom_field/My Custom 2[]")]),
        r#"["a", "b"]"#
    );
    // `[]` is a list even of one value, as the official CLI prints it (json.dumps: ASCII only).
    let listed = ksm.ok(&["secret", "notation", &format!("keeper://{unicode}/field/password[]")]);
    assert_eq!(listed, r#"["\u044e\u043d\u0438\u043a\u043e\u0434-secret"]"#);
    // The official spelling of a property of the first value.
    assert_eq!(ksm.ok(&["secret", "notation", &format!("keeper://{unicode}/custom_field/phone[number]")]), "555-1");
    let bytes = ksm.command(&["secret", "notation", &format!("keeper://{unicode}/file/blob.bin")]).output().unwrap();
    assert!(bytes.status.success(), "{}", stderr(&bytes));
    assert_eq!(bytes.stdout, content);

    let err = ksm.fails(&["secret", "notation", "keeper://No Such Title/field/password"], 3);
    assert!(err.contains("No Such Title"), "{err}");
    let err = ksm.fails(&["secret", "notation", &format!("keeper://{login}/field/password[5]")], 3);
    assert!(err.contains("index") && !err.contains(seed::PASSWORD), "{err}");
    let err = ksm.fails(&["secret", "notation", "keeper://x/bogus"], 2);
    assert!(err.contains("notation"), "{err}");
    // A typo in a field name suggests the close names.
    let err = ksm.fails(&["secret", "notation", &format!("keeper://{login}/field/pasword")], 3);
    assert!(err.contains("'pasword'") && err.contains("(did you mean password?)"), "{err}");
    let err = ksm.fails(&["secret", "get", "-u", login, "-f", "Pasword"], 3);
    assert!(err.contains("no field 'Pasword'") && err.contains("did you mean password"), "{err}");
}
