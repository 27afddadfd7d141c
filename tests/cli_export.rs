//! `ksm export` against a real server: every format's quoting survives hostile values.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use std::process::Command;

const NASTY: &str = "line1\nline2 'single' \"double\" $HOME `id` \\back\\ ; & | > < ünïcødé €  ";

fn server_with_nasty_record() -> (ServerProcess, String) {
    let server = start_server(&[]);
    let uid =
        server.add_record("Nasty", &["--field", &format!("password={NASTY}"), "--custom", "Cardholder Name:text=Ann"]);
    (server, uid)
}

#[test]
fn sh_export_round_trips_any_value_through_a_real_shell() {
    let (server, uid) = server_with_nasty_record();
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let script = ksm.ok(&["export", "--format", "sh", "--map", &format!("V=keeper://{uid}/field/password")]);
    let output = Command::new("sh").args(["-c", r#"eval "$1"; printf %s "$V""#, "sh", &script]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), NASTY);
}

#[test]
fn dotenv_export_reads_back_exactly_through_exec_env_file() {
    let (server, uid) = server_with_nasty_record();
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let file = ksm.home.path().join("out.env");
    ksm.ok(&["export", "--map", &format!("V=keeper://{uid}/field/password"), "-o", file.to_str().unwrap()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("V=\"") && text.contains("\\$HOME"), "$ is escaped: {text}");
    let value =
        ksm.ok(&["exec", "--no-mask", "--env-file", file.to_str().unwrap(), "--", "sh", "-c", r#"printf %s "$V""#]);
    assert_eq!(value, NASTY);
}

#[test]
fn json_and_yaml_and_record_fields() {
    let (server, uid) = server_with_nasty_record();
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let exported = json(&ksm.ok(&["export", "--format", "json", "-u", &uid]));
    assert_eq!(exported["PASSWORD"], NASTY);
    assert_eq!(exported["CARDHOLDER_NAME"], "Ann");
    let yaml = ksm.ok(&["export", "--format", "yaml", "--map", &format!("V=keeper://{uid}/field/password")]);
    assert!(yaml.starts_with("V: \"line1\\nline2"), "{yaml}");

    let err = ksm.fails(&["export", "--map", "1BAD=keeper://x/type"], 2);
    assert!(err.contains("1BAD"), "{err}");
    let err = ksm.fails(&["export", "--map", &format!("V=keeper://{uid}/field/nope")], 3);
    assert!(err.contains("nothing exported") && err.contains("nope"), "{err}");
}

/// `--env-file` values (and `--map`) take the template syntax of `interpolate`: defaults,
/// transforms, braced notations inside a longer value.
#[test]
fn env_file_values_take_defaults_and_transforms() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = &server.seed.login;
    let file = ksm.home.path().join("app.env");
    std::fs::write(
        &file,
        format!(
            "USER=keeper://{login}/field/login|upper\nHOST=keeper://{login}/field/nope:-localhost\nDSN=postgres://${{keeper://{login}/field/login}}@db\nTITLE=keeper://{login}/title\nPLAIN=kept\n"
        ),
    )
    .unwrap();
    let exported = json(&ksm.ok(&["export", "--format", "json", "--env-file", file.to_str().unwrap()]));
    assert_eq!(
        exported,
        serde_json::json!({
            "USER": seed::LOGIN.to_uppercase(),
            "HOST": "localhost",
            "DSN": format!("postgres://{}@db", seed::LOGIN),
            "TITLE": seed::LOGIN_TITLE,
            "PLAIN": "kept",
        })
    );
    let mapped = ksm.ok(&["export", "--map", &format!("B=keeper://{login}/field/login|base64"), "--format", "json"]);
    assert_eq!(json(&mapped)["B"], base64_of(seed::LOGIN));
}

fn base64_of(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}
