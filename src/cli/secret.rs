//! `ksm secret`: its command list and the commands that read.

use super::secret_write::*;
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Subcommand)]
#[command(defer = true)]
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

// The official spellings `-lc`, `-uc` and `-sc` are accepted too (docs/compatibility.md).
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
#[command(defer = true)]
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
    #[command(flatten)]
    pub record_version: RecordVersionArg,
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
    #[command(flatten)]
    pub record_version: RecordVersionArg,
}

// The official CLI's `--version`: the record format, of which only v3 exists.
#[derive(Args)]
pub struct RecordVersionArg {
    /// Record format version; only v3 exists (accepted for the official CLI's scripts).
    #[arg(long = "version", value_name = "VERSION", value_parser = ["v3"], ignore_case = true)]
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
    /// Print the records as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct GetArgs {
    /// Record UIDs.
    #[arg(long, short = 'u')]
    pub uid: Vec<String>,
    /// Record UIDs, as with --uid.
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
    /// Print the records as JSON (one record as an object).
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
