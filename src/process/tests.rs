//! `run` with real commands (`sh`). The in-place mode can only be exercised when it fails here:
//! on success it would replace the test process (tests/cli_exec.rs covers it).

use super::signals::Forwarding;
use super::*;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Supervision installs process-wide signal handlers: one supervised command at a time.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn path_env() -> (OsString, OsString) {
    ("PATH".into(), std::env::var_os("PATH").unwrap_or_else(|| "/usr/bin:/bin".into()))
}

/// `sh -c script sh args…` with only PATH and `env` in its environment.
fn sh(script: &str, args: &[&str], env: &[(&str, &OsStr)]) -> Child {
    let mut all_args: Vec<OsString> = vec!["-c".into(), script.into(), "sh".into()];
    all_args.extend(args.iter().map(OsString::from));
    let mut all_env = vec![path_env()];
    all_env.extend(env.iter().map(|(name, value)| (OsString::from(name), value.to_os_string())));
    Child { program: "sh".into(), args: all_args, env: all_env }
}

fn masked() -> Mode {
    Mode::Supervised { secrets: vec!["s3cret".into()], hold_stdout: false }
}

fn wait_for_file(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !path.exists() {
        assert!(Instant::now() < deadline, "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn returns_the_exit_code_of_the_command() {
    let _serial = serial();
    for code in [0u8, 1, 42, 255] {
        assert_eq!(run(sh(&format!("exit {code}"), &[], &[]), masked()).unwrap(), code);
    }
}

#[test]
fn a_command_killed_by_signal_n_gives_128_plus_n() {
    let _serial = serial();
    assert_eq!(run(sh("kill -TERM $$", &[], &[]), masked()).unwrap(), 143);
    assert_eq!(run(sh("kill -KILL $$", &[], &[]), masked()).unwrap(), 137);
}

#[test]
fn arguments_arrive_one_by_one_and_unchanged() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("args");
    let script = r#"for a in "$@"; do printf '<%s>' "$a"; done > "$OUT""#;
    let args = ["a b", "\"q\"", "'s'", ";", "$(echo x)", "", "*", "\\", "line\nbreak"];
    let code = run(sh(script, &args, &[("OUT", out.as_os_str())]), masked()).unwrap();
    assert_eq!(code, 0);
    let expected: String = args.iter().map(|a| format!("<{a}>")).collect();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), expected);
}

#[test]
fn the_environment_is_exactly_the_one_given() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("env");
    let code = run(sh(r#"env > "$OUT""#, &[], &[("OUT", out.as_os_str()), ("GIVEN", OsStr::new("yes"))]), masked());
    assert_eq!(code.unwrap(), 0);
    let env = std::fs::read_to_string(&out).unwrap();
    assert!(env.lines().any(|line| line == "GIVEN=yes"), "{env}");
    let inherited = std::env::vars().map(|(name, _)| name).find(|name| name == "HOME" || name == "CARGO");
    if let Some(name) = inherited {
        assert!(!env.lines().any(|line| line.starts_with(&format!("{name}="))), "{name} leaked: {env}");
    }
}

#[test]
fn the_program_is_looked_up_in_the_commands_path() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let program = dir.path().join("ksm-test-only-here");
    std::fs::write(&program, "#!/bin/sh\nexit 33\n").unwrap();
    std::fs::set_permissions(&program, std::fs::Permissions::from_mode(0o755)).unwrap();
    let child = |path: &Path| Child {
        program: "ksm-test-only-here".into(),
        args: vec![],
        env: vec![("PATH".into(), path.as_os_str().to_os_string())],
    };
    assert_eq!(run(child(dir.path()), masked()).unwrap(), 33);
    let missing = run(child(Path::new("/nonexistent")), masked()).unwrap_err();
    assert!(matches!(&missing, ProcessError::NotFound(name) if name == "ksm-test-only-here"), "{missing:?}");
}

#[test]
fn start_failures_are_classified_as_env_does() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let not_executable = dir.path().join("data.txt");
    std::fs::write(&not_executable, "just text").unwrap();
    let bad_interpreter = dir.path().join("script");
    std::fs::write(&bad_interpreter, "#!/nonexistent/interpreter\n").unwrap();
    std::fs::set_permissions(&bad_interpreter, std::fs::Permissions::from_mode(0o755)).unwrap();
    let child = |program: &Path| Child { program: program.into(), args: vec![], env: vec![path_env()] };

    let modes: [fn() -> Mode; 2] = [masked, || Mode::InPlace];
    for mode in modes {
        let error = run(child(&dir.path().join("missing")), mode()).unwrap_err();
        assert!(matches!(error, ProcessError::NotFound(_)), "{error:?}");
        assert!(error.to_string().contains("missing"), "{error}");

        let error = run(child(&not_executable), mode()).unwrap_err();
        assert!(matches!(&error, ProcessError::NotExecutable(_, reason) if reason == "permission denied"), "{error:?}");

        let error = run(child(dir.path()), mode()).unwrap_err();
        assert!(matches!(error, ProcessError::NotExecutable(..)), "{error:?}");

        let error = run(child(&bad_interpreter), mode()).unwrap_err();
        assert!(
            matches!(&error, ProcessError::NotExecutable(_, reason) if reason.contains("interpreter")),
            "{error:?}"
        );
    }
}

