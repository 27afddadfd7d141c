//! Encrypted profile store: where `ksm` keeps each device's client config.
//!
//! Layout of the store directory (0700; `$KSM_CONFIG_DIR` or the platform config dir):
//! - `profiles/<name>.json` (0600): one profile, encrypted under a key derived from a secret
//!   kept in the OS keyring, a key file or `KSM_PROFILE_KEY` (see [`Protection`] and the
//!   format in `envelope.rs`); plaintext only when asked for.
//! - `ksm.json` (0600): non-secret settings, `{"active": "<name>", "cache": ["<name>", …]}`.
//! - `cache/profiles/<name>/` and `cache/env/<hash of client id>/` (0700): the offline cache of
//!   a profile or of a `KSM_CONFIG` device, one encrypted file (0600) per request (docs/cache.md).
//! - `pending/<hash of token>.json` (0600): the device key of a `profile init` in progress,
//!   encrypted under the token (see `pending.rs`); removed once the profile is saved.
//! - `.lock`: serializes writers.
//!
//! Listing reads only cleartext headers; only [`ProfileStore::load`] and
//! [`ProfileStore::save`] fetch a key.

mod env_key;
mod envelope;
mod error;
mod files;
mod import;
mod ini;
pub mod ini_file;
mod key_file;
mod lock;
mod name;
mod os_keyring;
mod pending;
mod portable;
mod protection;
mod secret;
mod settings;
mod store;

#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod tests;

pub use error::ProfileError;
pub use import::parse_import;
pub use ksm_client::tls::TlsTrust;
pub use name::validate_profile_name;
pub use pending::PendingDevice;
pub use portable::{is_keeper_host, to_ini, to_json, trust_from_json};
pub use protection::Protection;
pub use store::ProfileStore;

use ksm_proto::config::ClientConfig;
use serde::{Deserialize, Serialize};

/// Overrides the store directory (tests, containers, several identities).
pub const CONFIG_DIR_VAR: &str = "KSM_CONFIG_DIR";

/// Holds the passphrase of profiles protected by [`Protection::EnvKey`].
pub const ENV_KEY_VAR: &str = "KSM_PROFILE_KEY";

/// A device profile. `Debug` shows no secret: `ClientConfig` redacts its keys and the trust
/// settings are public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub config: ClientConfig,
    #[serde(default)]
    pub trust: TlsTrust,
}

/// One profile found by [`parse_import`] or in an `--ini-file`. `name` is its `keeper.ini`
/// section; a bare config has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedProfile {
    pub name: Option<String>,
    pub config: ClientConfig,
    /// The TLS trust the export carried (our exports do; the official CLI's do not).
    pub trust: TlsTrust,
}

/// One row of `ksm profile list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileInfo {
    pub name: String,
    pub protection: Protection,
    pub active: bool,
}
