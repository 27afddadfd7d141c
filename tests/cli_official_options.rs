//! The official CLI's global options and spellings, and its commands ksm does not have.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `-o FILE` (before the command, as the official CLI has it) writes the output there, 0600,
/// and only when the command succeeds; `-o stderr` sends it to stderr.
#[test]
fn output_goes_to_a_file_or_stderr() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = server.seed.login.as_str();
    let file = ksm.home.path().join("out.txt");
    let output = ksm.run(&["-o", file.to_str().unwrap(), "secret", "get", "-u", login, "-f", "password"]);
    assert!(output.status.success() && output.stdout.is_empty(), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), seed::PASSWORD);
    #[cfg(unix)]
    assert_eq!(mode(&file), 0o600);

    let failed = ksm.home.path().join("failed.txt");
    ksm.fails(&["--output", failed.to_str().unwrap(), "secret", "get", "-u", "AAAAAAAAAAAAAAAAAAAAAA"], 3);
    assert!(!failed.exists(), "a failed command leaves no file");
    let names: Vec<_> = std::fs::read_dir(ksm.home.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(!names.iter().any(|n| n.to_string_lossy().ends_with(".tmp")), "{names:?}");

    let output = ksm.run(&["-o", "stderr", "secret", "get", "-u", login, "-f", "login"]);
    assert!(output.status.success() && output.stdout.is_empty());
    assert_eq!(stderr(&output), seed::LOGIN);

    let err = ksm.fails(&["-o", file.to_str().unwrap(), "exec", "--", "true"], 2);
    assert!(err.starts_with("ksm: error: ") && err.contains("> FILE") && err.lines().count() == 1, "{err}");
}

#[test]
fn official_global_spellings_are_accepted() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    for globals in [&["-nc"][..], &["-c"], &["--log-level", "DEBUG"], &["--no-cache"], &["-nc", "--log-level=error"]] {
        let args: Vec<&str> = globals.iter().copied().chain(["secret", "list", "--json"]).collect();
        let listed = json(&ksm.ok(&args));
        assert!(listed.as_array().is_some_and(|a| !a.is_empty()), "{globals:?}");
    }
    let colored = ksm.ok(&["-c", "secret", "list"]);
    assert!(colored.contains("\x1b["), "-c is --color: {colored}");
    let plain = ksm.ok(&["-nc", "secret", "list"]);
    assert!(!plain.contains("\x1b["), "-nc is --no-color: {plain}");
}

/// The global options clap knows are skipped wherever they are, so the official `-lc` works
/// after any of them (`--offline` was once missing from a hand-written list).
#[test]
fn password_counts_after_any_global_option() {
    let ksm = Ksm::new();
    let password = ksm.ok(&["--offline", "--max-stale", "1h", "secret", "password", "-lc", "8"]);
    // No newline after the value, as the official CLI prints it.
    assert!(password.len() == 8 && password.chars().all(|c| c.is_ascii_lowercase()), "{password}");
}

#[test]
fn official_commands_ksm_does_not_have_get_one_line() {
    let ksm = Ksm::new();
    for (args, hint) in [
        (&["sync", "--type", "aws", "--credentials", "x"][..], "ksm export"),
        (&["shell"], "directly"),
        (&["profile", "setup", "--type", "aws"], "profile import"),
        (&["secret", "add", "editor", "--sf", "x", "--rt", "login"], "secret add file"),
    ] {
        let err = ksm.fails(args, 2);
        assert!(err.starts_with("ksm: error: ") && err.contains(hint) && err.lines().count() == 1, "{args:?}: {err}");
    }
}

#[test]
fn add_field_takes_the_record_version() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let folder = server.seed.folder.as_str();
    let uid = ksm.ok(&["secret", "add", "field", "--sf", folder, "--rt", "login", "-t", "V3", "--version", "V3"]);
    assert!(server.record_uids().contains(&uid.trim().to_string()));
    ksm.fails(&["secret", "add", "field", "--sf", folder, "--rt", "login", "-t", "V4", "--version", "v4"], 2);
}

/// Every failure is one line in one style: `ksm: error: ` and a lowercase start (an
/// environment variable or a proper name such as JSONPath may start it).
#[test]
fn errors_share_one_style() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = server.seed.login.as_str();
    let cases: [(&[&str], i32); 8] = [
        (&["secret", "get", "--bogus"], 2),
        (&["secret", "password", "-l", "5", "--lc", "3"], 2),
        (&["secret", "get", "-u", "AAAAAAAAAAAAAAAAAAAAAA"], 3),
        (&["secret", "get", "-u", login, "-f", "pasword"], 3),
        (&["secret", "notation", "keeper://AAAAAAAAAAAAAAAAAAAAAA/field/password"], 3),
        (&["secret", "get", "-u", login, "-q", "$.x[?(@.a=)]"], 2),
        (&["exec", "--", "no-such-command-for-ksm-tests"], 127),
        (&["sync"], 2),
    ];
    for (args, code) in cases {
        let err = ksm.fails(args, code);
        let rest = err.trim_start_matches("ksm: error: ");
        let starts_lowercase = rest.starts_with(|c: char| c.is_lowercase() || "`'-".contains(c));
        assert!(err.lines().count() == 1 && (starts_lowercase || rest.starts_with("JSONPath")), "{args:?}: {err}");
    }
    let err = Ksm::new().with_env("KSM_EXEC_MASK", "maybe").fails(&["exec", "--", "true"], 2);
    assert!(err.contains("KSM_EXEC_MASK=maybe") && err.contains("secrets, all or off"), "{err}");
}
