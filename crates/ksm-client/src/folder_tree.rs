//! The application's folder tree from `get_folders` (PROTOCOL.md §9.7): shared folders have
//! their key wrapped by the app key (GCM); sub-folders, at any depth, by their shared folder's
//! key (CBC). Names are CBC-encrypted with each folder's own key.

use ksm_proto::b64;
use ksm_proto::crypto::SymmetricKey;
use ksm_proto::record_crypto::{open_folder_name, open_key, open_sub_folder_key};
use ksm_proto::wire::FolderInfo;

#[derive(Debug)]
pub struct Folder {
    pub uid: String,
    /// `None` for a shared folder.
    pub parent_uid: Option<String>,
    /// The shared folder at the top of this folder's tree (itself for a shared folder).
    pub shared_folder_uid: String,
    /// `None` when the name does not decrypt (a device wrote something unreadable): the folder
    /// is still listed, and renaming it repairs it.
    pub name: Option<String>,
    pub key: SymmetricKey,
}

impl Folder {
    /// Decrypts every folder it can; one whose key or parent chain does not open is skipped (a
    /// folder whose name alone does not decrypt is kept, without a name).
    pub fn decrypt_all(infos: &[FolderInfo], app_key: &SymmetricKey) -> Vec<Folder> {
        infos.iter().filter_map(|info| decrypt(info, infos, app_key)).collect()
    }

    pub fn is_shared_folder(&self) -> bool {
        self.parent_uid.is_none()
    }
}

fn decrypt(info: &FolderInfo, all: &[FolderInfo], app_key: &SymmetricKey) -> Option<Folder> {
    let parent_uid = info.parent.clone().filter(|p| !p.is_empty());
    let root = shared_folder_of(info, all)?;
    let wrapped = b64::decode(&info.folder_key).ok()?;
    let key = match parent_uid {
        None => open_key(app_key, &wrapped).ok()?,
        Some(_) => {
            let root_key = open_key(app_key, &b64::decode(&root.folder_key).ok()?).ok()?;
            open_sub_folder_key(&root_key, &wrapped).ok()?
        }
    };
    let name = match &info.data {
        Some(data) => b64::decode(data).ok().and_then(|sealed| open_folder_name(&key, &sealed).ok()),
        None => Some(String::new()),
    };
    Some(Folder { uid: info.folder_uid.clone(), parent_uid, shared_folder_uid: root.folder_uid.clone(), name, key })
}

/// Walks parent links up to the folder without a parent; `None` for a broken or cyclic chain.
fn shared_folder_of<'a>(info: &'a FolderInfo, all: &'a [FolderInfo]) -> Option<&'a FolderInfo> {
    let mut current = info;
    for _ in 0..=all.len() {
        match current.parent.as_deref().filter(|p| !p.is_empty()) {
            None => return Some(current),
            Some(parent) => current = all.iter().find(|f| f.folder_uid == parent)?,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_proto::crypto::{cbc_encrypt, gcm_encrypt};

    fn info(uid: &str, parent: Option<&str>, wrapped_key: Vec<u8>, key: &SymmetricKey, name: &str) -> FolderInfo {
        FolderInfo {
            folder_uid: uid.into(),
            folder_key: b64::encode(&wrapped_key),
            data: Some(b64::encode(&cbc_encrypt(key, format!(r#"{{"name": "{name}"}}"#).as_bytes()))),
            parent: parent.map(str::to_string),
        }
    }

    #[test]
    fn sub_folder_keys_at_any_depth_are_wrapped_by_the_shared_folder_key() {
        let app = SymmetricKey::random();
        let (root, sub, deep) = (SymmetricKey::random(), SymmetricKey::random(), SymmetricKey::random());
        let infos = vec![
            info("deep", Some("sub"), cbc_encrypt(&root, deep.as_bytes()), &deep, "Deep"),
            info("root", None, gcm_encrypt(&app, root.as_bytes()), &root, "Root"),
            info("sub", Some("root"), cbc_encrypt(&root, sub.as_bytes()), &sub, "Sub"),
            info("orphan", Some("missing"), cbc_encrypt(&root, sub.as_bytes()), &sub, "Orphan"),
            FolderInfo {
                data: Some(b64::encode(&[9u8; 48])),
                ..info("garbled", Some("root"), cbc_encrypt(&root, sub.as_bytes()), &sub, "")
            },
        ];
        let folders = Folder::decrypt_all(&infos, &app);
        let names: Vec<(&str, Option<&str>, &str)> =
            folders.iter().map(|f| (f.uid.as_str(), f.name.as_deref(), f.shared_folder_uid.as_str())).collect();
        assert_eq!(
            names,
            [
                ("deep", Some("Deep"), "root"),
                ("root", Some("Root"), "root"),
                ("sub", Some("Sub"), "root"),
                ("garbled", None, "root")
            ]
        );
        assert_eq!(folders[3].key, sub, "a folder with a garbled name keeps its key");
        assert_eq!(folders[0].key, deep);
        assert!(folders[1].is_shared_folder() && !folders[0].is_shared_folder());
    }
}
