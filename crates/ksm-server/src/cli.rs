//! The whole `ksm-server` command tree.

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "ksm-server", version, about = "Self-hosted Keeper Secrets Manager compatible server")]
pub struct Cli {
    /// Data directory (database, server identity, TLS material).
    #[arg(long, global = true, env = "KSM_SERVER_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Owner keystore file [default: <data-dir>/owner-keystore.json].
    #[arg(long, global = true, env = "KSM_SERVER_KEYSTORE", value_name = "FILE")]
    pub keystore: Option<PathBuf>,
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
}

#[derive(Args)]
pub struct InitArgs {
    /// Key id clients send in `PublicKeyId`.
    #[arg(long, default_value = ksm_proto::server_keys::DEFAULT_KEY_ID)]
    pub key_id: String,
    /// Extra DNS name or IP address for the TLS certificate (loopback is always included).
    #[arg(long = "tls-name", value_name = "NAME")]
    pub tls_names: Vec<String>,
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
    /// The https:// address one-time share links use, when clients reach this server through a
    /// reverse proxy under another name (docs/share.md).
    #[arg(long, value_name = "URL", value_parser = crate::share::parse_public_url)]
    pub public_url: Option<String>,
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
    /// List all folders.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct RecordFields {
    /// Standard field: TYPE=VALUE or LABEL:TYPE=VALUE (VALUE is JSON when it starts with { or [).
    #[arg(long = "field", value_name = "[LABEL:]TYPE=VALUE")]
    pub fields: Vec<String>,
    /// Custom field: [LABEL:]TYPE=VALUE.
    #[arg(long = "custom", value_name = "[LABEL:]TYPE=VALUE")]
    pub custom: Vec<String>,
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
        #[arg(long, value_name = "FILE", conflicts_with_all = ["title", "fields", "custom", "notes"])]
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
    /// List client devices.
    List {
        #[arg(long)]
        app: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Revoke a device (by client id or name); its requests are refused from then on.
    Revoke { client: String },
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
    #[arg(long)]
    pub json: bool,
}
