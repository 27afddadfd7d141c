//! `ksm-loadgen`: measures `ksm-server` throughput with real, signed protocol traffic.
//!
//! Every token in `--tokens` becomes one device with its own key and HTTPS connection. The
//! devices bind, then send `get_secret` in a loop (one task each, on a tokio runtime with a
//! worker thread per core) until `--requests` requests have been sent in total (or for
//! `--duration` seconds). Each request is sealed with a fresh transmission key and signed;
//! each answer is decrypted and its record count checked (an answer the same byte for byte as
//! the last one checked for the application is compared with it instead), so a wrong answer
//! counts as an error rather than a fast response. The summary goes to stdout as one JSON
//! line, a sentence to stderr; any error makes the exit status 1. With `--retry-throttled` a
//! `throttled` refusal is not an error: the device backs off and retries as `ksm` does.
//! Several `--hostname`s (replicas of one vault) share the devices round-robin.

mod connection;
mod device;
mod retry;
mod stats;

use anyhow::{bail, Context};
use clap::Parser;
use device::{agreed_record_count, Check, Device, Enrollment, Failure, Target};
use ksm_proto::crypto::EcPublicKey;
use stats::{Outcome, Summary};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(
    name = "ksm-loadgen",
    version,
    about = "Load generator for ksm-server: concurrent bound devices sending get_secret"
)]
struct Args {
    /// The server's HOST:PORT. Several (repeat the flag or separate them with commas), for
    /// replicas serving one vault, share the devices round-robin: device i talks to the
    /// (i mod n)-th.
    #[arg(long, required = true, value_delimiter = ',')]
    hostname: Vec<String>,
    /// PEM file of the CA that signed the server's certificate (`<data-dir>/tls/ca.pem`).
    #[arg(long, value_name = "FILE")]
    ca: PathBuf,
    /// The server's transmission public key, B64U (`server_public_key` of `client add --json`).
    #[arg(long, value_name = "B64U")]
    server_public_key: String,
    /// The key id the server expects in `PublicKeyId`.
    #[arg(long, value_name = "ID")]
    key_id: String,
    /// Enrollments from `ksm-server client add --json`, one JSON object per line (a stream of
    /// pretty-printed objects works too); one device per enrollment. The tokens are used up.
    #[arg(long, value_name = "FILE")]
    tokens: PathBuf,
    /// Measured get_secret requests, in total over all devices.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=100_000_000), required_unless_present = "duration", conflicts_with = "duration")]
    requests: Option<u64>,
    /// Measure for this many seconds instead of a number of requests (a soak).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..=86_400))]
    duration: Option<u64>,
    /// On `throttled`, wait the answer's retry_after (else 11 s × 2ⁿ, ±25 % jitter) and retry,
    /// up to 5 times, as the `ksm` client does; only a request still throttled then is an error.
    #[arg(long)]
    retry_throttled: bool,
    /// Requests sent, checked and not measured before the measured ones.
    #[arg(long, default_value_t = 0)]
    warmup: u64,
    /// Records every answer must hold [default: what the first device saw when it bound].
    #[arg(long, value_name = "N")]
    expect_records: Option<usize>,
    /// Decrypt every record of every answer (default: the folder keys and the first record of
    /// each list, the others counted; an answer the same byte for byte as the last one checked
    /// for the application is compared with it, not checked again).
    #[arg(long)]
    verify_all: bool,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    timeout: u64,
}

fn main() {
    let args = Args::parse();
    let outcome = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
        .and_then(|runtime| runtime.block_on(run(&args)));
    match outcome {
        Ok(0) => {}
        Ok(_) => std::process::exit(1),
        Err(error) => {
            eprintln!("ksm-loadgen: error: {}", format!("{error:#}").replace('\n', " "));
            std::process::exit(1);
        }
    }
}

/// Returns the number of failed measured requests.
async fn run(args: &Args) -> anyhow::Result<usize> {
    let (targets, ca_pem) = targets(args)?;
    let enrollments = read_enrollments(&args.tokens)?;
    let tls = connection::trusting(&ca_pem)?;
    let mut devices = Vec::with_capacity(enrollments.len());
    for (index, enrollment) in enrollments.into_iter().enumerate() {
        devices.push(Device::new(&targets[index % targets.len()], tls.clone(), enrollment)?);
    }
    let mut seen = Vec::with_capacity(devices.len());
    for (index, device) in devices.iter_mut().enumerate() {
        let bound = device.bind().await;
        seen.push(bound.with_context(|| format!("device {} (on {}) could not bind", index + 1, device.host()))?);
    }
    let expected = agreed_record_count(&seen, args.expect_records)?;
    let check = if args.verify_all { Check::All } else { Check::Sample };

    let retry = args.retry_throttled;
    if args.warmup > 0 {
        let warmup;
        (devices, warmup, _) = run_phase(devices, Until::Requests(args.warmup as usize), expected, check, retry).await;
        if warmup.error_count() > 0 {
            report_errors("warm-up", &warmup);
            bail!("{} of {} warm-up requests failed", warmup.error_count(), args.warmup);
        }
    }
    let until = match (args.requests, args.duration) {
        (Some(requests), _) => Until::Requests(requests as usize),
        (None, Some(seconds)) => Until::Deadline(Instant::now() + Duration::from_secs(seconds)),
        (None, None) => bail!("give --requests or --duration"),
    };
    let device_count = devices.len();
    let (_, outcome, elapsed) = run_phase(devices, until, expected, check, retry).await;
    let summary = Summary::new(device_count, args.warmup as usize, expected, elapsed, &outcome);
    println!("{}", summary.to_json());
    eprintln!("ksm-loadgen: {}", summary.human());
    report_errors("measured", &outcome);
    Ok(summary.errors)
}

