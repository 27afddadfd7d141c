//! `ksm interpolate` against a real server.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn renders_in_place_with_a_backup_and_private_modes() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = &server.seed.login;
    let template = format!(
        "# keeper://{login}/field/password stays in comments\nUSER=keeper://{login}/field/login\nTITLE=${{keeper://{login}/title}}\nUPPER=keeper://{login}/field/login|upper\nHOST=keeper://{login}/field/url:-localhost\n"
    );
    let path = ksm.home.path().join("app.env");
    std::fs::write(&path, &template).unwrap();
    ksm.ok(&["interpolate", "-w", path.to_str().unwrap()]);
    let rendered = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        rendered,
        format!(
            "# keeper://{login}/field/password stays in comments\nUSER={}\nTITLE={}\nUPPER={}\nHOST=localhost\n",
            seed::LOGIN,
            seed::LOGIN_TITLE,
            seed::LOGIN.to_uppercase()
        )
    );
    let backup = ksm.home.path().join("app.env.bak");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), template);
    #[cfg(unix)]
    assert_eq!((mode(&path), mode(&backup)), (0o600, 0o600));
}

#[test]
fn stdin_to_output_file_dry_run_and_validate() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = &server.seed.login;
    let out = ksm.home.path().join("out.env");
    let mut child =
        ksm.command(&["interpolate", "-o", out.to_str().unwrap()]).stdin(std::process::Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(format!("P=keeper://{login}/field/login").as_bytes()).unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("P={}", seed::LOGIN), "no newline added");

    let template = ksm.home.path().join("t.env");
    std::fs::write(&template, format!("A=keeper://{login}/field/login\nB=keeper://{login}/field/missing\n")).unwrap();
    let dry = ksm.run(&["interpolate", "-n", template.to_str().unwrap()]);
    assert!(dry.status.success());
    let report = stderr(&dry);
    assert!(
        report.contains(":1:") && report.contains("resolves") && report.contains(":2:") && report.contains("ERROR"),
        "{report}"
    );
    assert!(!report.contains(seed::LOGIN) && dry.stdout.is_empty(), "a dry run shows no values: {report}");

    let err = ksm.fails(&["interpolate", "--validate", template.to_str().unwrap()], 3);
    assert!(err.contains("t.env:2") && err.contains("missing"), "{err}");
    let err = ksm.fails(&["interpolate", "-o", out.to_str().unwrap(), template.to_str().unwrap()], 3);
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), format!("P={}", seed::LOGIN), "the old output is intact");
}

#[test]
fn values_with_shell_metacharacters_need_an_explicit_opt_in() {
    let server = start_server(&[]);
    let uid = server.add_record("Shelly", &["--field", "password=a$(reboot);b"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let template = ksm.home.path().join("t");
    std::fs::write(&template, format!("X=keeper://{uid}/field/password\n")).unwrap();
    let err = ksm.fails(&["interpolate", template.to_str().unwrap()], 3);
    assert!(err.contains("--allow-unsafe-for-eval") && !err.contains("reboot"), "{err}");
    let out = ksm.ok(&["interpolate", "--allow-unsafe-for-eval", template.to_str().unwrap()]);
    assert_eq!(out, "X=a$(reboot);b\n");
}

/// A file written with -o or -w is read by a program, not a shell: `;` and `>` in a value are
/// fine there. Only stdout (eval "$(…)") is checked.
#[test]
fn files_take_values_with_shell_metacharacters() {
    let server = start_server(&[]);
    let uid = server.add_record("Dsn", &["--field", "password=host=db;port=5432 > x"]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let template = ksm.home.path().join("t");
    std::fs::write(&template, format!("DSN=keeper://{uid}/field/password\n")).unwrap();
    let out = ksm.home.path().join("out");
    let done = ksm.run(&["interpolate", "-o", out.to_str().unwrap(), template.to_str().unwrap()]);
    assert!(done.status.success() && stderr(&done).is_empty(), "{}", stderr(&done));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "DSN=host=db;port=5432 > x\n");
    ksm.ok(&["interpolate", "-w", "-b", "", template.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&template).unwrap(), "DSN=host=db;port=5432 > x\n");
    std::fs::write(&template, format!("DSN=keeper://{uid}/field/password\n")).unwrap();
    ksm.fails(&["interpolate", template.to_str().unwrap()], 3);
}

/// `-C/--continue` (the official flag): what resolves is written, what does not stays as
/// written, an unreadable file is skipped, and the exit code says something was left.
#[test]
fn continue_writes_what_resolves_and_exits_3() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let login = &server.seed.login;
    let good = ksm.home.path().join("good.env");
    let partly = ksm.home.path().join("partly.env");
    let missing = ksm.home.path().join("missing.env");
    std::fs::write(&good, format!("U=keeper://{login}/field/login\n")).unwrap();
    let broken = format!("keeper://{login}/field/nope");
    std::fs::write(&partly, format!("U=keeper://{login}/field/login\nX={broken}\n")).unwrap();
    let paths = [&good, &partly, &missing].map(|p| p.to_str().unwrap().to_string());
    let err = ksm.fails(&["interpolate", "-C", "-w", "-b", "", &paths[0], &paths[1], &paths[2]], 3);
    assert!(err.contains("partly.env:2") && err.contains("missing.env") && err.lines().count() == 1, "{err}");
    assert_eq!(std::fs::read_to_string(&good).unwrap(), format!("U={}\n", seed::LOGIN));
    assert_eq!(std::fs::read_to_string(&partly).unwrap(), format!("U={}\nX={broken}\n", seed::LOGIN));
    assert!(!missing.exists());
    let err = ksm.fails(&["interpolate", "-C", "--validate", &paths[1]], 3);
    assert!(err.contains("partly.env:2"), "--validate still fails: {err}");
}
