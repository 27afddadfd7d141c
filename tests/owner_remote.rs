//! Remote administration (issue 13): the owner administers a running `ksm-server` over its
//! owner API from a directory holding only a passphrase-protected keystore, a `ksm` device reads
//! what the owner wrote, and a copy of the server's data directory and of a backup holds no
//! plaintext and opens no record.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use std::path::PathBuf;
use std::process::{Command, Output};

const PASSPHRASE: &str = "remote owner passphrase 4711";
const FOLDER_NAME: &str = "REMOTE-FOLDER-NAME-Payments";
const SUB_FOLDER_NAME: &str = "REMOTE-FOLDER-NAME-Sub";
const RECORD_TITLE: &str = "REMOTE-TITLE-Payments DB";
const PASSWORD: &str = "REMOTE-PLAINTEXT-PASSWORD-8841";
const EDITED_PASSWORD: &str = "REMOTE-PLAINTEXT-EDITED-PASSWORD-9932";
const IMPORTED_TITLE: &str = "REMOTE-TITLE-Imported";
const APP_TITLE: &str = "REMOTE-APP-TITLE-Billing";
const DEVICE_NAME: &str = "REMOTE-DEVICE-NAME-billing-host";
const FILE_CONTENT: &str = "REMOTE-FILE-CONTENT attached from the owner's machine";

/// The owner's machine: a directory with the keystore and nothing else.
struct Owner {
    dir: tempfile::TempDir,
    url: String,
}

