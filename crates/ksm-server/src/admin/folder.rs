//! `ksm-server folder add|list|update|remove`.

use super::{as_owner, print_created, print_json, Target};
use crate::cli::FolderCommand;
use serde::Serialize;

#[derive(Serialize)]
struct FolderListing {
    uid: String,
    /// `None` when the name does not decrypt.
    name: Option<String>,
    /// Why the folder cannot be read, when it cannot.
    damaged: Option<String>,
    parent_uid: Option<String>,
    shared_folder_uid: String,
}

pub fn run(target: &Target, command: &FolderCommand) -> anyhow::Result<()> {
    match command {
        FolderCommand::Add { title, parent, json } => {
            anyhow::ensure!(!title.trim().is_empty(), "a folder title cannot be empty");
            let uid = as_owner(target, |owner| owner.add_folder(title, parent.as_deref()))?;
            print_created("folder", &uid, *json)
        }
        FolderCommand::List { json } => {
            let folders = as_owner(target, |owner| {
                owner
                    .store
                    .folders()?
                    .into_iter()
                    .map(|folder| {
                        let (name, damaged) = match owner.folder_name(&folder) {
                            Ok(name) => (Some(name), None),
                            Err(error) => (None, Some(format!("{error:#}"))),
                        };
                        Ok(FolderListing {
                            name,
                            damaged,
                            uid: folder.uid,
                            parent_uid: folder.parent_uid,
                            shared_folder_uid: folder.shared_folder_uid,
                        })
                    })
                    .collect::<anyhow::Result<Vec<_>>>()
            })?;
            if *json {
                return print_json(&folders);
            }
            for folder in folders {
                let parent = folder.parent_uid.as_deref().unwrap_or("(shared folder)");
                match (&folder.name, &folder.damaged) {
                    (Some(name), _) => println!("{}  {}  {}", folder.uid, parent, name),
                    (None, reason) => println!(
                        "{}  {}  DAMAGED ({}); repair: ksm-server folder update {} --title NAME",
                        folder.uid,
                        parent,
                        reason.as_deref().unwrap_or("unreadable"),
                        folder.uid
                    ),
                }
            }
            Ok(())
        }
        FolderCommand::Update { uid, title } => {
            anyhow::ensure!(!title.trim().is_empty(), "a folder title cannot be empty");
            as_owner(target, |owner| owner.rename_folder(uid, title))?;
            println!("Updated folder {uid}");
            Ok(())
        }
        FolderCommand::Remove { uid, force } => {
            as_owner(target, |owner| owner.remove_folder(uid, *force))?;
            println!("Removed folder {uid}");
            Ok(())
        }
    }
}
