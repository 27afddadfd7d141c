//! Configurations that leave this machine and come back: `profile export` (JSON or INI),
//! `KSM_CONFIG`, `profile import` of ours and the official CLI's exports, `--ini-file`,
//! `init default|k8s`, and tokens that never appear on the command line. Real server, real ksm.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use ksm_proto::b64;
use serde_json::Value;
use std::io::Write;
use std::process::{Output, Stdio};

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `--server-public-key-id ID --server-public-key KEY --server-cert-sha256 PIN` of an enrollment.
fn server_flags(enrollment: &Value) -> Vec<String> {
    init_args(enrollment).into_iter().filter(|arg| arg.starts_with("--server-")).collect()
}

/// What the official CLI's `profile export --file-format json` prints for this device: no
/// serverPublicKey, no TLS trust (export.py writes only these six keys).
fn official_json_export(ksm: &Ksm) -> String {
    let ours = json(&ksm.ok(&["profile", "export", "--plain"]));
    let official = serde_json::json!({
        "clientId": ours["clientId"], "privateKey": ours["privateKey"], "appKey": ours["appKey"],
        "hostname": ours["hostname"], "serverPublicKeyId": ours["serverPublicKeyId"],
        "appOwnerPublicKey": ours["appOwnerPublicKey"],
    });
    b64::encode_url(serde_json::to_string_pretty(&official).unwrap().as_bytes())
}

fn run_with_stdin(ksm: &Ksm, args: &[&str], input: &str) -> Output {
    let mut child =
        ksm.command(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn ksm_config_from_profile_export_reaches_a_self_hosted_server_as_it_is() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let plain = json(&ksm.ok(&["profile", "export", "--plain"]));
    assert_eq!(plain["serverCertSha256"], enrollment["cert_sha256"]);
    assert_eq!(plain["serverPublicKey"], enrollment["server_public_key"]);
    assert_eq!(plain["serverPublicKeyId"], enrollment["server_public_key_id"]);

    // The README's CI line: KSM_CONFIG=$(ksm profile export) ksm secret list
    let ci = Ksm::new().with_env("KSM_CONFIG", ksm.ok(&["profile", "export"]).trim());
    assert!(ci.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));

    // Without the trust (the official CLI's export): a TLS error of its own, naming the fix.
    let untrusted = Ksm::new().with_env("KSM_CONFIG", &official_json_export(&ksm));
    let err = untrusted.fails(&["secret", "list"], 10);
    assert!(err.contains("not trusted") && err.contains("UnknownIssuer"), "{err}");
    assert!(err.contains("KSM_SERVER_CERT_SHA256") && err.contains("--server-cert-sha256"), "{err}");
}

#[test]
fn importing_the_official_export_takes_the_server_key_and_trust_flags_and_warns_without_them() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let official = official_json_export(&ksm);

    let bare = Ksm::new();
    let output = bare.run(&["profile", "import", &official, "--plaintext"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert_eq!(err.lines().count(), 2, "the plaintext warning, then ours: {err}");
    let warning = err.lines().nth(1).unwrap();
    assert!(warning.starts_with("ksm: warning: profile '_default' is for 127.0.0.1:"), "{warning}");
    assert!(warning.contains("no server public key") && warning.contains("no TLS trust"), "{warning}");

    let fixed = Ksm::new();
    let mut args = vec!["profile".to_string(), "import".into(), official.clone(), "--plaintext".into()];
    args.extend(server_flags(&server.mint_token(&server.seed.app, &[])));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = fixed.run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("not a Keeper host"), "{}", stderr(&output));
    assert!(fixed.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));
}

#[test]
fn a_host_prefixed_token_with_ksm_hostname_keeps_the_port() {
    let server = start_server(&[]);
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let token = format!("127.0.0.1:{}", enrollment["token"].as_str().unwrap());
    let ksm = Ksm::new();
    let mut args = vec!["profile".to_string(), "init".into(), "--token".into(), token, "--plaintext".into()];
    args.extend(server_flags(&enrollment));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = ksm.command(&args).env("KSM_HOSTNAME", &server.host).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&ksm.ok(&["profile", "export", "--plain"]))["hostname"], server.host.as_str());
    assert!(ksm.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE), "later calls reach the port");
}

#[test]
fn tokens_come_from_stdin_or_ksm_token_and_never_need_the_command_line() {
    let server = start_server(&[]);
    let from_stdin = Ksm::new();
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let token = enrollment["token"].as_str().unwrap();
    let mut args: Vec<String> = init_args(&enrollment).into_iter().filter(|a| !a.starts_with("--token")).collect();
    args.extend(["--token".into(), "-".into(), "--plaintext".into()]);
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run_with_stdin(&from_stdin, &args_ref, &format!("{token}\n"));
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(from_stdin.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));

    let from_env = Ksm::new();
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let mut args: Vec<String> = init_args(&enrollment).into_iter().filter(|a| !a.starts_with("--token")).collect();
    args.push("--plaintext".into());
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = from_env.command(&args_ref).env("KSM_TOKEN", enrollment["token"].as_str().unwrap()).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(from_env.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));

    let nothing = Ksm::new();
    let err = nothing.fails(&["profile", "init", "--plaintext"], 2);
    assert!(err.contains("--token -") && err.contains("KSM_TOKEN"), "{err}");
    let output = run_with_stdin(&nothing, &["profile", "init", "--token", "-", "--plaintext"], "");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("stdin held no token"), "{}", stderr(&output));
}

