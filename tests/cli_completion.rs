//! `ksm completion` and `ksm man`: what they print and write, how they fail, and that they need
//! no profile, home or configuration directory (and create none).
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const KSM: &str = env!("CARGO_BIN_EXE_ksm");
const TOP_LEVEL_COMMANDS: [&str; 8] =
    ["profile", "secret", "exec", "interpolate", "export", "version", "completion", "man"];

/// A scratch directory; `ksm` runs with HOME, KSM_CONFIG_DIR and XDG_CONFIG_HOME pointing at
/// paths inside it that do not exist.
struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    fn new() -> Self {
        Self { dir: tempfile::tempdir().expect("temp dir") }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(KSM);
        for (name, _) in std::env::vars() {
            if name.starts_with("KSM_") {
                command.env_remove(name);
            }
        }
        command
            .env("HOME", self.path("no-home"))
            .env("KSM_CONFIG_DIR", self.path("no-config"))
            .env("XDG_CONFIG_HOME", self.path("no-xdg"))
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ksm-test-bus")
            .args(args)
            .stdin(Stdio::null());
        command
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run ksm")
    }

    /// Runs `ksm args`, asserts success and returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(output.status.success(), "ksm {} failed: {}", args.join(" "), stderr(&output));
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Runs `ksm args`, asserts exit code 2, no stdout and a single `ksm: error:` line; returns it.
    fn usage_error(&self, args: &[&str]) -> String {
        let output = self.run(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "ksm {}: {err}", args.join(" "));
        assert!(output.stdout.is_empty(), "no stdout expected");
        assert!(err.starts_with("ksm: error: ") && err.lines().count() == 1, "one error line expected: {err}");
        err
    }

    /// What is in the scratch directory besides `except`.
    fn created_files(&self, except: &[&str]) -> Vec<String> {
        std::fs::read_dir(self.dir.path())
            .expect("read sandbox")
            .map(|entry| entry.expect("dir entry").file_name().to_string_lossy().into_owned())
            .filter(|name| !except.contains(&name.as_str()))
            .collect()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn bash_completion_names_every_command() {
    let script = Sandbox::new().ok(&["completion", "bash"]);
    assert!(script.contains("complete -F _ksm") && script.contains("ksm"), "{script}");
    for command in TOP_LEVEL_COMMANDS {
        assert!(script.contains(&format!("ksm,{command})")), "bash completion lacks `{command}`");
    }
    assert!(script.contains("notation") && script.contains("--output-dir"), "subcommands and flags too");
    assert!(script.contains("bash elvish fish powershell zsh"), "`ksm completion <TAB>` offers the shells");
}

#[test]
fn every_shell_gets_its_own_script() {
    let sandbox = Sandbox::new();
    for (shell, marker) in [
        ("bash", "complete -F _ksm"),
        ("zsh", "#compdef ksm"),
        ("fish", "complete -c ksm"),
        ("powershell", "Register-ArgumentCompleter -Native -CommandName 'ksm'"),
        ("elvish", "edit:completion:arg-completer[ksm]"),
    ] {
        let script = sandbox.ok(&["completion", shell]);
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        assert!(script.contains("secret") && script.contains("profile"), "{shell}: no subcommands");
    }
}

#[test]
fn an_unknown_shell_is_a_one_line_usage_error() {
    let sandbox = Sandbox::new();
    let err = sandbox.usage_error(&["completion", "tcsh"]);
    assert!(err.contains("unknown shell 'tcsh'") && err.contains("bash") && err.contains("powershell"), "{err}");
    sandbox.usage_error(&["completion", "BASH"]);
    sandbox.usage_error(&["completion", ""]);
}

#[test]
fn help_lists_completion_and_man() {
    let help = Sandbox::new().ok(&["--help"]);
    assert!(help.contains("completion") && help.contains("man"), "{help}");
    let help = Sandbox::new().ok(&["completion", "--help"]);
    assert!(help.contains("[possible values: bash, elvish, fish, powershell, zsh]"), "{help}");
}

#[test]
fn man_writes_one_page_per_command_and_subcommand() {
    let sandbox = Sandbox::new();
    let out = sandbox.path("share/man/man1"); // created, parents too
    sandbox.ok(&["man", "--output-dir", &out.display().to_string()]);
    let page = |name: &str| std::fs::read_to_string(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));

    assert!(page("ksm.1").contains(".TH ksm 1"));
    for command in TOP_LEVEL_COMMANDS {
        assert!(page(&format!("ksm-{command}.1")).contains(&format!(".TH ksm-{command} 1")));
    }
    let get = page("ksm-secret-get.1");
    assert!(get.contains("ksm secret get") && get.contains("\\-\\-field"), "{get}");
    assert!(page("ksm-profile-init.1").contains("KSM_CLI_TOKEN"));
    assert!(!out.join("ksm-help.1").exists(), "clap's help subcommand gets no page");
    assert!(get.contains(&format!("ksm {}", env!("CARGO_PKG_VERSION"))), "pages name the version");
}

#[test]
fn man_into_a_path_that_is_a_file_is_a_one_line_usage_error() {
    let sandbox = Sandbox::new();
    let file = sandbox.path("not-a-dir");
    std::fs::write(&file, "").expect("write file");
    let err = sandbox.usage_error(&["man", "--output-dir", &file.display().to_string()]);
    assert!(err.contains("not-a-dir"), "{err}");
    assert_eq!(sandbox.run(&["man"]).status.code(), Some(2), "--output-dir is required");
}

#[test]
fn completion_and_man_need_no_home_or_config_and_create_none() {
    let sandbox = Sandbox::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        sandbox.ok(&["completion", shell]);
    }
    sandbox.ok(&["man", "--output-dir", &sandbox.path("man").display().to_string()]);
    assert_eq!(sandbox.created_files(&["man"]), Vec::<String>::new(), "nothing but the man pages is written");
    assert!(!sandbox.path("no-home").exists());
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_is_reported_not_a_panic() {
    let sandbox = Sandbox::new();
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").expect("open /dev/full");
    let output = sandbox.command(&["completion", "bash"]).stdout(full).output().expect("run ksm");
    let err = stderr(&output);
    assert!(!output.status.success(), "writing to a full device must fail");
    assert!(err.starts_with("ksm: error: ") && !err.contains("panicked"), "{err}");
}
