//! `ksm folder list|add|update|delete` (PROTOCOL.md §9.7, §10.5).

use super::Context;
use crate::cli::FolderCommand;
use crate::output::{delete_results, folder_listing, ListingItem};
use ksm_client::error::{fail, ErrorKind};
use ksm_client::folder_tree::Folder;
use ksm_client::session::Session;
use ksm_client::writes;

pub fn run(context: &Context, command: FolderCommand) -> anyhow::Result<()> {
    context.with_session(|session| match command {
        FolderCommand::List { folder, recursive, list_records, json } => {
            let items = listing(session, folder.as_deref(), recursive, list_records)?;
            print!("{}", folder_listing(&items, json, context.color));
            Ok(())
        }
        FolderCommand::Add { parent, title } => {
            let folders = session.folders()?;
            let parent = find(&folders, &parent)?;
            let uid = writes::create_folder(session, parent, shared_folder(&folders, parent)?, &non_empty(&title)?)?;
            print!("{uid}");
            Ok(())
        }
        FolderCommand::Update { folder, title } => {
            let folders = session.folders()?;
            writes::rename_folder(session, find(&folders, &folder)?, &non_empty(&title)?)?;
            println!("Renamed folder {folder}");
            Ok(())
        }
        FolderCommand::Delete { force, json, uids } => {
            let outcomes = writes::delete_folders(session, &uids, force)?;
            print!("{}", delete_results(&outcomes, json, context.color));
            let failed = outcomes.iter().filter(|outcome| !outcome.deleted()).count();
            match failed {
                0 => Ok(()),
                _ => Err(fail(ErrorKind::NotFound, format!("{failed} of {} folders were not deleted", outcomes.len()))),
            }
        }
    })
}

fn non_empty(title: &str) -> anyhow::Result<String> {
    let title = title.trim();
    if title.is_empty() {
        return Err(fail(ErrorKind::Usage, "a folder title cannot be empty"));
    }
    Ok(title.to_string())
}

pub fn find<'a>(folders: &'a [Folder], uid: &str) -> anyhow::Result<&'a Folder> {
    folders.iter().find(|f| f.uid == uid).ok_or_else(|| {
        fail(
            ErrorKind::NotFound,
            format!("no folder with UID {uid} is shared with this device (see `ksm folder list`)"),
        )
    })
}

pub fn shared_folder<'a>(folders: &'a [Folder], folder: &Folder) -> anyhow::Result<&'a Folder> {
    find(folders, &folder.shared_folder_uid)
}

/// Folders (and with `list_records` their records), optionally only `folder` or its subtree.
/// Records need the vault, which is a second request only when asked for.
fn listing(
    session: &mut Session,
    folder: Option<&str>,
    recursive: bool,
    list_records: bool,
) -> anyhow::Result<Vec<ListingItem>> {
    let folders = session.folders()?;
    if let Some(uid) = folder {
        find(&folders, uid)?;
    }
    let selected: Vec<&Folder> = folders
        .iter()
        .filter(|f| folder.is_none_or(|uid| f.uid == uid || (recursive && is_below(&folders, f, uid))))
        .collect();
    let vault = if list_records { Some(session.fetch(None)?) } else { None };
    let mut items = Vec::new();
    if let (Some(vault), None) = (&vault, folder) {
        let loose = vault.records.iter().filter(|r| r.folder().is_none());
        items.extend(loose.map(|r| ListingItem {
            kind: "rec",
            parent_uid: None,
            uid: r.uid.clone(),
            title: Some(r.data.title().to_string()),
        }));
    }
    for entry in selected {
        items.push(ListingItem {
            kind: "dir",
            parent_uid: entry.parent_uid.clone(),
            uid: entry.uid.clone(),
            title: entry.name.clone(),
        });
        let records = vault.iter().flat_map(|v| &v.records).filter(|r| r.folder() == Some(entry.uid.as_str()));
        items.extend(records.map(|r| ListingItem {
            kind: " rec",
            parent_uid: Some(entry.uid.clone()),
            uid: r.uid.clone(),
            title: Some(r.data.title().to_string()),
        }));
    }
    Ok(items)
}

/// True when `ancestor` is above `folder` in the tree.
fn is_below(folders: &[Folder], folder: &Folder, ancestor: &str) -> bool {
    let mut parent = folder.parent_uid.as_deref();
    for _ in 0..folders.len() {
        match parent {
            Some(uid) if uid == ancestor => return true,
            Some(uid) => parent = folders.iter().find(|f| f.uid == uid).and_then(|f| f.parent_uid.as_deref()),
            None => return false,
        }
    }
    false
}
