//! The offline cache (docs/cache.md): the last successful answer to each distinct read request
//! (`get_secret`, `get_folders`), encrypted under a key only the device's configuration gives
//! (`entry.rs`), one file per request in the device's directory of the profile store. Reads
//! fall back to it when the server cannot be reached, or use only it with `--offline`.

pub mod entry;

pub use ksm_proto::duration::{format_age, parse_duration};

use crate::error::{fail, ErrorKind};
use entry::EntryKey;
use ksm_proto::config::ClientConfig;
use ksm_proto::wire::{Endpoint, GetPayload};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use zeroize::Zeroizing;

/// Turns the cache on (`1`, `true`) or off (`0`, `false`) for a command, over the profile's setting.
pub const ENV_VAR: &str = "KSM_CACHE";
const ENTRY_SUFFIX: &str = ".bin";

/// What the command line asks of the cache for one command.
#[derive(Debug, Clone, Copy, Default)]
pub struct CacheFlags {
    /// `--cache`.
    pub cache: bool,
    /// `--offline`: answer reads from the cache only; implies `cache`.
    pub offline: bool,
    /// `--max-stale`: refuse entries older than this.
    pub max_stale: Option<Duration>,
    /// `--no-cache`: not this command, whatever `KSM_CACHE` or the profile say.
    pub no_cache: bool,
}

impl CacheFlags {
    /// Whether this command uses the cache: `--offline` or `--cache`, else `KSM_CACHE`, else
    /// the profile's setting.
    pub fn enabled(&self, profile_setting: bool) -> anyhow::Result<bool> {
        self.decide(std::env::var(ENV_VAR).ok().as_deref(), profile_setting)
    }

    fn decide(&self, env: Option<&str>, profile_setting: bool) -> anyhow::Result<bool> {
        if self.offline || self.cache {
            return Ok(true);
        }
        if self.no_cache {
            return Ok(false);
        }
        match env.filter(|value| !value.trim().is_empty()) {
            Some(value) => parse_switch(value),
            None => Ok(profile_setting),
        }
    }
}

fn parse_switch(value: &str) -> anyhow::Result<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(fail(ErrorKind::Usage, format!("{ENV_VAR} must be 1 or 0 (true or false), not '{value}'"))),
    }
}

/// A read request, named so that the same question finds the same entry: the endpoint and the
/// sorted record and folder filters (never anything that changes per attempt).
pub struct RequestKey(String);

impl RequestKey {
    pub fn new(endpoint: Endpoint, request: &GetPayload) -> Self {
        let sorted = |uids: &Option<Vec<String>>| {
            uids.as_ref().map(|uids| {
                let mut uids = uids.clone();
                uids.sort();
                uids.dedup();
                uids
            })
        };
        let key = serde_json::json!({
            "endpoint": endpoint.path(),
            "records": sorted(&request.requested_records),
            "folders": sorted(&request.requested_folders),
            "links": request.request_links.unwrap_or(false),
        });
        Self(key.to_string())
    }

    fn file_name(&self) -> String {
        file_name(&self.0)
    }
}

fn file_name(request: &str) -> String {
    format!("{}{ENTRY_SUFFIX}", hex::encode(Sha256::digest(request.as_bytes())))
}

/// One device's cache directory, and how this command may use it.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
    offline: bool,
    max_stale: Option<Duration>,
}

/// A cached answer given in place of the server's.
pub struct Served {
    pub body: Zeroizing<Vec<u8>>,
    pub age: Duration,
}

/// What `ksm config cache` reports.
pub struct Summary {
    /// Ages of the entries that open, youngest first.
    pub ages: Vec<Duration>,
    /// Entries that do not open or sit under the wrong name; reads ignore them.
    pub rejected: usize,
}

