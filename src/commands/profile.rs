//! `ksm profile init|list|active|export|import|delete`.

use super::Context;
use crate::cli::{ConfigFormat, ImportArgs, InitArgs, ProfileCommand, ProtectionArgs, ServerKeyArgs, TrustArgs};
use crate::credentials::{read_ca, stderr_notices};
use crate::profile::{
    is_keeper_host, parse_import, to_ini, to_json, validate_profile_name, PendingDevice, Profile, ProfileStore,
    Protection, TlsTrust,
};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::{new_device_config, Session};
use ksm_client::tls::parse_pin;
use ksm_client::vault::Vault;
use ksm_proto::b64;
use ksm_proto::token::OneTimeToken;
use std::io::Read;
use zeroize::Zeroizing;

/// The token for `profile init` and `init default|k8s` when none is given on the command line.
const TOKEN_VAR: &str = "KSM_TOKEN";

const DEFAULT_PROFILE: &str = "_default";

pub fn run(context: &Context, command: ProfileCommand) -> anyhow::Result<()> {
    let store = ProfileStore::open_default()?;
    match command {
        ProfileCommand::Init(args) => init(context, &store, args),
        ProfileCommand::List { json } => list(&store, json),
        ProfileCommand::Active { profile_name } => {
            store.set_active(&profile_name)?;
            println!("Profile '{profile_name}' is now active");
            Ok(())
        }
        ProfileCommand::Export { profile_name, plain, file_format } => {
            let name = match profile_name.or_else(|| context.profile_name.clone()) {
                Some(name) => name,
                None => store.active_name()?.ok_or_else(|| fail(ErrorKind::NotFound, "no active profile to export"))?,
            };
            println!("{}", export_text(&store.load(&name)?, file_format, plain).as_str());
            Ok(())
        }
        ProfileCommand::Import(args) => import(context, &store, args),
        ProfileCommand::Delete { profile_name } => {
            store.delete(&profile_name)?;
            println!("Deleted profile '{profile_name}'");
            Ok(())
        }
    }
}

/// Redeems the token and creates the profile (in the store, or with `--ini-file` as a new
/// keeper.ini) only once the server accepted it: a failure leaves nothing behind. Everything
/// that can be checked locally is checked first, so that a mistake does not burn the
/// single-use token.
fn init(context: &Context, store: &ProfileStore, args: InitArgs) -> anyhow::Result<()> {
    let name = context.profile_name.clone().unwrap_or_else(|| DEFAULT_PROFILE.to_string());
    validate_profile_name(&name)?;
    let ini_file = crate::profile::ini_file::selected();
    match ini_file {
        Some(path) => refuse_existing(path)?,
        None if store.exists(&name) => {
            return Err(fail(
                ErrorKind::Usage,
                format!("profile '{name}' already exists; delete it first or pass another --profile-name"),
            ))
        }
        None => {}
    }
    let token = token_text(args.token.or(args.token_arg))?;
    let protection = protection(&args.protection);
    if ini_file.is_none() {
        protection.preflight()?;
    }
    let trust = trust(&args.trust)?;
    let device = PendingDevice::for_token(store.dir(), &parse_token(&token)?)?;
    if device.reused() {
        eprintln!("ksm: completing the interrupted initialization with this token (reusing its device key)");
    }
    let (profile, vault) = redeem(&token, args.hostname, &args.server_key, trust, &name, Some(device.private_key()))?;
    match ini_file {
        Some(path) => write_ini_file(path, &[profile])?,
        None => store.create(&profile, protection.clone())?,
    }
    // The profile is saved: a pending key left behind only waits for its window to pass.
    if let Err(error) = device.forget() {
        eprintln!("ksm: warning: {error}");
    }
    if ini_file.is_some() {
        return Ok(());
    }
    let app = if vault.app.title.is_empty() { String::new() } else { format!(" of application '{}'", vault.app.title) };
    println!("Created profile '{name}' ({protection}): {} records shared{app}", vault.records.len());
    Ok(())
}

/// The configuration, with its server key and TLS trust (docs/profiles.md), as `format`:
/// base64 unless `plain`.
pub fn export_text(profile: &Profile, format: ConfigFormat, plain: bool) -> Zeroizing<String> {
    let text = Zeroizing::new(match format {
        ConfigFormat::Json => to_json(&profile.config, &profile.trust),
        ConfigFormat::Ini => to_ini(std::slice::from_ref(profile)),
    });
    match plain {
        true => text,
        false => Zeroizing::new(b64::encode(text.as_bytes())),
    }
}

