//! Runs the real `ksm` binary against a real `ksm-server` (from `ksm-testkit`), each test with
//! its own configuration directory and a clean environment.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]
#![allow(dead_code, reason = "each test crate that includes this module uses a different part of it")]

#[allow(unused_imports, reason = "each test file uses a different part")]
pub use ksm_testkit::{seed, ServerProcess};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const KSM: &str = env!("CARGO_BIN_EXE_ksm");

/// `ksm-server` is built next to `ksm` (the test command builds the whole workspace first).
pub fn server_bin() -> PathBuf {
    let path = Path::new(KSM).with_file_name("ksm-server");
    assert!(path.exists(), "{} is missing: run `cargo build --workspace` first", path.display());
    path
}

pub fn start_server(extra: &[&str]) -> ServerProcess {
    ServerProcess::start(&server_bin(), extra)
}

/// One user's `ksm`: its own config directory, no inherited `KSM_*` variables.
pub struct Ksm {
    pub home: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Ksm {
    pub fn new() -> Self {
        Self { home: tempfile::tempdir().expect("temp dir"), env: Vec::new() }
    }

    pub fn config_dir(&self) -> PathBuf {
        self.home.path().join("config")
    }

    pub fn key_file(&self) -> PathBuf {
        self.home.path().join("profile.key")
    }

    pub fn with_env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.into(), value.into()));
        self
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(KSM);
        for (name, _) in std::env::vars() {
            if name.starts_with("KSM_") || name == "NO_COLOR" || name.ends_with("_PROXY") || name.ends_with("_proxy") {
                command.env_remove(name);
            }
        }
        command
            .env("KSM_CONFIG_DIR", self.config_dir())
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("xdg"))
            // No OS keyring, whatever this machine has: profiles use --key-file unless a test says otherwise.
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ksm-test-bus")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .args(args)
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run ksm")
    }

    /// Runs `ksm args`, asserts success and returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(output.status.success(), "ksm {} failed ({}): {}", args.join(" "), output.status, stderr(&output));
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Runs `ksm args`, asserts it exits with `code` and one stderr line; returns that line.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args);
        let err = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(code),
            "ksm {}: stdout {} stderr {err}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout)
        );
        assert!(err.starts_with("ksm: error: "), "one error line expected: {err}");
        assert!(!err.contains("panicked") && !err.contains("RUST_BACKTRACE"), "{err}");
        err
    }

    /// `ksm profile init` with the server's init line (key file protection) and `extra` flags.
    pub fn init(&self, enrollment: &Value, extra: &[&str]) -> Output {
        let mut args = init_args(enrollment);
        args.extend(["--key-file".to_string(), self.key_file().display().to_string()]);
        args.extend(extra.iter().map(|s| s.to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        self.run(&args)
    }

    /// A profile bound to `app` of `server`.
    pub fn enrolled(server: &ServerProcess, app: &str) -> Self {
        let ksm = Self::new();
        let output = ksm.init(&server.mint_token(app, &[]), &[]);
        assert!(output.status.success(), "init failed: {}", stderr(&output));
        ksm
    }
}

/// The `ksm` arguments `ksm-server client add` prints (`init_args`), with the token (which its
/// `init_command` passes in KSM_CLI_TOKEN) as `--token=…` third.
pub fn init_args(enrollment: &Value) -> Vec<String> {
    let token = enrollment["token"].as_str().expect("token");
    let mut words: Vec<String> = enrollment["init_args"]
        .as_array()
        .expect("init_args")
        .iter()
        .map(|word| word.as_str().expect("init_args are strings").to_string())
        .collect();
    assert_eq!(words[..2], ["profile", "init"]);
    words.insert(2, format!("--token={token}"));
    words
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// The state of a one-time share request or send (`open`, `fulfilled`, …), from `share list`.
pub fn share_state(ksm: &Ksm, id: &str) -> String {
    let listing = json(&ksm.ok(&["share", "list", "--json"]));
    let all: Vec<&Value> = ["requests", "sends"].iter().flat_map(|k| listing[k].as_array().unwrap().iter()).collect();
    all.iter().find(|e| e["id"] == id).unwrap_or_else(|| panic!("{id} in {listing}"))["state"]
        .as_str()
        .unwrap()
        .to_string()
}
