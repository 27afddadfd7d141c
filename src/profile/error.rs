//! Everything that can go wrong with the profile store. Each message is one line saying what
//! is wrong and what to do; none of them ever carries key material or config values.

use super::ENV_KEY_VAR;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("profile '{0}' does not exist; `ksm profile list` shows the existing profiles")]
    NotFound(String),
    #[error("profile '{0}' already exists; choose another name or remove it first with `ksm profile delete {0}`")]
    AlreadyExists(String),
    #[error(
        "invalid profile name {0:?}: use 1-64 characters among letters, digits, '.', '_' and '-', \
         not starting with '.' or '-'"
    )]
    InvalidName(String),
    #[error(
        "no OS keyring is reachable ({0}); choose one: --key-file PATH, --env-key (the {ENV_KEY_VAR} environment \
         variable), or --plaintext"
    )]
    NoKeyring(String),
    /// The secret that protects a profile cannot be obtained; the message says how to recover.
    #[error("{0}")]
    KeyUnavailable(String),
    /// A store file is unreadable as ours, or a profile does not decrypt with its key.
    #[error("{0}")]
    Corrupt(String),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Import(String),
}

impl ProfileError {
    /// The exit-code class of this error (docs/exit-codes.md).
    pub fn kind(&self) -> ksm_client::error::ErrorKind {
        use ksm_client::error::ErrorKind;
        match self {
            Self::NotFound(_) => ErrorKind::NotFound,
            Self::AlreadyExists(_) | Self::InvalidName(_) | Self::Import(_) => ErrorKind::Usage,
            Self::NoKeyring(_) | Self::KeyUnavailable(_) | Self::Corrupt(_) | Self::Io(_) => ErrorKind::Storage,
        }
    }

    pub(crate) fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        Self::Io(format!("cannot {action} {}: {err}", path.display()))
    }

    /// The key for `profile` is gone; `why` says which key. Recovery is the same for every source.
    pub(crate) fn key_unavailable(profile: &str, why: &str) -> Self {
        Self::KeyUnavailable(format!(
            "the key of profile '{profile}' is not available ({why}); restore it, or re-import the profile \
             (`ksm profile import`) or initialize it again (`ksm profile init`)"
        ))
    }

    pub(crate) fn undecryptable(profile: &str) -> Self {
        Self::Corrupt(format!(
            "cannot decrypt profile '{profile}': its key does not match (another key file or {ENV_KEY_VAR}?) \
             or the file was modified; restore the right key, or delete the profile and import it again"
        ))
    }

    pub(crate) fn damaged_file(path: &Path, what: &str) -> Self {
        Self::Corrupt(format!(
            "{} is damaged ({what}); restore it from a backup, or delete it and import the profile again",
            path.display()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_keyring_names_the_cause_and_every_alternative() {
        let message = ProfileError::NoKeyring("Secret Service: no D-Bus session".into()).to_string();
        assert_eq!(
            message,
            "no OS keyring is reachable (Secret Service: no D-Bus session); choose one: --key-file PATH, --env-key \
             (the KSM_PROFILE_KEY environment variable), or --plaintext"
        );
    }

    #[test]
    fn kinds_decide_exit_codes() {
        use ksm_client::error::ErrorKind;
        assert_eq!(ProfileError::NotFound("p".into()).kind(), ErrorKind::NotFound);
        assert_eq!(ProfileError::InvalidName("..".into()).kind(), ErrorKind::Usage);
        assert_eq!(ProfileError::Import("x".into()).kind(), ErrorKind::Usage);
        assert_eq!(ProfileError::NoKeyring("x".into()).kind(), ErrorKind::Storage);
        assert_eq!(ProfileError::key_unavailable("p", "gone").kind(), ErrorKind::Storage);
    }
}
