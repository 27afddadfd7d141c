//! Private files written atomically: created 0600 (never readable by others, even briefly),
//! fsynced, renamed over the old file, then the directory fsynced. A failure at any step
//! leaves the previous file as it was.

use super::ProfileError;
use rand::RngCore;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::Path;
use zeroize::Zeroizing;

/// Creates `dir` (and missing parents) with mode 0700. An existing directory is left as is.
pub(crate) fn ensure_private_dir(dir: &Path) -> Result<(), ProfileError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|e| ProfileError::io("create the directory", dir, &e))
}

/// Opens a new file that must not exist yet, with mode 0600 from its creation.
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Replaces `path` with `bytes` atomically.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ProfileError> {
    let dir = path.parent().ok_or_else(|| ProfileError::Io(format!("{} has no directory", path.display())))?;
    let temp = dir.join(temp_name(path));
    let written = write_temp(&temp, bytes).and_then(|()| rename(&temp, path));
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(ProfileError::io("write", path, &err));
    }
    sync_dir(dir)
}

/// Reads a file, `None` when it does not exist. The buffer is wiped on drop since a plaintext
/// profile holds secrets.
pub(crate) fn read_optional(path: &Path) -> Result<Option<Zeroizing<Vec<u8>>>, ProfileError> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(ProfileError::io("read", path, &err)),
    };
    let mut bytes = Zeroizing::new(Vec::new());
    file.read_to_end(&mut bytes).map_err(|e| ProfileError::io("read", path, &e))?;
    Ok(Some(bytes))
}

/// Removes a file and makes the removal durable. A file already gone is not an error.
pub(crate) fn remove(path: &Path) -> Result<(), ProfileError> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(err) if err.kind() == ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(ProfileError::io("remove", path, &err)),
    }
    match path.parent() {
        Some(dir) => sync_dir(dir),
        None => Ok(()),
    }
}

fn temp_name(path: &Path) -> String {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{file_name}.{}.{:08x}.tmp", std::process::id(), rand::rngs::OsRng.next_u32())
}

fn write_temp(temp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = create_private(temp)?;
    file.write_all(bytes)?;
    file.sync_all()
}

fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(test)]
    if fault::take() {
        return Err(std::io::Error::other("injected failure"));
    }
    fs::rename(from, to)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> Result<(), ProfileError> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| ProfileError::io("sync the directory", dir, &e))
}

// Windows cannot open a directory as a file; its rename is durable enough for our purpose.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> Result<(), ProfileError> {
    Ok(())
}

/// Makes the next rename on this thread fail, to test that a failed write loses nothing even
/// when the tests run as root (which ignores read-only directories).
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;

    thread_local! {
        static FAIL_NEXT_RENAME: Cell<bool> = const { Cell::new(false) };
    }

    pub(crate) fn fail_next_rename() {
        FAIL_NEXT_RENAME.with(|flag| flag.set(true));
    }

    pub(super) fn take() -> bool {
        FAIL_NEXT_RENAME.with(|flag| flag.replace(false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn writes_replace_atomically_and_failures_keep_the_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        ensure_private_dir(&dir).unwrap();
        let path = dir.join("f.json");
        write_private(&path, b"one").unwrap();
        write_private(&path, b"two").unwrap();
        assert_eq!(read_optional(&path).unwrap().unwrap().as_slice(), b"two");
        #[cfg(unix)]
        assert_eq!((mode(&dir), mode(&path)), (0o700, 0o600));

        fault::fail_next_rename();
        assert!(matches!(write_private(&path, b"three"), Err(ProfileError::Io(_))));
        assert_eq!(read_optional(&path).unwrap().unwrap().as_slice(), b"two");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "the temp file is cleaned up");

        remove(&path).unwrap();
        remove(&path).unwrap();
        assert!(read_optional(&path).unwrap().is_none());
    }
}
