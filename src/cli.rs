//! The whole `ksm` command tree. Names and flags follow the official Python `ksm` CLI 1.5.0 so
//! that scripts written for it keep working (docs/compatibility.md lists the differences).

use clap::{ArgAction, Args, Parser, Subcommand};
use std::ffi::OsString;
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
    /// Cache reads and answer from the cache when the server cannot be reached (also
    /// KSM_CACHE=1; KSM_CACHE=0 turns a profile's cache off). See docs/cache.md.
    #[arg(long, global = true)]
    pub cache: bool,
    /// Never contact the server: answer reads from the cache; writes fail.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Refuse cached data older than this, e.g. 30m, 12h, 7d.
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::cache::parse_duration)]
    pub max_stale: Option<std::time::Duration>,
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
    /// Run a command with keeper:// notations in its environment (and arguments) replaced.
    Exec(ExecArgs),
    /// Replace keeper:// notations in template files (or stdin).
    Interpolate(InterpolateArgs),
    /// Print secrets as dotenv, JSON, YAML or shell assignments.
    Export(ExportArgs),
    /// List, create, rename and delete folders.
    #[command(subcommand)]
    Folder(FolderCommand),
    /// One-time share: ask someone for a secret straight into the vault, or send a record as an
    /// expiring, device-locked link (needs a ksm-server; see docs/share.md).
    #[command(subcommand)]
    Share(crate::commands::share::ShareCommand),
    /// Settings of the current profile.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Show the client version, where profiles are kept and how they are protected.
    Version,
    /// Print a shell completion script to stdout.
    Completion(CompletionArgs),
    /// Write a man page for every command and subcommand into a directory.
    Man(ManArgs),
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

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Show, turn on or off, or clear the profile's offline cache (see docs/cache.md).
    Cache(CacheArgs),
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
    // Tokens are URL-safe base64 and may start with `-`.
    #[arg(long, short = 't', env = "KSM_CLI_TOKEN", hide_env_values = true, allow_hyphen_values = true)]
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
    /// Attach a file to a record (at most 100 MiB).
    Upload(UploadArgs),
    /// Save one of a record's files to a path (0600), or print it.
    Download(DownloadArgs),
    /// Remove files from a record.
    DeleteAttachment(DeleteAttachmentArgs),
    /// Print the current one-time (TOTP) code of a record's oneTimeCode field.
    Totp(TotpArgs),
    /// Generate a random password (needs no profile).
    Password(PasswordArgs),
    /// List the standard record and field types, or print a template to fill in.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Create records: from field arguments, from a JSON record script, or as a copy.
    #[command(subcommand)]
    Add(AddCommand),
    /// Change a record's title, notes or fields (refused if it changed since it was read).
    Update(UpdateArgs),
    /// Delete records; exits non-zero if any is not deleted.
    Delete(DeleteArgs),
    /// Commit a rotation started with `secret update --transaction rotation`.
    Finalize(TransactionArgs),
    /// Undo a rotation started with `secret update --transaction rotation`.
    Rollback(TransactionArgs),
}

#[derive(Args)]
pub struct TotpArgs {
    /// The record's UID.
    pub uid: String,
    /// Print {"code", "seconds_left", "period"} as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The official spellings `-lc`, `-uc` and `-sc` are accepted too (docs/compatibility.md).
#[derive(Args)]
pub struct PasswordArgs {
    /// Password length [default: the sum of the counts, else 64].
    #[arg(long, short = 'l', value_name = "N")]
    pub length: Option<u32>,
    /// Number of lowercase letters.
    #[arg(long = "lc", value_name = "N")]
    pub lowercase: Option<u32>,
    /// Number of uppercase letters.
    #[arg(long = "uc", value_name = "N")]
    pub uppercase: Option<u32>,
    /// Number of digits.
    #[arg(long, short = 'd', value_name = "N")]
    pub digits: Option<u32>,
    /// Number of special characters.
    #[arg(long = "sc", value_name = "N")]
    pub special: Option<u32>,
    /// The special characters to draw from [default: "!@#$%()+;<>=?[]{}^.,].
    #[arg(long, value_name = "SET", allow_hyphen_values = true)]
    pub special_chars: Option<String>,
}

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// List the record types (-l), or print a record template for `secret add file`.
    Record(RecordTemplateArgs),
    /// List the field types (-l), or print a field type's template.
    Field(FieldTemplateArgs),
}

#[derive(Args)]
pub struct RecordTemplateArgs {
    /// Record types, e.g. login (one record template each).
    #[arg(value_name = "TYPE")]
    pub record_types: Vec<String>,
    /// List the record types instead.
    #[arg(long, short = 'l')]
    pub show_list: bool,
    /// Output format.
    #[arg(long, short = 'o', value_enum, ignore_case = true, default_value_t = TemplateFormat::Json)]
    pub output_format: TemplateFormat,
    /// Write the template to this file (0600) instead of stdout.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Record format version; only v3 exists (accepted for the official CLI's scripts).
    #[arg(long = "version", value_name = "VERSION", value_parser = ["v3"], ignore_case = true, hide = true)]
    pub record_version: Option<String>,
}

