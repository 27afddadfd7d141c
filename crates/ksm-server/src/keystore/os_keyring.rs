//! `--keyring`: the keystore's 32-byte secret kept by the operating system's durable credential
//! store (Secret Service on Linux and the BSDs, the Keychain on macOS, the Credential Manager on
//! Windows). Linux kernel keyutils is deliberately not offered: it forgets keys at reboot, and a
//! lost owner key is a lost vault.

use anyhow::bail;
use keyring::Entry;
use ksm_proto::crypto::SymmetricKey;
use zeroize::Zeroizing;

const SERVICE: &str = "ksm-server";

/// A fresh entry name for every write, so that a failed re-encryption never overwrites the
/// secret that still opens the keystore on disk.
pub fn new_entry_name() -> String {
    format!("owner-keystore:{}", hex::encode(&SymmetricKey::random().as_bytes()[..6]))
}

/// Stores a fresh random secret under `name` and returns it.
pub fn store_new(name: &str) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let secret = Zeroizing::new(SymmetricKey::random().as_bytes().to_vec());
    entry(name)?.set_secret(&secret).map_err(|e| unreachable(&e))?;
    Ok(secret)
}

pub fn fetch(name: &str) -> anyhow::Result<Zeroizing<Vec<u8>>> {
    let secret = entry(name)?.get_secret().map(Zeroizing::new).map_err(|e| match e {
        keyring::Error::NoEntry => anyhow::anyhow!(
            "the OS keyring has no entry {SERVICE}/{name} for the owner keystore; open it where it was protected, \
             or use an exported copy"
        ),
        other => unreachable(&other),
    })?;
    if secret.len() != 32 {
        bail!("the OS keyring entry {SERVICE}/{name} does not hold a keystore secret");
    }
    Ok(secret)
}

/// Forgets an entry that no longer protects anything; one already gone is fine.
pub fn remove(name: &str) -> anyhow::Result<()> {
    match entry(name)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(error) => Err(unreachable(&error)),
    }
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn entry(name: &str) -> anyhow::Result<Entry> {
    let credential =
        keyring::secret_service::SsCredential::new_with_target(None, SERVICE, name).map_err(|e| unreachable(&e))?;
    Ok(Entry::new_with_credential(Box::new(credential)))
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn entry(name: &str) -> anyhow::Result<Entry> {
    Entry::new(SERVICE, name).map_err(|e| unreachable(&e))
}

/// One line, without any stored value (only `BadEncoding` could carry one).
fn unreachable(error: &keyring::Error) -> anyhow::Error {
    let text = match error {
        keyring::Error::BadEncoding(_) => "the stored value has an unexpected format".to_string(),
        keyring::Error::NoStorageAccess(inner) => format!("locked or access denied: {inner}"),
        other => other.to_string(),
    };
    anyhow::anyhow!("the OS keyring is not usable: {}", text.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_are_fresh_and_errors_hide_values() {
        assert_ne!(new_entry_name(), new_entry_name());
        assert!(new_entry_name().starts_with("owner-keystore:"));
        let message = unreachable(&keyring::Error::BadEncoding(b"SECRET".to_vec())).to_string();
        assert!(!message.contains("SECRET") && message.contains("unexpected format"), "{message}");
    }
}
