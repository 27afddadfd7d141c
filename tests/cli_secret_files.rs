//! `ksm secret upload|download|delete-attachment` against a real server.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

/// Bytes that are not UTF-8 and include NUL, so any text handling would show.
const CONTENT: &[u8] = b"attached \x00\x01\xfe\xff bytes\n\xc3\x28 end";

/// The device's API calls (and uploads) the server logged so far.
fn audit(server: &ServerProcess) -> Vec<Value> {
    server.admin(&["audit", "--json", "--limit", "100000"]).as_array().expect("audit entries").clone()
}

fn actions(entries: &[Value]) -> Vec<String> {
    entries.iter().map(|entry| entry["action"].as_str().unwrap_or_default().to_string()).collect()
}

fn file_refs(server: &ServerProcess, record: &str) -> Vec<Value> {
    let shown = server.record_show(record);
    let fields = shown["data"]["fields"].as_array().expect("fields").clone();
    let field = fields.iter().find(|field| field["type"] == "fileRef").expect("a fileRef field");
    field["value"].as_array().expect("fileRef value").clone()
}

fn listed_files(ksm: &Ksm, record: &str) -> Vec<Value> {
    json(&ksm.ok(&["secret", "get", "-u", record, "--json"]))["files"].as_array().expect("files").clone()
}

/// Runs `ksm args`, asserts success and returns stdout as bytes.
fn raw(ksm: &Ksm, args: &[&str]) -> Vec<u8> {
    let output = ksm.run(args);
    assert!(output.status.success(), "ksm {} failed: {}", args.join(" "), stderr(&output));
    output.stdout
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn upload_download_and_delete_round_trip_the_exact_bytes() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let record = server.seed.login.as_str();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("blob.bin");
    std::fs::write(&source, CONTENT).unwrap();

    let file_uid = ksm.ok(&["secret", "upload", "-u", record, "-f", source.to_str().unwrap(), "-t", "My Blob"]);
    let file_uid = file_uid.trim_end();
    assert_eq!(file_uid.len(), 22, "prints the new file UID: {file_uid}");
    let files = listed_files(&ksm, record);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0]["file_uid"], file_uid);
    assert_eq!(files[0]["name"], "blob.bin");
    assert_eq!(files[0]["title"], "My Blob");
    assert_eq!(files[0]["type"], "application/octet-stream");
    assert_eq!(files[0]["size"], CONTENT.len());
    assert_eq!(file_refs(&server, record), [Value::from(file_uid)]);

    let saved = dir.path().join("saved.bin");
    ksm.ok(&["secret", "download", "-u", record, "--name", "blob.bin", "--file-output", saved.to_str().unwrap()]);
    assert_eq!(std::fs::read(&saved).unwrap(), CONTENT);
    #[cfg(unix)]
    assert_eq!(mode(&saved), 0o600);
    let by_title = raw(&ksm, &["secret", "download", "-u", record, "--name", "My Blob", "--file-output", "stdout"]);
    assert_eq!(by_title, CONTENT);
    let by_uid = raw(&ksm, &["secret", "download", "-u", record, "--file-uid", file_uid, "--file-output", "stdout"]);
    assert_eq!(by_uid, CONTENT);
    assert_eq!(raw(&ksm, &["secret", "notation", &format!("keeper://{record}/file/blob.bin")]), CONTENT);

    // Two files with one name: a name is ambiguous, a UID is not.
    let second = ksm.ok(&["secret", "upload", "-u", record, "-f", source.to_str().unwrap()]);
    let second = second.trim_end();
    let err = ksm.fails(&["secret", "download", "-u", record, "--name", "blob.bin", "--file-output", "stdout"], 3);
    assert!(err.contains(file_uid) && err.contains(second), "{err}");

    let removed = ksm.ok(&["secret", "delete-attachment", "-u", record, "-f", "My Blob", "--file", second]);
    assert!(removed.contains(file_uid) && removed.contains(second), "{removed}");
    assert!(listed_files(&ksm, record).is_empty());
    assert!(file_refs(&server, record).is_empty(), "the fileRef field stays, empty");
    let err = ksm.fails(&["secret", "delete-attachment", "-u", record, "-f", "blob.bin"], 3);
    assert!(err.contains("no files"), "{err}");
}

