//! `--key-file`: a file holding the standard base64 of 32 random bytes, readable only by its
//! owner. One key file may protect several profiles.

use super::ProfileError;
use rand::RngCore;
use std::io::ErrorKind;
use std::path::Path;
use zeroize::Zeroizing;

const KEY_LEN: usize = 32;

/// Reads the key file at `path`, creating it with a fresh random key when it does not exist.
pub(crate) fn read_or_create(path: &Path) -> Result<Zeroizing<Vec<u8>>, ProfileError> {
    match create(path) {
        Ok(key) => Ok(key),
        Err(err) if err.kind() == ErrorKind::AlreadyExists => read(path, None),
        Err(err) => Err(ProfileError::io("create the key file", path, &err)),
    }
}

/// Checks that `path` holds a usable key, or could be created: its directory exists.
pub(crate) fn check(path: &Path) -> Result<(), ProfileError> {
    if path.exists() {
        return read(path, None).map(drop);
    }
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    if parent.is_dir() {
        Ok(())
    } else {
        Err(ProfileError::Io(format!(
            "cannot create the key file {}: the directory {} does not exist",
            path.display(),
            parent.display()
        )))
    }
}

/// Reads the key file protecting `profile` (or, at creation, any profile: `None`).
pub(crate) fn read(path: &Path, profile: Option<&str>) -> Result<Zeroizing<Vec<u8>>, ProfileError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => Zeroizing::new(text),
        Err(err) if err.kind() == ErrorKind::NotFound => {
            let why = format!("the key file {} is missing", path.display());
            return Err(match profile {
                Some(profile) => ProfileError::key_unavailable(profile, &why),
                None => ProfileError::KeyUnavailable(why),
            });
        }
        Err(err) => return Err(ProfileError::io("read the key file", path, &err)),
    };
    refuse_shared(path)?;
    let key = Zeroizing::new(ksm_proto::b64::decode(text.trim()).unwrap_or_default());
    if key.len() != KEY_LEN {
        return Err(ProfileError::KeyUnavailable(format!(
            "the key file {} does not hold a key (expected the base64 of {KEY_LEN} random bytes, as ksm writes it)",
            path.display()
        )));
    }
    Ok(key)
}

fn create(path: &Path) -> std::io::Result<Zeroizing<Vec<u8>>> {
    let mut key = Zeroizing::new(vec![0u8; KEY_LEN]);
    rand::rngs::OsRng.fill_bytes(&mut key);
    let mut text = Zeroizing::new(ksm_proto::b64::encode(&key));
    text.push('\n');
    ksm_files::create_new_private(path, text.as_bytes())?;
    Ok(key)
}

#[cfg(unix)]
fn refuse_shared(path: &Path) -> Result<(), ProfileError> {
    use std::os::unix::fs::PermissionsExt;
    let mode =
        std::fs::metadata(path).map_err(|e| ProfileError::io("inspect the key file", path, &e))?.permissions().mode();
    if mode & 0o077 != 0 {
        return Err(ProfileError::KeyUnavailable(format!(
            "the key file {} is accessible by group or others (mode {:o}); run `chmod 600 {}` and retry",
            path.display(),
            mode & 0o777,
            path.display()
        )));
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_shared(_path: &Path) -> Result<(), ProfileError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ksm.key");
        let first = read_or_create(&path).unwrap();
        assert_eq!(first.len(), KEY_LEN);
        assert_eq!(read_or_create(&path).unwrap(), first);
        assert_eq!(read(&path, Some("p")).unwrap(), first);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }

    #[test]
    fn missing_short_and_shared_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ksm.key");
        let missing = read(&path, Some("prod")).unwrap_err().to_string();
        assert!(missing.contains("prod") && missing.contains("is missing"), "{missing}");

        std::fs::write(&path, ksm_proto::b64::encode(&[1u8; 16])).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        assert!(read(&path, None).unwrap_err().to_string().contains("does not hold a key"));

        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::write(&path, ksm_proto::b64::encode(&[1u8; 32])).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            let shared = read(&path, None).unwrap_err().to_string();
            assert!(shared.contains("chmod 600") && shared.contains("640"), "{shared}");
        }
    }
}
