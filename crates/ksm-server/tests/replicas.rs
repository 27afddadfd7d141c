//! Several `serve` replicas on one PostgreSQL database, as behind a load balancer: whatever
//! decides a request lives in the database, so it holds across replicas. Each test starts
//! three replicas (copies of one data directory's identity and TLS files) and spreads its
//! devices over them.

#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;

use common::{http_client, post_raw, Device};
use ksm_proto::share::link::{Kind, LinkSecret};
use ksm_testkit::postgres::{new_database, PgCluster};
use ksm_testkit::{Prepared, ServerProcess};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Three replicas of one seeded vault in the PostgreSQL database `url`.
fn replicas(url: &str) -> Vec<ServerProcess> {
    replicas_with(url, &[])
}

/// Three replicas without the per-device rate limit, for the tests that read in tight loops:
/// a throttled read there would look like the failure they look for.
fn unthrottled_replicas(url: &str) -> Vec<ServerProcess> {
    replicas_with(url, &["--rate-limit", "0"])
}

/// Three replicas, served with the `serve` flags `extra`.
fn replicas_with(url: &str, extra: &[&str]) -> Vec<ServerProcess> {
    let first = Prepared::with_database(Path::new(common::BIN), Some(url)).serve(extra);
    let second = first.replica(extra);
    let third = first.replica(extra);
    vec![first, second, third]
}

fn base(replica: &ServerProcess) -> String {
    replica.url("")
}

/// A device of `app` enrolled through the first replica that talks to `replica`.
fn device_on(replicas: &[ServerProcess], app: &str, replica: usize) -> Device {
    let enrollment = replicas[0].mint_token(app, &[]);
    let http = http_client(&replicas[0].data_dir, None);
    Device::enroll(http, &base(&replicas[replica]), &enrollment)
}

fn bound_device_on(replicas: &[ServerProcess], app: &str, replica: usize) -> Device {
    let mut device = device_on(replicas, app, replica);
    device.bind();
    device
}

