//! Profile secrets kept by the operating system: the durable credential store (Secret Service
//! on Linux and the BSDs, chosen explicitly rather than left to the crate's default; the
//! Keychain on macOS; the Credential Manager on Windows) or, opt-in, Linux kernel keyutils,
//! which the kernel empties at every reboot.

#![allow(unsafe_code, reason = "the Linux kernel keyring through the keyctl syscall")]

use super::ProfileError;
use keyring::Entry;
use sha2::{Digest, Sha256};
use std::path::Path;
use zeroize::Zeroizing;

const SERVICE: &str = "ksm";
const SECRET_LEN: usize = 32;

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
const DURABLE_STORE_NAME: &str = "Secret Service";
#[cfg(target_os = "macos")]
const DURABLE_STORE_NAME: &str = "macOS Keychain";
#[cfg(target_os = "windows")]
const DURABLE_STORE_NAME: &str = "Windows Credential Manager";
#[cfg(not(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "macos",
    target_os = "windows"
)))]
const DURABLE_STORE_NAME: &str = "OS keyring";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Store {
    Durable,
    Kernel,
}

/// The keyring entry of one profile of one store directory.
pub(crate) struct KeyringSlot {
    store: Store,
    user: String,
}

impl KeyringSlot {
    /// The entry is `profile:<name>:<tag>`, where the tag hashes the store directory so that
    /// two config directories holding a profile of the same name do not share an entry.
    pub(crate) fn new(store: Store, profile: &str, store_dir: &Path) -> Self {
        Self { store, user: format!("profile:{profile}:{}", dir_tag(store_dir)) }
    }

    /// Checks that the store answers, without writing anything: a lookup of an entry that does
    /// not exist succeeds with "no entry" only when the keyring service itself is reachable.
    pub(crate) fn probe(store: Store) -> Result<(), ProfileError> {
        Self { store, user: "probe".into() }.reachable_entry().map(drop)
    }

    /// Stores `secret` for a new profile. Checks first that the store answers at all, so that an
    /// unreachable keyring is reported as such rather than as a failed write.
    pub(crate) fn store_new(&self, secret: &[u8]) -> Result<(), ProfileError> {
        self.reachable_entry()?.set_secret(secret).map_err(|e| self.unreachable(&e))
    }

