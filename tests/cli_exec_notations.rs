//! `ksm exec`'s notation side against a real server: one request for every notation, fail
//! closed, a cleaned environment, env files and inline arguments.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;

/// How many `get_secret` requests this device has made, from the server's audit log.
fn get_secret_count(server: &ServerProcess, ksm: &Ksm) -> usize {
    let client_id = json(&ksm.ok(&["profile", "export", "--plain"]))["clientId"].as_str().unwrap().to_string();
    let audit = server.admin(&["audit", "--json", "--limit", "100000", "--client", &client_id]);
    audit.as_array().unwrap().iter().filter(|e| e["action"] == "get_secret").count()
}

#[test]
fn fifty_notations_resolve_with_one_request() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let before = get_secret_count(&server, &ksm);
    let mut command = ksm.command(&["exec", "--no-mask", "--", "env"]);
    let uids = [&server.seed.login, &server.seed.sub_record, &server.seed.direct];
    for n in 0..50 {
        command.env(format!("SECRET_{n}"), format!("keeper://{}/field/password", uids[n % 3]));
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let env = String::from_utf8(output.stdout).unwrap();
    assert!(env.contains(&format!("SECRET_0={}\n", seed::PASSWORD)), "{env}");
    assert!(env.contains(&format!("SECRET_1={}\n", seed::SUB_PASSWORD)), "{env}");
    assert!(env.contains(&format!("SECRET_49={}\n", seed::SUB_PASSWORD)), "{env}");
    assert_eq!(get_secret_count(&server, &ksm) - before, 1, "one get_secret for 50 notations");
}

#[test]
fn a_notation_that_does_not_resolve_keeps_the_command_from_starting() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let marker = ksm.home.path().join("started");
    let login = &server.seed.login;
    let output = ksm
        .command(&["exec", "--", "touch", marker.to_str().unwrap()])
        .env("GOOD", format!("keeper://{login}/field/password"))
        .env("BAD", format!("keeper://{login}/field/no_such_field"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(125), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("environment variable BAD") && err.contains("no_such_field"), "{err}");
    assert!(!err.contains(seed::PASSWORD), "never a value in an error: {err}");
    assert!(!marker.exists(), "the command must not start");

    let output = ksm.command(&["exec", "--", "definitely-not-a-command-xyz"]).output().unwrap();
    assert_eq!(output.status.code(), Some(127), "{}", stderr(&output));
}

#[test]
fn credentials_are_removed_from_the_child_environment() {
    let server = start_server(&[]);
    let enrolled = Ksm::enrolled(&server, &server.seed.app);
    let config = enrolled.ok(&["profile", "export"]);
    let pin = server.mint_token(&server.seed.app, &[])["cert_sha256"].as_str().unwrap().to_string();
    let ci = Ksm::new().with_env("KSM_CONFIG", config.trim()).with_env("KSM_SERVER_CERT_SHA256", &pin);
    let output = ci
        .command(&["exec", "--no-mask", "--", "env"])
        .env("KSM_TOKEN", "US:token")
        .env("KSM_PROFILE_KEY", "a-profile-key-1234567890")
        .env("DB_PASS", format!("keeper://{}/field/password", server.seed.login))
        .env("PLAIN", "kept")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let env = String::from_utf8(output.stdout).unwrap();
    assert!(env.contains(&format!("DB_PASS={}\n", seed::PASSWORD)) && env.contains("PLAIN=kept\n"), "{env}");
    for credential in ["KSM_CONFIG=", "KSM_TOKEN=", "KSM_PROFILE_KEY="] {
        assert!(!env.contains(credential), "{credential} leaked: {env}");
    }
}

#[test]
fn env_files_and_inline_arguments_are_resolved() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = &server.seed.login;
    let env_file = ksm.home.path().join("app.env");
    std::fs::write(
        &env_file,
        format!("# app\nexport DB_USER=keeper://{login}/field/login\nMODE='prod # not a comment'\n"),
    )
    .unwrap();
    let out = ksm.ok(&[
        "exec",
        "--no-mask",
        "--env-file",
        env_file.to_str().unwrap(),
        "--inline",
        "--",
        "sh",
        "-c",
        r#"printf '%s|%s|%s|%s' "$DB_USER" "$MODE" "$1" "$2""#,
        "sh",
        &format!("user=${{keeper://{login}/field/login}};pass=${{keeper://{login}/field/password}}"),
        &format!("--password=keeper://{}/field/password", seed::LOGIN_TITLE),
    ]);
    assert_eq!(
        out,
        format!(
            "{}|prod # not a comment|user={};pass={}|--password={}",
            seed::LOGIN,
            seed::LOGIN,
            seed::PASSWORD,
            seed::PASSWORD
        )
    );
}

#[test]
fn without_notations_no_profile_or_request_is_needed() {
    let ksm = Ksm::new();
    assert_eq!(ksm.ok(&["exec", "--no-mask", "--", "printf", "%s", "fine"]), "fine");
}
