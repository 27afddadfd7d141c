//! Hostile peers against the real `ksm-server` binary (docs/security.md): peers that vanish
//! mid-request, large unauthenticated bodies, fake uploads and slow clients. After each attack
//! the server must still run, answer a legitimate device, and hold the same records as before.
//! Every raw connection has socket timeouts, so no test can hang; no test asserts a wall time.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]
#![allow(unsafe_code, reason = "raw socket options and signals through libc")]

mod common;

use common::raw::{
    assert_alive, chunk, head, peak_rss_bytes, proc_status, read_answer, send, server_pid, tcp, tls, tls_config,
    tls_to, Answer, Tls, MIB, SOCKET_TIMEOUT,
};
use common::{Device, Rec, TestServer};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

/// The default `--max-request-bytes` and `--max-buffered-bytes`.
const MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;
const MAX_BUFFERED_BYTES: u64 = 32 * 1024 * 1024;

// ---- raw clients ----

/// Closes with a reset instead of a FIN, as a killed client does when data is still unread.
fn reset(stream: TcpStream) {
    let linger = libc::linger { l_onoff: 1, l_linger: 0 };
    // SAFETY: setsockopt on a socket we own, with a pointer to a live `linger` of the given size.
    unsafe {
        use std::os::fd::AsRawFd;
        libc::setsockopt(
            stream.as_raw_fd(),
            libc::SOL_SOCKET,
            libc::SO_LINGER,
            (&linger as *const libc::linger).cast(),
            std::mem::size_of::<libc::linger>() as libc::socklen_t,
        );
    }
}

/// Headers of a sealed `get_secret` that pass every check the server can make before the body:
/// anyone who knows the server's public key can build them.
fn sealed_headers(device: &Device, length: Option<usize>) -> Vec<(&'static str, String)> {
    let mut headers = device.prepare(json!({})).headers;
    headers.push(match length {
        Some(length) => ("Content-Length", length.to_string()),
        None => ("Transfer-Encoding", "chunked".to_string()),
    });
    headers
}

const API_GET: &str = "/api/rest/sm/v1/get_secret";

// ---- the server process ----

/// The process ignores SIGPIPE (bit 13 of its ignored-signals mask), so a write to a peer that
/// has gone fails with EPIPE instead of killing it.
fn assert_ignores_sigpipe(pid: u32) {
    let mask = u64::from_str_radix(&proc_status(pid, "SigIgn"), 16).expect("SigIgn mask");
    assert_ne!(mask & (1 << (libc::SIGPIPE - 1)), 0, "SIGPIPE is not ignored (SigIgn {mask:x})");
}

