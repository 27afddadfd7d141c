//! The layout of a server data directory.
//!
//! ```text
//! <data-dir>/vault.db              SQLite (WAL): ciphertext, public keys, metadata only
//!                                  (unless --database names another: PostgreSQL or a file)
//! <data-dir>/server-identity.json  0600: transmission key pair and key id, URL-signing secret
//! <data-dir>/owner-keystore.json   0600: the vault owner's private key (admin commands only;
//!                                  may live elsewhere: --keystore / KSM_SERVER_KEYSTORE)
//! <data-dir>/tls/ca.pem            the CA clients trust (public)
//! <data-dir>/tls/server.pem        certificate chain served
//! <data-dir>/tls/server.key        0600: its private key
//! <data-dir>/serve.json            address of the running server (removed on shutdown)
//! <data-dir>/uploads/              0700: file uploads being received (ciphertext; emptied
//!                                  when `serve` starts)
//! ```

use crate::store::Database;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
    keystore: PathBuf,
    /// `--database`, when it names another database than `vault.db`.
    database: Option<Database>,
}

impl DataDir {
    pub fn new(root: PathBuf, keystore: Option<PathBuf>) -> Self {
        let keystore = keystore.unwrap_or_else(|| root.join("owner-keystore.json"));
        Self { root, keystore, database: None }
    }

    /// The same directory with its vault in `database` (`--database`).
    pub fn with_database(self, database: Option<Database>) -> Self {
        Self { database, ..self }
    }

    /// Where the vault lives: `--database`, else `vault.db` in the directory.
    pub fn storage(&self) -> Database {
        self.database.clone().unwrap_or_else(|| Database::Sqlite(self.database()))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
    pub fn database(&self) -> PathBuf {
        self.root.join("vault.db")
    }
    pub fn identity(&self) -> PathBuf {
        self.root.join("server-identity.json")
    }
    pub fn keystore(&self) -> &Path {
        &self.keystore
    }
    pub fn tls_dir(&self) -> PathBuf {
        self.root.join("tls")
    }
    pub fn ca_cert(&self) -> PathBuf {
        self.tls_dir().join("ca.pem")
    }
    pub fn server_cert(&self) -> PathBuf {
        self.tls_dir().join("server.pem")
    }
    pub fn server_key(&self) -> PathBuf {
        self.tls_dir().join("server.key")
    }
    pub fn serve_state(&self) -> PathBuf {
        self.root.join("serve.json")
    }
    pub fn uploads(&self) -> PathBuf {
        self.root.join("uploads")
    }

    pub fn is_initialized(&self) -> bool {
        let has_vault = match self.storage() {
            Database::Sqlite(path) => path.exists(),
            // Whether the database holds a vault shows when it is opened.
            Database::Postgres(_) => true,
        };
        has_vault && self.identity().exists()
    }
}