#[derive(Args)]
pub struct FieldTemplateArgs {
    /// Field types, e.g. phone (several print as a JSON array).
    #[arg(value_name = "TYPE")]
    pub field_types: Vec<String>,
    /// List the field types instead.
    #[arg(long, short = 'l')]
    pub show_list: bool,
    /// Output format.
    #[arg(long, short = 'o', value_enum, ignore_case = true, default_value_t = TemplateFormat::Json)]
    pub output_format: TemplateFormat,
    /// Record format version; only v3 exists (accepted for the official CLI's scripts).
    #[arg(long = "version", value_name = "VERSION", value_parser = ["v3"], ignore_case = true, hide = true)]
    pub record_version: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    Json,
    Yaml,
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

#[derive(Args)]
pub struct UploadArgs {
    /// UID of the record.
    #[arg(long, short = 'u')]
    pub uid: String,
    /// Path to the file to upload.
    #[arg(long, short = 'f', value_name = "PATH")]
    pub file: PathBuf,
    /// File title [default: the file name].
    #[arg(long, short = 't')]
    pub title: Option<String>,
}

#[derive(Args)]
#[command(group(clap::ArgGroup::new("which_file").required(true).args(["name", "file_uid"])))]
pub struct DownloadArgs {
    /// UID of the record.
    #[arg(long, short = 'u')]
    pub uid: String,
    /// Name or title of the file.
    #[arg(long)]
    pub name: Option<String>,
    /// UID of the file.
    #[arg(long)]
    pub file_uid: Option<String>,
    /// Where to write the file: a path (written 0600, atomically), `stdout` or `stderr`.
    #[arg(long, value_name = "PATH")]
    pub file_output: String,
    /// Create the path's missing directories (0700).
    #[arg(long)]
    pub create_folders: bool,
}

#[derive(Args)]
pub struct DeleteAttachmentArgs {
    /// UID of the record.
    #[arg(long, short = 'u')]
    pub uid: String,
    /// Name, title or UID of a file to remove (repeatable).
    #[arg(long, short = 'f', required = true, value_name = "FILE")]
    pub file: Vec<String>,
}

#[derive(Args)]
pub struct ExecArgs {
    /// Also replace notations inside the command's arguments (`${keeper://…}`, or from
    /// `keeper://` to the end of an argument).
    #[arg(long)]
    pub inline: bool,
    /// Read `NAME=value` lines from this file into the command's environment (repeatable);
    /// notation values are resolved.
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,
    /// Pass the command's output through ksm, replacing every secret value by `****` (the
    /// default when stdout is not a terminal).
    #[arg(long, overrides_with = "no_mask")]
    pub mask: bool,
    /// Let the command write to the terminal directly: ksm replaces itself with the command.
    #[arg(long, overrides_with = "mask")]
    pub no_mask: bool,
    /// The command and its arguments, passed on unchanged.
    #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true, value_name = "COMMAND")]
    pub command: Vec<OsString>,
}

#[derive(Args)]
pub struct InterpolateArgs {
    /// Template files [default: stdin].
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write the result to this file (0600, atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE", conflicts_with = "in_place")]
    pub output_file: Option<PathBuf>,
    /// Replace each file with its result (0600, atomically), keeping a backup.
    #[arg(long, short = 'w', requires = "files")]
    pub in_place: bool,
    /// With --in-place: the backup's suffix; empty for no backup.
    #[arg(long, short = 'b', default_value = ".bak", value_name = "SUFFIX")]
    pub backup_suffix: String,
    /// Show which notations would resolve (never their values); write nothing.
    #[arg(long, short = 'n')]
    pub dry_run: bool,
    /// Say what was replaced (without values) on stderr.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Check that every notation resolves; write nothing.
    #[arg(long)]
    pub validate: bool,
    /// Allow values with shell metacharacters (they are refused because output is often eval'ed).
    #[arg(long)]
    pub allow_unsafe_for_eval: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, short = 'F', value_enum, default_value_t = crate::export_format::ExportFormat::Dotenv)]
    pub format: crate::export_format::ExportFormat,
    /// A variable: NAME=keeper://… (repeatable).
    #[arg(long = "map", value_name = "NAME=NOTATION")]
    pub maps: Vec<String>,
    /// Variables from `NAME=keeper://…` lines of this file (repeatable).
    #[arg(long = "env-file", value_name = "FILE")]
    pub env_files: Vec<PathBuf>,
    /// Every field of this record, named after its label or type (repeatable).
    #[arg(long = "uid", short = 'u', value_name = "UID")]
    pub uids: Vec<String>,
    /// Write to this file (0600, atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
}