#[test]
fn in_place_looks_the_program_up_in_the_commands_path() {
    let _serial = serial();
    let child = Child { program: "sh".into(), args: vec![], env: vec![("PATH".into(), "/nonexistent".into())] };
    let error = run(child, Mode::InPlace).unwrap_err();
    assert!(matches!(&error, ProcessError::NotFound(name) if name == "sh"), "{error:?}");
    assert_eq!(error.to_string(), "command not found: sh");
}

#[test]
fn a_nul_byte_is_a_start_failure_that_shows_no_value() {
    let _serial = serial();
    let child = || sh("exit 0", &[], &[("TOKEN", OsStr::new("top\0secret"))]);
    for error in [run(child(), masked()).unwrap_err(), run(child(), Mode::InPlace).unwrap_err()] {
        assert!(matches!(error, ProcessError::Spawn(_)), "{error:?}");
        assert!(!format!("{error} {error:?}").contains("secret"), "{error:?}");
    }
}

#[test]
fn signals_sent_to_ksm_reach_the_command() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let ready = dir.path().join("ready");
    let script = r#"trap 'exit 7' TERM; trap 'exit 8' USR1; touch "$READY"; while :; do sleep 0.05; done"#;
    for (signal, expected) in [(libc::SIGTERM, 7), (libc::SIGUSR1, 8)] {
        let _ = std::fs::remove_file(&ready);
        let sender = {
            let ready = ready.clone();
            std::thread::spawn(move || {
                wait_for_file(&ready);
                // SAFETY: kill(2) on this very process, whose handler forwards it.
                unsafe { libc::kill(libc::getpid(), signal) };
            })
        };
        let code = run(sh(script, &[], &[("READY", ready.as_os_str())]), masked()).unwrap();
        sender.join().unwrap();
        assert_eq!(code, expected, "signal {signal}");
    }
    let _ = std::fs::remove_file(&ready);
    let sender = {
        let ready = ready.clone();
        std::thread::spawn(move || {
            wait_for_file(&ready);
            // SAFETY: as above.
            unsafe { libc::kill(libc::getpid(), libc::SIGUSR2) };
        })
    };
    let code =
        run(sh(r#"touch "$READY"; while :; do sleep 0.05; done"#, &[], &[("READY", ready.as_os_str())]), masked());
    sender.join().unwrap();
    assert_eq!(code.unwrap(), 128 + libc::SIGUSR2 as u8, "an untrapped signal kills the command");
}

#[test]
fn a_signal_received_before_the_command_started_is_delivered_once_it_has() {
    let _serial = serial();
    let dir = tempfile::tempdir().unwrap();
    let (ready, got) = (dir.path().join("ready"), dir.path().join("got"));
    let forwarding = Forwarding::install();
    // SAFETY: kill(2) on this very process; the handler just installed keeps it pending.
    unsafe { libc::kill(libc::getpid(), libc::SIGUSR2) };
    let mut child = std::process::Command::new("sh")
        .args(["-c", r#"trap 'echo USR2 >> "$GOT"; exit 0' USR2; touch "$READY"; while :; do sleep 0.05; done"#])
        .env("READY", &ready)
        .env("GOT", &got)
        .process_group(0)
        .spawn()
        .unwrap();
    wait_for_file(&ready);
    forwarding.forward_to(child.id() as libc::pid_t);
    assert!(child.wait().unwrap().success());
    drop(forwarding);
    assert_eq!(std::fs::read_to_string(&got).unwrap(), "USR2\n", "delivered exactly once");
}

#[test]
fn a_background_process_holding_the_output_does_not_keep_ksm_waiting() {
    let _serial = serial();
    let started = Instant::now();
    assert_eq!(run(sh("sleep 3 & exit 5", &[], &[]), masked()).unwrap(), 5);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[test]
fn debug_output_shows_no_value() {
    let child = Child {
        program: "deploy".into(),
        args: vec!["--password=hunter2".into()],
        env: vec![("DB_PASSWORD".into(), "hunter2".into())],
    };
    let shown = format!("{child:?} {:?}", Mode::Supervised { secrets: vec!["hunter2".into()], hold_stdout: false });
    assert!(shown.contains("deploy") && shown.contains("DB_PASSWORD"), "{shown}");
    assert!(!shown.contains("hunter2"), "{shown}");
}
