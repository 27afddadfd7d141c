//! `ksm-server keystore …`: change how the owner keystore is protected, export a protected copy.

use crate::cli::{KeystoreCommand, KeystoreProtectionArgs};
use crate::datadir::DataDir;
use crate::keystore::{absolute, lies_within, OwnerKeystore, Protection, NEW_PASSPHRASE_VAR};
use anyhow::bail;

pub fn run(dir: &DataDir, command: &KeystoreCommand) -> anyhow::Result<()> {
    let path = dir.keystore();
    match command {
        KeystoreCommand::Passwd { protection } => {
            let protection = protection_from(protection)?;
            refuse_weak_placement(dir, &protection, false)?;
            let old = OwnerKeystore::header(path)?.protection;
            let mut keys = OwnerKeystore::load(path)?;
            keys.save(path, &protection, NEW_PASSPHRASE_VAR)?;
            if let Err(error) = old.discard() {
                eprintln!("ksm-server: warning: {error:#} (the old keyring entry is unused; remove it by hand)");
            }
            println!("Owner keystore {} is now protected by {}", path.display(), protection.describe());
            Ok(())
        }
        KeystoreCommand::Export { out } => {
            if out.exists() {
                bail!("{} already exists; choose another --out", out.display());
            }
            let mut keys = OwnerKeystore::load(path)?;
            keys.save(out, &Protection::passphrase(), NEW_PASSPHRASE_VAR)?;
            println!("Exported the owner keystore to {} (protected by a passphrase)", out.display());
            Ok(())
        }
        KeystoreCommand::Info { json } => {
            let header = OwnerKeystore::header(path)?;
            if *json {
                return super::print_json(&serde_json::json!({
                    "keystore": path,
                    "protection": header.protection,
                    "owner_public_key": header.owner_public_key,
                    "owner_device_public_key": header.device_public_key(),
                    "server": header.server,
                }));
            }
            println!("Owner keystore {}", path.display());
            println!("Protection: {}", header.protection.describe());
            if let Some(public) = &header.owner_public_key {
                println!("Owner public key: {public}");
            }
            if let Some(public) = header.device_public_key() {
                println!("Owner device key (signs remote administration): {public}");
            }
            if let Some(server) = &header.server {
                println!("Server: key id {}, TLS certificate SHA-256 {}", server.key_id, server.cert_sha256);
            }
            Ok(())
        }
    }
}

/// The protection the flags ask for; a key file is recorded by its absolute path so that the
/// keystore opens from any working directory.
pub fn protection_from(args: &KeystoreProtectionArgs) -> anyhow::Result<Protection> {
    Ok(match (&args.key_file, args.keyring, args.plaintext) {
        (Some(path), _, _) => Protection::KeyFile { path: absolute(path)? },
        (None, true, _) => Protection::keyring(),
        (None, false, true) => Protection::Plaintext,
        (None, false, false) => Protection::passphrase(),
    })
}

/// Refuses what would leave the keystore open to anyone holding a copy of the data directory:
/// a plaintext keystore inside it (unless `plaintext_in_data_dir`), or a key file inside it.
pub fn refuse_weak_placement(
    dir: &DataDir,
    protection: &Protection,
    plaintext_in_data_dir: bool,
) -> anyhow::Result<()> {
    match protection {
        Protection::Plaintext if !plaintext_in_data_dir && lies_within(dir.keystore(), dir.root())? => bail!(
            "refusing to keep an unencrypted owner keystore inside the data directory {}: whoever copies the \
             directory could open every record; protect it (a passphrase, or --key-file outside the data \
             directory), put it elsewhere with --keystore, or add --plaintext-in-data-dir",
            dir.root().display()
        ),
        Protection::KeyFile { path } if lies_within(path, dir.root())? => bail!(
            "the key file {} is inside the data directory, where it would protect nothing; choose a path outside {}",
            path.display(),
            dir.root().display()
        ),
        _ => Ok(()),
    }
}
