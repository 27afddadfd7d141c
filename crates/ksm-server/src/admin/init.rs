//! `ksm-server init`: a new data directory.

use crate::cli::InitArgs;
use crate::datadir::DataDir;
use crate::identity::ServerIdentity;
use crate::keystore::{OwnerKeystore, Protection};
use crate::store::Store;
use anyhow::bail;
use ksm_files::create_private_dir;

#[derive(Debug)]
pub struct Initialized {
    pub server_public_key: String,
    pub key_id: String,
    pub cert_sha256: String,
}

/// How `init` protects the new owner keystore.
pub struct KeystoreChoice {
    pub protection: Protection,
    /// A plaintext keystore may sit inside the data directory.
    pub plaintext_in_data_dir: bool,
}

pub fn initialize(
    dir: &DataDir,
    key_id: &str,
    tls_names: &[String],
    keystore: &KeystoreChoice,
) -> anyhow::Result<Initialized> {
    if dir.is_initialized() {
        bail!("{} is already initialized", dir.root().display());
    }
    if dir.keystore().exists() {
        bail!("an owner keystore already exists at {}; move it away or pass --keystore", dir.keystore().display());
    }
    // Before anything is written: a database that is unreachable or holds a vault already.
    Store::check_new(&dir.storage())?;
    super::keystore::refuse_weak_placement(dir, &keystore.protection, keystore.plaintext_in_data_dir)?;
    let fresh = !dir.root().exists();
    create_private_dir(dir.root())?;
    let mut keys = match OwnerKeystore::create(dir.keystore(), &keystore.protection) {
        Ok(keys) => keys,
        Err(error) => {
            if fresh {
                let _ = std::fs::remove_dir(dir.root());
            }
            return Err(error);
        }
    };
    let identity = ServerIdentity::create(&dir.identity(), key_id)?;
    crate::tls::generate(dir, tls_names)?;
    let store = Store::create_at(&dir.storage(), &keys.public_key().to_uncompressed(), identity.device_id_key())?;
    keys.set_server(super::owner::contact_of(dir)?);
    keys.rewrite(dir.keystore())?;
    if let Some(device) = keys.device() {
        store.set_owner_device_key(&device.public_key().to_uncompressed())?;
    }
    Ok(Initialized {
        server_public_key: identity.public_key_text(),
        key_id: identity.key_id,
        cert_sha256: crate::tls::leaf_fingerprint(dir)?,
    })
}

pub fn run(dir: &DataDir, args: &InitArgs) -> anyhow::Result<()> {
    let choice = KeystoreChoice {
        protection: super::keystore::protection_from(&args.protection)?,
        plaintext_in_data_dir: args.plaintext_in_data_dir,
    };
    let done = initialize(dir, &args.key_id, &args.tls_names, &choice)?;
    if args.json {
        return super::print_json(&serde_json::json!({
            "data_dir": dir.root(),
            "keystore": dir.keystore(),
            "keystore_protection": choice.protection,
            "server_public_key_id": done.key_id,
            "server_public_key": done.server_public_key,
            "cert_sha256": done.cert_sha256,
            "ca_cert": dir.ca_cert(),
        }));
    }
    println!("Initialized {}", dir.root().display());
    println!(
        "Owner keystore: {} protected by {} (serve does not need it; losing it loses the vault: \
         `ksm-server keystore export` makes a protected copy)",
        dir.keystore().display(),
        choice.protection.describe()
    );
    println!("Server key id {}, certificate SHA-256 {}", done.key_id, done.cert_sha256);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initializes_once_and_keeps_secrets_private() {
        let temp = tempfile::tempdir().unwrap();
        let dir = DataDir::new(temp.path().join("data"), None);
        let plaintext = KeystoreChoice { protection: Protection::Plaintext, plaintext_in_data_dir: false };
        let refused = initialize(&dir, "10", &[], &plaintext).unwrap_err().to_string();
        assert!(refused.contains("refusing to keep an unencrypted owner keystore"), "{refused}");
        assert!(!dir.root().exists(), "a refused init creates nothing");
        let in_data_dir = KeystoreChoice {
            protection: Protection::KeyFile { path: dir.root().join("owner.key") },
            plaintext_in_data_dir: false,
        };
        assert!(initialize(&dir, "10", &[], &in_data_dir).unwrap_err().to_string().contains("protect nothing"));

        let key_file = KeystoreChoice {
            protection: Protection::KeyFile { path: temp.path().join("owner.key") },
            plaintext_in_data_dir: false,
        };
        let done = initialize(&dir, "10", &["ksm.example.com".into()], &key_file).unwrap();
        assert_eq!(done.key_id, "10");
        assert_eq!(done.cert_sha256.len(), 64);
        assert!(dir.is_initialized() && dir.ca_cert().exists());
        let again = initialize(&dir, "10", &[], &key_file).unwrap_err();
        assert!(again.to_string().contains("already initialized"), "{again}");
        #[cfg(unix)]
        for secret in [dir.keystore().to_path_buf(), dir.identity(), dir.server_key(), dir.database()] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", secret.display());
        }
    }
}
