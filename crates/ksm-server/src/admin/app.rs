//! `ksm-server app add|list|share`.

use super::{as_owner, print_created, print_json, Target};
use crate::cli::AppCommand;
use crate::store::ShareKind;

pub fn run(target: &Target, command: &AppCommand) -> anyhow::Result<()> {
    match command {
        AppCommand::Add { title, json } => {
            anyhow::ensure!(!title.trim().is_empty(), "an application title cannot be empty");
            let uid = as_owner(target, |owner| owner.add_app(title))?;
            print_created("application", &uid, *json)
        }
        AppCommand::List { json } => {
            let apps = as_owner(target, |owner| {
                owner
                    .store
                    .apps()?
                    .into_iter()
                    .map(|app| {
                        let shares: Vec<_> = owner
                            .store
                            .shares(&app.uid)?
                            .into_iter()
                            .map(|s| serde_json::json!({"uid": s.target_uid, "kind": format!("{:?}", s.kind).to_lowercase(), "editable": s.editable}))
                            .collect();
                        Ok(serde_json::json!({"uid": app.uid, "title": owner.app_title(&app)?, "shares": shares}))
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })?;
            if *json {
                return print_json(&apps);
            }
            for app in apps {
                println!(
                    "{}  {}  ({} shares)",
                    app["uid"].as_str().unwrap_or_default(),
                    app["title"].as_str().unwrap_or_default(),
                    app["shares"].as_array().map_or(0, Vec::len)
                );
            }
            Ok(())
        }
        AppCommand::Share { app, folder, record, editable } => {
            let (shared, kind) = match (folder, record) {
                (Some(folder), _) => (folder, ShareKind::Folder),
                (None, Some(record)) => (record, ShareKind::Record),
                (None, None) => anyhow::bail!("pass --folder or --record"),
            };
            as_owner(target, |owner| owner.share(app, shared, kind, *editable))?;
            let mode = if *editable { "editable" } else { "read-only" };
            println!("Shared {shared} with application {app} ({mode})");
            Ok(())
        }
    }
}