fn parse_token(text: &str) -> anyhow::Result<OneTimeToken> {
    OneTimeToken::parse(text).map_err(|e| fail(ErrorKind::Usage, format!("invalid token: {e}")))
}

/// Redeems a one-time token into a bound device named `name`, with `device_key` (base64
/// PKCS#8) or else a new key.
pub fn redeem(
    text: &str,
    hostname: Option<String>,
    server_key: &ServerKeyArgs,
    trust: TlsTrust,
    name: &str,
    device_key: Option<&str>,
) -> anyhow::Result<(Profile, Vault)> {
    let token = parse_token(text)?;
    // The host actually reached, port included, is the one to remember (KSM_HOSTNAME with a
    // host-prefixed token would otherwise keep only the token's host).
    let hostname = hostname.or_else(|| std::env::var("KSM_HOSTNAME").ok().filter(|h| !h.trim().is_empty()));
    let key = server_key.server_public_key_id.clone().zip(server_key.server_public_key.clone());
    let mut config = new_device_config(&token, hostname.as_deref(), key)?;
    if let Some(device_key) = device_key {
        config.private_key = Some(device_key.to_string());
    }
    let mut session = Session::new(config, &trust, stderr_notices())?;
    let vault = session.fetch(None)?;
    Ok((Profile { name: name.to_string(), config: session.config().clone(), trust }, vault))
}

/// The token text: as given, from stdin for `-`, else from `KSM_TOKEN`.
pub fn token_text(given: Option<String>) -> anyhow::Result<Zeroizing<String>> {
    let missing = || {
        fail(
            ErrorKind::Usage,
            format!("pass the one-time access token: --token TOKEN, `--token -` for stdin, or {TOKEN_VAR}"),
        )
    };
    match given {
        Some(text) if text == "-" => {
            let mut text = Zeroizing::new(String::new());
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| fail(ErrorKind::Usage, format!("cannot read the token from stdin: {e}")))?;
            match text.trim().is_empty() {
                true => Err(fail(ErrorKind::Usage, "stdin held no token")),
                false => Ok(Zeroizing::new(text.trim().to_string())),
            }
        }
        Some(text) => Ok(Zeroizing::new(text)),
        None => std::env::var(TOKEN_VAR).ok().filter(|t| !t.trim().is_empty()).map(Zeroizing::new).ok_or_else(missing),
    }
}

fn protection(args: &ProtectionArgs) -> Protection {
    if let Some(path) = &args.key_file {
        Protection::KeyFile(path.clone())
    } else if args.env_key {
        Protection::EnvKey
    } else if args.kernel_keyring {
        eprintln!("ksm: warning: the kernel keyring does not survive a reboot; the profile will then be unreadable");
        Protection::KernelKeyring
    } else if args.plaintext {
        eprintln!("ksm: warning: the profile will be stored unencrypted (mode 0600)");
        Protection::Plaintext
    } else {
        Protection::Keyring
    }
}

pub fn trust(args: &TrustArgs) -> anyhow::Result<TlsTrust> {
    if let Some(pin) = &args.server_cert_sha256 {
        parse_pin(pin).ok_or_else(|| fail(ErrorKind::Usage, "--server-cert-sha256 must be 64 hex digits"))?;
    }
    Ok(TlsTrust {
        server_cert_sha256: args.server_cert_sha256.clone(),
        ca_cert_pem: args.ca_cert.as_deref().map(read_ca).transpose()?,
    })
}

