//! An exclusive lock on the store, held for the whole read-modify-write of any change, so that
//! two `ksm` processes cannot interleave their updates.

#![allow(unsafe_code, reason = "file locking through libc::flock")]

use super::ProfileError;
use std::fs::{File, OpenOptions};
use std::path::Path;

/// Held while alive; the kernel releases the lock when the file is closed (also on a crash).
pub(crate) struct StoreLock {
    _file: File,
}

impl StoreLock {
    /// Blocks until the lock on `<dir>/.lock` is ours. `dir` must exist.
    pub(crate) fn acquire(dir: &Path) -> Result<Self, ProfileError> {
        let path = dir.join(".lock");
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path).map_err(|e| ProfileError::io("open the lock file", &path, &e))?;
        lock_exclusive(&file).map_err(|e| ProfileError::io("lock", &path, &e))?;
        Ok(Self { _file: file })
    }
}

#[cfg(unix)]
fn lock_exclusive(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    loop {
        // SAFETY: flock only reads the descriptor, which `file` keeps open for this call.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let err = std::io::Error::last_os_error();
        if err.kind() != std::io::ErrorKind::Interrupted {
            return Err(err);
        }
    }
}

// Without flock, writes stay atomic (rename) but concurrent updates are not serialized.
#[cfg(not(unix))]
fn lock_exclusive(_file: &File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn a_second_holder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = StoreLock::acquire(dir.path()).unwrap();
        let acquired = Arc::new(AtomicBool::new(false));
        let waiter = {
            let (path, acquired) = (dir.path().to_path_buf(), Arc::clone(&acquired));
            std::thread::spawn(move || {
                // flock locks belong to the open file description, so a second open conflicts
                // even inside one process.
                let _second = StoreLock::acquire(&path).unwrap();
                acquired.store(true, Ordering::SeqCst);
            })
        };
        std::thread::sleep(Duration::from_millis(100));
        assert!(!acquired.load(Ordering::SeqCst), "the lock is exclusive");
        drop(first);
        waiter.join().unwrap();
        assert!(acquired.load(Ordering::SeqCst));
    }
}
