//! The profile store: one encrypted file per profile under `<dir>/profiles/`, and the active
//! profile in `<dir>/ksm.json`. Every change runs under the store lock, and every file is
//! replaced atomically, so a failed command leaves the store as it was.

use super::envelope::{self, Header};
use super::files::{ensure_private_dir, read_optional, remove, write_private};
use super::lock::StoreLock;
use super::{secret, settings, validate_profile_name, Profile, ProfileError, ProfileInfo, Protection, CONFIG_DIR_VAR};
use std::path::{Path, PathBuf};

const PROFILES_DIR: &str = "profiles";
const SETTINGS_FILE: &str = "ksm.json";
const CACHE_DIR: &str = "cache";

#[derive(Debug, Clone)]
pub struct ProfileStore {
    dir: PathBuf,
}

impl ProfileStore {
    /// The store in `$KSM_CONFIG_DIR`, else in the platform's config directory for `ksm`
    /// (`~/.config/ksm` on Linux). Nothing is created until the first write.
    pub fn open_default() -> Result<Self, ProfileError> {
        if let Some(dir) = std::env::var_os(CONFIG_DIR_VAR).filter(|dir| !dir.is_empty()) {
            return Ok(Self::at(dir.into()));
        }
        directories::ProjectDirs::from("", "", "ksm").map(|dirs| Self::at(dirs.config_dir().to_path_buf())).ok_or_else(
            || {
                ProfileError::Io(format!(
                    "cannot find a configuration directory (no home directory); set {CONFIG_DIR_VAR}"
                ))
            },
        )
    }

