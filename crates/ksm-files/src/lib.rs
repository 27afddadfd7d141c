//! Files that hold secrets, for the client and the server alike: created 0600 from the first
//! byte (directories 0700), written to a temporary file that is fsynced and renamed over the
//! old one, then the directory fsynced. A failure at any step leaves the previous file intact.
//! Only a regular file is ever replaced: a FIFO, a device node, a socket or a directory at the
//! target is refused, never swapped for a file.

use rand::RngCore;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use zeroize::Zeroizing;

/// Temporary files of interrupted writes older than this are deleted by [`remove_stale_temps`]:
/// far longer than any write takes, so a write still under way is never disturbed.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Creates `dir` (and missing parents) with mode 0700. An existing directory is left as is.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens a new file that must not exist yet, with mode 0600 from its creation.
pub fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Replaces `path` with `bytes` atomically; readers see the old or the new file, never a part.
/// Fails with `InvalidInput`, writing nothing, when `path` exists and is not a regular file.
pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let staged = StagedFile::create(path)?;
    staged.file().write_all(bytes)?;
    staged.commit()
}

/// Creates `path` holding `bytes`, only when nothing is there yet: other processes, and a
/// process killed midway, see no file or the whole one, never a part. Fails with
/// `AlreadyExists`, changing nothing at `path`, when it exists.
pub fn create_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let staged = StagedFile::create(path)?;
    staged.file().write_all(bytes)?;
    staged.commit_new()
}

/// A private (0600) temporary file beside `path` that replaces it only on [`commit`]; dropped
/// without a commit, it is removed and `path` stays as it was.
///
/// [`commit`]: StagedFile::commit
pub struct StagedFile {
    temp: PathBuf,
    path: PathBuf,
    file: File,
    committed: bool,
}

impl StagedFile {
    /// Fails with `InvalidInput`, creating nothing, when `path` exists and is not a regular
    /// file.
    pub fn create(path: &Path) -> std::io::Result<Self> {
        refuse_special(path)?;
        let temp = parent_dir(path).join(temp_name(path));
        let file = create_private(&temp)?;
        Ok(Self { temp, path: path.to_path_buf(), file, committed: false })
    }

    /// The temporary file, to write to.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Flushes the file to disk and renames it over `path`, then syncs the directory.
    pub fn commit(mut self) -> std::io::Result<()> {
        self.file.sync_all()?;
        rename(&self.temp, &self.path)?;
        self.committed = true;
        sync_dir(parent_dir(&self.path))
    }

    /// As [`commit`](StagedFile::commit), but only when `path` does not exist: a hard link
    /// gives the whole file its name or fails with `AlreadyExists` (a rename would replace).
    fn commit_new(self) -> std::io::Result<()> {
        self.file.sync_all()?;
        fs::hard_link(&self.temp, &self.path)?;
        let dir = parent_dir(&self.path).to_path_buf();
        // Dropped uncommitted, the staged file loses its temporary name; `path` keeps it.
        drop(self);
        sync_dir(&dir)
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// Reads a file, `None` when it does not exist; the buffer is wiped on drop.
pub fn read_optional(path: &Path) -> std::io::Result<Option<Zeroizing<Vec<u8>>>> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error),
    };
    let mut bytes = Zeroizing::new(Vec::new());
    file.read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// Removes a file durably. A file already gone is not an error.
pub fn remove(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Ok(()) => {}
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => sync_dir(dir),
        _ => Ok(()),
    }
}

/// Deletes, in `dir`, the temporary files that interrupted writes left behind (only names of
/// the form this crate gives them) once they are older than `older_than`; the number deleted.
pub fn remove_stale_temps(dir: &Path, older_than: Duration) -> std::io::Result<usize> {
    let now = SystemTime::now();
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if !name.to_str().is_some_and(is_temp_name) {
            continue;
        }
        let metadata = entry.metadata()?;
        let age = metadata.modified().ok().and_then(|modified| now.duration_since(modified).ok());
        if metadata.is_file() && age.is_some_and(|age| age > older_than) {
            match fs::remove_file(entry.path()) {
                Ok(()) => removed += 1,
                Err(error) if error.kind() == ErrorKind::NotFound => {}
                Err(error) => return Err(error),
            }
        }
    }
    Ok(removed)
}

/// `path` may be replaced: it does not exist, or it is (or links to) a regular file.
fn refuse_special(path: &Path) -> std::io::Result<()> {
    let file_type = match fs::metadata(path) {
        Ok(metadata) => metadata.file_type(),
        Err(error) if error.kind() == ErrorKind::NotFound => return Ok(()),
        Err(error) => return Err(error),
    };
    if file_type.is_file() {
        return Ok(());
    }
    Err(std::io::Error::new(
        ErrorKind::InvalidInput,
        format!("it exists and is {}, not a regular file; refusing to replace it", describe(&file_type)),
    ))
}

