//! `ksm-server audit`.

use super::{as_owner, print_json, Target};
use crate::cli::AuditArgs;

pub fn run(target: &Target, args: &AuditArgs) -> anyhow::Result<()> {
    let entries = match args.client.as_deref() {
        // Naming a device by its name takes the owner keystore, which alone reads names.
        Some(text) => as_owner(target, |owner| {
            let (device, _) = super::client::find(owner, text)?;
            owner.store.audit_entries(args.limit, Some(&device.device_id))
        })?,
        None => super::as_reader(target, |store| store.audit_entries(args.limit, None))?,
    };
    if args.json {
        return print_json(&entries);
    }
    for entry in entries {
        let when = time::OffsetDateTime::from_unix_timestamp_nanos(entry.time as i128 * 1_000_000)
            .map(|t| t.to_string())
            .unwrap_or_else(|_| entry.time.to_string());
        let who = entry.device_id.as_deref().map_or("owner".to_string(), |id| id.chars().take(12).collect());
        println!(
            "{when}  {who:<12}  {:<24} {} {}",
            entry.action,
            entry.uid.unwrap_or_default(),
            entry.detail.unwrap_or_default()
        );
    }
    Ok(())
}
