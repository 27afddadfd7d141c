//! `ksm-server folder add|list`.

use super::{as_owner, print_created, print_json};
use crate::cli::FolderCommand;
use crate::datadir::DataDir;
use serde::Serialize;

#[derive(Serialize)]
struct FolderListing {
    uid: String,
    name: String,
    parent_uid: Option<String>,
    shared_folder_uid: String,
}

pub fn run(dir: &DataDir, command: &FolderCommand) -> anyhow::Result<()> {
    match command {
        FolderCommand::Add { title, parent, json } => {
            anyhow::ensure!(!title.trim().is_empty(), "a folder title cannot be empty");
            let uid = as_owner(dir, |owner| owner.add_folder(title, parent.as_deref()))?;
            print_created("folder", &uid, *json)
        }
        FolderCommand::List { json } => {
            let folders = as_owner(dir, |owner| {
                owner
                    .store
                    .folders()?
                    .into_iter()
                    .map(|folder| {
                        Ok(FolderListing {
                            name: owner.folder_name(&folder)?,
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
                println!("{}  {}  {}", folder.uid, parent, folder.name);
            }
            Ok(())
        }
    }
}
