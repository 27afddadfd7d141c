//! Runs `ksm-loadgen` against the real `ksm-server` (seeded by `ksm_testkit`).
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use ksm_proto::crypto::EcPrivateKey;
use ksm_testkit::ServerProcess;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const LOADGEN: &str = env!("CARGO_BIN_EXE_ksm-loadgen");

/// The seeded application sees the shared folder's two records and one direct share.
const SEEDED_RECORDS: u64 = 3;

fn server_binary() -> PathBuf {
    let path = Path::new(LOADGEN).with_file_name("ksm-server");
    assert!(
        path.exists(),
        "{} does not exist: build the server first (`cargo build -p ksm-server`, or run `cargo test --workspace`)",
        path.display()
    );
    path
}

/// Mints `devices` tokens for the seeded app and runs ksm-loadgen with `extra` arguments.
fn run_loadgen(server: &ServerProcess, devices: usize, extra: &[&str]) -> Output {
    run_loadgen_on(server, &["--hostname", &server.host], devices, extra)
}

/// As `run_loadgen`, with the `--hostname` arguments `hostnames`.
fn run_loadgen_on(server: &ServerProcess, hostnames: &[&str], devices: usize, extra: &[&str]) -> Output {
    let tokens = server.temp.path().join(format!("tokens-{}.jsonl", rand_suffix()));
    let mut lines = String::new();
    let mut enrollment = Value::Null;
    for _ in 0..devices {
        enrollment = server.mint_token(&server.seed.app, &[]);
        lines.push_str(&enrollment.to_string());
        lines.push('\n');
    }
    std::fs::write(&tokens, lines).unwrap();
    let ca = server.data_dir.join("tls/ca.pem");
    Command::new(LOADGEN)
        .args(hostnames)
        .arg("--ca")
        .arg(&ca)
        .args(["--server-public-key", enrollment["server_public_key"].as_str().unwrap()])
        .args(["--key-id", enrollment["server_public_key_id"].as_str().unwrap()])
        .arg("--tokens")
        .arg(&tokens)
        .args(extra)
        .output()
        .expect("run ksm-loadgen")
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
}

fn summary(output: &Output) -> Value {
    let stdout = String::from_utf8_lossy(&output.stdout);
    serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!("stdout is not JSON ({e}): {stdout}\nstderr: {}", String::from_utf8_lossy(&output.stderr))
    })
}

