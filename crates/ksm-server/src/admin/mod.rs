//! The vault owner's commands. Each runs in one database transaction: it is stored whole or
//! not at all.

pub mod app;
pub mod audit;
pub mod client;
pub mod file;
pub mod folder;
pub mod init;
pub mod keystore;
pub mod record;

use crate::datadir::DataDir;
use crate::keystore::OwnerKeystore;
use crate::owner::Owner;
use crate::store::Store;
use serde::Serialize;

/// Opens the vault as its owner and runs `work` in one transaction.
pub fn as_owner<T>(dir: &DataDir, work: impl FnOnce(&Owner) -> anyhow::Result<T>) -> anyhow::Result<T> {
    let keys = OwnerKeystore::load(dir.keystore())?;
    let mut store = Store::open_in(dir)?;
    store.transaction(|store| work(&Owner::new(store, &keys)?))
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
