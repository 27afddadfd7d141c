//! `ksm.json`: the store's non-secret settings, `{"active": "<profile>"}`. Keys this version
//! does not know are kept as they are.

use super::files::{read_optional, write_private};
use super::ProfileError;
use serde_json::{Map, Value};
use std::path::Path;

const ACTIVE: &str = "active";

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
    let mut bytes = serde_json::to_vec_pretty(&settings)
        .map_err(|_| ProfileError::Corrupt(format!("cannot serialize {}", path.display())))?;
    bytes.push(b'\n');
    write_private(path, &bytes)
}

fn read(path: &Path) -> Result<Map<String, Value>, ProfileError> {
    match read_optional(path)? {
        None => Ok(Map::new()),
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|_| {
            ProfileError::Corrupt(format!(
                "{} is not a JSON object; fix it or delete it (only the choice of active profile is lost)",
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
}
