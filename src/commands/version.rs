//! `ksm version`: what is installed and where credentials come from.

use super::Context;
use crate::profile::ProfileStore;

pub fn run(context: &Context) -> anyhow::Result<()> {
    println!("ksm {}", env!("CARGO_PKG_VERSION"));
    println!(
        "client version sent: {}",
        std::env::var("KSM_CLIENT_VERSION").unwrap_or_else(|_| ksm_proto::DEFAULT_CLIENT_VERSION.into())
    );
    if std::env::var_os("KSM_CONFIG").is_some_and(|v| !v.is_empty()) {
        println!("configuration: KSM_CONFIG environment variable (nothing stored)");
    }
    let store = ProfileStore::open_default()?;
    println!("profile directory: {}", store.dir().display());
    let name = match &context.profile_name {
        Some(name) => Some(name.clone()),
        None => store.active_name()?,
    };
    match name {
        Some(name) => println!("profile: {name} ({})", store.protection_of(&name)?),
        None => println!("profile: none (run `ksm profile init --token <TOKEN>`)"),
    }
    Ok(())
}