/// Vanishing peers of every kind: a request head announcing a body, then gone (with a reset
/// on even rounds); a GET whose answer is never read; a device killed mid-request.
fn vanish(host: &str, config: &Arc<rustls::ClientConfig>, device_headers: &[(&'static str, String)], rounds: usize) {
    for round in 0..rounds {
        let mut stream = tls_to(host, config);
        let mut headers = device_headers.to_vec();
        headers.push(("Content-Length", "10".to_string()));
        send(&mut stream, &head("POST", API_GET, &headers));
        if round % 2 == 0 {
            reset(stream.sock);
        }
        let mut stream = tls_to(host, config);
        send(&mut stream, &head("GET", "/", &[]));
        if round % 2 == 1 {
            reset(stream.sock);
        }
    }
}

/// What a device reads: every record's data, revision and files.
fn view(device: &Device) -> BTreeMap<String, (Value, i64, usize)> {
    let secrets = device.secrets();
    secrets.records.values().map(|r: &Rec| (r.uid.clone(), (r.data.clone(), r.revision, r.files.len()))).collect()
}

/// A bound device with a fresh HTTP client, so that it never reuses a pooled connection.
fn fresh(server: &TestServer, device: &mut Device) -> BTreeMap<String, (Value, i64, usize)> {
    device.http = common::http_client(&server.data_dir, None);
    view(device)
}

/// A file attached to the seeded login, of `size` bytes of content; returns the record with it.
fn attach(device: &Device, size: usize) -> Rec {
    let login = device.secrets().records.values().find(|r| r.title() == common::seed::LOGIN_TITLE).unwrap().clone();
    let (file, reply) = device.add_file(&login, "big.bin", &vec![0x5a; size]);
    assert_eq!(device.upload(&reply.ok(), &file.blob, None).status, 204);
    device.secrets().records.values().find(|r| r.uid == login.uid).unwrap().clone()
}

// ---- 1. peers that close early ----

#[test]
fn peers_that_close_early_never_kill_the_server() {
    let mut server = TestServer::start(&[]);
    let pid = server_pid(&server.data_dir);
    let mut device = server.bound_device(&server.seed.app);
    let record = attach(&device, 4 * MIB as usize);
    let download = record.files[0]["url"].as_str().expect("download url").to_string();
    let download_path = &download[download.find("/files/").unwrap()..];
    let before = view(&device);
    let config = tls_config(&server.data_dir);

    assert_ignores_sigpipe(pid);
    vanish(&server.host, &config, &device.prepare(json!({})).headers, 25);
    for _ in 0..25 {
        // A download, aborted after its first bytes.
        let mut stream = tls(&server, &config);
        send(&mut stream, &head("GET", download_path, &[]));
        let mut first = [0u8; 1024];
        let _ = stream.read(&mut first);
        reset(stream.sock);
    }
    // A device killed while its request is in flight, its body sent.
    for _ in 0..10 {
        let prepared = device.prepare(json!({}));
        let mut stream = tls(&server, &config);
        let mut headers = prepared.headers.clone();
        headers.push(("Content-Length", prepared.body.len().to_string()));
        send(&mut stream, &head("POST", API_GET, &headers));
        send(&mut stream, &prepared.body);
        reset(stream.sock);
    }

    assert_alive(&server, pid);
    assert_eq!(fresh(&server, &mut device), before, "a device reads the same records");
    server.stop();
    assert!(!server.data_dir.join("serve.json").exists(), "a clean stop removes serve.json");
}

#[test]
fn demo_survives_peers_that_close_early() {
    let temp = tempfile::tempdir().expect("temp dir");
    let ready_file = temp.path().join("ready.json");
    let mut demo = std::process::Command::new(common::BIN)
        .args(["demo", "--ready-file"])
        .arg(&ready_file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(temp.path().join("demo.log")).expect("log file"))
        .spawn()
        .expect("spawn ksm-server demo");
    let log = || std::fs::read_to_string(temp.path().join("demo.log")).unwrap_or_default();
    let give_up = Instant::now() + 3 * SOCKET_TIMEOUT;
    let ready: Value = loop {
        if let Ok(text) = std::fs::read_to_string(&ready_file) {
            break serde_json::from_str(&text).expect("ready file is JSON");
        }
        let status = demo.try_wait().expect("demo status");
        assert!(status.is_none() && Instant::now() < give_up, "demo never got ready ({status:?}): {}", log());
        thread::sleep(Duration::from_millis(20));
    };
    let host = ready["hostname"].as_str().expect("hostname");
    let config = tls_config(Path::new(ready["data_dir"].as_str().expect("data_dir")));
    assert_ignores_sigpipe(demo.id());

    vanish(host, &config, &[("PublicKeyId", "10".to_string())], 25);
    assert!(demo.try_wait().expect("demo status").is_none(), "the demo server died: {}", log());
    let mut stream = tls_to(host, &config);
    send(&mut stream, &head("GET", "/", &[]));
    read_answer(&mut stream).expect("the demo still answers").assert_error(404, "not_found");

    // SAFETY: kill(2) on the pid of a child we spawned and have not reaped.
    unsafe { libc::kill(demo.id() as libc::pid_t, libc::SIGTERM) };
    assert!(demo.wait().expect("demo exit").success(), "the demo stops cleanly on SIGTERM");
}

#[test]
fn a_closed_stdout_does_not_stop_the_server() {
    let temp = tempfile::tempdir().expect("temp dir");
    let data_dir = temp.path().join("data");
    ksm_testkit::init_data_dir(Path::new(common::BIN), &data_dir);
    let ready_file = temp.path().join("ready.json");
    let mut serve = ksm_testkit::ksm_server_command(Path::new(common::BIN), &data_dir)
        .arg("--data-dir")
        .arg(&data_dir)
        .args(["serve", "--listen", "127.0.0.1:0", "--ready-file"])
        .arg(&ready_file)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn ksm-server serve");
    // Nobody reads stdout: the "listening" line meets a closed pipe.
    drop(serve.stdout.take());
    let give_up = Instant::now() + 3 * SOCKET_TIMEOUT;
    let ready: Value = loop {
        if let Ok(text) = std::fs::read_to_string(&ready_file) {
            break serde_json::from_str(&text).expect("ready file is JSON");
        }
        let status = serve.try_wait().expect("serve status");
        assert!(status.is_none() && Instant::now() < give_up, "serve never got ready ({status:?})");
        thread::sleep(Duration::from_millis(20));
    };
    let config = tls_config(&data_dir);
    let mut stream = tls_to(ready["hostname"].as_str().expect("hostname"), &config);
    send(&mut stream, &head("GET", "/", &[]));
    read_answer(&mut stream).expect("the server still answers").assert_error(404, "not_found");
    assert!(serve.try_wait().expect("serve status").is_none(), "the server died");
    // SAFETY: kill(2) on the pid of a child we spawned and have not reaped.
    unsafe { libc::kill(serve.id() as libc::pid_t, libc::SIGTERM) };
    assert!(serve.wait().expect("serve exit").success(), "serve stops cleanly on SIGTERM");
}

#[test]
fn bad_limit_flags_are_refused_with_one_clear_line() {
    let temp = tempfile::tempdir().expect("temp dir");
    let data_dir = temp.path().join("data");
    ksm_testkit::init_data_dir(Path::new(common::BIN), &data_dir);
    let serve = |flags: &[&str]| {
        let output = ksm_testkit::ksm_server_command(Path::new(common::BIN), &data_dir)
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(flags)
            .output()
            .expect("run ksm-server serve");
        (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let (code, stderr) = serve(&["--max-request-bytes", "2048", "--max-buffered-bytes", "1024"]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--max-buffered-bytes") && stderr.contains("--max-request-bytes"), "{stderr}");
    for flags in [["--header-timeout", "never"], ["--body-timeout", "0s"], ["--max-connections", "0"]] {
        let (code, stderr) = serve(&flags);
        assert_eq!(code, Some(2), "{flags:?} is a usage error: {stderr}");
        assert!(stderr.contains(flags[0]), "{stderr}");
    }
    assert!(!data_dir.join("serve.json").exists(), "no server ran");
}

// ---- 2. memory before authentication ----

#[test]
fn unauthenticated_bodies_are_bounded_by_the_buffer_budget() {
    let server = TestServer::start(&[]);
    let pid = server_pid(&server.data_dir);
    let mut device = server.bound_device(&server.seed.app);
    let before = view(&device);
    let baseline = peak_rss_bytes(pid);
    let config = tls_config(&server.data_dir);

    // Each sends all but the last byte of a maximal body, and holds it there until measured.
    const ATTACKERS: usize = 64;
    let sent = Arc::new(Barrier::new(ATTACKERS + 1));
    let measured = Arc::new(Barrier::new(ATTACKERS + 1));
    let attackers: Vec<_> = (0..ATTACKERS)
        .map(|_| {
            let mut stream = tls(&server, &config);
            let head = head("POST", API_GET, &sealed_headers(&device, Some(MAX_REQUEST_BYTES)));
            let (sent, measured) = (sent.clone(), measured.clone());
            thread::spawn(move || {
                let chunk = vec![b'a'; 64 * 1024];
                let mut ok = send(&mut stream, &head);
                let mut left = MAX_REQUEST_BYTES - 1;
                while ok && left > 0 {
                    let n = left.min(chunk.len());
                    ok = send(&mut stream, &chunk[..n]);
                    left -= n;
                }
                sent.wait();
                measured.wait();
                // Those over the budget were answered `busy`; the rest still wait for their
                // last byte, so a short wait for an answer tells them apart.
                stream.sock.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
                ok.then(|| read_answer(&mut stream)).flatten()
            })
        })
        .collect();
    sent.wait();
    // Give the server a moment to take in what the attackers sent.
    thread::sleep(Duration::from_millis(500));
    let peak = peak_rss_bytes(pid);
    measured.wait();
    let answers: Vec<Answer> = attackers.into_iter().filter_map(|a| a.join().expect("attacker")).collect();

    // 64 bodies of 4 MiB would be 256 MiB; the budget allows 32 MiB of them, and 48 MiB covers
    // the connections' own TLS and HTTP buffers (64 × under 200 KiB) and allocator slack.
    let bound = baseline + MAX_BUFFERED_BYTES + 48 * MIB;
    assert!(peak < bound, "peak RSS {} MiB over {} MiB (baseline {} MiB)", peak / MIB, bound / MIB, baseline / MIB);
    assert!(!answers.is_empty(), "the requests over the budget were refused");
    answers.iter().for_each(|answer| answer.assert_error(503, "busy"));
    assert_alive(&server, pid);
    assert_eq!(fresh(&server, &mut device), before);
}

#[test]
fn what_the_headers_show_is_refused_before_the_body_is_read() {
    let server = TestServer::start(&[]);
    let mut device = server.bound_device(&server.seed.app);
    let before = view(&device);
    let config = tls_config(&server.data_dir);
    // Each declares a body it never sends: only an answer that does not wait for it arrives.
    let ask = |path: &str, headers: &[(&str, String)]| {
        let mut stream = tls(&server, &config);
        send(&mut stream, &head("POST", path, headers));
        read_answer(&mut stream).unwrap_or_else(|| panic!("no answer to a bodiless POST {path}"))
    };
    let huge = ("Content-Length", (1u64 << 40).to_string());

    let mut wrong_key = sealed_headers(&device, None);
    wrong_key.retain(|(name, _)| *name != "PublicKeyId" && *name != "Transfer-Encoding");
    wrong_key.extend([("PublicKeyId", "999".to_string()), ("Content-Length", "1000".to_string())]);
    ask(API_GET, &wrong_key).assert_error(400, "key");
    let mut no_tk = sealed_headers(&device, Some(1000));
    no_tk.retain(|(name, _)| *name != "TransmissionKey");
    ask(API_GET, &no_tk).assert_error(400, "bad_request");
    let mut too_long = sealed_headers(&device, None);
    too_long.retain(|(name, _)| *name != "Transfer-Encoding");
    too_long.push(huge.clone());
    ask(API_GET, &too_long).assert_error(413, "too_large");
    ask("/api/rest/sm/v1/no_such_endpoint", &[huge]).assert_error(404, "not_found");

    // An ordinary client still sending a large body reads the early refusal, not a reset:
    // the wrong key id is how a server tells SDKs to retry with another key.
    let prepared = device.prepare(json!({})).header("PublicKeyId", Some("999"));
    let reply = server.post_raw("get_secret", &prepared.headers, vec![0u8; 3 * MIB as usize]);
    reply.assert_error(400, "key", "");

    assert_eq!(fresh(&server, &mut device), before);
}

#[test]
fn an_oversized_request_head_gets_431_and_the_server_carries_on() {
    let server = TestServer::start(&[]);
    let pid = server_pid(&server.data_dir);
    let mut device = server.bound_device(&server.seed.app);
    let before = view(&device);
    let config = tls_config(&server.data_dir);
    let mut stream = tls(&server, &config);
    send(&mut stream, &head("GET", "/", &[("X-Padding", "p".repeat(17 * 1024))]));
    assert_eq!(read_answer(&mut stream).expect("an answer to the huge head").status, 431);
    assert_alive(&server, pid);
    assert_eq!(fresh(&server, &mut device), before);
}

/// A multipart upload's opening: the given fields, then the head of the `file` part.
fn form_preamble(fields: &[(&str, &str)]) -> Vec<u8> {
    let mut text = String::new();
    for (name, value) in fields {
        text.push_str(&format!("--B0UNDARY\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
    }
    text.push_str("--B0UNDARY\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n");
    text.push_str("Content-Type: application/octet-stream\r\n\r\n");
    text.into_bytes()
}

fn upload_headers(length: Option<u64>) -> Vec<(&'static str, String)> {
    vec![
        ("Content-Type", "multipart/form-data; boundary=B0UNDARY".to_string()),
        match length {
            Some(length) => ("Content-Length", length.to_string()),
            None => ("Transfer-Encoding", "chunked".to_string()),
        },
    ]
}

#[test]
fn fake_uploads_are_refused_before_their_body_is_read() {
    let server = TestServer::start(&[]);
    let pid = server_pid(&server.data_dir);
    let mut device = server.bound_device(&server.seed.app);
    let login = device.secrets().records.values().find(|r| r.title() == common::seed::LOGIN_TITLE).unwrap().clone();
    let (file, reply) = device.add_file(&login, "notes.txt", b"the real content");
    let add = reply.ok();
    let login = device.secrets().records.values().find(|r| r.uid == login.uid).unwrap().clone();
    let (big_file, big_reply) = device.add_file(&login, "big.bin", &vec![1u8; 2 * MIB as usize]);
    let big_add = big_reply.ok();
    let upload_path = format!("/files/upload/{}", file.uid);
    let before = view(&device);
    let baseline = peak_rss_bytes(pid);
    let config = tls_config(&server.data_dir);
    let hundred_mib = 100 * MIB;

    // Five fake uploads: of 100 MiB to an unknown file and to a real one (more than it
    // announced), and of the announced size with a wrong ticket, with no ticket before the
    // file, and with a ticket that is too long. Each is answered after at most its form
    // preamble, without the server waiting for the rest.
    let fits = |preamble: &[u8]| (preamble.len() + file.blob.len() + 64) as u64;
    let unknown = format!("/files/upload/{}", ksm_proto::uid::new_file_uid());
    let wrong_ticket = form_preamble(&[("key", &file.uid), ("ticket", "0011")]);
    let no_ticket = form_preamble(&[("key", &file.uid)]);
    let long_ticket = form_preamble(&[("ticket", &"f".repeat(4096))]);
    let attempts: [(&str, u64, Vec<u8>, u16, &str); 5] = [
        (&unknown, hundred_mib, form_preamble(&[("ticket", "x")]), 404, "not_found"),
        (&upload_path, hundred_mib, Vec::new(), 413, "too_large"),
        (&upload_path, fits(&wrong_ticket), wrong_ticket.clone(), 403, "access_denied"),
        (&upload_path, fits(&no_ticket), no_ticket.clone(), 403, "access_denied"),
        (&upload_path, fits(&long_ticket), long_ticket.clone(), 413, "too_large"),
    ];
    for (path, length, preamble, status, code) in &attempts {
        let mut stream = tls(&server, &config);
        send(&mut stream, &head("POST", path, &upload_headers(Some(*length))));
        send(&mut stream, preamble);
        let answer = read_answer(&mut stream).unwrap_or_else(|| panic!("no answer for {path} before its body"));
        answer.assert_error(*status, code);
    }
    let peak = peak_rss_bytes(pid);
    assert!(peak < baseline + 16 * MIB, "peak RSS grew by {} MiB", (peak - baseline) / MIB);

    // A chunked upload that runs past the announced size is cut off with 413.
    let parameters: Value = serde_json::from_str(add["parameters"].as_str().unwrap()).unwrap();
    let ticket = parameters["ticket"].as_str().unwrap();
    let mut stream = tls(&server, &config);
    send(&mut stream, &head("POST", &upload_path, &upload_headers(None)));
    send(&mut stream, &chunk(&form_preamble(&[("key", &file.uid), ("ticket", ticket)])));
    send(&mut stream, &chunk(&vec![7u8; file.blob.len() + 1]));
    read_answer(&mut stream).expect("an answer to the oversized upload").assert_error(413, "too_large");

    // An ordinary client still sending a large upload reads the early refusal, not a reset.
    let wrong = device.upload(&big_add, &big_file.blob, Some("0011"));
    assert_eq!((wrong.status, wrong.json()["error"].clone()), (403, json!("access_denied")));

    assert_alive(&server, pid);
    assert_eq!(fresh(&server, &mut device), before, "nothing was stored");
    let leftovers: Vec<_> = std::fs::read_dir(server.data_dir.join("uploads")).expect("uploads/").collect();
    assert!(leftovers.is_empty(), "refused uploads left files behind: {leftovers:?}");
    assert_eq!(device.upload(&add, &file.blob, None).status, 204, "the real upload still works");
}

#[test]
fn a_chunked_api_body_over_the_limit_gets_413() {
    let server = TestServer::start(&["--max-request-bytes", "65536"]);
    let mut device = server.bound_device(&server.seed.app);
    let before = view(&device);
    let config = tls_config(&server.data_dir);
    let mut stream = tls(&server, &config);
    send(&mut stream, &head("POST", API_GET, &sealed_headers(&device, None)));
    // One byte over the limit, so that the server has read all of it when it answers.
    for _ in 0..4 {
        send(&mut stream, &chunk(&[b'z'; 16 * 1024]));
    }
    send(&mut stream, &chunk(b"z"));
    read_answer(&mut stream).expect("an answer, not a dropped connection").assert_error(413, "too_large");
    assert_eq!(fresh(&server, &mut device), before);
}

// ---- 3. slow clients ----

/// How a trickling connection ended.
#[derive(Debug, PartialEq)]
enum Ended {
    ClosedByServer,
    StillOpenAtDeadline,
}

/// Sends `opening`, then one byte of `drip` every 100 ms until the server closes the
/// connection or `deadline` passes.
fn trickle(mut stream: impl Read + Write, opening: &[u8], drip: &'static [u8], deadline: Instant) -> Ended {
    if !send(&mut stream, opening) {
        return Ended::ClosedByServer;
    }
    for byte in drip.iter().cycle() {
        if Instant::now() > deadline {
            return Ended::StillOpenAtDeadline;
        }
        if !send(&mut stream, std::slice::from_ref(byte)) {
            return Ended::ClosedByServer;
        }
        thread::sleep(Duration::from_millis(100));
    }
    unreachable!("the drip cycles forever")
}

/// `count` trickling connections, alternating a TLS handshake that never ends and a request
/// head that never ends; each thread ends when the server closes it or at `deadline`.
fn tricklers(
    server: &TestServer,
    config: &Arc<rustls::ClientConfig>,
    count: usize,
    deadline: Instant,
) -> Vec<thread::JoinHandle<Ended>> {
    (0..count)
        .map(|i| {
            if i % 2 == 0 {
                let stream = tcp(server);
                // A TLS record header for a handshake, whose body then drips in.
                thread::spawn(move || trickle(stream, &[0x16, 0x03, 0x01, 0x40, 0x00], b"\x01", deadline))
            } else {
                let stream = tls(server, config);
                thread::spawn(move || {
                    trickle(stream, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n", b"X-Slow: a\r\n", deadline)
                })
            }
        })
        .collect()
}

fn all_closed_by_server(threads: Vec<thread::JoinHandle<Ended>>) {
    let ended: Vec<Ended> = threads.into_iter().map(|t| t.join().expect("trickler")).collect();
    assert!(ended.iter().all(|e| *e == Ended::ClosedByServer), "{ended:?}");
}

#[test]
fn slow_clients_are_dropped_and_never_lock_out_a_legitimate_one() {
    let server = TestServer::start(&["--max-connections", "8", "--header-timeout", "2s", "--write-timeout", "3s"]);
    let pid = server_pid(&server.data_dir);
    let mut device = server.bound_device(&server.seed.app);
    let before = view(&device);
    let config = tls_config(&server.data_dir);
    // Generous: the tricklers must be closed long before this by the 2 s header timeout.
    let deadline = Instant::now() + Duration::from_secs(30);

    // Below the connection cap: only the header timeout can end them.
    all_closed_by_server(tricklers(&server, &config, 4, deadline));

    // Twice the cap: a legitimate device still gets through while they are open.
    let slow = tricklers(&server, &config, 16, deadline);
    thread::sleep(Duration::from_millis(300));
    assert_eq!(fresh(&server, &mut device), before, "a legitimate request succeeds during the attack");
    all_closed_by_server(slow);

    assert_alive(&server, pid);
    assert_eq!(fresh(&server, &mut device), before);
}

#[test]
fn a_body_that_stops_arriving_gets_408() {
    let server = TestServer::start(&["--body-timeout", "1s"]);
    let mut device = server.bound_device(&server.seed.app);
    let before = view(&device);
    let config = tls_config(&server.data_dir);
    let mut stream = tls(&server, &config);
    send(&mut stream, &head("POST", API_GET, &sealed_headers(&device, Some(100))));
    send(&mut stream, &[b'q'; 10]);
    read_answer(&mut stream).expect("an answer once the body timeout passes").assert_error(408, "timeout");
    assert_eq!(fresh(&server, &mut device), before);
}

#[test]
fn a_client_that_stops_reading_its_answer_is_disconnected() {
    let server = TestServer::start(&["--write-timeout", "1s"]);
    let pid = server_pid(&server.data_dir);
    let mut device = server.bound_device(&server.seed.app);
    let size = 24 * MIB as usize;
    let record = attach(&device, size);
    let download = record.files[0]["url"].as_str().expect("download url").to_string();
    let before = view(&device);
    let config = tls_config(&server.data_dir);

    let mut stream = tls(&server, &config);
    send(&mut stream, &head("GET", &download[download.find("/files/").unwrap()..], &[]));
    // Stop reading well past the write timeout, with far less buffered than the answer's size.
    thread::sleep(Duration::from_secs(4));
    let mut received = 0usize;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => received += n,
            Err(error) => {
                assert_ne!(error.kind(), ErrorKind::WouldBlock, "the server kept the stalled connection open");
                break;
            }
        }
    }
    assert!(received < size, "the whole answer ({received} bytes) arrived despite the stall");
    assert_alive(&server, pid);
    assert_eq!(fresh(&server, &mut device), before);
}

#[test]
fn downloads_that_are_not_read_hold_a_chunk_each_not_the_file() {
    const DOWNLOADS: usize = 12;
    let server = TestServer::start(&[]);
    let pid = server_pid(&server.data_dir);
    let mut device = server.bound_device(&server.seed.app);
    let size = 24 * MIB as usize;
    let login = device.secrets().records.values().find(|r| r.title() == common::seed::LOGIN_TITLE).unwrap().clone();
    let (file, reply) = device.add_file(&login, "big.bin", &vec![0x5a; size]);
    assert_eq!(device.upload(&reply.ok(), &file.blob, None).status, 204);
    let record = device.secrets().records.values().find(|r| r.uid == login.uid).unwrap().clone();
    let download = record.files[0]["url"].as_str().expect("download url").to_string();
    let path = &download[download.find("/files/").unwrap()..];
    let before = view(&device);
    let config = tls_config(&server.data_dir);
    let baseline = peak_rss_bytes(pid);

    // Whole files in memory would be 12 × 24 MiB; a few chunks each (at most 1 MiB) stay
    // well under the bound.
    let stalled: Vec<Tls> = (0..DOWNLOADS)
        .map(|_| {
            let mut stream = tls(&server, &config);
            send(&mut stream, &head("GET", path, &[]));
            stream
        })
        .collect();
    thread::sleep(Duration::from_secs(2));
    let peak = peak_rss_bytes(pid);
    assert!(
        peak < baseline + 48 * MIB,
        "peak RSS grew by {} MiB for {DOWNLOADS} stalled downloads",
        (peak - baseline) / MIB
    );
    drop(stalled);

    let downloaded = server.http.get(&download).send().unwrap();
    assert_eq!(downloaded.content_length(), Some(file.blob.len() as u64), "Content-Length is the stored size");
    assert!(downloaded.bytes().unwrap()[..] == file.blob[..], "the download, chunk by chunk, is the uploaded blob");
    assert_alive(&server, pid);
    assert_eq!(fresh(&server, &mut device), before);
}

// ---- 4. keep-alive ----

/// Whether an answer's head tells the client that the server closes the connection after it.
fn says_close(answer: &Answer) -> bool {
    answer.head.lines().filter_map(|line| line.strip_prefix("connection:")).any(|value| value.trim() == "close")
}

/// Reads until the server ends the connection: `Ok` for a TLS close_notify, else the error.
fn read_to_close(stream: &mut Tls) -> std::io::Result<()> {
    let mut buffer = [0u8; 4096];
    loop {
        if stream.read(&mut buffer)? == 0 {
            return Ok(());
        }
    }
}

#[test]
fn answers_before_the_body_say_connection_close_and_every_close_is_clean() {
    let server = TestServer::start(&["--header-timeout", "2s"]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let (file, reply) = device.add_file(&login, "notes.txt", b"the content");
    reply.ok();
    let config = tls_config(&server.data_dir);

    // A complete request keeps its connection open, and the answer says nothing of a close.
    let mut stream = tls(&server, &config);
    let unsigned = format!("/files/{}?expires=1&signature=00", file.uid);
    for _ in 0..2 {
        send(&mut stream, &head("GET", &unsigned, &[]));
        let answer = read_answer(&mut stream).expect("an answer on the kept-alive connection");
        answer.assert_error(403, "access_denied");
        assert!(!says_close(&answer), "{}", answer.head);
    }
    // Left idle past the header timeout, it is closed cleanly too.
    read_to_close(&mut stream).expect("an idle connection ends with a TLS close_notify");

    // Refused before its body was read (a wrong ticket, an unknown file): the rest of the body
    // is still coming, so the server closes after the answer, and the answer says so.
    let wrong_ticket = form_preamble(&[("key", &file.uid), ("ticket", "0011")]);
    let unknown = format!("/files/upload/{}", ksm_proto::uid::new_file_uid());
    let refusals = [(format!("/files/upload/{}", file.uid), 403, "access_denied"), (unknown, 404, "not_found")];
    for (path, status, code) in refusals {
        let mut stream = tls(&server, &config);
        // Within what the server accepts for this file, but far more than is sent.
        let length = (wrong_ticket.len() + 32 * 1024) as u64;
        send(&mut stream, &head("POST", &path, &upload_headers(Some(length))));
        send(&mut stream, &wrong_ticket);
        let answer = read_answer(&mut stream).expect("an answer before the body");
        answer.assert_error(status, code);
        assert!(says_close(&answer), "an answer after which the server closes must say so: {}", answer.head);
        // Once the client stops sending, the server ends the TLS stream with close_notify.
        stream.sock.shutdown(std::net::Shutdown::Write).expect("half-close");
        read_to_close(&mut stream).expect("the server closes with a TLS close_notify");
    }
}

#[test]
fn a_pooled_client_never_loses_a_request_after_an_early_refusal() {
    let server = TestServer::start(&[]);
    let device = server.bound_device(&server.seed.app);
    let login = device.secrets().record(&server.seed.login).clone();
    let (file, reply) = device.add_file(&login, "big.bin", &vec![7u8; 512 * 1024]);
    let add = reply.ok();
    // Each refused upload leaves most of its body unread; the pooled connection it used must
    // not be handed to the next request.
    for round in 0..20 {
        let wrong = device.upload(&add, &file.blob, Some("0011"));
        assert_eq!((round, wrong.status), (round, 403), "{}", String::from_utf8_lossy(&wrong.body));
        device.post("get_secret", json!({})).ok();
    }
    assert_eq!(device.upload(&add, &file.blob, None).status, 204);
    device.post("get_secret", json!({})).ok();
}
