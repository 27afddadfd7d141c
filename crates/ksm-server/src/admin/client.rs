//! `ksm-server client add|list|revoke`.

use super::{as_owner, print_json};
use crate::cli::{ClientAddArgs, ClientCommand};
use crate::datadir::DataDir;
use crate::duration::parse_duration_ms;
use crate::identity::ServerIdentity;
use crate::owner::ClientOptions;
use crate::store::{now_ms, ClientRow};
use anyhow::{bail, Context};
use serde::Serialize;

/// Everything a new device needs; `token` is shown this once.
#[derive(Serialize)]
pub struct Enrollment {
    pub token: String,
    pub client_id: String,
    pub name: String,
    pub hostname: String,
    pub server_public_key_id: String,
    pub server_public_key: String,
    pub cert_sha256: String,
    pub ca_cert: String,
    pub init_command: String,
}

pub fn run(dir: &DataDir, command: &ClientCommand) -> anyhow::Result<()> {
    match command {
        ClientCommand::Add(args) => {
            let enrollment = add(dir, args)?;
            if args.json {
                return print_json(&enrollment);
            }
            println!("One-time access token for '{}' (shown only now): {}", enrollment.name, enrollment.token);
            println!("Initialize a ksm profile on the device with:");
            println!("  {}", enrollment.init_command);
            Ok(())
        }
        ClientCommand::List { app, json } => list(dir, app.as_deref(), *json),
        ClientCommand::Revoke { client } => {
            let revoked = as_owner(dir, |owner| {
                let clients = owner.store.clients(None)?;
                let matches: Vec<&ClientRow> =
                    clients.iter().filter(|c| c.client_id == *client || c.name == *client).collect();
                let target = match matches.as_slice() {
                    [one] => *one,
                    [] => bail!("no client device with id or name '{client}'"),
                    _ => bail!("several devices are named '{client}'; revoke by client id"),
                };
                owner.store.revoke_client(&target.client_id)?;
                owner.store.audit(None, "client_revoke", Some(&target.client_id), None)?;
                Ok(target.name.clone())
            })?;
            println!("Revoked client device '{revoked}'");
            Ok(())
        }
    }
}

pub fn add(dir: &DataDir, args: &ClientAddArgs) -> anyhow::Result<Enrollment> {
    let hostname = match &args.hostname {
        Some(hostname) => hostname.clone(),
        None => running_hostname(dir)?,
    };
    let now = now_ms();
    let token_expires_at = parse_duration_ms(&args.token_expiry)?.map(|ms| now + ms);
    let access_expires_at =
        args.access_expiry.as_deref().map(parse_duration_ms).transpose()?.flatten().map(|ms| now + ms);
    let (minted, name) = as_owner(dir, |owner| {
        let name = match &args.name {
            Some(name) => name.clone(),
            None => format!("device-{}", owner.store.clients(Some(&args.app))?.len() + 1),
        };
        let options = ClientOptions { name: &name, token_expires_at, ip_lock: args.ip_lock, access_expires_at };
        Ok((owner.add_client(&args.app, &options)?, name))
    })?;
    let identity = ServerIdentity::load(&dir.identity())?;
    let cert_sha256 = crate::tls::leaf_fingerprint(dir)?;
    let server_public_key = identity.public_key_text();
    let init_command = format!(
        "ksm profile init --token={} --hostname={hostname} --server-public-key-id={} --server-public-key={server_public_key} --server-cert-sha256={cert_sha256}",
        minted.token, identity.key_id
    );
    Ok(Enrollment {
        token: minted.token,
        client_id: minted.client_id,
        name,
        hostname,
        server_public_key_id: identity.key_id,
        server_public_key,
        cert_sha256,
        ca_cert: dir.ca_cert().display().to_string(),
        init_command,
    })
}

/// The `host:port` of the server running on this data directory.
fn running_hostname(dir: &DataDir) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(dir.serve_state())
        .context("the server is not running on this data directory; pass --hostname HOST:PORT")?;
    let state: serde_json::Value = serde_json::from_str(&text)?;
    state["hostname"].as_str().map(str::to_string).context("serve.json has no hostname; pass --hostname")
}

#[derive(Serialize)]
struct ClientListing {
    client_id: String,
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

fn list(dir: &DataDir, app: Option<&str>, json: bool) -> anyhow::Result<()> {
    let clients: Vec<ClientListing> = crate::store::Store::open(&dir.database())?
        .clients(app)?
        .into_iter()
        .map(|c| ClientListing {
            bound: c.public_key.is_some(),
            revoked: c.revoked_at.is_some(),
            client_id: c.client_id,
            name: c.name,
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
        println!("{:<20} {:<14} app {}  id {}", c.name, state, c.app_uid, c.client_id);
    }
    Ok(())
}