fn list(store: &ProfileStore, json: bool) -> anyhow::Result<()> {
    let profiles = store.list()?;
    if json {
        let rows: Vec<_> = profiles
            .iter()
            .map(|p| serde_json::json!({"name": p.name, "active": p.active, "protection": p.protection.to_string()}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if profiles.is_empty() {
        println!("No profiles yet: run `ksm profile init --token <TOKEN>`");
        return Ok(());
    }
    let mut table = comfy_table::Table::new();
    table.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED).set_header(["Profile Name", "Active", "Protection"]);
    for profile in profiles {
        table.add_row([
            profile.name.clone(),
            if profile.active { "*".into() } else { String::new() },
            profile.protection.to_string(),
        ]);
    }
    println!("{table}");
    Ok(())
}

fn import(context: &Context, store: &ProfileStore, args: ImportArgs) -> anyhow::Result<()> {
    let text = Zeroizing::new(match (&args.config, &args.input_file) {
        (_, Some(path)) => std::fs::read_to_string(path)
            .map_err(|e| fail(ErrorKind::Usage, format!("cannot read {}: {e}", path.display())))?,
        (Some(text), None) if text == "-" => {
            let mut buffer = String::new();
            std::io::stdin().read_to_string(&mut buffer)?;
            buffer
        }
        (Some(text), None) => text.clone(),
        (None, None) => {
            return Err(fail(ErrorKind::Usage, "pass the configuration text, `-` for stdin, or --input-file"))
        }
    });
    let imported = parse_import(&text)?;
    if imported.len() > 1 && context.profile_name.is_some() {
        return Err(fail(ErrorKind::Usage, "the input holds several profiles; --profile-name can only name one"));
    }
    let output_file = args.output_file.clone().or_else(|| crate::profile::ini_file::selected().map(Into::into));
    let protection = protection(&args.protection);
    if output_file.is_none() {
        protection.preflight()?;
    }
    let given_trust = (args.trust.server_cert_sha256.is_some() || args.trust.ca_cert.is_some())
        .then(|| trust(&args.trust))
        .transpose()?;
    let mut profiles = Vec::new();
    for entry in imported {
        let name = context.profile_name.clone().or(entry.name).unwrap_or_else(|| DEFAULT_PROFILE.to_string());
        let mut config = entry.config;
        if let (Some(id), Some(key)) = (&args.server_key.server_public_key_id, &args.server_key.server_public_key) {
            config.server_public_key_id = Some(id.clone());
            config.server_public_key = Some(key.clone());
        }
        let trust = given_trust.clone().unwrap_or(entry.trust);
        profiles.push(Profile { name, config, trust });
    }
    for profile in &profiles {
        validate_profile_name(&profile.name)?;
        if output_file.is_none() && store.exists(&profile.name) {
            return Err(fail(
                ErrorKind::Usage,
                format!("profile '{}' already exists; delete it first or pass --profile-name", profile.name),
            ));
        }
    }
    for profile in &profiles {
        warn_if_unreachable(profile);
    }
    if let Some(path) = output_file {
        return write_ini_file(&path, &profiles);
    }
    for profile in &profiles {
        store.create(profile, protection.clone())?;
        println!("Imported profile '{}' ({protection})", profile.name);
    }
    Ok(())
}

/// A profile for a server that is not Keeper's needs that server's key, and usually its TLS
/// trust; the official CLI's exports carry neither.
fn warn_if_unreachable(profile: &Profile) {
    let host = profile.config.hostname.as_deref().unwrap_or_default();
    if is_keeper_host(host) {
        return;
    }
    let mut missing = Vec::new();
    if profile.config.server_public_key.is_none() {
        missing.push("no server public key (--server-public-key and --server-public-key-id)");
    }
    if profile.trust == TlsTrust::default() {
        missing.push("no TLS trust (--server-cert-sha256 or --ca-cert)");
    }
    if !missing.is_empty() {
        eprintln!(
            "ksm: warning: profile '{}' is for {host}, which is not a Keeper host, but has {}; \
             `ksm-server client add` prints both, and requests will fail until the profile has them",
            profile.name,
            missing.join(" and ")
        );
    }
}

fn refuse_existing(path: &std::path::Path) -> anyhow::Result<()> {
    match path.exists() {
        true => Err(fail(
            ErrorKind::Usage,
            format!("{} already exists; ksm writes only a new keeper.ini, choose another path", path.display()),
        )),
        false => Ok(()),
    }
}

/// `--output-file` (or `--ini-file`): the profiles as a new keeper.ini (0600, atomically), nothing in the store.
fn write_ini_file(path: &std::path::Path, profiles: &[Profile]) -> anyhow::Result<()> {
    refuse_existing(path)?;
    let text = Zeroizing::new(to_ini(profiles));
    ksm_files::write_private(path, text.as_bytes())
        .map_err(|e| fail(ErrorKind::Usage, format!("cannot write {}: {e}", path.display())))?;
    let names: Vec<&str> = profiles.iter().map(|p| p.name.as_str()).collect();
    println!("Wrote profile{} {} to {}", if names.len() == 1 { "" } else { "s" }, names.join(", "), path.display());
    Ok(())
}
