//! The vault owner's commands. Each runs in one database transaction: it is stored whole or
//! not at all. With `--server`, the same commands run against a remote `ksm-server` over its
//! owner API; the server applies each command's writes in one transaction.

pub mod app;
pub mod audit;
pub mod client;
pub mod file;
pub mod folder;
pub mod init;
pub mod keystore;
pub mod owner;
pub mod record;

use crate::datadir::DataDir;
use crate::keystore::OwnerKeystore;
use crate::owner::remote::{RemoteServer, RemoteVault};
use crate::owner::vault::OwnerVault;
use crate::owner::Owner;
use crate::store::Store;
use serde::Serialize;

/// Where an admin command acts: the local data directory, or the server at `server`. The
/// owner keystore is `dir.keystore()` in both cases.
pub struct Target {
    pub dir: DataDir,
    pub server: Option<RemoteServer>,
}

impl Target {
    pub fn local(dir: DataDir) -> Self {
        Self { dir, server: None }
    }

    /// The data directory of a local command; an error naming `command` with `--server`.
    pub fn local_only(&self, command: &str) -> anyhow::Result<&DataDir> {
        match &self.server {
            None => Ok(&self.dir),
            Some(_) => anyhow::bail!("`{command}` runs on the server's own machine; drop --server (or KSM_SERVER_URL)"),
        }
    }
}

/// Opens the vault as its owner and runs `work` in one transaction (locally, one that moves the
/// vault revision only if `work` changed the vault: `Store::owner_transaction`).
pub fn as_owner<T>(target: &Target, work: impl FnOnce(&Owner) -> anyhow::Result<T>) -> anyhow::Result<T> {
    let keys = OwnerKeystore::load(target.dir.keystore())?;
    match &target.server {
        None => {
            let mut store = Store::open_in(&target.dir)?;
            store.owner_transaction(|store| work(&Owner::new(store, &keys)?))
        }
        Some(server) => {
            let vault = RemoteVault::connect(server, &keys)?;
            let done = work(&Owner::new(&vault, &keys)?)?;
            vault.commit()?;
            Ok(done)
        }
    }
}

/// Runs `work`, which only reads what needs no owner key (clients, the audit log): locally
/// without the keystore, remotely with it (its device key signs the requests).
pub fn as_reader<T>(target: &Target, work: impl FnOnce(&dyn OwnerVault) -> anyhow::Result<T>) -> anyhow::Result<T> {
    match &target.server {
        None => work(&Store::open_in(&target.dir)?),
        Some(server) => {
            let keys = OwnerKeystore::load(target.dir.keystore())?;
            work(&RemoteVault::connect(server, &keys)?)
        }
    }
}

pub fn print_json(value: &impl Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Prints `{"uid": …}` with --json, or a sentence naming what was created.
pub fn print_created(what: &str, uid: &str, json: bool) -> anyhow::Result<()> {
    if json {
        print_json(&serde_json::json!({ "uid": uid }))
    } else {
        println!("Created {what} {uid}");
        Ok(())
    }
}