/// One target per `--hostname`, in the order given, and the CA file's PEM (read here, parsed
/// once the enrollments are read).
fn targets(args: &Args) -> anyhow::Result<(Vec<Target>, Vec<u8>)> {
    let ca_pem = std::fs::read(&args.ca).with_context(|| format!("cannot read the CA file {}", args.ca.display()))?;
    let key = ksm_proto::b64::decode(&args.server_public_key)
        .ok()
        .and_then(|bytes| EcPublicKey::from_bytes(&bytes).ok())
        .context("--server-public-key is not a base64 P-256 public key")?;
    let mut targets = Vec::with_capacity(args.hostname.len());
    for hostname in &args.hostname {
        let host = hostname.trim().trim_start_matches("https://").trim_end_matches('/');
        if host.is_empty() || host.contains('/') {
            bail!("--hostname must be HOST:PORT, not '{hostname}'");
        }
        targets.push(Target {
            host: host.to_string(),
            server_key: key.clone(),
            key_id: args.key_id.trim().to_string(),
            timeout: Duration::from_secs(args.timeout),
        });
    }
    Ok((targets, ca_pem))
}

fn read_enrollments(path: &PathBuf) -> anyhow::Result<Vec<Enrollment>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut enrollments = Vec::new();
    for (index, value) in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>().enumerate() {
        let value = value.with_context(|| format!("{}: enrollment {} is not JSON", path.display(), index + 1))?;
        enrollments.push(
            Enrollment::from_json(&value).with_context(|| format!("{}: enrollment {}", path.display(), index + 1))?,
        );
    }
    if enrollments.is_empty() {
        bail!("{} holds no enrollments (one `ksm-server client add --json` per device)", path.display());
    }
    Ok(enrollments)
}

/// When a phase ends.
#[derive(Clone, Copy)]
enum Until {
    /// After this many requests over all devices.
    Requests(usize),
    /// At this instant; a throttled request whose backoff would pass it is dropped uncounted.
    Deadline(Instant),
}

/// All devices send `get_secret` concurrently, one task each, until `until`. Returns the
/// devices (for the next phase), what happened and the wall time it took.
async fn run_phase(
    devices: Vec<Device>,
    until: Until,
    expected: usize,
    check: Check,
    retry: bool,
) -> (Vec<Device>, Outcome, Duration) {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = devices
        .into_iter()
        .map(|mut device| {
            let next = Arc::clone(&next);
            tokio::spawn(async move {
                let more = || match until {
                    Until::Requests(total) => next.fetch_add(1, Ordering::Relaxed) < total,
                    Until::Deadline(deadline) => Instant::now() < deadline,
                };
                let mut outcome = Outcome::default();
                while more() {
                    send_one(&mut device, until, expected, check, retry, &mut outcome).await;
                }
                (device, outcome)
            })
        })
        .collect();
    let mut devices = Vec::with_capacity(tasks.len());
    let mut merged = Outcome::default();
    for task in tasks {
        match task.await {
            Ok((device, outcome)) => {
                devices.push(device);
                merged.merge(outcome);
            }
            Err(_) => merged
                .merge(Outcome { errors: [("a device task panicked".to_string(), 1)].into(), ..Outcome::default() }),
        }
    }
    (devices, merged, started.elapsed())
}

/// One request, retried after `throttled` when `retry` is set; its result goes to `outcome`.
async fn send_one(
    device: &mut Device,
    until: Until,
    expected: usize,
    check: Check,
    retry: bool,
    outcome: &mut Outcome,
) {
    let mut retries = 0;
    loop {
        match device.get_secret(expected, check).await {
            Ok(answer) => {
                outcome.latencies.push(answer.latency);
                outcome.response_bytes += answer.bytes as u64;
            }
            Err(Failure::Throttled { retry_after, .. }) if retry && retries < retry::MAX_THROTTLE_RETRIES => {
                outcome.throttled += 1;
                let wait = retry::backoff(retries, retry_after);
                if let Until::Deadline(deadline) = until {
                    if Instant::now() + wait >= deadline {
                        return;
                    }
                }
                tokio::time::sleep(wait).await;
                retries += 1;
                continue;
            }
            Err(failure) => *outcome.errors.entry(failure.to_string()).or_default() += 1,
        }
        return;
    }
}

fn report_errors(phase: &str, outcome: &Outcome) {
    for (message, count) in &outcome.errors {
        eprintln!("ksm-loadgen: {count} {phase} request(s) failed: {message}");
    }
}
