//! `ksm profile` and `ksm config`.

use clap::{ArgAction, Args, Subcommand};
use std::path::PathBuf;

// The positional profile names of `active`, `export` and `delete` have the id `profile`:
// `profile_name` is the global -p, which every subcommand also gets.
#[derive(Subcommand)]
#[command(defer = true)]
pub enum ProfileCommand {
    /// Redeem a one-time access token into a new profile (named by --profile-name, else _default).
    #[command(disable_help_flag = true)]
    Init(InitArgs),
    /// List profiles and how each is protected.
    List {
        /// Print the profiles as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Make a profile the active one.
    Active {
        /// The profile to make active.
        #[arg(id = "profile", value_name = "PROFILE_NAME")]
        profile_name: String,
    },
    /// Print a profile's configuration, with its server key and TLS trust, as base64 (for
    /// KSM_CONFIG) or plain.
    Export {
        /// The profile to export [default: the active profile].
        #[arg(id = "profile", value_name = "PROFILE_NAME")]
        profile_name: Option<String>,
        /// Print the JSON (or INI) instead of base64.
        #[arg(long)]
        plain: bool,
        /// JSON (what KSM_CONFIG takes) or a keeper.ini.
        #[arg(long, value_enum, ignore_case = true, default_value_t = ConfigFormat::Json)]
        file_format: ConfigFormat,
    },
    /// Import a configuration: our or the official CLI's export (base64 or JSON), or a keeper.ini
    /// (named by --profile-name, else the name in the file, else _default).
    Import(ImportArgs),
    /// Delete a profile (and its key in the keyring).
    Delete {
        /// The profile to delete.
        #[arg(id = "profile", value_name = "PROFILE_NAME")]
        profile_name: String,
    },
}

#[derive(Subcommand)]
#[command(defer = true)]
pub enum ConfigCommand {
    /// Show, turn on or off, or clear the profile's offline cache.
    Cache(CacheArgs),
    /// Show where the configuration comes from and its settings (never a secret).
    Show,
}

/// The format of an exported configuration.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ConfigFormat {
    /// JSON, what KSM_CONFIG takes.
    Json,
    /// A keeper.ini section.
    Ini,
}

#[derive(Subcommand)]
#[command(defer = true)]
pub enum InitCommand {
    /// Print the configuration as base64 JSON (for KSM_CONFIG).
    #[command(disable_help_flag = true)]
    Default(InitDefaultArgs),
    /// Print a Kubernetes Secret manifest holding the configuration (key `config`).
    #[command(disable_help_flag = true)]
    K8s(InitK8sArgs),
}

// The token to redeem and how to reach its server.
#[derive(Args)]
pub struct RedeemArgs {
    /// One-time access token; `-` reads it from stdin [default: KSM_TOKEN].
    #[arg(value_name = "TOKEN", allow_hyphen_values = true)]
    pub token: Option<String>,
    /// Server host[:port]; overrides the token's region or host prefix.
    #[arg(long, short = 'h')]
    pub hostname: Option<String>,
    #[command(flatten)]
    pub server_key: ServerKeyArgs,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Print help.
    #[arg(long, action = ArgAction::Help)]
    pub help: Option<bool>,
}

#[derive(Args)]
pub struct InitDefaultArgs {
    #[command(flatten)]
    pub redeem: RedeemArgs,
    /// Print the JSON instead of base64.
    #[arg(long)]
    pub plain: bool,
}

#[derive(Args)]
pub struct InitK8sArgs {
    #[command(flatten)]
    pub redeem: RedeemArgs,
    /// The Secret's name.
    #[arg(long, short = 'n', default_value = "ksm-config")]
    pub name: String,
    /// The Secret's namespace.
    #[arg(long, visible_alias = "ns", default_value = "default")]
    pub namespace: String,
    /// Mark the Secret immutable (Kubernetes 1.21 and later).
    #[arg(long, short = 'i')]
    pub immutable: bool,
}

// The key of a self-hosted server, as `ksm-server client add` prints it.
#[derive(Args, Clone, Default)]
pub struct ServerKeyArgs {
    /// Server public key (URL-safe base64 P-256 point) for self-hosted servers.
    #[arg(long, requires = "server_public_key_id")]
    pub server_public_key: Option<String>,
    /// Key id to send with a custom server public key.
    #[arg(long, requires = "server_public_key")]
    pub server_public_key_id: Option<String>,
}

#[derive(Args)]
pub struct CacheArgs {
    /// Cache every read of this profile from now on.
    #[arg(long, conflicts_with = "disable")]
    pub enable: bool,
    /// Stop caching and delete the cached data.
    #[arg(long)]
    pub disable: bool,
    /// Delete the cached data (caching stays on if it is on).
    #[arg(long)]
    pub clear: bool,
}

// Where a new profile's encryption key lives.
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
    /// One-time access token, e.g. US:xxxx (also positional, or KSM_CLI_TOKEN or KSM_TOKEN);
    /// `-` reads it from stdin, so that it never shows in `ps`.
    // Tokens are URL-safe base64 and may start with `-`.
    #[arg(long, short = 't', env = "KSM_CLI_TOKEN", hide_env_values = true, allow_hyphen_values = true)]
    pub token: Option<String>,
    #[arg(value_name = "TOKEN", hide = true)]
    pub token_arg: Option<String>,
    /// Server host[:port]; overrides the token's region or host prefix.
    #[arg(long, short = 'h')]
    pub hostname: Option<String>,
    #[command(flatten)]
    pub server_key: ServerKeyArgs,
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
    #[arg(long, alias = "file", value_name = "FILE", conflicts_with = "config")]
    pub input_file: Option<PathBuf>,
    /// Write the profiles to this new keeper.ini (0600) instead of the profile store, as the
    /// official CLI does [default: --ini-file, if given].
    #[arg(long, short = 'f', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Server key for every imported profile (the official CLI's exports carry none).
    #[command(flatten)]
    pub server_key: ServerKeyArgs,
    #[command(flatten)]
    pub trust: TrustArgs,
    #[command(flatten)]
    pub protection: ProtectionArgs,
}

// How to trust a server that does not have a certificate from a public CA.
#[derive(Args, Clone, Default)]
pub struct TrustArgs {
    /// Trust only the server certificate with this SHA-256 fingerprint (hex).
    #[arg(long, value_name = "HEX", conflicts_with = "ca_cert")]
    pub server_cert_sha256: Option<String>,
    /// Trust servers whose certificate chains to this CA (PEM file).
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
}