impl Cache {
    pub fn new(dir: PathBuf, flags: &CacheFlags) -> Self {
        Self { dir, offline: flags.offline, max_stale: flags.max_stale }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn offline(&self) -> bool {
        self.offline
    }

    /// Remembers `body` as the answer to `request`, and deletes the temporary files that
    /// interrupted writes left in the directory long ago. A failure only warns (to `notify`):
    /// the read succeeded.
    pub fn store(&self, config: &ClientConfig, request: &RequestKey, body: &[u8], notify: &dyn Fn(&str)) {
        let Some(key) = EntryKey::derive(config) else { return };
        let path = self.dir.join(request.file_name());
        let sealed = entry::seal(&key, &request.0, now_millis(), body);
        let written = ksm_files::create_private_dir(&self.dir)
            .and_then(|()| ksm_files::write_private(&path, &sealed))
            .and_then(|()| ksm_files::remove_stale_temps(&self.dir, ksm_files::STALE_TEMP_AGE));
        if let Err(error) = written {
            notify(&format!("warning: cannot update the offline cache {}: {error}", path.display()));
        }
    }

    /// The cached answer to `request`, unless it is missing, rejected or older than
    /// `--max-stale`. `unreachable` says why the server was not asked; `None` means `--offline`.
    /// An entry that cannot be read or opened is reported to `notify`, then treated as missing.
    pub fn serve(
        &self,
        config: &ClientConfig,
        request: &RequestKey,
        unreachable: Option<&str>,
        notify: &dyn Fn(&str),
    ) -> anyhow::Result<Served> {
        let missing = || match unreachable {
            Some(reason) => fail(ErrorKind::Network, reason),
            None => fail(
                ErrorKind::Network,
                "--offline: no cached data for this request (run it once online with caching on)",
            ),
        };
        let Some(key) = EntryKey::derive(config) else { return Err(missing()) };
        let path = self.dir.join(request.file_name());
        let file = match ksm_files::read_optional(&path) {
            Ok(Some(file)) => file,
            Ok(None) => return Err(missing()),
            Err(error) => {
                notify(&format!("warning: cannot read the offline cache {}: {error}", path.display()));
                return Err(missing());
            }
        };
        let entry = match entry::open(&key, &file) {
            Ok(entry) if entry.request == request.0 => entry,
            _ => {
                notify(&format!("warning: {} is damaged or not this device's; ignoring it", path.display()));
                return Err(missing());
            }
        };
        let age = entry.age(now_millis());
        if let Some(limit) = self.max_stale.filter(|limit| age > *limit) {
            let context = match unreachable {
                Some(reason) => format!("{reason}; the cached data"),
                None => "--offline: the cached data".to_string(),
            };
            return Err(fail(
                ErrorKind::Network,
                format!("{context} is {} old, older than --max-stale {}", format_age(age), format_age(limit)),
            ));
        }
        Ok(Served { body: entry.body, age })
    }

    /// Opens every entry with the device's key, to report how many there are and how old.
    pub fn summary(&self, config: &ClientConfig) -> std::io::Result<Summary> {
        let mut summary = Summary { ages: Vec::new(), rejected: 0 };
        let key = EntryKey::derive(config);
        let now = now_millis();
        for path in self.entry_paths()? {
            let file = ksm_files::read_optional(&path)?.unwrap_or_default();
            let opened = key.as_ref().and_then(|key| entry::open(key, &file).ok());
            match opened {
                Some(entry) if path.file_name().is_some_and(|name| *name == *file_name(&entry.request)) => {
                    summary.ages.push(entry.age(now));
                }
                _ => summary.rejected += 1,
            }
        }
        summary.ages.sort();
        Ok(summary)
    }

    /// Deletes the device's cache; the number of entries it held.
    pub fn clear(&self) -> std::io::Result<usize> {
        let count = self.entry_paths()?.len();
        match std::fs::remove_dir_all(&self.dir) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
            _ => Ok(count),
        }
    }

    /// The entry files (temporary files of an interrupted write start with '.' and are skipped).
    fn entry_paths(&self) -> std::io::Result<Vec<PathBuf>> {
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(error) => return Err(error),
        };
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            if name.ends_with(ENTRY_SUFFIX) && !name.starts_with('.') {
                paths.push(path);
            }
        }
        Ok(paths)
    }
}

fn now_millis() -> u64 {
    let since_epoch = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    u64::try_from(since_epoch.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;
