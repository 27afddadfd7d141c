//! Which device configuration a command uses: `--ini-file` or `KSM_CONFIG` (nothing written),
//! else the profile named by `--profile-name`/`KSM_CLI_PROFILE`, else the active profile.

use crate::profile::{Profile, ProfileStore, TlsTrust};
use anyhow::Context;
use ksm_client::cache::{Cache, CacheFlags};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_proto::config::ClientConfig;

pub enum Origin {
    /// `KSM_CONFIG`: used as given; changes (key rotation) are not saved anywhere.
    Environment,
    /// `--ini-file`: a keeper.ini profile, read only, like `KSM_CONFIG`.
    IniFile,
    Profile {
        store: ProfileStore,
        name: String,
    },
}

pub struct Credentials {
    pub config: ClientConfig,
    pub trust: TlsTrust,
    pub origin: Origin,
    /// Set when this command caches reads (docs/cache.md).
    cache: Option<Cache>,
}

impl Credentials {
    pub fn load(profile_name: Option<&str>, cache: &CacheFlags) -> anyhow::Result<Self> {
        if let Some(path) = crate::profile::ini_file::selected() {
            let Profile { config, trust, .. } = crate::profile::ini_file::load(path, profile_name)?;
            let cache = per_command_cache(&config, cache)?;
            return Ok(Self { config, trust, origin: Origin::IniFile, cache });
        }
        if let Some(text) = environment_config() {
            let config = ClientConfig::parse(&text).map_err(|e| fail(ErrorKind::Usage, format!("KSM_CONFIG: {e}")))?;
            let cache = per_command_cache(&config, cache)?;
            return Ok(Self { config, trust: trust_from_environment(&text)?, origin: Origin::Environment, cache });
        }
        let store = ProfileStore::open_default()?;
        let name = profile_name_or_active(&store, profile_name)?;
        let Profile { config, trust, .. } = store.load(&name)?;
        let cache = match cache.enabled(store.cache_enabled(&name)?)? {
            true => Some(Cache::new(store.cache_dir(&name), cache)),
            false => None,
        };
        Ok(Self { config, trust, origin: Origin::Profile { store, name }, cache })
    }

    pub fn session(&self) -> anyhow::Result<Session> {
        let mut session = Session::new(self.config.clone(), &self.trust, stderr_notices())?;
        if let Some(cache) = &self.cache {
            session.use_cache(cache.clone());
        }
        Ok(session)
    }

    /// Saves what the session changed (a rotated key id) into the profile it came from.
    pub fn save_changes(&self, session: &Session) -> anyhow::Result<()> {
        let Origin::Profile { store, name } = &self.origin else { return Ok(()) };
        if !session.changed() {
            return Ok(());
        }
        let profile = Profile { name: name.clone(), config: session.config().clone(), trust: self.trust.clone() };
        store.save(&profile).with_context(|| format!("cannot save profile '{name}'"))
    }
}

/// The client's warnings and notices, each as one `ksm: …` line on stderr.
pub fn stderr_notices() -> ksm_client::Notices {
    std::sync::Arc::new(|notice: &str| eprintln!("ksm: {notice}"))
}

/// A device without a profile caches only when the command asks (`--cache`, `KSM_CACHE=1`).
fn per_command_cache(config: &ClientConfig, cache: &CacheFlags) -> anyhow::Result<Option<Cache>> {
    Ok(match cache.enabled(false)? {
        true => Some(Cache::new(env_cache_dir(config)?, cache)),
        false => None,
    })
}

/// The `KSM_CONFIG` text, when it is set: it then wins over every profile.
pub fn environment_config() -> Option<String> {
    std::env::var("KSM_CONFIG").ok().filter(|text| !text.trim().is_empty())
}

/// The profile named by `--profile-name`/`KSM_CLI_PROFILE`, else the active one.
pub fn profile_name_or_active(store: &ProfileStore, profile_name: Option<&str>) -> anyhow::Result<String> {
    match profile_name {
        Some(name) => Ok(name.to_string()),
        None => store.active_name()?.ok_or_else(|| {
            fail(ErrorKind::Auth, "no profile: run `ksm profile init --token <TOKEN>` or set KSM_CONFIG")
        }),
    }
}

/// Where the cache of a `KSM_CONFIG` device lives: in the profile store's directory, never in
/// the working directory.
pub fn env_cache_dir(config: &ClientConfig) -> anyhow::Result<std::path::PathBuf> {
    Ok(ProfileStore::open_default()?.env_cache_dir(config.client_id.as_deref().unwrap_or_default()))
}

/// TLS trust for `KSM_CONFIG`: `KSM_SERVER_CERT_SHA256` or `KSM_CA_CERT`, else what the
/// configuration carries (`ksm profile export` puts it there).
fn trust_from_environment(config_text: &str) -> anyhow::Result<TlsTrust> {
    Ok(trust_from_variables()?.unwrap_or_else(|| crate::profile::trust_from_json(config_text)))
}

/// TLS trust from `KSM_SERVER_CERT_SHA256` or `KSM_CA_CERT`, when either is set.
pub fn trust_from_variables() -> anyhow::Result<Option<TlsTrust>> {
    let pin = std::env::var("KSM_SERVER_CERT_SHA256").ok().filter(|p| !p.trim().is_empty());
    let ca = match std::env::var_os("KSM_CA_CERT").filter(|p| !p.is_empty()) {
        Some(path) => Some(read_ca(std::path::Path::new(&path))?),
        None => None,
    };
    Ok((pin.is_some() || ca.is_some()).then_some(TlsTrust { server_cert_sha256: pin, ca_cert_pem: ca }))
}

pub fn read_ca(path: &std::path::Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| fail(ErrorKind::Usage, format!("cannot read CA certificate {}: {e}", path.display())))
}
