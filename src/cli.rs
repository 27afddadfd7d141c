//! The whole `ksm` command tree. Names and flags follow the official Python `ksm` CLI 1.5.0 so
//! that scripts written for it keep working (docs/compatibility.md lists the differences).

use clap::{ArgAction, Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "ksm",
    version,
    about = "Fast command-line client for Keeper Secrets Manager",
    args_override_self = true
)]
pub struct Cli {
    /// Profile to use [default: the active profile].
    #[arg(long, short = 'p', global = true, env = "KSM_CLI_PROFILE", value_name = "NAME")]
    pub profile_name: Option<String>,
    /// Colour in tables: always or never [default: on a terminal, unless NO_COLOR is set].
    #[arg(long, global = true, overrides_with = "no_color")]
    pub color: bool,
    #[arg(long, global = true)]
    pub no_color: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Create and manage profiles (device credentials).
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Read secrets.
    #[command(subcommand)]
    Secret(SecretCommand),
    /// Show the client version, where profiles are kept and how they are protected.
    Version,
}

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Redeem a one-time access token into a new profile (named by --profile-name, else _default).
    #[command(disable_help_flag = true)]
    Init(InitArgs),
    /// List profiles and how each is protected.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Make a profile the active one.
    Active { profile_name: String },
    /// Print a profile's configuration as base64 (the official CLI's format) or JSON.
    Export {
        profile_name: Option<String>,
        /// Print the JSON instead of base64.
        #[arg(long)]
        plain: bool,
    },
    /// Import a configuration: our or the official CLI's export (base64 or JSON), or a keeper.ini
    /// (named by --profile-name, else the name in the file, else _default).
    Import(ImportArgs),
    /// Delete a profile (and its key in the keyring).
    Delete { profile_name: String },
}

/// Where a new profile's encryption key lives.
#[derive(Args, Clone, Default)]
pub struct ProtectionArgs {
    /// Key in this file (created 0600 if missing) instead of the OS keyring.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["env_key", "plaintext", "kernel_keyring"])]
    pub key_file: Option<PathBuf>,
    /// Key from the KSM_PROFILE_KEY environment variable (long and random).
    #[arg(long, conflicts_with_all = ["plaintext", "kernel_keyring"])]
    pub env_key: bool,
    /// Key in the Linux kernel keyring: works headless, but is lost at reboot.
    #[arg(long, conflicts_with = "plaintext")]
    pub kernel_keyring: bool,
    /// Store the profile unencrypted (0600 file). Not recommended.
    #[arg(long)]
    pub plaintext: bool,
}

#[derive(Args)]
pub struct InitArgs {
    /// One-time access token, e.g. US:xxxx (also positional, or KSM_CLI_TOKEN).
    #[arg(long, short = 't', env = "KSM_CLI_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    #[arg(value_name = "TOKEN", hide = true)]
    pub token_arg: Option<String>,
    /// Server host[:port]; overrides the token's region or host prefix.
    #[arg(long, short = 'h')]
    pub hostname: Option<String>,
    /// Server public key (URL-safe base64 P-256 point) for self-hosted servers.
    #[arg(long, requires = "server_public_key_id")]
    pub server_public_key: Option<String>,
    /// Key id to send with a custom server public key.
    #[arg(long, requires = "server_public_key")]
    pub server_public_key_id: Option<String>,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub protection: ProtectionArgs,
    /// Print help.
    #[arg(long, action = ArgAction::Help)]
    pub help: Option<bool>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The configuration text, or `-` to read it from stdin.
    pub config: Option<String>,
    /// Read the configuration from a file (e.g. keeper.ini).
    #[arg(long, short = 'f', value_name = "FILE", conflicts_with = "config")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub protection: ProtectionArgs,
}

/// How to trust a server that does not have a certificate from a public CA.
#[derive(Args, Clone, Default)]
pub struct TrustArgs {
    /// Trust only the server certificate with this SHA-256 fingerprint (hex).
    #[arg(long, value_name = "HEX", conflicts_with = "ca_cert")]
    pub server_cert_sha256: Option<String>,
    /// Trust servers whose certificate chains to this CA (PEM file).
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum SecretCommand {
    /// List records.
    List(ListArgs),
    /// Show records, one field, or a JSONPath query over them.
    Get(GetArgs),
    /// Print the value a keeper:// notation points at.
    Notation {
        /// e.g. keeper://UID/field/password or keeper://Title/custom_field/Label[0]
        notation: String,
    },
}

#[derive(Args)]
pub struct ListArgs {
    /// Only these record UIDs.
    #[arg(long, short = 'u', conflicts_with = "folder")]
    pub uid: Vec<String>,
    /// Only records in this folder UID.
    #[arg(long, short = 'f')]
    pub folder: Option<String>,
    /// With --folder: include its sub-folders.
    #[arg(long, short = 'r', requires = "folder")]
    pub recursive: bool,
    /// Only records whose title matches this regular expression (case-insensitive).
    #[arg(long, short = 't')]
    pub title: Option<String>,
    /// Only records matching this JSONPath query.
    #[arg(long, short = 'q')]
    pub query: Option<String>,
    /// With --query: print the matched values instead of the titles.
    #[arg(long, short = 'v', requires = "query")]
    pub show_value: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct GetArgs {
    /// Record UIDs.
    #[arg(long, short = 'u')]
    pub uid: Vec<String>,
    #[arg(value_name = "UID")]
    pub extra_uid: Vec<String>,
    /// Record titles (exact match).
    #[arg(long, short = 't')]
    pub title: Vec<String>,
    /// Print only this field's value (label, then type; standard, then custom fields).
    #[arg(long, short = 'f', conflicts_with = "query")]
    pub field: Option<String>,
    /// A JSONPath query over the records.
    #[arg(long, short = 'q')]
    pub query: Option<String>,
    /// With --query: print strings without quotes.
    #[arg(long)]
    pub raw: bool,
    #[arg(long)]
    pub json: bool,
    /// Print a JSON array even for one record.
    #[arg(long)]
    pub force_array: bool,
    /// Show password-like values in text output.
    #[arg(long)]
    pub unmask: bool,
    /// Load addressRef and cardRef records into the fields that reference them (the default).
    #[arg(long, overrides_with = "deflate")]
    pub inflate: bool,
    /// Do not load referenced records.
    #[arg(long, overrides_with = "inflate")]
    pub deflate: bool,
}