#[test]
fn bad_local_input_is_refused_before_any_request() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let record = server.seed.login.as_str();
    let dir = tempfile::tempdir().unwrap();
    let before = audit(&server).len();

    let missing = dir.path().join("missing.bin");
    let err = ksm.fails(&["secret", "upload", "-u", record, "-f", missing.to_str().unwrap()], 2);
    assert!(err.contains("missing.bin"), "{err}");
    let err = ksm.fails(&["secret", "upload", "-u", record, "-f", dir.path().to_str().unwrap()], 2);
    assert!(err.contains("not a regular file"), "{err}");

    let large = dir.path().join("large.bin");
    std::fs::File::create(&large).unwrap().set_len(101 * 1024 * 1024).unwrap();
    let err = ksm.fails(&["secret", "upload", "-u", record, "-f", large.to_str().unwrap()], 2);
    assert!(err.contains("limit") && err.contains("100 MiB"), "{err}");

    let nested = dir.path().join("no/such/dir/out.bin");
    let err =
        ksm.fails(&["secret", "download", "-u", record, "--name", "x", "--file-output", nested.to_str().unwrap()], 2);
    assert!(err.contains("--create-folders"), "{err}");
    assert!(!dir.path().join("no").exists(), "nothing created");

    assert_eq!(audit(&server).len(), before, "no request reached the server: {:?}", actions(&audit(&server)));
}

#[test]
fn downloads_need_an_existing_file_and_may_create_folders() {
    let server = start_server(&[]);
    let ksm = Ksm::enrolled(&server, &server.seed.app);
    let record = server.seed.login.as_str();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("report.pdf");
    std::fs::write(&source, CONTENT).unwrap();
    ksm.ok(&["secret", "upload", "-u", record, "-f", source.to_str().unwrap()]);
    assert_eq!(listed_files(&ksm, record)[0]["type"], "application/pdf");

    let target = dir.path().join("out.pdf");
    let err = ksm
        .fails(&["secret", "download", "-u", record, "--name", "nope", "--file-output", target.to_str().unwrap()], 3);
    assert!(err.contains("nope") && err.contains("report.pdf"), "lists the files: {err}");
    assert!(!target.exists(), "no file created");
    let err = ksm.fails(
        &["secret", "download", "-u", record, "--file-uid", "AAAAAAAAAAAAAAAAAAAAAA", "--file-output", "stdout"],
        3,
    );
    assert!(err.contains("report.pdf"), "{err}");
    let err =
        ksm.fails(&["secret", "download", "-u", "AAAAAAAAAAAAAAAAAAAAAA", "--name", "x", "--file-output", "stdout"], 3);
    assert!(err.contains("AAAAAAAAAAAAAAAAAAAAAA"), "{err}");
    let neither = ksm.run(&["secret", "download", "-u", record, "--file-output", "stdout"]);
    assert_eq!(neither.status.code(), Some(2), "--name or --file-uid is required: {}", stderr(&neither));
    ksm.fails(
        &["secret", "download", "-u", record, "--name", "report.pdf", "--file-output", dir.path().to_str().unwrap()],
        2,
    );

    let nested = dir.path().join("a/b/out.pdf");
    let args = ["secret", "download", "-u", record, "--name", "report.pdf", "--file-output", nested.to_str().unwrap()];
    ksm.fails(&args, 2);
    assert!(!dir.path().join("a").exists());
    let mut with_folders = args.to_vec();
    with_folders.push("--create-folders");
    ksm.ok(&with_folders);
    assert_eq!(std::fs::read(&nested).unwrap(), CONTENT);
    #[cfg(unix)]
    {
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        assert_eq!(mode(&dir.path().join("a/b")), 0o700);
        assert_eq!(mode(&nested), 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("a/b")).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn a_read_only_share_is_refused_and_nothing_changes() {
    let server = start_server(&[]);
    let record = server.seed.login.as_str();
    let dir = tempfile::tempdir().unwrap();
    let attached = dir.path().join("kept.txt");
    std::fs::write(&attached, CONTENT).unwrap();
    server.admin_text(&["file", "attach", "--record", record, "--path", attached.to_str().unwrap()]);
    let revision = server.record_show(record)["revision"].clone();
    let ro = Ksm::enrolled(&server, &server.seed.ro_app);
    let before = audit(&server).len();

    let err = ro.fails(&["secret", "upload", "-u", record, "-f", attached.to_str().unwrap()], 4);
    assert!(err.contains("read-only"), "{err}");
    let err = ro.fails(&["secret", "delete-attachment", "-u", record, "-f", "kept.txt"], 4);
    assert!(err.contains("read-only"), "{err}");

    let after = audit(&server);
    assert!(actions(&after[before..]).iter().all(|action| action == "get_secret"), "{:?}", actions(&after[before..]));
    assert_eq!(server.record_show(record)["revision"], revision, "the record is unchanged");
    assert_eq!(file_refs(&server, record).len(), 1);

    // Reading is allowed.
    let read = raw(&ro, &["secret", "download", "-u", record, "--name", "kept.txt", "--file-output", "stdout"]);
    assert_eq!(read, CONTENT);
}
