//! `ksm-server owner register|rotate`, and what the admin commands need to know about the
//! server they administer: its keys and address, from the data directory or the keystore.

use super::Target;
use crate::cli::OwnerCommand;
use crate::datadir::DataDir;
use crate::identity::ServerIdentity;
use crate::keystore::{OwnerKeystore, ServerContact};
use crate::owner::remote::RemoteVault;
use crate::owner::Owner;
use crate::store::Store;
use anyhow::Context;
use ksm_client::error::{kind, ErrorKind};
use ksm_proto::b64;
use ksm_proto::crypto::EcPrivateKey;
use serde_json::{json, Value};

pub fn run(target: &Target, command: &OwnerCommand) -> anyhow::Result<()> {
    match command {
        OwnerCommand::Register => register(target.local_only("owner register")?),
        OwnerCommand::Rotate => rotate(target),
    }
}

/// The server's keys as a data directory holds them.
pub fn contact_of(dir: &DataDir) -> anyhow::Result<ServerContact> {
    let identity = ServerIdentity::load(&dir.identity())?;
    Ok(ServerContact {
        public_key: identity.public_key_text(),
        key_id: identity.key_id,
        cert_sha256: crate::tls::leaf_fingerprint(dir)?,
    })
}

/// The server's keys: from the data directory, or (remotely) as the keystore recorded them.
pub fn server_contact(target: &Target) -> anyhow::Result<ServerContact> {
    match &target.server {
        None => contact_of(&target.dir),
        Some(_) => OwnerKeystore::header(target.dir.keystore())?
            .server
            .context("the owner keystore does not record the server's keys; run `ksm-server owner register` there"),
    }
}

/// Where the CA certificate clients may trust is: the data directory's, or `--ca-cert`'s.
pub fn ca_cert(target: &Target) -> String {
    match &target.server {
        None => target.dir.ca_cert().display().to_string(),
        Some(server) => server.ca_cert.as_ref().map(|path| path.display().to_string()).unwrap_or_default(),
    }
}

/// `host[:port]` of an `https://` address.
pub fn host_of(url: &str) -> anyhow::Result<String> {
    url.strip_prefix("https://")
        .and_then(|rest| rest.split('/').next())
        .filter(|host| !host.is_empty())
        .map(str::to_string)
        .with_context(|| format!("--server must be https://HOST[:PORT], got '{url}'"))
}

fn public_text(key: &EcPrivateKey) -> String {
    b64::encode(&key.public_key().to_uncompressed())
}

/// The keystore first (it must hold a key the database names), then the database.
fn register(dir: &DataDir) -> anyhow::Result<()> {
    let mut keys = OwnerKeystore::load(dir.keystore())?;
    let mut store = Store::open_in(dir)?;
    Owner::new(&store, &keys)?;
    let device = match (keys.pending_device(), keys.device()) {
        (Some(pending), _) => pending.clone(),
        (None, Some(device)) => device.clone(),
        (None, None) => EcPrivateKey::generate(),
    };
    keys.set_device(device.clone());
    keys.set_pending_device(None);
    keys.set_server(contact_of(dir)?);
    keys.rewrite(dir.keystore())?;
    store.transaction(|store| {
        store.set_owner_device_key(&device.public_key().to_uncompressed())?;
        store.audit(None, "owner_device_register", None, None)
    })?;
    println!(
        "Registered owner device key {} with {}; administer from the keystore's machine with --server https://HOST:PORT",
        public_text(&device),
        dir.root().display()
    );
    Ok(())
}

/// A new device key is kept beside the old one until the server has it, so that the keystore
/// always holds the key the server expects; a second run finishes an interrupted one.
fn rotate(target: &Target) -> anyhow::Result<()> {
    let path = target.dir.keystore();
    let mut keys = OwnerKeystore::load(path)?;
    let old = keys
        .device()
        .cloned()
        .context("the owner keystore has no owner device key; run `ksm-server owner register`")?;
    let new = keys.pending_device().cloned().unwrap_or_else(EcPrivateKey::generate);
    keys.set_pending_device(Some(new.clone()));
    keys.rewrite(path)?;
    let new_public = new.public_key().to_uncompressed();
    match &target.server {
        None => {
            let mut store = Store::open_in(&target.dir)?;
            Owner::new(&store, &keys)?;
            store.transaction(|store| {
                store.set_owner_device_key(&new_public)?;
                store.audit(None, "owner_device_rotate", None, None)
            })?;
        }
        Some(server) => {
            let payload = json!({ "publicKey": b64::encode(&new_public) });
            let signed_by = |key: &EcPrivateKey| -> anyhow::Result<Value> {
                RemoteVault::connect_as(server, &keys, key)?.call("rotate_device_key", payload.clone())
            };
            match signed_by(&old) {
                Ok(_) => {}
                // An earlier run registered the new key and died before saving the keystore.
                Err(error) if kind(&error) == Some(ErrorKind::Auth) => {
                    signed_by(&new).map_err(|_| error)?;
                }
                Err(error) => return Err(error),
            }
        }
    }
    keys.set_device(new.clone());
    keys.set_pending_device(None);
    keys.rewrite(path)?;
    println!("Rotated the owner device key: {} (the old key is refused from now on)", public_text(&new));
    Ok(())
}
