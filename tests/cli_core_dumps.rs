//! `ksm` never dumps core with secrets in memory: its soft core limit is 0 while it runs a
//! command, and the command gets the limit `ksm` was started with back.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]
#![allow(unsafe_code, reason = "reads and restores the core limit through libc")]
#![cfg(target_os = "linux")]

mod common;
use common::*;
use std::os::unix::process::CommandExt;

/// The soft limit on the "Max core file size" line of a /proc/PID/limits text.
fn soft_core_limit(limits: &str) -> String {
    let line = limits.lines().find(|l| l.starts_with("Max core file size")).expect("core limit line");
    line.split_whitespace().nth(4).expect("soft limit").to_string()
}

#[test]
fn ksm_runs_with_no_core_limit_and_its_command_gets_the_original_back() {
    // No notation: no profile or server needed.
    let ksm = Ksm::new();
    // The child prints its parent's (ksm's) limits, then its own.
    let script = "cat /proc/$PPID/limits; echo ---; cat /proc/self/limits";
    for mode in ["--mask", "--no-mask"] {
        let mut command = ksm.command(&["exec", mode, "--", "sh", "-c", script]);
        // SAFETY: only async-signal-safe calls (getrlimit, setrlimit) between fork and exec.
        unsafe {
            command.pre_exec(|| {
                let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
                libc::getrlimit(libc::RLIMIT_CORE, &mut limit);
                limit.rlim_cur = limit.rlim_max;
                libc::setrlimit(libc::RLIMIT_CORE, &limit);
                Ok(())
            });
        }
        let output = command.output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        let text = String::from_utf8(output.stdout).unwrap();
        let (parent, child) = text.split_once("---").expect("two limits files");
        let hard = {
            let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
            // SAFETY: getrlimit(2) writes into the rlimit we own.
            unsafe { libc::getrlimit(libc::RLIMIT_CORE, &mut limit) };
            limit.rlim_max
        };
        let hard_text = if hard == libc::RLIM_INFINITY { "unlimited".to_string() } else { hard.to_string() };
        if mode == "--mask" {
            assert_eq!(soft_core_limit(parent), "0", "ksm itself, while it supervises: {parent}");
        }
        assert_eq!(soft_core_limit(child), hard_text, "{mode}: the command gets the limit ksm was started with");
    }
}
