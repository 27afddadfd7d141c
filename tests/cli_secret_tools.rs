//! `ksm secret totp` against a real server; `secret password` and `secret template` with no
//! configuration at all.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use serde_json::Value;

/// The RFC 6238 SHA1 test secret; at Unix time 59 its 8-digit code is 94287082.
const RFC_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

#[test]
fn totp_prints_the_code_of_the_records_one_time_code_field() {
    let server = start_server(&[]);
    let uri = format!("oneTimeCode=otpauth://totp/ACME:alice?secret={RFC_SECRET}&issuer=ACME&digits=8&counter=59");
    let standard = server.add_record("TOTP standard", &["--field", "login=alice", "--field", &uri]);
    let custom_uri = format!("Backup:otp=otpauth://totp/x?secret={RFC_SECRET}&digits=8&counter=1111111109");
    let custom = server.add_record("TOTP custom", &["--custom", &custom_uri]);
    let bad = server.add_record("TOTP bad", &["--field", "oneTimeCode=otpauth://totp/x?secret=1NVAL1D8"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);

    let output = ksm.run(&["secret", "totp", &standard]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "the validity hint is only for a terminal");
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "94287082", "no newline, as the official CLI");
    let code = json(&ksm.ok(&["secret", "totp", &standard, "--json"]));
    assert_eq!(code, serde_json::json!({"code": "94287082", "seconds_left": 1, "period": 30}));
    assert_eq!(ksm.ok(&["secret", "totp", &custom]), "07081804", "custom fields are searched too");

    let err = ksm.fails(&["secret", "totp", "AAAAAAAAAAAAAAAAAAAAAA"], 3);
    assert!(err.contains("AAAAAAAAAAAAAAAAAAAAAA"), "{err}");
    let err = ksm.fails(&["secret", "totp", &server.seed.login], 3);
    assert!(err.contains("no one-time code"), "{err}");
    let err = ksm.fails(&["secret", "totp", &bad], 3);
    assert!(err.contains("base32") && !err.contains("1NVAL1D8"), "the secret stays out of the error: {err}");
    assert!(ksm.run(&["secret", "totp", &bad]).stdout.is_empty());
}

#[test]
fn totp_needs_a_profile() {
    let ksm = Ksm::new();
    ksm.fails(&["secret", "totp", "AAAAAAAAAAAAAAAAAAAAAA"], 4);
}

/// A `ksm` whose configuration directory does not exist; asserts it still does not afterwards.
struct Unconfigured(Ksm);

impl Unconfigured {
    fn new() -> Self {
        let ksm = Ksm::new();
        assert!(!ksm.config_dir().exists());
        Self(ksm)
    }
}

impl Drop for Unconfigured {
    fn drop(&mut self) {
        let created: Vec<_> = std::fs::read_dir(self.0.home.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(created.is_empty() || std::thread::panicking(), "nothing may be written: {created:?}");
    }
}

#[test]
fn password_needs_no_configuration() {
    let ksm = Unconfigured::new();
    let ksm = &ksm.0;
    let password = |args: &[&str]| {
        let mut full = vec!["secret", "password"];
        full.extend(args);
        let output = ksm.run(&full);
        assert!(output.status.success() && output.stderr.is_empty(), "{}", stderr(&output));
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(!text.contains('\n'), "no newline, as the official CLI: {text:?}");
        text
    };
    assert_eq!(password(&[]).chars().count(), 64);
    assert_eq!(password(&["-l", "20"]).chars().count(), 20);
    assert_ne!(password(&[]), password(&[]));

    let counted = password(&["-lc", "3", "-uc", "4", "-d", "5", "-sc", "6"]);
    assert_eq!(counted.chars().count(), 18, "official spellings: {counted}");
    assert_eq!(counted.chars().filter(char::is_ascii_lowercase).count(), 3, "{counted}");
    assert_eq!(counted.chars().filter(char::is_ascii_uppercase).count(), 4, "{counted}");
    assert_eq!(counted.chars().filter(char::is_ascii_digit).count(), 5, "{counted}");
    let long = password(&["--lc", "2", "--uc", "2", "--digits", "2", "--sc", "4", "--special-chars", "*"]);
    assert_eq!((long.len(), long.matches('*').count()), (10, 4), "{long}");

    let err = ksm.fails(&["secret", "password", "--length", "20", "--lc", "5"], 2);
    assert!(err.contains("add up to 5"), "{err}");
    ksm.fails(&["secret", "password", "--sc", "1", "--special-chars", ""], 2);
    ksm.fails(&["secret", "password", "-l", "1000000"], 2);
}

#[test]
fn templates_need_no_configuration() {
    let ksm = Unconfigured::new();
    let ksm = &ksm.0;
    let list = ksm.ok(&["secret", "template", "record", "-l"]);
    assert!(list.starts_with(" Record Type\n -"), "{list}");
    let listed: Vec<&str> = list.lines().skip(2).map(str::trim).collect();
    assert_eq!(listed.len(), 26);
    assert!(listed.contains(&"login") && listed.contains(&"sshKeys") && listed.contains(&"pamUser"), "{list}");
    let fields = ksm.ok(&["secret", "template", "field", "--show-list"]);
    assert!(fields.lines().any(|l| l.trim() == "oneTimeCode") && !fields.contains('\u{1b}'), "{fields}");

    let template = json(&ksm.ok(&["secret", "template", "record", "sshKeys"]));
    assert_eq!((&template["version"], &template["kind"]), (&Value::from("v3"), &Value::from("KeeperRecord")));
    let record = &template["data"][0];
    assert_eq!(record["recordType"], "sshKeys");
    let types: Vec<&str> = record["fields"].as_array().unwrap().iter().map(|f| f["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["login", "keyPair", "password", "host", "fileRef"]);
    assert!(record["fields"][1]["value"]["privateKey"].as_str().unwrap().starts_with("<#ADD: "));

    let yaml = ksm.ok(&["secret", "template", "record", "login", "--output-format", "yaml"]);
    assert!(yaml.starts_with("version: v3\nkind: KeeperRecord\ndata:\n- recordType: login\n"), "{yaml}");
    let phone = json(&ksm.ok(&["secret", "template", "field", "phone"]));
    assert_eq!(phone["value"]["type"], "<#ADD: Home | Mobile | Work>");
    let err = ksm.fails(&["secret", "template", "record", "Login"], 2);
    assert!(err.contains("did you mean login?"), "{err}");
    ksm.fails(&["secret", "template", "field"], 2);
}

#[test]
fn template_output_file_is_private() {
    let ksm = Ksm::new();
    let path = ksm.home.path().join("new.json");
    let path_text = path.to_str().unwrap();
    assert_eq!(ksm.ok(&["secret", "template", "record", "login", "contact", "-f", path_text]), "");
    let template = json(&std::fs::read_to_string(&path).unwrap());
    assert_eq!(template["data"][1]["recordType"], "contact");
    assert_eq!(template["data"][1]["fields"][1]["label"], "Company");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    assert!(!ksm.config_dir().exists());
}
