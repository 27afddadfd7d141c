//! `ksm profile …` and `ksm version` against a real server.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;

#[test]
fn init_redeems_the_token_into_an_encrypted_profile_that_becomes_active() {
    let server = start_server(&[]);
    let ksm = Ksm::new();
    let output = ksm.init(&server.mint_token(&server.seed.app, &[]), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(said.contains("Created profile '_default'") && said.contains("3 records"), "{said}");

    let profiles = json(&ksm.ok(&["profile", "list", "--json"]));
    assert_eq!(profiles[0]["name"], "_default");
    assert_eq!(profiles[0]["active"], true);
    assert!(profiles[0]["protection"].as_str().unwrap().starts_with("key-file"), "{profiles}");

    // Nothing secret in the profile file: no app key, no private key, no record data.
    let exported = json(&ksm.ok(&["profile", "export", "--plain"]));
    let app_key = exported["appKey"].as_str().expect("bound");
    assert!(exported.get("clientKey").is_none(), "the token is forgotten once bound");
    let profile_file = std::fs::read(ksm.config_dir().join("profiles/_default.json")).unwrap();
    let text = String::from_utf8_lossy(&profile_file);
    assert!(!text.contains(app_key) && !text.contains(exported["privateKey"].as_str().unwrap()), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ksm.config_dir().join("profiles/_default.json")), 0o600);
        assert_eq!(mode(&ksm.config_dir()), 0o700);
    }
    assert!(ksm.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));
}