/// Sends prepared requests all at once, each from its own thread; (status, start of the body).
fn race(requests: Vec<(reqwest::blocking::Client, String, common::Prepared)>, endpoint: &str) -> Vec<(u16, String)> {
    let start = std::sync::Barrier::new(requests.len());
    std::thread::scope(|scope| {
        let handles: Vec<_> = requests
            .into_iter()
            .map(|(http, base, prepared)| {
                let start = &start;
                scope.spawn(move || {
                    // Warm up a pooled connection so that the real requests leave together.
                    post_raw(&http, &base, "warm_up", &[], Vec::new());
                    start.wait();
                    let reply = post_raw(&http, &base, endpoint, &prepared.headers, prepared.body);
                    (reply.status, reply.text().chars().take(120).collect::<String>())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn a_token_redeemed_concurrently_on_two_replicas_is_bound_exactly_once() {
    let replicas = replicas(&new_database());
    for round in 0..4 {
        let first = device_on(&replicas, &replicas[0].seed.app, 1);
        let mut second = first.twin();
        second.base = base(&replicas[2]);
        let prepared = [first, second]
            .into_iter()
            .map(|device| {
                let prepared = device.prepare(json!({ "publicKey": device.public_key_b64() }));
                (device.http.clone(), device.base.clone(), prepared)
            })
            .collect();
        let statuses = race(prepared, "get_secret");
        let bound = statuses.iter().filter(|(status, _)| *status == 200).count();
        assert_eq!(bound, 1, "round {round}: the token was bound {bound} times: {statuses:?}");
        let refused = statuses.iter().find(|(status, _)| *status != 200).unwrap();
        assert!(refused.0 == 403 && refused.1.contains("access_denied"), "{refused:?}");
    }
}

#[test]
fn an_upload_ticket_issued_by_one_replica_is_honoured_by_another() {
    let replicas = replicas(&new_database());
    let device = bound_device_on(&replicas, &replicas[0].seed.app, 0);
    let login = device.secrets().record(&replicas[0].seed.login).clone();
    let (file, reply) = device.add_file(&login, "notes.txt", b"uploaded through another replica");
    let mut add = reply.ok();
    let url = add["url"].as_str().unwrap().replace(&replicas[0].host, &replicas[1].host);
    assert_ne!(url, add["url"].as_str().unwrap(), "the upload goes to another replica");
    add["url"] = Value::from(url);
    assert_eq!(device.upload(&add, &file.blob, None).status, 204);
    // A third replica serves what the second stored.
    let mut reader = bound_device_on(&replicas, &replicas[0].seed.app, 2);
    reader.base = base(&replicas[2]);
    let record = reader.secrets().record(&login.uid).clone();
    assert!(record.files.iter().any(|f| f["fileUid"] == file.uid.as_str()), "{:?}", record.files);
}

#[test]
fn concurrent_updates_through_two_replicas_give_one_success_and_one_conflict() {
    let replicas = replicas(&new_database());
    for round in 0..4 {
        let one = bound_device_on(&replicas, &replicas[0].seed.app, 1);
        let two = bound_device_on(&replicas, &replicas[0].seed.app, 2);
        let record = one.secrets().record(&replicas[0].seed.login).clone();
        let prepared: Vec<(reqwest::blocking::Client, String, common::Prepared)> = [&one, &two]
            .into_iter()
            .enumerate()
            .map(|(i, device)| {
                let mut data = record.data.clone();
                data["notes"] = Value::from(format!("round {round} by {i}"));
                let payload = json!({
                    "recordUid": record.uid,
                    "data": common::seal_json(&record.key, &data),
                    "revision": record.revision,
                });
                (device.http.clone(), device.base.clone(), device.prepare(payload))
            })
            .collect();
        let statuses = race(prepared, "update_secret");
        let won = statuses.iter().filter(|(status, _)| *status == 200).count();
        assert_eq!(won, 1, "round {round}: {statuses:?}");
        let lost = statuses.iter().find(|(status, _)| *status != 200).unwrap();
        assert!(lost.0 == 409 && lost.1.contains("invalid_revision"), "{lost:?}");
        let after = one.secrets().record(&record.uid).clone();
        assert_eq!(after.revision, record.revision + 1, "exactly one update was stored");
    }
}

#[test]
fn the_rate_limit_of_a_device_holds_across_replicas() {
    let replicas = replicas_with(&new_database(), &["--rate-limit", "3", "--rate-window", "600"]);
    let mut device = device_on(&replicas, &replicas[0].seed.app, 0);
    device.bind();
    let mut statuses = Vec::new();
    for replica in [1, 2, 0, 1] {
        device.base = base(&replicas[replica]);
        let reply = device.post("get_secret", json!({}));
        statuses.push((reply.status, reply.text().chars().take(80).collect::<String>()));
    }
    // The binding request and the next two are within the limit, wherever they went.
    assert!(statuses[..2].iter().all(|(status, _)| *status == 200), "{statuses:?}");
    assert!(statuses[2..].iter().all(|(status, text)| *status == 403 && text.contains("throttled")), "{statuses:?}");
    // Another endpoint has its own window.
    assert_eq!(device.post("get_folders", json!({})).status, 200);
}

#[test]
fn the_anonymous_share_limits_hold_across_replicas() {
    let replicas = replicas(&new_database());
    let http = http_client(&replicas[0].data_dir, None);
    let link = LinkSecret::random().id(Kind::Request);
    let statuses: Vec<u16> = (0..25)
        .map(|call| {
            let url = replicas[call % replicas.len()].url(&format!("/api/share/v1/r/{link}"));
            http.get(url).send().unwrap().status().as_u16()
        })
        .collect();
    // No replica sees more than 9 of the calls: only a count they share reaches the 20 a link
    // may have in a minute.
    assert!(statuses[..20].iter().all(|status| *status == 404), "{statuses:?}");
    assert_eq!(statuses[20..], [429; 5], "the 21st call to a link is throttled, whichever replica took it");
}

/// Each device reads in a loop on a thread of its own until `stop`; counts reads and, per
/// device, failures. Gives the devices back.
fn read_in_loops(
    devices: Vec<Device>,
    stop: &AtomicBool,
    failures: &[AtomicUsize],
    reads: &AtomicUsize,
) -> Vec<Device> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = devices
            .into_iter()
            .zip(failures)
            .map(|(device, failures)| {
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        match device.post("get_secret", json!({})).status {
                            200 => reads.fetch_add(1, Ordering::Relaxed),
                            _ => failures.fetch_add(1, Ordering::Relaxed),
                        };
                    }
                    device
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

#[test]
fn killing_one_replica_under_load_leaves_the_clients_of_the_others_without_an_error() {
    let mut replicas = unthrottled_replicas(&new_database());
    let mut devices: Vec<Device> = (0..3).map(|i| bound_device_on(&replicas, &replicas[0].seed.app, i)).collect();
    let others = devices.split_off(1);
    let stop = AtomicBool::new(false);
    let failures: Vec<AtomicUsize> = (0..2).map(|_| AtomicUsize::new(0)).collect();
    let reads = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let readers = scope.spawn(|| read_in_loops(others, &stop, &failures, &reads));
        wait_for_reads(&reads, 20);
        replicas[0].kill9();
        let after_kill = reads.load(Ordering::Relaxed);
        wait_for_reads(&reads, after_kill + 20);
        stop.store(true, Ordering::Relaxed);
        readers.join().unwrap();
    });
    assert_eq!(failures[0].load(Ordering::Relaxed), 0, "a client of replica 2 saw an error");
    assert_eq!(failures[1].load(Ordering::Relaxed), 0, "a client of replica 3 saw an error");
    // The killed replica's device moves to another replica and reads on.
    let mut moved = devices.pop().unwrap();
    moved.base = base(&replicas[1]);
    moved.secrets();
}

fn wait_for_reads(reads: &AtomicUsize, at_least: usize) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while reads.load(Ordering::Relaxed) < at_least {
        assert!(Instant::now() < deadline, "the replicas stopped answering");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn restarting_postgresql_under_load_fails_requests_cleanly_then_recovers() {
    let mut cluster = PgCluster::start();
    let replicas = unthrottled_replicas(&cluster.create_database());
    let devices: Vec<Device> = (0..3).map(|i| bound_device_on(&replicas, &replicas[0].seed.app, i)).collect();
    let statuses = std::sync::Mutex::new(Vec::<u16>::new());
    let stop = AtomicBool::new(false);
    let devices: Vec<Device> = std::thread::scope(|scope| {
        let handles: Vec<_> = devices
            .into_iter()
            .map(|device| {
                let (statuses, stop) = (&statuses, &stop);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let reply = device.post("get_secret", json!({}));
                        if reply.status != 200 {
                            assert!(
                                reply.status >= 500 && reply.json()["error"].is_string(),
                                "a failure is a clean JSON server error: {} {}",
                                reply.status,
                                reply.text()
                            );
                        }
                        statuses.lock().unwrap().push(reply.status);
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    device
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        cluster.stop();
        std::thread::sleep(Duration::from_millis(700));
        let down = statuses.lock().unwrap().len();
        std::thread::sleep(Duration::from_millis(700));
        let failed_while_down = statuses.lock().unwrap()[down..].iter().filter(|s| **s != 200).count();
        cluster.start_server();
        std::thread::sleep(Duration::from_millis(1500));
        stop.store(true, Ordering::Relaxed);
        let devices = handles.into_iter().map(|h| h.join().unwrap()).collect();
        assert!(failed_while_down > 0, "requests fail while PostgreSQL is down");
        devices
    });
    for (index, device) in devices.iter().enumerate() {
        let reply = device.post("get_secret", json!({}));
        assert_eq!(reply.status, 200, "replica {index} recovered without a restart: {}", reply.text());
    }
    for replica in &replicas {
        assert!(replica.pid().is_some(), "no replica was restarted");
    }
}

#[test]
fn connections_postgresql_closed_while_idle_are_replaced_without_a_failed_request() {
    let cluster = PgCluster::start();
    let url = cluster.create_database();
    let database = url.rsplit('/').next().unwrap().to_string();
    let replicas = unthrottled_replicas(&url);
    let devices: Vec<Device> = (0..3).map(|i| bound_device_on(&replicas, &replicas[0].seed.app, i)).collect();
    for device in &devices {
        for _ in 0..5 {
            device.secrets();
        }
    }
    // What `idle_session_timeout`, a pooler or an administrator does to idle connections.
    let closed = cluster
        .sql(&format!("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{database}'"));
    assert!(closed.parse::<u32>().unwrap() >= 3, "every replica had a connection open: {closed}");
    std::thread::sleep(Duration::from_millis(300));
    for (index, device) in devices.iter().enumerate() {
        for attempt in 0..10 {
            let reply = device.post("get_secret", json!({}));
            assert_eq!(reply.status, 200, "replica {index}, read {attempt} after the close: {}", reply.text());
        }
    }
}
