//! Every atomic write (ksm_files) refuses a target that exists and is not a regular file: a
//! FIFO or a device node is never replaced by a file, and the command says so in one line.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]
#![allow(unsafe_code, reason = "makes FIFOs and device nodes through libc")]
#![cfg(unix)]

mod common;
use common::*;
use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn mkfifo(path: &Path) {
    let c_path = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: mkfifo(3) with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo {}", path.display());
}

/// A node like /dev/null (character device 1:3) when allowed (root), else the real /dev/null,
/// which is just as much not a regular file.
fn null_device(dir: &Path) -> PathBuf {
    let path = dir.join("null");
    let c_path = CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: mknod(2) with a valid NUL-terminated path and a character device number.
    let made = unsafe { libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 3)) } == 0;
    if made {
        path
    } else {
        PathBuf::from("/dev/null")
    }
}

fn assert_untouched_fifo(path: &Path) {
    let metadata = std::fs::symlink_metadata(path).unwrap();
    assert!(metadata.file_type().is_fifo(), "{} was replaced", path.display());
}

#[test]
fn interpolate_refuses_a_fifo_and_a_device_as_output() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.fifo");
    mkfifo(&fifo);
    let device = null_device(dir.path());
    let ksm = Ksm::new();
    for target in [&fifo, &device] {
        let target = target.to_str().unwrap();
        let output = ksm.command(&["interpolate", "-o", target]).stdin(Stdio::piped()).output().unwrap();
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("ksm: error: cannot write {target}: it exists and is a ")), "{err}");
        assert!(err.contains("not a regular file; refusing to replace it"), "{err}");
    }
    assert_untouched_fifo(&fifo);
    let kind = std::fs::symlink_metadata(&device).unwrap().file_type();
    assert!(kind.is_char_device(), "the device node is still a device");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2, "no temp file left behind");
}

#[test]
fn ksm_server_refuses_a_fifo_as_ready_file() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    ksm_testkit::init_data_dir(&server_bin(), &data_dir);
    let fifo = dir.path().join("ready.fifo");
    mkfifo(&fifo);
    let output = Command::new(server_bin())
        .arg("--data-dir")
        .arg(&data_dir)
        .args(["serve", "--listen", "127.0.0.1:0", "--ready-file"])
        .arg(&fifo)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = stderr(&output);
    assert!(!output.status.success(), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("cannot write the ready file") && err.contains("a FIFO, not a regular file"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_untouched_fifo(&fifo);
}
