//! `ksm exec`'s process side with the real binary: arguments, exit codes, signals, stdin,
//! masking, and the terminal (through `script`, when util-linux provides it).
#![cfg(unix)]
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const IN_PLACE: &str = "--no-mask";
const MASKED: &str = "--mask";

/// Exits in time, or the test fails (and the process is killed) instead of hanging.
fn wait_exit(child: &mut Child) -> ExitStatus {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the command did not exit in time");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn wait_for_file(path: &Path, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !path.exists() {
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("exited ({status}) before {} appeared", path.display());
        }
        assert!(Instant::now() < deadline, "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[allow(unsafe_code, reason = "signals a child through libc::kill")]
fn send(child: &Child, signal: libc::c_int) {
    // SAFETY: kill(2) on a child we spawned and have not reaped.
    assert_eq!(unsafe { libc::kill(child.id() as libc::pid_t, signal) }, 0);
}

/// Everything a process writes, readable while it runs.
struct Collected(Arc<Mutex<Vec<u8>>>);

impl Collected {
    fn start(mut source: impl Read + Send + 'static) -> Self {
        let bytes = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&bytes);
        std::thread::spawn(move || {
            let mut chunk = [0u8; 4096];
            while let Ok(read) = source.read(&mut chunk) {
                if read == 0 {
                    break;
                }
                sink.lock().unwrap().extend_from_slice(&chunk[..read]);
            }
        });
        Self(bytes)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    fn wait_for(&self, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !self.text().contains(expected) {
            assert!(Instant::now() < deadline, "never saw {expected:?} in {:?}", self.text());
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

fn stdout_of(child: &mut Child) -> ChildStdout {
    child.stdout.take().expect("piped stdout")
}

#[test]
fn arguments_arrive_one_by_one_and_unchanged() {
    let ksm = Ksm::new();
    for mode in [IN_PLACE, MASKED] {
        let out = ksm.ok(&["exec", mode, "--", "printf", "%s|", "a b", "\"q\"", ";", "$(echo x)", "", "'s'", "*"]);
        assert_eq!(out, "a b|\"q\"|;|$(echo x)||'s'|*|", "{mode}");
    }
}

#[test]
fn the_exit_code_is_the_commands() {
    let ksm = Ksm::new();
    for mode in [IN_PLACE, MASKED] {
        for code in [0, 1, 42] {
            let output = ksm.run(&["exec", mode, "--", "sh", "-c", &format!("exit {code}")]);
            assert_eq!(output.status.code(), Some(code), "{mode}: {}", stderr(&output));
            assert_eq!(stderr(&output), "", "{mode}: ksm adds nothing");
        }
    }
    let killed = ksm.run(&["exec", IN_PLACE, "--", "sh", "-c", "kill -TERM $$"]);
    assert_eq!(killed.status.signal(), Some(libc::SIGTERM), "in place the status is the command's own");
    let killed = ksm.run(&["exec", MASKED, "--", "sh", "-c", "kill -TERM $$"]);
    assert_eq!(killed.status.code(), Some(128 + libc::SIGTERM), "masked: 128+N");
}

#[test]
fn in_place_the_command_replaces_ksm() {
    let ksm = Ksm::new();
    let mut child =
        ksm.command(&["exec", IN_PLACE, "--", "sh", "-c", "echo $$"]).stdout(Stdio::piped()).spawn().unwrap();
    let pid = child.id().to_string();
    let mut out = String::new();
    stdout_of(&mut child).read_to_string(&mut out).unwrap();
    assert!(wait_exit(&mut child).success());
    assert_eq!(out.trim(), pid, "the command runs as ksm's own process (execve)");

    let mut child = ksm.command(&["exec", MASKED, "--", "sh", "-c", "echo $$"]).stdout(Stdio::piped()).spawn().unwrap();
    let pid = child.id().to_string();
    let mut out = String::new();
    stdout_of(&mut child).read_to_string(&mut out).unwrap();
    assert!(wait_exit(&mut child).success());
    assert_ne!(out.trim(), pid, "masked, ksm stays resident as the parent");
}

#[test]
fn signals_sent_to_ksm_reach_the_command() {
    let ksm = Ksm::new();
    let ready = ksm.home.path().join("ready");
    // `exec`: no shell in between that would handle SIGINT its own way.
    let untrapped = r#"touch "$READY"; exec sleep 30"#;
    let trapped = r#"trap 'exit 7' TERM INT; touch "$READY"; while :; do sleep 0.05; done"#;
    for signal in [libc::SIGTERM, libc::SIGINT] {
        for mode in [IN_PLACE, MASKED] {
            for script in [untrapped, trapped] {
                let _ = std::fs::remove_file(&ready);
                let mut child =
                    ksm.command(&["exec", mode, "--", "sh", "-c", script]).env("READY", &ready).spawn().unwrap();
                wait_for_file(&ready, &mut child);
                send(&child, signal);
                let status = wait_exit(&mut child);
                let context = format!("{mode}, signal {signal}, {script}");
                match (script == trapped, mode) {
                    (true, _) => assert_eq!(status.code(), Some(7), "{context}"),
                    (false, IN_PLACE) => assert_eq!(status.signal(), Some(signal), "{context}"),
                    (false, _) => assert_eq!(status.code(), Some(128 + signal), "{context}"),
                }
            }
        }
    }
}

#[test]
fn the_command_reads_stdin() {
    let ksm = Ksm::new();
    for mode in [IN_PLACE, MASKED] {
        let mut child =
            ksm.command(&["exec", mode, "--", "cat"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(b"hello").unwrap();
        let mut out = String::new();
        stdout_of(&mut child).read_to_string(&mut out).unwrap();
        assert!(wait_exit(&mut child).success(), "{mode}");
        assert_eq!(out, "hello", "{mode}");
    }
}

#[test]
fn a_command_that_cannot_start_is_not_started() {
    let ksm = Ksm::new();
    let data = ksm.home.path().join("data.txt");
    std::fs::write(&data, "not a program").unwrap();
    for mode in [IN_PLACE, MASKED] {
        let err = ksm.fails(&["exec", mode, "--", data.to_str().unwrap()], 126);
        assert!(err.contains("data.txt") && err.contains("permission denied"), "{err}");
        let err = ksm.fails(&["exec", mode, "--", "no-such-command-for-ksm-tests"], 127);
        assert!(err.contains("no-such-command-for-ksm-tests"), "{err}");
    }
}

/// The login record's password, named by notation, and its two halves as plain variables.
fn secret_command(ksm: &Ksm, server: &ServerProcess, args: &[&str]) -> Command {
    let (first, second) = seed::PASSWORD.split_at(seed::PASSWORD.len() / 2);
    let mut command = ksm.command(args);
    command
        .env("SECRET", format!("keeper://{}/field/password", server.seed.login))
        .env("FIRST", first)
        .env("SECOND", second);
    command
}

#[test]
fn a_secret_split_across_writes_is_masked_and_prompts_are_not_held_back() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let go = ksm.home.path().join("go");
    let script = r#"printf 'prompt> '; until [ -e "$GO" ]; do sleep 0.01; done
        printf 'pw=%s' "$FIRST"; sleep 0.2; printf '%s;\n' "$SECOND"
        printf 'err=%s\n' "$SECRET" >&2"#;
    let mut child = secret_command(&ksm, &server, &["exec", MASKED, "--", "sh", "-c", script])
        .env("GO", &go)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = Collected::start(stdout_of(&mut child));
    let err = Collected::start(child.stderr.take().unwrap());
    out.wait_for("prompt> ");
    std::fs::write(&go, "").unwrap();
    let status = wait_exit(&mut child);
    out.wait_for(";\n");
    err.wait_for("\n");
    assert!(status.success(), "{}", err.text());
    assert_eq!(out.text(), "prompt> pw=****;\n");
    assert!(err.text().ends_with("err=****\n"), "{}", err.text());
}

/// The command's bytes are its own unless masking is asked for, in a pipe or a file alike;
/// `--mask` hides values of secret field types only, `--mask-all` every value, and either says
/// so on stderr.
#[test]
fn output_is_untouched_unless_masking_is_asked_for() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let script = r#"printf '%s %s%s %s\n' "$SECRET" "$FIRST" "$SECOND" "$LOGIN""#;
    let plain = format!("{0} {0} {1}\n", seed::PASSWORD, seed::LOGIN);
    let secrets_masked = format!("**** **** {}\n", seed::LOGIN);
    for (flags, variable, expected, notice) in [
        (&[][..], None, plain.clone(), None),
        (&[IN_PLACE], Some("all"), plain.clone(), None),
        (&[MASKED], None, secrets_masked.clone(), Some("masking 1 secret value(s)")),
        (&[], Some("secrets"), secrets_masked, Some("masking 1 secret value(s)")),
        (&["--mask-all"], None, "**** **** ****\n".to_string(), Some("masking 2 substituted value(s)")),
    ] {
        let mut args = vec!["exec"];
        args.extend(flags);
        args.extend(["--", "sh", "-c", script]);
        let mut command = secret_command(&ksm, &server, &args);
        command.env("LOGIN", format!("keeper://{}/field/login", server.seed.login));
        match variable {
            Some(value) => command.env("KSM_EXEC_MASK", value),
            None => command.env_remove("KSM_EXEC_MASK"),
        };
        let output = command.output().unwrap();
        let context = format!("{flags:?} KSM_EXEC_MASK={variable:?}");
        assert!(output.status.success(), "{context}: {}", stderr(&output));
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected, "{context}");
        let err = stderr(&output);
        match notice {
            Some(notice) => assert!(err.contains(notice) && err.lines().count() == 1, "{context}: {err}"),
            None => assert!(err.is_empty(), "{context}: {err}"),
        }
    }
}

/// `ksm exec -- seq …` into a file keeps every byte, even one equal to a substituted value.
#[test]
fn output_into_a_file_keeps_values_equal_to_a_secret() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let dir = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(dir.path().join("out.txt")).unwrap();
    let status = secret_command(&ksm, &server, &["exec", "--", "sh", "-c", r#"printf '%s\n' "$SECRET""#])
        .stdout(file)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(dir.path().join("out.txt")).unwrap(), format!("{}\n", seed::PASSWORD));
}

/// `--capture-output` (the official flag) prints the command's stdout when it has exited,
/// bytes unchanged; stderr is not held.
#[test]
fn capture_output_prints_stdout_after_the_command_exits() {
    let ksm = Ksm::new();
    let script = "printf 'out1\\n'; printf 'err\\n' >&2; printf 'out2'; exit 4";
    let output = ksm.run(&["exec", "--capture-output", "--", "sh", "-c", script]);
    assert_eq!(output.status.code(), Some(4));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "out1\nout2");
    assert_eq!(stderr(&output), "err\n");
}

/// `script -qec COMMAND /dev/null`: runs `COMMAND` on a new pseudo-terminal; `None` when
/// util-linux's `script` is not installed.
fn on_a_terminal(ksm: &Ksm, server: &ServerProcess, shell_command: &str) -> Option<Child> {
    let version = Command::new("script").arg("--version").output().ok()?;
    if !String::from_utf8_lossy(&version.stdout).contains("util-linux") {
        return None;
    }
    let template = secret_command(ksm, server, &[]);
    let mut command = Command::new("script");
    command.args(["-qec", shell_command, "/dev/null"]);
    for (name, value) in template.get_envs() {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().ok()
}

#[test]
fn on_a_terminal_the_command_gets_it() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);

    // In place by default: the secret is printed as is.
    let Some(mut child) = on_a_terminal(&ksm, &server, &format!(r#"{KSM} exec -- sh -c 'echo "[$SECRET]"'"#)) else {
        eprintln!("skipped: no `script` (util-linux) on this machine");
        return;
    };
    let out = Collected::start(stdout_of(&mut child));
    let status = wait_exit(&mut child);
    out.wait_for("]");
    assert!(status.success(), "{}", out.text());
    assert!(out.text().contains(&format!("[{}]", seed::PASSWORD)), "{}", out.text());

    // Masked on a terminal: the command's group owns the terminal, so it can read it…
    let command = format!(r#"{KSM} exec --mask -- sh -c 'echo ready; read line; echo "got $line $SECRET"; exit 3'"#);
    let mut child = on_a_terminal(&ksm, &server, &command).expect("script");
    let out = Collected::start(stdout_of(&mut child));
    out.wait_for("ready");
    child.stdin.as_mut().unwrap().write_all(b"typed\n").unwrap();
    let status = wait_exit(&mut child);
    out.wait_for("got");
    assert_eq!(status.code(), Some(3), "{}", out.text());
    assert!(out.text().contains("got typed ****"), "{}", out.text());
    assert!(!out.text().contains(seed::PASSWORD), "{}", out.text());

    // …and Ctrl-C reaches it exactly once (from the terminal, not again from ksm).
    let command = format!(
        r#"{KSM} exec --mask -- sh -c 'n=0; trap "n=\$((n+1))" INT; echo ready; sleep 5; sleep 0.3; echo "count=$n"'"#
    );
    let mut child = on_a_terminal(&ksm, &server, &command).expect("script");
    let out = Collected::start(stdout_of(&mut child));
    out.wait_for("ready");
    child.stdin.as_mut().unwrap().write_all(b"\x03").unwrap();
    let status = wait_exit(&mut child);
    out.wait_for("count=");
    assert!(status.success(), "{}", out.text());
    assert!(out.text().contains("count=1"), "{}", out.text());
}