#[test]
fn a_token_is_single_use_and_a_failed_init_leaves_no_profile() {
    let server = start_server(&[]);
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let first = Ksm::new();
    assert!(first.init(&enrollment, &[]).status.success());

    let second = Ksm::new();
    let output = second.init(&enrollment, &["-p", "again"]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(stderr(&output).contains("already been used"), "{}", stderr(&output));
    assert_eq!(json(&second.ok(&["profile", "list", "--json"])), serde_json::json!([]));
}

#[test]
fn mistakes_found_locally_do_not_burn_the_token() {
    let server = start_server(&[]);
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let ksm = Ksm::new();
    let output = ksm.init(&enrollment, &["-p", "bad name!"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("bad name!"), "{}", stderr(&output));

    // No keyring reachable here (no Secret Service): stop before redeeming, say what to do.
    let mut args = init_args(&enrollment);
    args.extend(["-p".into(), "keyring".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = ksm.fails(&args, 8);
    assert!(err.contains("--key-file") && err.contains("KSM_PROFILE_KEY") && err.contains("--plaintext"), "{err}");

    assert!(ksm.init(&enrollment, &[]).status.success(), "the token still works");
}

#[test]
fn bad_tokens_hosts_and_certificates_fail_with_one_line_and_their_exit_code() {
    let server = start_server(&[]);
    let ksm = Ksm::new();
    let err = ksm.fails(&["profile", "init", "--token", "US:short", "--key-file", "k"], 2);
    assert!(err.contains("invalid token"), "{err}");

    let unknown = "US:YyIhK5wXFHj36wGBAOmBsxI3v5rIruINrC8KXjyM58c";
    let mut args = init_args(&server.mint_token(&server.seed.app, &[]));
    args[2] = format!("--token={unknown}");
    args.extend(["--key-file".into(), ksm.key_file().display().to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = ksm.fails(&args, 4);
    assert!(err.contains("refused"), "{err}");

    let enrollment = server.mint_token(&server.seed.app, &[]);
    let err = String::from_utf8_lossy(&ksm.init(&enrollment, &["--hostname", "127.0.0.1:1"]).stderr).into_owned();
    assert!(err.contains("cannot reach 127.0.0.1:1"), "{err}");
    let wrong_pin = "00".repeat(32);
    let output = ksm.init(&enrollment, &["--server-cert-sha256", &wrong_pin]);
    assert_eq!(output.status.code(), Some(10), "{}", stderr(&output));
    assert!(stderr(&output).contains("not the pinned one"), "{}", stderr(&output));
    assert!(stderr(&output).contains("man-in-the-middle"), "{}", stderr(&output));
    assert_eq!(json(&ksm.ok(&["profile", "list", "--json"])), serde_json::json!([]));
    assert!(ksm.init(&enrollment, &[]).status.success(), "failed attempts did not burn the token");

    let expiring = server.mint_token(&server.seed.app, &["--token-expiry", "1s"]);
    std::thread::sleep(std::time::Duration::from_millis(1200));
    let late = Ksm::new();
    let output = late.init(&expiring, &[]);
    assert_eq!(output.status.code(), Some(4), "{}", stderr(&output));
    assert!(stderr(&output).contains("expired"), "{}", stderr(&output));
    assert_eq!(json(&late.ok(&["profile", "list", "--json"])), serde_json::json!([]));
}

#[test]
fn profiles_can_be_switched_exported_imported_and_deleted() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let output = ksm.init(&server.mint_token(&server.seed.ro_app, &[]), &["-p", "readonly"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(ksm.ok(&["profile", "list"]).contains("readonly"));

    ksm.ok(&["profile", "active", "readonly"]);
    let list = json(&ksm.ok(&["profile", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().iter().filter(|p| p["active"] == true).count(), 1);
    assert!(list.as_array().unwrap().iter().any(|p| p["name"] == "readonly" && p["active"] == true));
    // The read-only app sees the folder but not the directly shared record.
    let titles = ksm.ok(&["secret", "list", "--json"]);
    assert!(!titles.contains(seed::DIRECT_TITLE), "{titles}");
    assert!(ksm.ok(&["-p", "_default", "secret", "list", "--json"]).contains(seed::DIRECT_TITLE));

    let exported = ksm.ok(&["profile", "export", "_default"]);
    let other = Ksm::new();
    let pin = ["--server-cert-sha256", server_pin(&server).as_str()].map(str::to_string);
    let mut args = vec!["profile", "import", exported.trim(), "-p", "copy", "--plaintext"];
    args.extend(pin.iter().map(String::as_str));
    other.ok(&args);
    assert!(other.ok(&["secret", "list", "--json"]).contains(seed::DIRECT_TITLE));

    ksm.ok(&["profile", "delete", "readonly"]);
    let err = ksm.fails(&["-p", "readonly", "secret", "list"], 3);
    assert!(err.contains("readonly"), "{err}");
}

fn server_pin(server: &ServerProcess) -> String {
    server.mint_token(&server.seed.app, &[])["cert_sha256"].as_str().unwrap().to_string()
}

#[test]
fn ksm_config_works_without_any_file_and_writes_nothing() {
    let server = start_server(&[]);
    let enrolled = Ksm::enrolled(&server, &server.seed.app);
    let config = enrolled.ok(&["profile", "export"]);
    let ci = Ksm::new().with_env("KSM_CONFIG", config.trim()).with_env("KSM_SERVER_CERT_SHA256", &server_pin(&server));
    let password = ci.ok(&["secret", "get", "-u", &server.seed.login, "-f", "password"]);
    assert_eq!(password, seed::PASSWORD);
    assert!(!ci.config_dir().exists(), "KSM_CONFIG must not create a config directory");
    assert!(ci.ok(&["version"]).contains("KSM_CONFIG"));
}

#[test]
fn a_server_asking_for_another_key_id_is_followed_and_remembered() {
    let server = start_server(&["--key-id", "11"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let config = json(&ksm.ok(&["profile", "export", "--plain"]));
    assert_eq!(config["serverPublicKeyId"], "11");
    assert!(ksm.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));
}

/// Every server-backed command saves what its session learned even when it then fails: here a
/// key id the server asked for, before refusing the (revoked) device.
#[test]
fn a_key_id_learned_by_a_failing_command_is_saved() {
    let server = start_server(&["--key-id", "11"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let mut config = json(&ksm.ok(&["profile", "export", "--plain"]));
    let client_id = config["clientId"].as_str().unwrap().to_string();
    config["serverPublicKeyId"] = "10".into();
    server.admin_text(&["client", "revoke", &client_id]);
    let login = &server.seed.login;
    let template = ksm.home.path().join("template.env");
    std::fs::write(&template, format!("PASSWORD=keeper://{login}/field/password\n")).unwrap();
    let notation = format!("keeper://{login}/field/password");
    let commands: [(&[&str], i32); 5] = [
        (&["exec", "--", "true"], 125),
        (&["export", "--map", &format!("P={notation}")], 4),
        (&["interpolate", template.to_str().unwrap()], 4),
        (&["folder", "list"], 4),
        (&["secret", "get", login], 4),
    ];
    let pin = server_pin(&server);
    for (index, (command, code)) in commands.into_iter().enumerate() {
        let name = format!("stale{index}");
        let import = ["profile", "import", &config.to_string(), "-p", &name, "--plaintext"];
        ksm.ok(&[&import[..], &["--server-cert-sha256", &pin]].concat());
        let mut args = vec!["-p", name.as_str()];
        args.extend(command);
        let mut run = ksm.command(&args);
        if command[0] == "exec" {
            run.env("SECRET", &notation);
        }
        let output = run.output().unwrap();
        assert_eq!(output.status.code(), Some(code), "{}: {}", args.join(" "), stderr(&output));
        assert!(stderr(&output).contains("revoked"), "{}", stderr(&output));
        let saved = json(&ksm.ok(&["profile", "export", &name, "--plain"]));
        assert_eq!(saved["serverPublicKeyId"], "11", "ksm {} did not save the key id it learned", args.join(" "));
    }
}

#[test]
fn throttling_is_waited_out_with_a_notice() {
    let server = start_server(&["--rate-limit", "1", "--rate-window", "2"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let output = ksm.run(&["secret", "list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = ksm.run(&["secret", "list", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("throttling"), "a throttled request says so: {}", stderr(&output));
}

#[test]
fn a_revoked_device_is_refused() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let client_id = json(&ksm.ok(&["profile", "export", "--plain"]))["clientId"].as_str().unwrap().to_string();
    server.admin_text(&["client", "revoke", &client_id]);
    let err = ksm.fails(&["secret", "list"], 4);
    assert!(err.contains("revoked"), "{err}");
}

#[test]
fn version_reports_the_client_and_the_profile_storage() {
    let ksm = Ksm::new();
    let version = ksm.ok(&["--version"]);
    assert_eq!(version.trim(), format!("ksm {}", env!("CARGO_PKG_VERSION")));
    let report = ksm.ok(&["version"]);
    assert!(report.contains(&ksm.config_dir().display().to_string()) && report.contains("profile: none"), "{report}");
    let err = ksm.fails(&["secret", "list"], 4);
    assert!(err.contains("ksm profile init"), "{err}");
}
