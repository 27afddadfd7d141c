//! The whole `ksm-server` command tree.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "ksm-server", version, about = "Self-hosted Keeper Secrets Manager compatible server")]
pub struct Cli {
    /// Data directory (database, server identity, TLS material).
    #[arg(long, global = true, env = "KSM_SERVER_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Owner keystore file [default: <data-dir>/owner-keystore.json].
    #[arg(long, global = true, env = "KSM_SERVER_KEYSTORE", value_name = "FILE")]
    pub keystore: Option<PathBuf>,
    /// The vault's database: postgres://USER@HOST:PORT/DBNAME (several `serve` replicas can
    /// share one), or sqlite:PATH [default: <data-dir>/vault.db].
    /// (Parsed in main, not by clap: a mistyped URL must not be echoed with its password.)
    #[arg(long, global = true, env = "KSM_SERVER_DATABASE", value_name = "URL", hide_env_values = true)]
    pub database: Option<String>,
    /// Administer the ksm-server at this https:// address over its owner API, with only the
    /// owner keystore on this machine (folder, record, file, app, client, audit, owner rotate).
    #[arg(long, global = true, env = "KSM_SERVER_URL", value_name = "URL")]
    pub server: Option<String>,
    /// With --server: trust the server's TLS certificate through this CA certificate (PEM)
    /// instead of the fingerprint the keystore pinned at `init` or `owner register`.
    #[arg(long, global = true, env = "KSM_SERVER_CA_CERT", value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create a data directory: database, owner keystore, transmission key, TLS certificate.
    Init(InitArgs),
    /// Serve the KSM API over HTTPS.
    Serve(ServeArgs),
    /// Run a throwaway server with a sample vault and print a one-time token.
    Demo(DemoArgs),
    /// Shared folders and sub-folders.
    #[command(subcommand)]
    Folder(FolderCommand),
    /// Records of any standard type.
    #[command(subcommand)]
    Record(RecordCommand),
    /// File attachments.
    #[command(subcommand)]
    File(FileCommand),
    /// Applications and what is shared with them.
    #[command(subcommand)]
    App(AppCommand),
    /// Client devices and their one-time access tokens.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Show the audit log: which device read or changed what.
    Audit(AuditArgs),
    /// The owner keystore: change its protection, export a protected copy.
    #[command(subcommand)]
    Keystore(KeystoreCommand),
    /// The owner device key, which signs remote administration (--server).
    #[command(subcommand)]
    Owner(OwnerCommand),
    /// Write a consistent copy of the database, also while the server is serving. Needs no
    /// owner keystore; the copy holds no owner key.
    Backup {
        /// The backup file to create; an existing file is not replaced.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the database with a backup (stop the server first).
    Restore {
        /// A file written by `backup`.
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
    },
    /// Copy the vault to another database: SQLite to PostgreSQL or back (stop the servers
    /// first). The copy is exact: every device reads the same answers from it.
    Migrate {
        /// The database to copy from [default: --database, else <data-dir>/vault.db].
        #[arg(long, value_name = "URL")]
        from: Option<String>,
        /// The database to copy to: postgres://… (an empty database) or sqlite:PATH (a new
        /// file).
        #[arg(long, value_name = "URL")]
        to: String,
    },
}

/// How the owner keystore is encrypted. Default: a passphrase, from
/// KSM_SERVER_KEYSTORE_PASSPHRASE or typed on the terminal.
#[derive(Args)]
pub struct KeystoreProtectionArgs {
    /// Encrypt it with the key in this file (created 0600 if missing) instead of a passphrase.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["plaintext", "keyring"])]
    pub key_file: Option<PathBuf>,
    /// Encrypt it with a random secret kept in the OS keyring (Secret Service, Keychain,
    /// Credential Manager).
    #[arg(long, conflicts_with = "plaintext")]
    pub keyring: bool,
    /// Store the owner key unencrypted (0600 file). Not recommended.
    #[arg(long)]
    pub plaintext: bool,
}

#[derive(Subcommand)]
pub enum KeystoreCommand {
    /// Re-encrypt the owner keystore: a new passphrase (from
    /// KSM_SERVER_KEYSTORE_NEW_PASSPHRASE or typed twice), or --key-file / --plaintext.
    Passwd {
        #[command(flatten)]
        protection: KeystoreProtectionArgs,
    },
    /// Write a passphrase-protected copy of the owner keystore (the new passphrase from
    /// KSM_SERVER_KEYSTORE_NEW_PASSPHRASE or typed twice).
    Export {
        /// Where to write it; an existing file is not replaced.
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Show how the owner keystore is protected and its public key; needs no passphrase.
    Info {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum OwnerCommand {
    /// On the server's machine: register the keystore's owner device key with this data
    /// directory (making one if the keystore has none) and record in the keystore how to reach
    /// the server (its transmission key, its TLS certificate fingerprint). For a data
    /// directory made before remote administration, or to finish an interrupted rotation.
    Register,
    /// Replace the owner device key: the new key is registered (remotely: in a request signed
    /// by the old key), then the keystore keeps only it. Run it again if it was interrupted.
    Rotate,
}

#[derive(Args)]
pub struct InitArgs {
    /// Key id clients send in `PublicKeyId`.
    #[arg(long, default_value = ksm_proto::server_keys::DEFAULT_KEY_ID)]
    pub key_id: String,
    /// Extra DNS name or IP address for the TLS certificate (loopback is always included).
    #[arg(long = "tls-name", value_name = "NAME")]
    pub tls_names: Vec<String>,
    #[command(flatten)]
    pub protection: KeystoreProtectionArgs,
    /// With --plaintext: allow the unencrypted keystore inside the data directory, where a copy
    /// of the directory (or a backup of the disk) opens every record.
    #[arg(long, requires = "plaintext")]
    pub plaintext_in_data_dir: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:8443")]
    pub listen: SocketAddr,
    /// Once listening, write `{"address","hostname"}` JSON to this file.
    #[arg(long, value_name = "FILE")]
    pub ready_file: Option<PathBuf>,
    #[command(flatten)]
    pub options: ServerOptions,
}

/// How the API behaves; shared by `serve` and `demo`.
#[derive(Args, Clone)]
pub struct ServerOptions {
    /// Ask clients for this key id instead of the data directory's (exercises key rotation).
    #[arg(long)]
    pub key_id: Option<String>,
    /// Requests allowed per device and endpoint in each window; 0 disables rate limiting.
    #[arg(long, default_value_t = 100)]
    pub rate_limit: u32,
    /// Length of the rate-limit window in seconds.
    #[arg(long, default_value_t = 10)]
    pub rate_window: u64,
    /// Largest API request body accepted, in bytes.
    #[arg(long, default_value_t = 4 * 1024 * 1024)]
    pub max_request_bytes: usize,
    /// Largest file accepted for upload, in bytes.
    #[arg(long, default_value_t = 100 * 1024 * 1024)]
    pub max_file_bytes: usize,
    /// Request-body bytes all connections together may hold in memory; a request that would
    /// go over gets 503 `busy`. At least --max-request-bytes.
    #[arg(long, default_value_t = 32 * 1024 * 1024)]
    pub max_buffered_bytes: usize,
    /// Open connections at most; when all are taken, the one idle longest is closed for a new
    /// one, and a new one is refused only while every connection is busy with a request.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,
    /// Time for the TLS handshake, and for each request head from when the server starts
    /// waiting for it: also the idle timeout of a keep-alive connection between requests.
    #[arg(long, default_value = "10s", value_parser = parse_timeout, value_name = "DURATION")]
    pub header_timeout: Duration,
    /// Time for a whole API request body; for an upload, for the form fields before the file
    /// and for each gap in the file's bytes.
    #[arg(long, default_value = "30s", value_parser = parse_timeout, value_name = "DURATION")]
    pub body_timeout: Duration,
    /// A connection whose answer makes no progress for this long (the client stopped reading
    /// it) is closed.
    #[arg(long, default_value = "60s", value_parser = parse_timeout, value_name = "DURATION")]
    pub write_timeout: Duration,
    /// The https:// address one-time share links use, when clients reach this server through a
    /// reverse proxy under another name (docs/share.md).
    #[arg(long, value_name = "URL", value_parser = crate::share::parse_public_url)]
    pub public_url: Option<String>,
    /// Delete audit entries older than this (`90d`, `26w`, …) in the background; `never`
    /// keeps them all.
    #[arg(long, default_value = "never", value_parser = parse_retention, value_name = "DURATION")]
    pub audit_retention: Retention,
}

/// How long something is kept: `None` for `never`.
#[derive(Debug, Clone, Copy)]
pub struct Retention(pub Option<Duration>);

fn parse_retention(text: &str) -> Result<Retention, String> {
    let ms = crate::duration::parse_duration_ms(text).map_err(|error| format!("{error:#}"))?;
    Ok(Retention(ms.map(|ms| Duration::from_millis(ms.unsigned_abs()))))
}

/// A timeout flag: `90s`, `5m`, … (not `never`).
fn parse_timeout(text: &str) -> Result<Duration, String> {
    match crate::duration::parse_duration_ms(text) {
        Ok(Some(ms)) => Ok(Duration::from_millis(ms.unsigned_abs())),
        Ok(None) => Err("a timeout cannot be `never`".into()),
        Err(error) => Err(format!("{error:#}")),
    }
}

#[derive(Args)]
pub struct DemoArgs {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Once listening, write JSON with the address, token, init command and record UIDs here.
    #[arg(long, value_name = "FILE")]
    pub ready_file: Option<PathBuf>,
    #[command(flatten)]
    pub options: ServerOptions,
}

#[derive(Subcommand)]
pub enum FolderCommand {
    /// Create a shared folder, or a sub-folder with --parent.
    Add {
        #[arg(long, short)]
        title: String,
        /// Parent folder UID (shared folder or sub-folder).
        #[arg(long)]
        parent: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// List all folders; one whose name does not decrypt is listed as damaged.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Rename a folder. Re-seals its name (and, for a sub-folder whose key no longer opens, its
    /// key), so it also repairs a folder listed as damaged.
    Update {
        uid: String,
        #[arg(long, short)]
        title: String,
    },
    /// Delete a folder; with --force also its sub-folders and records.
    Remove {
        uid: String,
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args)]
pub struct RecordFields {
    /// Standard field: TYPE=VALUE or LABEL:TYPE=VALUE. VALUE is the literal text for string
    /// types, JSON for object types (host, name, phone, …).
    #[arg(long = "field", value_name = "[LABEL:]TYPE=VALUE")]
    pub fields: Vec<String>,
    /// Standard field with a JSON VALUE, for any type (a JSON array gives several values).
    #[arg(long = "field-json", value_name = "[LABEL:]TYPE=JSON")]
    pub fields_json: Vec<String>,
    /// Custom field: [LABEL:]TYPE=VALUE.
    #[arg(long = "custom", value_name = "[LABEL:]TYPE=VALUE")]
    pub custom: Vec<String>,
    /// Custom field with a JSON VALUE.
    #[arg(long = "custom-json", value_name = "[LABEL:]TYPE=JSON")]
    pub custom_json: Vec<String>,
    #[arg(long)]
    pub notes: Option<String>,
}

#[derive(Subcommand)]
pub enum RecordCommand {
    /// Add a record from flags or from a JSON file.
    Add {
        /// Folder UID (shared folder or sub-folder); omit for a record shared only directly.
        #[arg(long)]
        folder: Option<String>,
        /// Record type (see `record types`).
        #[arg(long = "type", default_value = "login")]
        record_type: String,
        #[arg(long, short, required_unless_present = "from_json")]
        title: Option<String>,
        #[command(flatten)]
        fields: RecordFields,
        /// Record JSON ({"type","title","fields":[…],"custom":[…],"notes"}), `-` for stdin.
        #[arg(long, value_name = "FILE", conflicts_with_all = ["title", "fields", "fields_json", "custom", "custom_json", "notes"])]
        from_json: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Show a record, decrypted with the owner keystore.
    Show {
        uid: String,
        #[arg(long)]
        json: bool,
    },
    /// Change a record's title, notes or fields (a field given replaces the same field).
    Edit {
        uid: String,
        #[arg(long, short)]
        title: Option<String>,
        #[command(flatten)]
        fields: RecordFields,
    },
    /// Delete a record.
    Remove { uid: String },
    /// List records (UID, type, title, folder).
    List {
        #[arg(long)]
        json: bool,
    },
    /// List the standard record types and field types.
    Types,
    /// Add many records at once from a JSON array of record JSON (one transaction).
    Import {
        /// Folder UID for all of them (shared folder or sub-folder).
        #[arg(long)]
        folder: String,
        /// A JSON array of {"type","title","fields":[…],"custom":[…],"notes"}, `-` for stdin.
        #[arg(long, value_name = "FILE")]
        from_json: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum FileCommand {
    /// Attach a file to a record.
    Attach {
        #[arg(long)]
        record: String,
        #[arg(long)]
        path: PathBuf,
        #[arg(long, short)]
        title: Option<String>,
        /// MIME type [default: guessed from the extension].
        #[arg(long)]
        mime: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Decrypt an attached file (its UID is in the record's fileRef field) and write it to
    /// --out (0600; an existing file is not replaced), or to stdout with `--out -`.
    Download {
        /// The file's UID (one in 64 starts with `-`, and is taken as it is).
        #[arg(allow_hyphen_values = true)]
        uid: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum AppCommand {
    /// Create an application.
    Add {
        #[arg(long, short)]
        title: String,
        #[arg(long)]
        json: bool,
    },
    /// List applications with their shares.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Share a shared folder (with its sub-folders) or a single record with an application.
    Share {
        #[arg(long)]
        app: String,
        #[arg(long, required_unless_present = "record", conflicts_with = "record")]
        folder: Option<String>,
        #[arg(long)]
        record: Option<String>,
        /// Let the application change what is shared (default: read-only).
        #[arg(long)]
        editable: bool,
    },
}

#[derive(Subcommand)]
pub enum ClientCommand {
    /// Mint a one-time access token for a new device and print the line that initializes it.
    Add(ClientAddArgs),
    /// List client devices, by device id (a keyed hash of the client id, which is never shown).
    List {
        #[arg(long)]
        app: Option<String>,
        /// Only this device: its device id, client id or name.
        #[arg(long, allow_hyphen_values = true)]
        client: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a device (by device id, client id or name); its requests are refused from then on.
    Revoke {
        /// Its device id, client id or name (a device id may start with `-`).
        #[arg(allow_hyphen_values = true)]
        client: String,
    },
}

#[derive(Args)]
pub struct ClientAddArgs {
    #[arg(long)]
    pub app: String,
    /// A name for the device [default: device-N].
    #[arg(long)]
    pub name: Option<String>,
    /// An unused token stops working after this long (e.g. 30m, 24h, 7d; `never`).
    #[arg(long, default_value = "24h")]
    pub token_expiry: String,
    /// Lock the device to the IP address of its first request.
    #[arg(long)]
    pub ip_lock: bool,
    /// The device loses access after this long (e.g. 90d); default: never.
    #[arg(long)]
    pub access_expiry: Option<String>,
    /// host:port clients reach the server at [default: the running server's address].
    #[arg(long)]
    pub hostname: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct AuditArgs {
    /// Show at most this many of the newest entries.
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
    /// Only the requests of this device: its device id, client id or name.
    #[arg(long, allow_hyphen_values = true)]
    pub client: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Command {
        Cli::try_parse_from(args).unwrap_or_else(|e| panic!("{args:?}: {e}")).command
    }

    /// Device ids and file UIDs are random base64url: one in 64 starts with `-`.
    #[test]
    fn ids_that_start_with_a_hyphen_are_ids() {
        let Command::Client(ClientCommand::Revoke { client }) = parsed(&["ksm-server", "client", "revoke", "-Xdev"])
        else {
            panic!("not a revoke")
        };
        assert_eq!(client, "-Xdev");
        let Command::File(FileCommand::Download { uid, out }) =
            parsed(&["ksm-server", "file", "download", "-Xfile", "--out", "-"])
        else {
            panic!("not a download")
        };
        assert_eq!((uid.as_str(), out.to_str()), ("-Xfile", Some("-")));
        let Command::Audit(audit) = parsed(&["ksm-server", "audit", "--client", "-Xdev", "--json"]) else {
            panic!("not an audit")
        };
        assert_eq!(audit.client.as_deref(), Some("-Xdev"));
        assert!(audit.json);
    }

    #[test]
    fn audit_retention_is_a_duration_or_never_and_never_by_default() {
        let retention = |extra: &[&str]| {
            let args: Vec<&str> = ["ksm-server", "serve"].iter().chain(extra).copied().collect();
            let Command::Serve(serve) = parsed(&args) else { panic!("not a serve") };
            serve.options.audit_retention.0
        };
        assert_eq!(retention(&[]), None);
        assert_eq!(retention(&["--audit-retention", "never"]), None);
        assert_eq!(retention(&["--audit-retention", "90d"]), Some(Duration::from_secs(90 * 86_400)));
        for bad in ["0s", "90", "10y"] {
            let error = Cli::try_parse_from(["ksm-server", "serve", "--audit-retention", bad]).err().unwrap();
            assert!(error.to_string().contains("--audit-retention"), "{bad}: {error}");
        }
    }
}
