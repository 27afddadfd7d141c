//! `--ini-file FILE`: a profile of an official `keeper.ini`, used where it is (read only): the
//! section named by `--profile-name`, else the file's active profile, else its only profile.

use super::import::from_ini;
use super::portable::INI_SETTINGS_SECTION;
use super::{ini, Profile, ProfileError};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static SELECTED: OnceLock<PathBuf> = OnceLock::new();

/// Makes `path` the source of credentials for this command (`--ini-file`).
pub fn select(path: PathBuf) {
    let _ = SELECTED.set(path);
}

/// The `--ini-file` of this command, if any.
pub fn selected() -> Option<&'static Path> {
    SELECTED.get().map(PathBuf::as_path)
}

/// The profile `profile_name` (else the active or only one) of the keeper.ini at `path`.
pub fn load(path: &Path, profile_name: Option<&str>) -> Result<Profile, ProfileError> {
    let unreadable = |why: String| ProfileError::Import(format!("--ini-file {}: {why}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| unreadable(e.to_string()))?;
    let parsed = ini::parse(&text).map_err(|e| unreadable(format!("not a keeper.ini: {}", e.0)))?;
    let active = parsed
        .sections()
        .iter()
        .find(|s| s.name == INI_SETTINGS_SECTION)
        .and_then(|settings| parsed.get(settings, "active_profile"))
        .map(str::to_string);
    let profiles = from_ini(&parsed).map_err(|e| unreadable(e.to_string()))?;
    let wanted = match (profile_name, active) {
        (Some(name), _) => Some(name.to_string()),
        (None, Some(active)) => Some(active),
        (None, None) if profiles.len() == 1 => None,
        (None, None) => Some("_default".to_string()),
    };
    let found = profiles.into_iter().find(|p| wanted.is_none() || p.name == wanted);
    let Some(found) = found else {
        let name = wanted.unwrap_or_default();
        return Err(unreadable(format!("it has no profile [{name}]; pick one with --profile-name")));
    };
    Ok(Profile { name: found.name.unwrap_or_default(), config: found.config, trust: found.trust })
}

#[cfg(test)]
mod tests {
    use super::*;

    const INI: &str = "[_config]\nactive_profile = b\n\n[a]\nhostname = US\nclientid = ia\nprivatekey = pa\n\n\
                       [b]\nhostname = EU\nclientid = ib\nprivatekey = pb\nservercertsha256 = 00\n";

    #[test]
    fn picks_the_named_then_the_active_profile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keeper.ini");
        std::fs::write(&path, INI).unwrap();
        let active = load(&path, None).unwrap();
        assert_eq!((active.name.as_str(), active.config.client_id.as_deref()), ("b", Some("ib")));
        assert_eq!(active.trust.server_cert_sha256.as_deref(), Some("00"));
        assert_eq!(load(&path, Some("a")).unwrap().config.hostname.as_deref(), Some("US"));
        let missing = load(&path, Some("c")).unwrap_err().to_string();
        assert!(missing.contains("no profile [c]") && missing.contains("keeper.ini"), "{missing}");
        let gone = load(&dir.path().join("nope.ini"), None).unwrap_err();
        assert!(matches!(gone, ProfileError::Import(_)), "{gone}");
    }
}