#[test]
fn init_default_and_k8s_print_a_configuration_and_write_no_profile() {
    let server = start_server(&[]);
    let ksm = Ksm::new();
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let mut args = vec!["init".to_string(), "default".into(), "-".into(), "-h".into(), server.host.clone()];
    args.extend(server_flags(&enrollment));
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run_with_stdin(&ksm, &args_ref, enrollment["token"].as_str().unwrap());
    assert!(output.status.success(), "{}", stderr(&output));
    let config = stdout(&output);
    assert!(!ksm.config_dir().exists(), "no profile store is created");
    let ci = Ksm::new().with_env("KSM_CONFIG", config.trim());
    assert!(ci.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));

    let enrollment = server.mint_token(&server.seed.app, &[]);
    let token = enrollment["token"].as_str().unwrap().to_string();
    let mut args = vec!["init", "k8s", "--name", "app-config", "--ns", "prod", "-i", "-h", server.host.as_str()];
    let flags = server_flags(&enrollment);
    args.extend(flags.iter().map(String::as_str));
    let output = ksm.command(&args).env("KSM_TOKEN", &token).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let manifest = stdout(&output);
    for line in
        ["apiVersion: v1", "kind: Secret", "  name: app-config", "  namespace: prod", "type: Opaque", "immutable: true"]
    {
        assert!(manifest.lines().any(|l| l == line), "{line} in {manifest}");
    }
    let data = manifest.lines().find_map(|l| l.strip_prefix("  config: ")).expect("data.config");
    let secret_value = String::from_utf8(b64::decode(data).unwrap()).unwrap();
    assert!(json(&secret_value)["clientId"].is_string(), "the Secret holds the JSON configuration");
    let pod = Ksm::new().with_env("KSM_CONFIG", &secret_value);
    assert!(pod.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));
    assert!(!ksm.config_dir().exists());
}

#[test]
fn export_as_ini_import_to_an_output_file_and_use_it_with_ini_file() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let ini = ksm.ok(&["profile", "export", "--file-format", "ini", "--plain"]);
    assert!(ini.starts_with("[_config]\nactive_profile = _default\n"), "{ini}");
    assert!(ini.contains("\n[_default]\n") && ini.contains("\nclientid = "), "{ini}");
    let encoded = ksm.ok(&["profile", "export", "--file-format", "INI"]);

    // -f is --output-file, as in the official CLI: a keeper.ini, and nothing in the store.
    let other = Ksm::new();
    let path = other.home.path().join("keeper.ini");
    let said = other.ok(&["profile", "import", "-f", path.to_str().unwrap(), encoded.trim()]);
    assert!(said.contains("keeper.ini"), "{said}");
    assert!(!other.config_dir().join("profiles").exists(), "the store is untouched");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let err = other.fails(&["profile", "import", "-f", path.to_str().unwrap(), encoded.trim()], 2);
    assert!(err.contains("already exists"), "{err}");

    let ini_file = ["--ini-file", path.to_str().unwrap()];
    let listed = other.ok(&[&ini_file[..], &["secret", "list", "--json"]].concat());
    assert!(listed.contains(seed::LOGIN_TITLE), "{listed}");
    let shown = other.ok(&[&ini_file[..], &["config", "show"]].concat());
    assert!(shown.contains("--ini-file") && shown.contains("pinned certificate"), "{shown}");
    let exported = json(&ksm.ok(&["profile", "export", "--plain"]));
    for secret in [&exported["appKey"], &exported["privateKey"]] {
        assert!(!shown.contains(secret.as_str().unwrap()), "config show never shows a key");
    }
    let err = other.fails(&[&ini_file[..], &["-p", "nope", "secret", "list"]].concat(), 2);
    assert!(err.contains("no profile [nope]"), "{err}");

    // The input file has its own long flag now.
    let third = Ksm::new();
    third.ok(&["profile", "import", "--input-file", path.to_str().unwrap(), "--plaintext"]);
    assert!(third.ok(&["secret", "list", "--json"]).contains(seed::LOGIN_TITLE));
    let shown = third.ok(&["config", "show"]);
    assert!(shown.contains("Active Profile") && shown.contains("_default"), "{shown}");
}

#[test]
fn profile_init_with_ini_file_writes_a_new_keeper_ini_used_in_place() {
    let server = start_server(&[]);
    let ksm = Ksm::new();
    let path = ksm.home.path().join("keeper.ini");
    let path_text = path.to_str().unwrap();
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let mut args = vec!["--ini-file".to_string(), path_text.into(), "-p".into(), "ci".into()];
    args.extend(init_args(&enrollment));
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let said = ksm.ok(&args_ref);
    assert!(said.contains("Wrote profile ci to"), "{said}");
    assert!(!ksm.config_dir().join("profiles").exists(), "nothing in the store");
    assert!(std::fs::read_to_string(&path).unwrap().starts_with("[_config]\nactive_profile = ci\n"));

    let listed = ksm.ok(&["--ini-file", path_text, "secret", "list", "--json"]);
    assert!(listed.contains(seed::LOGIN_TITLE), "{listed}");
    let status = ksm.ok(&["--ini-file", path_text, "config", "cache"]);
    assert!(status.contains("--ini-file device"), "{status}");

    // An existing file is refused before the token is spent.
    let enrollment = server.mint_token(&server.seed.app, &[]);
    let mut args = vec!["--ini-file".to_string(), path_text.into()];
    args.extend(init_args(&enrollment));
    let args_ref: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = ksm.fails(&args_ref, 2);
    assert!(err.contains("already exists"), "{err}");
    assert!(Ksm::new().init(&enrollment, &[]).status.success(), "the token was not spent");
}