    pub fn at(dir: PathBuf) -> Self {
        Self { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// All profiles, sorted by name. Reads only the files' cleartext headers: it needs no key
    /// and never touches a keyring.
    pub fn list(&self) -> Result<Vec<ProfileInfo>, ProfileError> {
        let profiles_dir = self.dir.join(PROFILES_DIR);
        let entries = match std::fs::read_dir(&profiles_dir) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(err) => return Err(ProfileError::io("list", &profiles_dir, &err)),
        };
        let active = self.active_name()?;
        let mut infos = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| ProfileError::io("list", &profiles_dir, &e))?;
            let file_name = entry.file_name();
            // Temp files start with '.', so they fail the name check and are skipped.
            let Some(name) = file_name.to_str().and_then(|n| n.strip_suffix(".json")) else { continue };
            if validate_profile_name(name).is_err() {
                continue;
            }
            let path = entry.path();
            let bytes = read_optional(&path)?.ok_or_else(|| ProfileError::NotFound(name.to_string()))?;
            let header = envelope::read_header(&bytes, &path)?;
            if header.name != name {
                return Err(ProfileError::damaged_file(&path, "it names another profile"));
            }
            infos.push(ProfileInfo {
                active: active.as_deref() == Some(name),
                name: header.name,
                protection: header.protection,
            });
        }
        infos.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(infos)
    }

    pub fn exists(&self, name: &str) -> bool {
        validate_profile_name(name).is_ok() && self.profile_path(name).is_file()
    }

    /// Decrypts a profile, fetching its key from wherever its protection says.
    pub fn load(&self, name: &str) -> Result<Profile, ProfileError> {
        validate_profile_name(name)?;
        let path = self.profile_path(name);
        let bytes = read_optional(&path)?.ok_or_else(|| ProfileError::NotFound(name.to_string()))?;
        let envelope = envelope::parse(&bytes, &path)?;
        check_name(&envelope.header, name, &path)?;
        let secret = secret::fetch(&envelope.header.protection, name, &self.dir)?;
        envelope.open(secret.as_deref().map(Vec::as_slice), &path)
    }

    pub fn protection_of(&self, name: &str) -> Result<Protection, ProfileError> {
        validate_profile_name(name)?;
        Ok(self.header(name)?.protection)
    }

    /// Stores a new profile. `Protection::Keyring` and `KernelKeyring` generate a random secret
    /// and store it in that keyring (`NoKeyring` when it cannot be reached); `KeyFile` creates
    /// the key file if it is missing (a relative path is made absolute); `EnvKey` needs
    /// `KSM_PROFILE_KEY`. The first profile of a store becomes the active one.
    pub fn create(&self, profile: &Profile, protection: Protection) -> Result<(), ProfileError> {
        let name = profile.name.as_str();
        validate_profile_name(name)?;
        let protection = match protection {
            Protection::KeyFile(path) => Protection::KeyFile(
                std::path::absolute(&path).map_err(|e| ProfileError::io("resolve the key file path", &path, &e))?,
            ),
            other => other,
        };
        let _lock = self.lock()?;
        let path = self.profile_path(name);
        if path.exists() {
            return Err(ProfileError::AlreadyExists(name.to_string()));
        }
        let has_active = match settings::read_active(&self.settings_path())? {
            Some(active) => self.profile_path(&active).is_file(),
            None => false,
        };
        // The pointer goes first: a kill between the two writes then leaves no profile at all
        // (the next `create` repairs the pointer), never a saved profile that nothing selects.
        if !has_active {
            settings::write_active(&self.settings_path(), Some(name))?;
        }
        let written = secret::provision(&protection, name, &self.dir).and_then(|secret| {
            let sealed = envelope::seal(profile, &protection, secret.as_deref().map(Vec::as_slice));
            sealed.and_then(|bytes| write_private(&path, &bytes)).inspect_err(|_| {
                let _ = secret::discard(&protection, name, &self.dir);
            })
        });
        if let Err(err) = written {
            if !has_active {
                let _ = settings::write_active(&self.settings_path(), None);
            }
            return Err(err);
        }
        Ok(())
    }

    /// Rewrites an existing profile (e.g. after binding or a key rotation) under its existing
    /// protection, with a fresh salt and nonce.
    pub fn save(&self, profile: &Profile) -> Result<(), ProfileError> {
        let name = profile.name.as_str();
        validate_profile_name(name)?;
        let _lock = self.lock()?;
        let path = self.profile_path(name);
        let header = self.header(name)?;
        let secret = secret::fetch(&header.protection, name, &self.dir)?;
        let bytes = envelope::seal(profile, &header.protection, secret.as_deref().map(Vec::as_slice))?;
        write_private(&path, &bytes)
    }

    /// Removes the profile file and the keyring entry the store made for it (a key file is
    /// left alone: it may protect other profiles). Deleting the active profile leaves none active.
    pub fn delete(&self, name: &str) -> Result<(), ProfileError> {
        validate_profile_name(name)?;
        let _lock = self.lock()?;
        // A damaged file must still be deletable; only its keyring entry can then be missed.
        let protection = match self.header(name) {
            Ok(header) => Some(header.protection),
            Err(ProfileError::NotFound(name)) => return Err(ProfileError::NotFound(name)),
            Err(_) => None,
        };
        remove(&self.profile_path(name))?;
        if let Some(protection) = protection {
            // The file is gone, so the profile is gone; a leftover random secret is harmless.
            let _ = secret::discard(&protection, name, &self.dir);
        }
        if settings::read_active(&self.settings_path())?.as_deref() == Some(name) {
            settings::write_active(&self.settings_path(), None)?;
        }
        settings::write_cache_enabled(&self.settings_path(), name, false)?;
        let cache = self.cache_dir(name);
        match std::fs::remove_dir_all(&cache) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                Err(ProfileError::io("remove the offline cache", &cache, &err))
            }
            _ => Ok(()),
        }
    }

    /// Whether reads of profile `name` are cached (`ksm config cache --enable`).
    pub fn cache_enabled(&self, name: &str) -> Result<bool, ProfileError> {
        settings::read_cache_enabled(&self.settings_path(), name)
    }

    pub fn set_cache_enabled(&self, name: &str, enabled: bool) -> Result<(), ProfileError> {
        validate_profile_name(name)?;
        let _lock = self.lock()?;
        self.header(name)?;
        settings::write_cache_enabled(&self.settings_path(), name, enabled)
    }

    /// The offline cache of profile `name` (deleted with the profile).
    pub fn cache_dir(&self, name: &str) -> PathBuf {
        self.dir.join(CACHE_DIR).join(PROFILES_DIR).join(name)
    }

    /// The offline cache of a `KSM_CONFIG` device, named by a hash of its client id: apart from
    /// the profiles' caches, so that no profile name can collide with it.
    pub fn env_cache_dir(&self, client_id: &str) -> PathBuf {
        use sha2::Digest;
        let digest = hex::encode(sha2::Sha256::digest(client_id.as_bytes()));
        self.dir.join(CACHE_DIR).join("env").join(&digest[..16])
    }

    pub fn active_name(&self) -> Result<Option<String>, ProfileError> {
        settings::read_active(&self.settings_path())
    }

    pub fn set_active(&self, name: &str) -> Result<(), ProfileError> {
        validate_profile_name(name)?;
        let _lock = self.lock()?;
        self.header(name)?;
        settings::write_active(&self.settings_path(), Some(name))
    }

    fn header(&self, name: &str) -> Result<Header, ProfileError> {
        let path = self.profile_path(name);
        let bytes = read_optional(&path)?.ok_or_else(|| ProfileError::NotFound(name.to_string()))?;
        let header = envelope::read_header(&bytes, &path)?;
        check_name(&header, name, &path)?;
        Ok(header)
    }

    fn lock(&self) -> Result<StoreLock, ProfileError> {
        ensure_private_dir(&self.dir)?;
        ensure_private_dir(&self.dir.join(PROFILES_DIR))?;
        StoreLock::acquire(&self.dir)
    }

    fn profile_path(&self, name: &str) -> PathBuf {
        self.dir.join(PROFILES_DIR).join(format!("{name}.json"))
    }

    fn settings_path(&self) -> PathBuf {
        self.dir.join(SETTINGS_FILE)
    }
}

/// The header must name the profile its file is named after. On a case-insensitive file system
/// `Prod.json` answers for `prod`; that is a different profile, not a damaged one.
fn check_name(header: &Header, name: &str, path: &Path) -> Result<(), ProfileError> {
    if header.name == name {
        Ok(())
    } else if header.name.eq_ignore_ascii_case(name) {
        Err(ProfileError::NotFound(name.to_string()))
    } else {
        Err(ProfileError::damaged_file(path, "it names another profile"))
    }
}
