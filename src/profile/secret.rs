//! The input keying material of a profile, from whichever source its protection names.

use super::os_keyring::{KeyringSlot, Store};
use super::{env_key, key_file, ProfileError, Protection};
use rand::RngCore;
use std::path::Path;
use zeroize::Zeroizing;

/// HKDF input keying material; `None` means the profile is stored in plaintext.
pub(crate) type Secret = Option<Zeroizing<Vec<u8>>>;

/// Checks, without changing anything, that a profile could be created with `protection`: the
/// keyring answers, the key file is usable (or can be created), the environment key is set.
pub(crate) fn preflight(protection: &Protection) -> Result<(), ProfileError> {
    match protection {
        Protection::Keyring => KeyringSlot::probe(Store::Durable),
        Protection::KernelKeyring => KeyringSlot::probe(Store::Kernel),
        Protection::KeyFile(path) => key_file::check(path),
        Protection::EnvKey => env_key::read(None).map(drop),
        Protection::Plaintext => Ok(()),
    }
}

/// Obtains the secret for a new profile: a fresh random one put in the keyring, the key file's
/// (created when missing), or the environment's.
pub(crate) fn provision(protection: &Protection, profile: &str, store_dir: &Path) -> Result<Secret, ProfileError> {
    let secret = match protection {
        Protection::Keyring => new_keyring_secret(Store::Durable, profile, store_dir)?,
        Protection::KernelKeyring => new_keyring_secret(Store::Kernel, profile, store_dir)?,
        Protection::KeyFile(path) => key_file::read_or_create(path)?,
        Protection::EnvKey => env_key::read(None)?,
        Protection::Plaintext => return Ok(None),
    };
    Ok(Some(secret))
}

/// Obtains the secret of an existing profile.
pub(crate) fn fetch(protection: &Protection, profile: &str, store_dir: &Path) -> Result<Secret, ProfileError> {
    let secret = match protection {
        Protection::Keyring => KeyringSlot::new(Store::Durable, profile, store_dir).fetch(profile)?,
        Protection::KernelKeyring => KeyringSlot::new(Store::Kernel, profile, store_dir).fetch(profile)?,
        Protection::KeyFile(path) => key_file::read(path, Some(profile))?,
        Protection::EnvKey => env_key::read(Some(profile))?,
        Protection::Plaintext => return Ok(None),
    };
    Ok(Some(secret))
}

/// Removes what the store itself put in a keyring. Key files and the environment belong to the
/// user (a key file may protect other profiles) and are left alone.
pub(crate) fn discard(protection: &Protection, profile: &str, store_dir: &Path) -> Result<(), ProfileError> {
    match keyring_store(protection) {
        Some(store) => KeyringSlot::new(store, profile, store_dir).remove(),
        None => Ok(()),
    }
}

fn new_keyring_secret(store: Store, profile: &str, store_dir: &Path) -> Result<Zeroizing<Vec<u8>>, ProfileError> {
    let mut secret = Zeroizing::new(vec![0u8; 32]);
    rand::rngs::OsRng.fill_bytes(&mut secret);
    KeyringSlot::new(store, profile, store_dir).store_new(&secret)?;
    Ok(secret)
}

fn keyring_store(protection: &Protection) -> Option<Store> {
    match protection {
        Protection::Keyring => Some(Store::Durable),
        Protection::KernelKeyring => Some(Store::Kernel),
        Protection::KeyFile(_) | Protection::EnvKey | Protection::Plaintext => None,
    }
}
