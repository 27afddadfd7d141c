//! The profile store's file operations: `ksm_files` (private, atomic) with errors that say
//! which profile file failed.

use super::ProfileError;
use std::path::Path;
use zeroize::Zeroizing;

pub(crate) fn ensure_private_dir(dir: &Path) -> Result<(), ProfileError> {
    ksm_files::create_private_dir(dir).map_err(|e| ProfileError::io("create the directory", dir, &e))
}

pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> Result<(), ProfileError> {
    ksm_files::write_private(path, bytes).map_err(|e| ProfileError::io("write", path, &e))
}

pub(crate) fn read_optional(path: &Path) -> Result<Option<Zeroizing<Vec<u8>>>, ProfileError> {
    ksm_files::read_optional(path).map_err(|e| ProfileError::io("read", path, &e))
}

pub(crate) fn remove(path: &Path) -> Result<(), ProfileError> {
    ksm_files::remove(path).map_err(|e| ProfileError::io("remove", path, &e))
}

#[cfg(test)]
pub(crate) use ksm_files::fault;
