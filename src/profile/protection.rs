//! Where the secret that encrypts a profile lives, and how that choice is recorded in the
//! profile file's cleartext header.

use super::{ProfileError, ENV_KEY_VAR};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// The source of the 32-byte secret (or passphrase) from which a profile's key is derived.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protection {
    /// The OS's durable credential store: Secret Service on Linux and the BSDs, the Keychain on
    /// macOS, the Credential Manager on Windows.
    Keyring,
    /// Linux kernel keyutils. Works headless, but the kernel forgets its keys at reboot.
    KernelKeyring,
    /// A file holding the base64 of 32 random bytes; must not be readable by group or others.
    KeyFile(PathBuf),
    /// The UTF-8 bytes of the `KSM_PROFILE_KEY` environment variable. It should be long and
    /// random, e.g. `openssl rand -base64 32`; values shorter than 16 bytes are refused.
    EnvKey,
    /// No encryption at all: the config is stored as JSON in the 0600 profile file. Opt-in only.
    Plaintext,
}

impl Protection {
    /// Checks, without writing anything, that a profile can be created with this protection:
    /// the keyring is reachable (else `NoKeyring`), the key file is usable or creatable, the
    /// environment key is set and long enough. Call it before redeeming a one-time token.
    pub fn preflight(&self) -> Result<(), ProfileError> {
        super::secret::preflight(self)
    }
}

impl fmt::Display for Protection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Keyring => f.write_str("keyring"),
            Self::KernelKeyring => f.write_str("kernel-keyring (lost at reboot)"),
            Self::KeyFile(path) => write!(f, "key-file {}", path.display()),
            Self::EnvKey => write!(f, "env {ENV_KEY_VAR}"),
            Self::Plaintext => f.write_str("plaintext"),
        }
    }
}

/// The `"protection"` object of a profile file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub(crate) enum StoredProtection {
    Keyring,
    KernelKeyring,
    KeyFile { path: PathBuf },
    Env,
    Plaintext,
}

impl From<&Protection> for StoredProtection {
    fn from(protection: &Protection) -> Self {
        match protection {
            Protection::Keyring => Self::Keyring,
            Protection::KernelKeyring => Self::KernelKeyring,
            Protection::KeyFile(path) => Self::KeyFile { path: path.clone() },
            Protection::EnvKey => Self::Env,
            Protection::Plaintext => Self::Plaintext,
        }
    }
}

impl From<StoredProtection> for Protection {
    fn from(stored: StoredProtection) -> Self {
        match stored {
            StoredProtection::Keyring => Self::Keyring,
            StoredProtection::KernelKeyring => Self::KernelKeyring,
            StoredProtection::KeyFile { path } => Self::KeyFile(path),
            StoredProtection::Env => Self::EnvKey,
            StoredProtection::Plaintext => Self::Plaintext,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_each_source() {
        let shown: Vec<String> = [
            Protection::Keyring,
            Protection::KernelKeyring,
            Protection::KeyFile("/k/ksm.key".into()),
            Protection::EnvKey,
            Protection::Plaintext,
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            shown,
            ["keyring", "kernel-keyring (lost at reboot)", "key-file /k/ksm.key", "env KSM_PROFILE_KEY", "plaintext"]
        );
    }

    #[test]
    fn stored_form_is_tagged_by_kind() {
        let json = |p: &Protection| serde_json::to_string(&StoredProtection::from(p)).unwrap();
        assert_eq!(json(&Protection::Keyring), r#"{"kind":"keyring"}"#);
        assert_eq!(json(&Protection::KernelKeyring), r#"{"kind":"kernel-keyring"}"#);
        assert_eq!(json(&Protection::KeyFile("/k".into())), r#"{"kind":"key-file","path":"/k"}"#);
        assert_eq!(json(&Protection::EnvKey), r#"{"kind":"env"}"#);
        assert_eq!(json(&Protection::Plaintext), r#"{"kind":"plaintext"}"#);
        let back: StoredProtection = serde_json::from_str(r#"{"kind":"key-file","path":"/k"}"#).unwrap();
        assert_eq!(Protection::from(back), Protection::KeyFile("/k".into()));
        assert!(serde_json::from_str::<StoredProtection>(r#"{"kind":"vault"}"#).is_err());
    }
}
