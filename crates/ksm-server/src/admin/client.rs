//! `ksm-server client add|list|revoke`.

use super::{as_owner, print_json, Target};
use crate::cli::{ClientAddArgs, ClientCommand};
use crate::duration::parse_duration_ms;
use crate::owner::{ClientOptions, Owner};
use crate::store::{now_ms, ClientRow};
use anyhow::{bail, Context};
use serde::Serialize;

/// Everything a new device needs; `token` is shown this once. `client_id` is derived from the
/// token (so it tells nothing the token does not) and is never stored: the server and its
/// tools know the device by `device_id`.
#[derive(Serialize)]
pub struct Enrollment {
    pub token: String,
    pub client_id: String,
    pub device_id: String,
    pub name: String,
    pub hostname: String,
    pub server_public_key_id: String,
    pub server_public_key: String,
    pub cert_sha256: String,
    pub ca_cert: String,
    /// The line to run on the device: `KSM_CLI_TOKEN=… ksm profile init …`.
    pub init_command: String,
    /// Its `ksm` arguments without the token, for scripts that pass KSM_CLI_TOKEN themselves.
    pub init_args: Vec<String>,
}

pub fn run(target: &Target, command: &ClientCommand) -> anyhow::Result<()> {
    match command {
        ClientCommand::Add(args) => {
            let enrollment = add(target, args)?;
            if args.json {
                return print_json(&enrollment);
            }
            println!("One-time access token for '{}' (shown only now): {}", enrollment.name, enrollment.token);
            println!("Initialize a ksm profile on the device with:");
            println!("  {}", enrollment.init_command);
            Ok(())
        }
        ClientCommand::List { app, client, json } => list(target, app.as_deref(), client.as_deref(), *json),
        ClientCommand::Revoke { client } => {
            let revoked = as_owner(target, |owner| {
                let (device, name) = find(owner, client)?;
                owner.revoke_client(&device.device_id)?;
                Ok(name)
            })?;
            println!("Revoked client device '{revoked}'");
            Ok(())
        }
    }
}

pub fn add(target: &Target, args: &ClientAddArgs) -> anyhow::Result<Enrollment> {
    let hostname = match &args.hostname {
        Some(hostname) => hostname.clone(),
        None => match &target.server {
            None => running_hostname(&target.dir)?,
            Some(server) => super::owner::host_of(&server.url)?,
        },
    };
    let now = now_ms();
    let token_expires_at = parse_duration_ms(&args.token_expiry)?.map(|ms| now + ms);
    let access_expires_at =
        args.access_expiry.as_deref().map(parse_duration_ms).transpose()?.flatten().map(|ms| now + ms);
    let (minted, name) = as_owner(target, |owner| {
        let name = match &args.name {
            Some(name) => name.clone(),
            None => format!("device-{}", owner.store.clients(Some(&args.app))?.len() + 1),
        };
        let options = ClientOptions { name: &name, token_expires_at, ip_lock: args.ip_lock, access_expires_at };
        Ok((owner.add_client(&args.app, &options)?, name))
    })?;
    let server = super::owner::server_contact(target)?;
    let (cert_sha256, server_public_key) = (server.cert_sha256, server.public_key);
    let init_args = vec![
        "profile".to_string(),
        "init".to_string(),
        format!("--hostname={hostname}"),
        format!("--server-public-key-id={}", server.key_id),
        format!("--server-public-key={server_public_key}"),
        format!("--server-cert-sha256={cert_sha256}"),
    ];
    // The token goes in the environment (the client reads KSM_CLI_TOKEN), never in argv, where
    // `ps` shows it to every user of the machine. It is URL-safe base64: no quoting needed.
    let init_command = format!("KSM_CLI_TOKEN={} ksm {}", minted.token, init_args.join(" "));
    Ok(Enrollment {
        token: minted.token,
        client_id: minted.client_id,
        device_id: minted.device_id,
        name,
        hostname,
        server_public_key_id: server.key_id,
        server_public_key,
        cert_sha256,
        ca_cert: super::owner::ca_cert(target),
        init_command,
        init_args,
    })
}

/// The `host:port` of the server running on this data directory.
fn running_hostname(dir: &crate::datadir::DataDir) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(dir.serve_state())
        .context("the server is not running on this data directory; pass --hostname HOST:PORT")?;
    let state: serde_json::Value = serde_json::from_str(&text)?;
    state["hostname"].as_str().map(str::to_string).context("serve.json has no hostname; pass --hostname")
}

/// The device `text` names (its device id, client id or name), with its name.
pub fn find(owner: &Owner, text: &str) -> anyhow::Result<(ClientRow, String)> {
    // Only what may be a client id is hashed (remotely, by the server): a name is never sent.
    let as_client_id = if is_client_id(text) { Some(owner.store.device_id(text)?) } else { None };
    let mut matches = Vec::new();
    for (client, name) in named_clients(owner, None)? {
        if client.device_id == text || Some(&client.device_id) == as_client_id.as_ref() || name == text {
            matches.push((client, name));
        }
    }
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => bail!("no client device with device id, client id or name '{text}' (see `ksm-server client list`)"),
        _ => bail!("several devices are named '{text}'; name one by its device id (see `ksm-server client list`)"),
    }
}

/// A client id is the base64 of an HMAC-SHA512 (64 bytes, PROTOCOL.md §2).
fn is_client_id(text: &str) -> bool {
    ksm_proto::b64::decode(text).is_ok_and(|bytes| bytes.len() == 64)
}

#[derive(Serialize)]
struct ClientListing {
    device_id: String,
    name: String,
    app_uid: String,
    bound: bool,
    revoked: bool,
    ip_lock: bool,
    locked_ip: Option<String>,
    created_at: i64,
    bound_at: Option<i64>,
    last_seen_at: Option<i64>,
    token_expires_at: Option<i64>,
    access_expires_at: Option<i64>,
}

/// The devices (of one application, or all) with their names opened.
fn named_clients(owner: &Owner, app: Option<&str>) -> anyhow::Result<Vec<(ClientRow, String)>> {
    let rows = owner.store.clients(app)?;
    rows.into_iter().map(|client| owner.client_name(&client).map(|name| (client, name))).collect()
}

fn list(target: &Target, app: Option<&str>, only: Option<&str>, json: bool) -> anyhow::Result<()> {
    let rows = as_owner(target, |owner| match only {
        Some(text) => Ok(vec![find(owner, text)?]),
        None => named_clients(owner, app),
    })?;
    let clients: Vec<ClientListing> = rows
        .into_iter()
        .map(|(c, name)| ClientListing {
            bound: c.public_key.is_some(),
            revoked: c.revoked_at.is_some(),
            device_id: c.device_id,
            name,
            app_uid: c.app_uid,
            ip_lock: c.ip_lock,
            locked_ip: c.locked_ip,
            created_at: c.created_at,
            bound_at: c.bound_at,
            last_seen_at: c.last_seen_at,
            token_expires_at: c.token_expires_at,
            access_expires_at: c.access_expires_at,
        })
        .collect();
    if json {
        return print_json(&clients);
    }
    for c in clients {
        let state = if c.revoked {
            "revoked"
        } else if c.bound {
            "bound"
        } else {
            "token unused"
        };
        println!("{:<20} {:<14} app {}  device {}", c.name, state, c.app_uid, c.device_id);
    }
    Ok(())
}
