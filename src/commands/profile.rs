//! `ksm profile init|list|active|export|import|delete`.

use super::Context;
use crate::cli::{ImportArgs, InitArgs, ProfileCommand, ProtectionArgs, TrustArgs};
use crate::credentials::{read_ca, stderr_notices};
use crate::profile::{parse_import, validate_profile_name, Profile, ProfileStore, Protection, TlsTrust};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::{new_device_config, Session};
use ksm_client::tls::parse_pin;
use ksm_proto::token::OneTimeToken;
use std::io::Read;

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
        ProfileCommand::Export { profile_name, plain } => {
            let name = match profile_name.or_else(|| context.profile_name.clone()) {
                Some(name) => name,
                None => store.active_name()?.ok_or_else(|| fail(ErrorKind::NotFound, "no active profile to export"))?,
            };
            let config = store.load(&name)?.config;
            println!("{}", if plain { config.to_json() } else { config.to_base64() });
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

/// Redeems the token and creates the profile only once the server accepted it: a failure
/// leaves nothing behind. Everything that can be checked locally is checked first, so that a
/// mistake does not burn the single-use token.
fn init(context: &Context, store: &ProfileStore, args: InitArgs) -> anyhow::Result<()> {
    let name = context.profile_name.clone().unwrap_or_else(|| DEFAULT_PROFILE.to_string());
    validate_profile_name(&name)?;
    if store.exists(&name) {
        return Err(fail(
            ErrorKind::Usage,
            format!("profile '{name}' already exists; delete it first or pass another --profile-name"),
        ));
    }
    let protection = protection(&args.protection);
    protection.preflight()?;
    let text = args
        .token
        .or(args.token_arg)
        .ok_or_else(|| fail(ErrorKind::Usage, "pass the one-time access token with --token"))?;
    let token = OneTimeToken::parse(&text).map_err(|e| fail(ErrorKind::Usage, format!("invalid token: {e}")))?;
    let trust = trust(&args.trust)?;
    let server_key = args.server_public_key_id.zip(args.server_public_key);
    let config = new_device_config(&token, args.hostname.as_deref(), server_key)?;

    let mut session = Session::new(config, &trust, stderr_notices())?;
    let vault = session.fetch(None)?;
    let profile = Profile { name: name.clone(), config: session.config().clone(), trust };
    store.create(&profile, protection.clone())?;
    let app = if vault.app.title.is_empty() { String::new() } else { format!(" of application '{}'", vault.app.title) };
    println!("Created profile '{name}' ({protection}): {} records shared{app}", vault.records.len());
    Ok(())
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

fn trust(args: &TrustArgs) -> anyhow::Result<TlsTrust> {
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
    let text = match (&args.config, &args.file) {
        (_, Some(path)) => std::fs::read_to_string(path)
            .map_err(|e| fail(ErrorKind::Usage, format!("cannot read {}: {e}", path.display())))?,
        (Some(text), None) if text == "-" => {
            let mut buffer = String::new();
            std::io::stdin().read_to_string(&mut buffer)?;
            buffer
        }
        (Some(text), None) => text.clone(),
        (None, None) => return Err(fail(ErrorKind::Usage, "pass the configuration text, `-` for stdin, or --file")),
    };
    let imported = parse_import(&text)?;
    if imported.len() > 1 && context.profile_name.is_some() {
        return Err(fail(ErrorKind::Usage, "the input holds several profiles; --profile-name can only name one"));
    }
    let protection = protection(&args.protection);
    protection.preflight()?;
    let trust = trust(&args.trust)?;
    let profiles: Vec<Profile> = imported
        .into_iter()
        .map(|entry| {
            let name = context.profile_name.clone().or(entry.name).unwrap_or_else(|| DEFAULT_PROFILE.to_string());
            Profile { name, config: entry.config, trust: trust.clone() }
        })
        .collect();
    for profile in &profiles {
        validate_profile_name(&profile.name)?;
        if store.exists(&profile.name) {
            return Err(fail(
                ErrorKind::Usage,
                format!("profile '{}' already exists; delete it first or pass --profile-name", profile.name),
            ));
        }
    }
    for profile in &profiles {
        store.create(profile, protection.clone())?;
        println!("Imported profile '{}' ({protection})", profile.name);
    }
    Ok(())
}