    fn reachable_entry(&self) -> Result<Entry, ProfileError> {
        let entry = self.entry().map_err(|e| self.unreachable(&e))?;
        match entry.get_secret() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(entry),
            Err(err) => Err(self.unreachable(&err)),
        }
    }

    fn unreachable(&self, err: &keyring::Error) -> ProfileError {
        let store = match self.store {
            Store::Durable => DURABLE_STORE_NAME,
            Store::Kernel => "kernel keyring",
        };
        ProfileError::NoKeyring(format!("{store}: {}", describe(err)))
    }

    pub(crate) fn fetch(&self, profile: &str) -> Result<Zeroizing<Vec<u8>>, ProfileError> {
        let secret = self.entry().and_then(|entry| entry.get_secret()).map(Zeroizing::new).map_err(|err| {
            let why = match (&err, self.store) {
                (keyring::Error::NoEntry, Store::Durable) => "the OS keyring has no entry for it".to_string(),
                (keyring::Error::NoEntry, Store::Kernel) => {
                    "the kernel keyring no longer holds it; the kernel forgets its keys at reboot".to_string()
                }
                _ => format!("the keyring cannot be read: {}", describe(&err)),
            };
            ProfileError::key_unavailable(profile, &why)
        })?;
        if secret.len() != SECRET_LEN {
            return Err(ProfileError::key_unavailable(profile, "its keyring entry does not hold a ksm key"));
        }
        Ok(secret)
    }

    /// Forgets the entry; one that is already gone is fine.
    pub(crate) fn remove(&self) -> Result<(), ProfileError> {
        match self.entry().and_then(|entry| entry.delete_credential()) {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(ProfileError::KeyUnavailable(format!(
                "cannot remove the keyring entry {SERVICE}/{}: {}",
                self.user,
                describe(&err)
            ))),
        }
    }

    fn entry(&self) -> keyring::Result<Entry> {
        match self.store {
            Store::Durable => durable_entry(&self.user),
            Store::Kernel => kernel_entry(&self.user),
        }
    }
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn durable_entry(user: &str) -> keyring::Result<Entry> {
    let credential = keyring::secret_service::SsCredential::new_with_target(None, SERVICE, user)?;
    Ok(Entry::new_with_credential(Box::new(credential)))
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn durable_entry(user: &str) -> keyring::Result<Entry> {
    Entry::new(SERVICE, user)
}

/// The key is added to the session keyring and linked into the user's persistent keyring, which
/// is what keeps it after this process ends (until reboot, or after days unused).
#[cfg(target_os = "linux")]
fn kernel_entry(user: &str) -> keyring::Result<Entry> {
    ensure_session_keyring();
    let credential = keyring::keyutils::KeyutilsCredential::new_with_target(None, SERVICE, user)?;
    if credential.persistent.is_none() {
        return Err(keyring::Error::PlatformFailure(
            "the kernel offers no persistent keyring, so the key would not outlive this process".into(),
        ));
    }
    Ok(Entry::new_with_credential(Box::new(credential)))
}

/// A process without a session keyring of its own (a shell not started through PAM, a
/// container) borrows the user-session keyring. The keyring crate then looks up the persistent
/// keyring, which makes the kernel create a fresh session keyring mid-way; keys added to the
/// borrowed keyring are then no longer "possessed", and every later access is denied (seen on
/// Linux 6.18). Creating the session keyring first keeps the view consistent.
#[cfg(target_os = "linux")]
fn ensure_session_keyring() {
    const KEYCTL_GET_KEYRING_ID: libc::c_long = 0;
    const KEY_SPEC_SESSION_KEYRING: libc::c_long = -3;
    const CREATE: libc::c_long = 1;
    // SAFETY: keyctl with integer arguments only. A failure shows up in the next keyctl call.
    unsafe { libc::syscall(libc::SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, CREATE) };
}

#[cfg(not(target_os = "linux"))]
fn kernel_entry(_user: &str) -> keyring::Result<Entry> {
    Err(keyring::Error::PlatformFailure("the kernel keyring exists only on Linux".into()))
}

/// First 12 hex digits of SHA-256 of the canonical directory path.
fn dir_tag(dir: &Path) -> String {
    let canonical = dir.canonicalize().unwrap_or_else(|_| std::path::absolute(dir).unwrap_or_else(|_| dir.into()));
    let digest = Sha256::digest(canonical.as_os_str().as_encoded_bytes());
    hex::encode(&digest[..6])
}

/// One line, without the stored value (which only `BadEncoding` could carry).
fn describe(err: &keyring::Error) -> String {
    let text = match err {
        keyring::Error::PlatformFailure(inner) => inner.to_string(),
        keyring::Error::NoStorageAccess(inner) => format!("locked or access denied: {inner}"),
        keyring::Error::BadEncoding(_) => "the stored value has an unexpected format".to_string(),
        keyring::Error::Ambiguous(items) => format!("{} keyring entries match; remove the duplicates", items.len()),
        other => other.to_string(),
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_differ_per_directory_and_per_profile() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let user = |name: &str, dir: &Path| KeyringSlot::new(Store::Durable, name, dir).user;
        assert_ne!(user("p", a.path()), user("p", b.path()));
        assert_ne!(user("p", a.path()), user("q", a.path()));
        assert_eq!(user("p", a.path()), user("p", &a.path().join(".")));
        assert!(user("p", a.path()).starts_with("profile:p:") && user("p", a.path()).len() == "profile:p:".len() + 12);
    }

    #[test]
    fn descriptions_are_one_line_and_hide_values() {
        assert_eq!(
            describe(&keyring::Error::BadEncoding(b"SECRET".to_vec())),
            "the stored value has an unexpected format"
        );
        assert_eq!(describe(&keyring::Error::PlatformFailure("a\n  b".into())), "a b");
    }
}
