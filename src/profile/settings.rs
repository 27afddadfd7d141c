//! `ksm.json`: the store's non-secret settings, `{"active": "<profile>", "cache": ["<profile>", …]}`
//! (`cache`: the profiles whose reads are cached, docs/cache.md). Keys this version does not
//! know are kept as they are.

use super::files::{read_optional, write_private};
use super::ProfileError;
use serde_json::{Map, Value};
use std::path::Path;

const ACTIVE: &str = "active";
const CACHE: &str = "cache";

pub(crate) fn read_active(path: &Path) -> Result<Option<String>, ProfileError> {
    Ok(read(path)?.get(ACTIVE).and_then(Value::as_str).map(str::to_string))
}

/// Sets (or with `None` clears) the active profile. The caller holds the store lock.
pub(crate) fn write_active(path: &Path, active: Option<&str>) -> Result<(), ProfileError> {
    let mut settings = read(path)?;
    match active {
        Some(name) => settings.insert(ACTIVE.into(), name.into()),
        None => settings.remove(ACTIVE),
    };
    write(path, &settings)
}

pub(crate) fn read_cache_enabled(path: &Path, profile: &str) -> Result<bool, ProfileError> {
    Ok(cached_profiles(&read(path)?).iter().any(|name| name == profile))
}

/// Turns caching on or off for `profile`. The caller holds the store lock.
pub(crate) fn write_cache_enabled(path: &Path, profile: &str, enabled: bool) -> Result<(), ProfileError> {
    let mut settings = read(path)?;
    let before = cached_profiles(&settings);
    if before.iter().any(|name| name == profile) == enabled {
        return Ok(());
    }
    let mut names: Vec<String> = before.into_iter().filter(|name| name != profile).collect();
    if enabled {
        names.push(profile.to_string());
        names.sort();
    }
    if names.is_empty() {
        settings.remove(CACHE);
    } else {
        settings.insert(CACHE.into(), names.into());
    }
    write(path, &settings)
}

fn cached_profiles(settings: &Map<String, Value>) -> Vec<String> {
    let names = settings.get(CACHE).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    names.iter().filter_map(Value::as_str).map(str::to_string).collect()
}

fn write(path: &Path, settings: &Map<String, Value>) -> Result<(), ProfileError> {
    let mut bytes = serde_json::to_vec_pretty(settings)
        .map_err(|_| ProfileError::Corrupt(format!("cannot serialize {}", path.display())))?;
    bytes.push(b'\n');
    write_private(path, &bytes)
}

fn read(path: &Path) -> Result<Map<String, Value>, ProfileError> {
    match read_optional(path)? {
        None => Ok(Map::new()),
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|_| {
            ProfileError::Corrupt(format!(
                "{} is not a JSON object; fix it or delete it (only the choice of active profile and of cached profiles is lost)",
                path.display()
            ))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_and_clears_keeping_other_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ksm.json");
        assert_eq!(read_active(&path).unwrap(), None);
        std::fs::write(&path, r#"{"color": false}"#).unwrap();
        write_active(&path, Some("prod")).unwrap();
        assert_eq!(read_active(&path).unwrap().as_deref(), Some("prod"));
        write_active(&path, None).unwrap();
        assert_eq!(read_active(&path).unwrap(), None);
        assert_eq!(std::fs::read_to_string(&path).unwrap().trim(), "{\n  \"color\": false\n}");
        std::fs::write(&path, "[").unwrap();
        assert!(matches!(read_active(&path), Err(ProfileError::Corrupt(_))));
    }

    #[test]
    fn cache_choices_are_kept_per_profile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ksm.json");
        assert!(!read_cache_enabled(&path, "prod").unwrap());
        write_active(&path, Some("prod")).unwrap();
        write_cache_enabled(&path, "prod", true).unwrap();
        write_cache_enabled(&path, "ci", true).unwrap();
        write_cache_enabled(&path, "prod", true).unwrap();
        assert!(read_cache_enabled(&path, "prod").unwrap() && read_cache_enabled(&path, "ci").unwrap());
        let json: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(json, serde_json::json!({"active": "prod", "cache": ["ci", "prod"]}));
        write_cache_enabled(&path, "prod", false).unwrap();
        write_cache_enabled(&path, "ci", false).unwrap();
        assert!(!read_cache_enabled(&path, "prod").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap().trim(), "{\n  \"active\": \"prod\"\n}");
    }
}