fn describe(file_type: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// `.<file name>.<pid>.<8 hex digits>.tmp`, as [`temp_name`] makes them.
fn is_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else { return false };
    let mut parts = inner.rsplitn(3, '.');
    let (Some(random), Some(pid), Some(file_name)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !file_name.is_empty()
        && random.len() == 8
        && random.bytes().all(|b| b.is_ascii_hexdigit())
        && !pid.is_empty()
        && pid.bytes().all(|b| b.is_ascii_digit())
}

fn temp_name(path: &Path) -> String {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    format!(".{file_name}.{}.{:08x}.tmp", std::process::id(), rand::rngs::OsRng.next_u32())
}

fn rename(from: &Path, to: &Path) -> std::io::Result<()> {
    #[cfg(feature = "fault-injection")]
    if fault::take() {
        return Err(std::io::Error::other("injected failure"));
    }
    fs::rename(from, to)
}

/// Makes a rename or removal in `dir` durable.
#[cfg(unix)]
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir).and_then(|d| d.sync_all())
}

// Windows cannot open a directory as a file; its rename is durable enough for our purpose.
#[cfg(not(unix))]
pub fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Makes the next rename on this thread fail (tests run as root, which ignores read-only
/// directories, so this is the dependable way to make a write fail late).
#[cfg(feature = "fault-injection")]
pub mod fault {
    use std::cell::Cell;

    thread_local! {
        static FAIL_NEXT_RENAME: Cell<bool> = const { Cell::new(false) };
    }

    pub fn fail_next_rename() {
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
    fn writes_are_private_atomic_and_leave_no_temp_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b");
        create_private_dir(&dir).unwrap();
        let path = dir.join("f.json");
        write_private(&path, b"one").unwrap();
        write_private(&path, b"two").unwrap();
        assert_eq!(read_optional(&path).unwrap().unwrap().as_slice(), b"two");
        #[cfg(unix)]
        assert_eq!((mode(&dir), mode(&path)), (0o700, 0o600));
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1, "no temp file left behind");
        assert!(create_private(&path).is_err(), "never opens an existing file");
        remove(&path).unwrap();
        remove(&path).unwrap();
        assert!(read_optional(&path).unwrap().is_none());
    }

    #[cfg(unix)]
    #[test]
    #[allow(unsafe_code, reason = "makes a FIFO through libc::mkfifo")]
    fn a_fifo_or_a_directory_is_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("fifo");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo(3) with a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let error = write_private(&fifo, b"secret").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidInput);
        assert!(error.to_string().contains("a FIFO, not a regular file"), "{error}");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo(), "the FIFO is still there");
        let dir = tmp.path().join("dir");
        fs::create_dir(&dir).unwrap();
        assert!(write_private(&dir, b"x").unwrap_err().to_string().contains("a directory"));
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 2, "no temp file was made");
    }

    #[test]
    fn only_our_old_temp_files_are_swept() {
        let tmp = tempfile::tempdir().unwrap();
        let old = SystemTime::now() - Duration::from_secs(2 * 3600);
        let make = |name: &str, modified: SystemTime| {
            let file = File::create(tmp.path().join(name)).unwrap();
            file.set_modified(modified).unwrap();
        };
        make(".entry.bin.4242.0a1b2c3d.tmp", old);
        make(".entry.bin.4242.0a1b2c3e.tmp", SystemTime::now());
        make(".entry.bin.x.0a1b2c3d.tmp", old);
        make("entry.bin", old);
        make(".other.tmp", old);
        assert_eq!(remove_stale_temps(tmp.path(), STALE_TEMP_AGE).unwrap(), 1);
        let mut left: Vec<String> =
            fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        assert_eq!(left, [".entry.bin.4242.0a1b2c3e.tmp", ".entry.bin.x.0a1b2c3d.tmp", ".other.tmp", "entry.bin"]);
        assert!(is_temp_name(&temp_name(Path::new("/a/f.json"))), "the sweep recognizes what writes create");
    }

    #[test]
    fn a_new_file_is_created_whole_once_and_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("key");
        create_new_private(&path, b"first").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"first");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let again = create_new_private(&path, b"second").unwrap_err();
        assert_eq!(again.kind(), ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first", "an existing file is kept");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "no temporary file is left");
    }

    #[cfg(feature = "fault-injection")]
    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("f");
        write_private(&path, b"old").unwrap();
        fault::fail_next_rename();
        assert!(write_private(&path, b"new").is_err());
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(tmp.path()).unwrap().count(), 1, "the temp file is cleaned up");
    }
}
