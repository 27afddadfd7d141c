//! The checked-in completion scripts (completions/) and man pages (docs/man/) must be what the
//! current `ksm` generates: adding or changing a command without running
//! `scripts/generate-docs` fails here, naming each stale file.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KSM: &str = env!("CARGO_BIN_EXE_ksm");
const REGENERATE: &str = "run scripts/generate-docs";

/// Each shell and the checked-in file its script lives in (the names scripts/generate-docs uses).
const COMPLETIONS: [(&str, &str); 5] = [
    ("bash", "completions/ksm.bash"),
    ("zsh", "completions/_ksm"),
    ("fish", "completions/ksm.fish"),
    ("powershell", "completions/_ksm.ps1"),
    ("elvish", "completions/ksm.elv"),
];
const MAN_DIR: &str = "docs/man";

fn checked_in(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// Runs `ksm args` with no inherited `KSM_*` variables; asserts success.
fn ksm(args: &[&str]) -> Output {
    let mut command = Command::new(KSM);
    for (name, _) in std::env::vars() {
        if name.starts_with("KSM_") {
            command.env_remove(name);
        }
    }
    let output = command.args(args).output().expect("run ksm");
    assert!(output.status.success(), "ksm {} failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    output
}

/// The `*.1` file names in `dir` (none if it does not exist).
fn man_pages(dir: &Path) -> BTreeSet<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return BTreeSet::new() };
    entries
        .map(|entry| entry.expect("read dir entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".1"))
        .collect()
}

fn assert_none_stale(problems: &[String]) {
    assert!(problems.is_empty(), "generated files are out of date:\n  {}\n{REGENERATE}", problems.join("\n  "));
}

#[test]
fn checked_in_completion_scripts_are_current() {
    let mut problems = Vec::new();
    for (shell, file) in COMPLETIONS {
        let generated = ksm(&["completion", shell]).stdout;
        match std::fs::read(checked_in(file)) {
            Ok(current) if current == generated => {}
            Ok(_) => problems.push(format!("{file} is stale ({shell})")),
            Err(_) => problems.push(format!("{file} is missing ({shell})")),
        }
    }
    assert_none_stale(&problems);
}

#[test]
fn checked_in_man_pages_are_current() {
    let out = tempfile::tempdir().expect("temp dir");
    ksm(&["man", "--output-dir", &out.path().display().to_string()]);
    let generated = man_pages(out.path());
    let checked_in_dir = checked_in(MAN_DIR);
    let current = man_pages(&checked_in_dir);
    assert!(generated.contains("ksm.1"), "ksm man wrote no ksm.1: {generated:?}");

    let mut problems = Vec::new();
    for page in &generated {
        match std::fs::read(checked_in_dir.join(page)) {
            Ok(bytes) if bytes == std::fs::read(out.path().join(page)).expect("read generated page") => {}
            Ok(_) => problems.push(format!("{MAN_DIR}/{page} is stale")),
            Err(_) => problems.push(format!("{MAN_DIR}/{page} is missing")),
        }
    }
    for page in current.difference(&generated) {
        problems.push(format!("{MAN_DIR}/{page} is stale (no such command any more)"));
    }
    assert_none_stale(&problems);
}