#[test]
fn two_devices_measure_fifty_checked_requests() {
    let server = ServerProcess::start(&server_binary(), &["--rate-limit", "0"]);
    let output = run_loadgen(&server, 2, &["--requests", "50", "--warmup", "4", "--verify-all"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "ksm-loadgen failed: {stderr}");
    let summary = summary(&output);
    assert_eq!(summary["devices"], 2, "{summary}");
    assert_eq!(summary["requests"], 50, "{summary}");
    assert_eq!(summary["errors"], 0, "{summary}");
    assert_eq!(summary["records_per_response"], SEEDED_RECORDS, "{summary}");
    assert!(summary["requests_per_second"].as_f64().unwrap() > 0.0, "{summary}");
    let p50 = summary["p50_ms"].as_f64().unwrap();
    let p99 = summary["p99_ms"].as_f64().unwrap();
    assert!(0.0 < p50 && p50 <= p99 && p99 <= summary["max_ms"].as_f64().unwrap(), "{summary}");
    assert!(stderr.contains("50 requests from 2 devices"), "{stderr}");

    // 2 binds + 4 warm-up + 50 measured reads, all in the audit log.
    let audit = server.admin(&["audit", "--limit", "1000", "--json"]);
    let reads = audit.as_array().unwrap().iter().filter(|entry| entry["action"] == "get_secret").count();
    assert_eq!(reads, 56, "get_secret audit entries");
}

#[test]
fn several_hostnames_share_the_devices_round_robin() {
    let server = ServerProcess::start(&server_binary(), &["--rate-limit", "0"]);
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().to_string()
    };
    // Device 1 talks to the first hostname, device 2 to the second, where nothing listens.
    let hostnames = format!("{},{closed}", server.host);
    let output = run_loadgen_on(&server, &["--hostname", &hostnames], 3, &["--requests", "6"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("device 2 (on {closed}) could not bind")), "{stderr}");

    // Repeated flags; device 3 wraps around to the first hostname.
    let hostnames = ["--hostname", &server.host, "--hostname", &server.host];
    let output = run_loadgen_on(&server, &hostnames, 3, &["--requests", "12"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "ksm-loadgen failed: {stderr}");
    let summary = summary(&output);
    assert_eq!((summary["devices"].as_u64(), summary["errors"].as_u64()), (Some(3), Some(0)), "{summary}");
}

#[test]
fn a_wrong_record_count_is_an_error_not_a_fast_answer() {
    let server = ServerProcess::start(&server_binary(), &["--rate-limit", "0"]);
    let output = run_loadgen(&server, 1, &["--requests", "5", "--expect-records", "4"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("device 1 saw 3 records when it bound, expected 4"), "{stderr}");
}

#[test]
fn refusals_are_counted_and_fail_the_run() {
    let server = ServerProcess::start(&server_binary(), &["--rate-limit", "5", "--rate-window", "60"]);
    // The bind is the first of the 5 allowed get_secret requests; 4 more pass, 6 are throttled.
    let output = run_loadgen(&server, 1, &["--requests", "10"]);
    assert_eq!(output.status.code(), Some(1));
    let summary = summary(&output);
    assert_eq!(summary["requests"], 10, "{summary}");
    assert_eq!(summary["errors"], 6, "{summary}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("6 measured request(s) failed: HTTP 403 throttled"), "{stderr}");
}

#[test]
fn throttled_requests_back_off_and_retry_like_the_client() {
    let server = ServerProcess::start(&server_binary(), &["--rate-limit", "4", "--rate-window", "1"]);
    // The bind and 3 reads fill the first window; the rest wait out retry_after (1 s).
    let output = run_loadgen(&server, 1, &["--requests", "9", "--retry-throttled"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "ksm-loadgen failed: {stderr}");
    let summary = summary(&output);
    assert_eq!(summary["requests"], 9, "{summary}");
    assert_eq!(summary["errors"], 0, "{summary}");
    assert!(summary["throttled_retries"].as_u64().unwrap() >= 1, "{summary}");
    let audit = server.admin(&["audit", "--limit", "1000", "--json"]);
    let reads = audit.as_array().unwrap().iter().filter(|entry| entry["action"] == "get_secret").count();
    assert_eq!(reads, 10, "the bind and every request answered once");
}

#[test]
fn a_duration_run_stops_on_time_and_counts_what_it_sent() {
    let server = ServerProcess::start(&server_binary(), &["--rate-limit", "0"]);
    let output = run_loadgen(&server, 2, &["--duration", "1"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "ksm-loadgen failed: {stderr}");
    let summary = summary(&output);
    assert_eq!(summary["errors"], 0, "{summary}");
    let requests = summary["requests"].as_u64().unwrap();
    assert!(requests >= 2, "{summary}");
    let audit = server.admin(&["audit", "--limit", "100000", "--json"]);
    let reads = audit.as_array().unwrap().iter().filter(|entry| entry["action"] == "get_secret").count() as u64;
    assert_eq!(reads, requests + 2, "two binds and every measured request");
}

#[test]
fn bad_input_gets_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = dir.path().join("tokens");
    std::fs::write(&tokens, "{\"token\": 1}\n").unwrap();
    let ca = dir.path().join("ca.pem");
    std::fs::write(&ca, "not a certificate").unwrap();
    let run = |key: &str, tokens: &Path| {
        Command::new(LOADGEN)
            .args(["--hostname", "127.0.0.1:1", "--ca"])
            .arg(&ca)
            .args(["--server-public-key", key, "--key-id", "10", "--requests", "1", "--tokens"])
            .arg(tokens)
            .output()
            .unwrap()
    };
    let key = ksm_proto::b64::encode_url(&EcPrivateKey::generate().public_key().to_uncompressed());
    let missing = dir.path().join("missing");
    for (key, tokens, message) in [
        ("bad", tokens.as_path(), "--server-public-key is not a base64 P-256 public key"),
        (key.as_str(), tokens.as_path(), "enrollment 1: the enrollment has no \"token\" string"),
        (key.as_str(), missing.as_path(), "cannot read"),
    ] {
        let output = run(key, tokens);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.starts_with("ksm-loadgen: error: ") && stderr.contains(message), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}
