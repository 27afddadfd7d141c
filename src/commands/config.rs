//! `ksm config show`: where the configuration comes from and its settings, never a secret.
//! `ksm config cache [--enable | --disable] [--clear]`: the offline cache of the profile in use
//! (docs/cache.md). A `KSM_CONFIG` device has no profile to remember a choice in: it caches per
//! command (`--cache`, `KSM_CACHE=1`), and this command only shows or clears its cache.

use super::Context;
use crate::cli::{CacheArgs, ConfigCommand};
use crate::credentials::{env_cache_dir, environment_config, profile_name_or_active, Credentials, Origin};
use crate::profile::{ProfileError, ProfileStore};
use ksm_client::cache::{format_age, Cache, CacheFlags};
use ksm_client::error::{fail, ErrorKind};
use ksm_proto::config::ClientConfig;

pub fn run(context: &Context, command: ConfigCommand) -> anyhow::Result<()> {
    match command {
        ConfigCommand::Cache(args) => cache(context, &args),
        ConfigCommand::Show => show(context),
    }
}

fn show(context: &Context) -> anyhow::Result<()> {
    let credentials = Credentials::load(context.profile_name.as_deref(), &CacheFlags::default())?;
    let mut rows: Vec<(&str, String)> = Vec::new();
    match &credentials.origin {
        Origin::IniFile => {
            let path = crate::profile::ini_file::selected().map(|p| p.display().to_string()).unwrap_or_default();
            rows.push(("Source", format!("--ini-file {path} (read only)")));
        }
        Origin::Environment => rows.push(("Source", "KSM_CONFIG environment variable (nothing stored)".into())),
        Origin::Profile { store, name } => {
            rows.push(("Source", format!("profile directory {}", store.dir().display())));
            rows.push(("Active Profile", store.active_name()?.unwrap_or_else(|| "-NOT SET-".into())));
            rows.push(("Profile", format!("{name} ({})", store.protection_of(name)?)));
            let cache = if store.cache_enabled(name)? { "on" } else { "off" };
            rows.push(("Offline Cache", cache.into()));
        }
    }
    let config = &credentials.config;
    let or_unset = |value: &Option<String>| value.clone().unwrap_or_else(|| "-NOT SET-".into());
    rows.push(("Hostname", or_unset(&config.hostname)));
    rows.push(("Client Id", or_unset(&config.client_id)));
    rows.push(("Server Key Id", or_unset(&config.server_public_key_id)));
    let custom_key = if config.server_public_key.is_some() { "custom (self-hosted)" } else { "built in (Keeper)" };
    rows.push(("Server Key", custom_key.into()));
    let trust = &credentials.trust;
    let tls = match (&trust.server_cert_sha256, &trust.ca_cert_pem) {
        (Some(pin), _) => format!("pinned certificate SHA-256 {pin}"),
        (None, Some(_)) => "a private CA certificate".into(),
        (None, None) => "the system's root certificates".into(),
    };
    rows.push(("TLS Trust", tls));
    let color = if context.color { "on" } else { "off" };
    rows.push(("Color", color.into()));
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED).set_header(["Config Item", "Value"]);
    for (item, value) in rows {
        table.add_row([item.to_string(), value]);
    }
    println!("{table}");
    Ok(())
}

fn cache(context: &Context, args: &CacheArgs) -> anyhow::Result<()> {
    if environment_config().is_some() || crate::profile::ini_file::selected().is_some() {
        return environment_cache(args);
    }
    let store = ProfileStore::open_default()?;
    let name = profile_name_or_active(&store, context.profile_name.as_deref())?;
    if !store.exists(&name) {
        return Err(ProfileError::NotFound(name).into());
    }
    let cache = Cache::new(store.cache_dir(&name), &CacheFlags::default());
    if args.enable || args.disable {
        store.set_cache_enabled(&name, args.enable)?;
        println!("Offline cache {} for profile '{name}'", if args.enable { "enabled" } else { "disabled" });
    }
    if args.clear || args.disable {
        println!("Deleted the offline cache of profile '{name}' ({})", entries(clear(&cache)?));
    }
    if args.enable || args.disable || args.clear {
        return Ok(());
    }
    let state = match store.cache_enabled(&name)? {
        true => "on".to_string(),
        false => "off (turn it on with `ksm config cache --enable`, or per command with --cache or KSM_CACHE=1)".into(),
    };
    println!("Profile '{name}': offline cache {state}");
    let config = Credentials::load(Some(&name), &CacheFlags::default())?.config;
    status(&cache, &config)
}

fn environment_cache(args: &CacheArgs) -> anyhow::Result<()> {
    if args.enable || args.disable {
        return Err(fail(
            ErrorKind::Usage,
            "KSM_CONFIG or --ini-file is in use, so there is no profile to remember this in; cache per command with --cache or KSM_CACHE=1",
        ));
    }
    let config = Credentials::load(None, &CacheFlags::default())?.config;
    let cache = Cache::new(env_cache_dir(&config)?, &CacheFlags::default());
    if args.clear {
        println!("Deleted the offline cache of the KSM_CONFIG or --ini-file device ({})", entries(clear(&cache)?));
        return Ok(());
    }
    println!("KSM_CONFIG or --ini-file device: offline cache only per command (--cache, --offline or KSM_CACHE=1)");
    status(&cache, &config)
}

fn status(cache: &Cache, config: &ClientConfig) -> anyhow::Result<()> {
    let summary = cache.summary(config).map_err(|e| storage_error(cache, &e))?;
    println!("Directory: {}", cache.dir().display());
    match summary.ages.as_slice() {
        [] => println!("Entries: none"),
        [only] => println!("Entries: 1, {} old", format_age(*only)),
        [newest, .., oldest] => println!(
            "Entries: {}, newest {} old, oldest {} old",
            summary.ages.len(),
            format_age(*newest),
            format_age(*oldest)
        ),
    }
    if summary.rejected > 0 {
        println!(
            "Rejected: {} files that are damaged or not this device's (ignored; `ksm config cache --clear` deletes them)",
            summary.rejected
        );
    }
    Ok(())
}

fn entries(count: usize) -> String {
    match count {
        1 => "1 entry".into(),
        _ => format!("{count} entries"),
    }
}

fn clear(cache: &Cache) -> anyhow::Result<usize> {
    cache.clear().map_err(|e| storage_error(cache, &e))
}

fn storage_error(cache: &Cache, error: &std::io::Error) -> anyhow::Error {
    fail(ErrorKind::Storage, format!("cannot read or delete the offline cache {}: {error}", cache.dir().display()))
}