impl Owner {
    fn keystore(&self) -> PathBuf {
        self.dir.path().join("owner-keystore.json")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(server_bin())
            .current_dir(self.dir.path())
            .env_remove("KSM_SERVER_DATA_DIR")
            .env("XDG_DATA_HOME", self.dir.path())
            .env("KSM_SERVER_URL", &self.url)
            .env("KSM_HOSTNAME", "127.0.0.1:9") // the ksm client's variable; ignored here
            .env("KSM_SERVER_KEYSTORE", self.keystore())
            .env("KSM_SERVER_KEYSTORE_PASSPHRASE", PASSPHRASE)
            .args(args)
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(output.status.success(), "ksm-server {} failed: {}", args.join(" "), stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    }

    fn uid(&self, args: &[&str]) -> String {
        json(&self.ok(args))["uid"].as_str().unwrap().to_string()
    }
}

#[test]
fn the_owner_administers_remotely_and_the_servers_files_open_nothing() {
    let server = start_server(&[]);
    // The keystore moves to the owner's machine (passphrase-protected); nothing of it stays.
    let owner = Owner { dir: tempfile::tempdir().unwrap(), url: server.url("") };
    let exported = Command::new(server_bin())
        .args(["--keystore", ksm_testkit::owner_keystore(&server.data_dir).to_str().unwrap(), "keystore", "export"])
        .arg("--out")
        .arg(owner.keystore())
        .env("KSM_SERVER_KEYSTORE_NEW_PASSPHRASE", PASSPHRASE)
        .output()
        .unwrap();
    assert!(exported.status.success(), "{}", stderr(&exported));
    std::fs::remove_dir_all(ksm_testkit::owner_dir(&server.data_dir)).unwrap();
    assert_eq!(std::fs::read_dir(owner.dir.path()).unwrap().count(), 1, "only the keystore");

    // Every kind of admin command, remotely.
    let folder = owner.uid(&["folder", "add", "-t", FOLDER_NAME, "--json"]);
    let sub = owner.uid(&["folder", "add", "-t", "placeholder", "--parent", &folder, "--json"]);
    owner.ok(&["folder", "update", &sub, "-t", SUB_FOLDER_NAME]);
    let folders = owner.ok(&["folder", "list", "--json"]);
    assert!(folders.contains(FOLDER_NAME) && folders.contains(SUB_FOLDER_NAME), "{folders}");
    let record = owner.uid(&[
        "record",
        "add",
        "--folder",
        &folder,
        "-t",
        RECORD_TITLE,
        "--field",
        "login=dba",
        "--field",
        &format!("password={PASSWORD}"),
        "--json",
    ]);
    owner.ok(&["record", "edit", &record, "--field", &format!("password={EDITED_PASSWORD}")]);
    let shown = json(&owner.ok(&["record", "show", &record, "--json"]));
    assert_eq!(field_of(&shown["data"], "password"), EDITED_PASSWORD, "{shown}");
    let import = owner.dir.path().join("import.json");
    let imported = format!(r#"[{{"type":"login","title":"{IMPORTED_TITLE}","fields":[]}}]"#);
    std::fs::write(&import, imported).unwrap();
    owner.ok(&["record", "import", "--folder", &sub, "--from-json", import.to_str().unwrap()]);
    let doomed = owner.uid(&["record", "add", "--folder", &folder, "-t", "to be removed", "--json"]);
    owner.ok(&["record", "remove", &doomed]);
    let listed = owner.ok(&["record", "list", "--json"]);
    assert!(listed.contains(RECORD_TITLE) && listed.contains(IMPORTED_TITLE) && !listed.contains(&doomed));
    let attachment = owner.dir.path().join("notes.txt");
    std::fs::write(&attachment, FILE_CONTENT).unwrap();
    let file = owner.uid(&["file", "attach", "--record", &record, "--path", attachment.to_str().unwrap(), "--json"]);
    std::fs::remove_file(&attachment).unwrap();
    assert_eq!(owner.ok(&["file", "download", &file, "--out", "-"]), FILE_CONTENT);
    owner.ok(&["file", "download", &file, "--out", "fetched.txt"]);
    assert_eq!(std::fs::read_to_string(owner.dir.path().join("fetched.txt")).unwrap(), FILE_CONTENT);
    std::fs::remove_file(owner.dir.path().join("fetched.txt")).unwrap();
    std::fs::remove_file(&import).unwrap();
    let app = owner.uid(&["app", "add", "-t", APP_TITLE, "--json"]);
    owner.ok(&["app", "share", "--app", &app, "--folder", &folder]);
    let apps = owner.ok(&["app", "list", "--json"]);
    assert!(apps.contains(APP_TITLE) && apps.contains(&folder), "{apps}");
    let empty = owner.uid(&["folder", "add", "-t", "empty", "--json"]);
    owner.ok(&["folder", "remove", &empty]);

    // A device enrolled by the remote owner reads what the owner wrote, file included.
    let enrollment = json(&owner.ok(&["client", "add", "--app", &app, "--name", DEVICE_NAME, "--json"]));
    assert_eq!(enrollment["hostname"], server.host.as_str(), "the host of --server");
    let ksm = Ksm::new();
    let init = ksm.init(&enrollment, &[]);
    assert!(init.status.success(), "{}", stderr(&init));
    let got = json(&ksm.ok(&["secret", "get", "-u", &record, "--json"]));
    assert_eq!(got["title"], RECORD_TITLE);
    assert!(got.to_string().contains(EDITED_PASSWORD), "{got}");
    let content = ksm.ok(&["secret", "download", "-u", &record, "--name", "notes.txt", "--file-output", "stdout"]);
    assert_eq!(content, FILE_CONTENT);
    let clients = json(&owner.ok(&["client", "list", "--json"]));
    assert!(clients.to_string().contains(DEVICE_NAME), "{clients}");
    let audit = owner.ok(&["audit", "--json", "--limit", "1000"]);
    assert!(audit.contains("record_edit") && audit.contains("file_attach") && audit.contains("get_secret"));
    owner.ok(&["client", "revoke", DEVICE_NAME]);
    let refused = ksm.run(&["secret", "get", "-u", &record, "--json"]);
    assert!(!refused.status.success() && stderr(&refused).contains("revoked"), "{}", stderr(&refused));

    // Whatever is copied off the server holds no plaintext and opens nothing.
    let backup = server.temp.path().join("vault.backup");
    let output = Command::new(server_bin())
        .arg("--data-dir")
        .arg(&server.data_dir)
        .arg("backup")
        .arg("--out")
        .arg(&backup)
        .env_remove("KSM_SERVER_URL")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let stolen = tempfile::tempdir().unwrap();
    ksm_testkit::copy_tree(&server.data_dir, &stolen.path().join("data"));
    std::fs::copy(&backup, stolen.path().join("vault.backup")).unwrap();
    let files = ksm_testkit::files_under(stolen.path());
    assert!(files.len() >= 5, "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for secret in [FOLDER_NAME, SUB_FOLDER_NAME, RECORD_TITLE, PASSWORD, EDITED_PASSWORD, IMPORTED_TITLE]
            .into_iter()
            .chain([APP_TITLE, DEVICE_NAME, FILE_CONTENT, seed::PASSWORD, seed::LOGIN_TITLE, PASSPHRASE])
        {
            assert!(!bytes.windows(secret.len()).any(|w| w == secret.as_bytes()), "{secret} in {}", file.display());
        }
    }
    let copy = stolen.path().join("data");
    for args in [vec!["record", "show", record.as_str()], vec!["record", "list"], vec!["folder", "list"]] {
        let output = Command::new(server_bin())
            .arg("--data-dir")
            .arg(&copy)
            .args(&args)
            .env_remove("KSM_SERVER_URL")
            .env_remove("KSM_SERVER_KEYSTORE")
            .output()
            .unwrap();
        assert!(!output.status.success(), "{args:?} opened the copy");
        assert!(stderr(&output).contains("cannot read the owner keystore"), "{}", stderr(&output));
        assert!(!String::from_utf8_lossy(&output.stdout).contains(RECORD_TITLE));
    }
}

/// The first value of a record field, from `record show --json`'s `data`.
fn field_of<'a>(data: &'a serde_json::Value, field_type: &str) -> &'a str {
    let fields = data["fields"].as_array().unwrap();
    fields.iter().find(|f| f["type"] == field_type).and_then(|f| f["value"][0].as_str()).unwrap_or_default()
}
