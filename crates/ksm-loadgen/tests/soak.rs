//! A short soak (the long one is benches/soak.sh): 50 devices send get_secret for a while,
//! with rate limiting on (the devices are throttled and retry as `ksm` does) and off. No
//! request may fail, and the server's memory and file descriptors must stay bounded.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use ksm_testkit::ServerProcess;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

const LOADGEN: &str = env!("CARGO_BIN_EXE_ksm-loadgen");
const DEVICES: usize = 50;
const SECONDS: &str = "10";

fn server_binary() -> PathBuf {
    let path = Path::new(LOADGEN).with_file_name("ksm-server");
    assert!(path.exists(), "{} does not exist: build the server first (cargo build -p ksm-server)", path.display());
    path
}

/// (VmRSS in KiB, open file descriptors) of a process, from /proc.
fn sample(pid: u32) -> (u64, usize) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server is running");
    let rss = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status");
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).expect("/proc/PID/fd").count();
    (rss, fds)
}

/// Runs the soak against a fresh server started with `serve_flags`; returns the summary.
fn soak(serve_flags: &[&str]) -> Value {
    let server = ServerProcess::start(&server_binary(), serve_flags);
    let pid = server.pid().expect("server pid");
    let tokens = server.temp.path().join("tokens.jsonl");
    let mut lines = String::new();
    let mut enrollment = Value::Null;
    for _ in 0..DEVICES {
        enrollment = server.mint_token(&server.seed.app, &[]);
        lines.push_str(&format!("{enrollment}\n"));
    }
    std::fs::write(&tokens, lines).unwrap();
    let (_, idle_fds) = sample(pid);

    let done = AtomicBool::new(false);
    let (output, samples) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut samples = Vec::new();
            while !done.load(Ordering::SeqCst) {
                samples.push(sample(pid));
                std::thread::sleep(Duration::from_millis(500));
            }
            samples
        });
        let output = Command::new(LOADGEN)
            .args(["--hostname", &server.host, "--ca"])
            .arg(server.data_dir.join("tls/ca.pem"))
            .args(["--server-public-key", enrollment["server_public_key"].as_str().unwrap()])
            .args(["--key-id", enrollment["server_public_key_id"].as_str().unwrap()])
            .arg("--tokens")
            .arg(&tokens)
            .args(["--duration", SECONDS, "--retry-throttled"])
            .output()
            .expect("run ksm-loadgen");
        done.store(true, Ordering::SeqCst);
        (output, sampler.join().expect("sampler"))
    });
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "ksm-loadgen failed (errors other than a retried throttle?): {stderr}");
    let summary: Value = serde_json::from_slice(&output.stdout).expect("loadgen summary JSON");
    assert_eq!(summary["errors"], 0, "{summary}");
    assert!(summary["requests"].as_u64().unwrap() >= DEVICES as u64, "every device got answers: {summary}");

    // Memory: the second half of the run holds no more than the first half plus a margin for
    // allocator noise; a leak per request grows it without bound.
    assert!(samples.len() >= 4, "too few samples: {samples:?}");
    let half = samples.len() / 2;
    let first_half_peak = samples[..half].iter().map(|s| s.0).max().unwrap();
    let second_half_peak = samples[half..].iter().map(|s| s.0).max().unwrap();
    assert!(
        second_half_peak <= first_half_peak + first_half_peak / 4 + 16 * 1024,
        "RSS kept growing: {first_half_peak} KiB, then {second_half_peak} KiB ({samples:?})"
    );
    // Descriptors: bounded by the connections during the run, back near idle once the devices
    // are gone (the server closes a connection when its client does).
    let peak_fds = samples.iter().map(|s| s.1).max().unwrap();
    assert!(peak_fds <= idle_fds + DEVICES + 16, "fds: idle {idle_fds}, peak {peak_fds}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while sample(pid).1 > idle_fds + 4 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(sample(pid).1 <= idle_fds + 4, "fds: idle {idle_fds}, after the load {}", sample(pid).1);
    summary
}

#[test]
fn soak_with_rate_limiting_only_throttles_and_retries() {
    // One request per device every 5 s: a device is throttled whenever two of its requests
    // fall in one window, however slow the machine (debug builds, shared cores) makes the run.
    let summary = soak(&["--rate-limit", "1", "--rate-window", "5"]);
    assert!(summary["throttled_retries"].as_u64().unwrap() > 0, "the rate limit was never hit: {summary}");
}

#[test]
fn soak_without_rate_limiting_has_no_errors() {
    let summary = soak(&["--rate-limit", "0"]);
    assert_eq!(summary["throttled_retries"], 0, "{summary}");
}