#[derive(Args)]
pub struct CompletionArgs {
    /// The shell to generate the script for.
    #[arg(value_name = "SHELL", value_parser = crate::commands::completion::ShellNameParser)]
    pub shell: String,
}

#[derive(Args)]
pub struct ManArgs {
    /// Directory to write the pages into (ksm.1, ksm-secret.1, …); created if missing.
    #[arg(long, value_name = "DIR")]
    pub output_dir: PathBuf,
}

#[derive(Subcommand)]
pub enum AddCommand {
    /// A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`,
    /// `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [).
    Field(AddFieldArgs),
    /// Records from a JSON or YAML record script (the shape `secret template record TYPE` prints).
    File(AddFileArgs),
    /// A copy of a record, with a new title.
    Clone(CloneArgs),
}

/// Where new records go.
#[derive(Args)]
pub struct StorageFolderArgs {
    /// Folder UID: a shared folder or one of its sub-folders.
    #[arg(long = "storage-folder-uid", alias = "sf", value_name = "UID")]
    pub folder: String,
    /// Fill empty password fields with generated passwords (`-p` is the profile in ksm).
    #[arg(long)]
    pub password_generate: bool,
}

#[derive(Args)]
pub struct AddFieldArgs {
    #[command(flatten)]
    pub storage: StorageFolderArgs,
    /// Record type (see `ksm secret template record -l`).
    #[arg(long = "record-type", alias = "rt", value_name = "TYPE")]
    pub record_type: String,
    #[arg(long, short = 't')]
    pub title: String,
    #[arg(long, short = 'n')]
    pub notes: Option<String>,
    /// The fields.
    #[arg(value_name = "FIELD", allow_hyphen_values = true)]
    pub fields: Vec<String>,
}

#[derive(Args)]
pub struct AddFileArgs {
    #[command(flatten)]
    pub storage: StorageFolderArgs,
    /// The record script (JSON or YAML), `-` for stdin.
    #[arg(long, short = 'f', value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Args)]
pub struct CloneArgs {
    /// The record to copy.
    #[arg(long, short = 'u')]
    pub uid: String,
    /// Title of the copy [default: the original's].
    #[arg(long, short = 't')]
    pub title: Option<String>,
}

#[derive(Args)]
pub struct UpdateArgs {
    #[arg(long, short = 'u')]
    pub uid: String,
    /// LABEL=VALUE for a standard field, by label or type (repeatable).
    #[arg(long = "field", value_name = "LABEL=VALUE")]
    pub fields: Vec<String>,
    /// LABEL=VALUE for a custom field (repeatable).
    #[arg(long = "custom-field", value_name = "LABEL=VALUE")]
    pub custom_fields: Vec<String>,
    /// LABEL=JSON for a standard field (repeatable).
    #[arg(long = "field-json", value_name = "LABEL=JSON")]
    pub fields_json: Vec<String>,
    /// LABEL=JSON for a custom field (repeatable).
    #[arg(long = "custom-field-json", value_name = "LABEL=JSON")]
    pub custom_fields_json: Vec<String>,
    #[arg(long, short = 't')]
    pub title: Option<String>,
    #[arg(long, short = 'n')]
    pub notes: Option<String>,
    /// `rotation`: keep the old value until `secret finalize` (or bring it back with
    /// `secret rollback`), for password rotation scripts.
    #[arg(long, value_name = "KIND", value_parser = ["rotation"])]
    pub transaction: Option<String>,
}

#[derive(Args)]
pub struct DeleteArgs {
    /// Records to delete (repeatable).
    #[arg(long, short = 'u', required = true)]
    pub uid: Vec<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct TransactionArgs {
    #[arg(long, short = 'u')]
    pub uid: String,
}

#[derive(Subcommand)]
pub enum FolderCommand {
    /// List folders (and with -l their records).
    List {
        /// Only this folder (with -r: and everything below it).
        #[arg(long, short = 'f')]
        folder: Option<String>,
        #[arg(long, short = 'r', requires = "folder")]
        recursive: bool,
        /// List the records in each folder too.
        #[arg(long = "list-records", short = 'l')]
        list_records: bool,
        #[arg(long)]
        json: bool,
    },
    /// Create a folder inside a shared folder or sub-folder; prints its UID.
    Add {
        #[arg(long = "parent-folder", short = 'f', value_name = "UID")]
        parent: String,
        #[arg(long, short = 't')]
        title: String,
    },
    /// Rename a folder.
    Update {
        #[arg(long, short = 'f', value_name = "UID")]
        folder: String,
        #[arg(long, short = 't')]
        title: String,
    },
    /// Delete folders; non-empty ones only with --force (their records go too).
    Delete {
        #[arg(long, short = 'f')]
        force: bool,
        #[arg(long)]
        json: bool,
        #[arg(required = true, value_name = "UID")]
        uids: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_tree_is_valid() {
        Cli::command().debug_assert();
    }
}
