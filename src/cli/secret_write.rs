//! The `ksm secret` commands that write: files, add, update, delete, rotation.

use clap::{Args, Subcommand};
use std::path::PathBuf;

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

#[derive(Subcommand)]
#[command(defer = true)]
pub enum AddCommand {
    /// A record from field arguments: `login=me`, `f.password=…`, `c.text[Label]=…`,
    /// `f.name.first=Ann`, `Label:type=value` (JSON values start with { or [).
    Field(AddFieldArgs),
    /// Records from a JSON or YAML record script (the shape `secret template record TYPE` prints).
    File(AddFileArgs),
    /// A copy of a record, with a new title.
    Clone(CloneArgs),
}

// Where new records go.
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
    /// Title of the new record.
    #[arg(long, short = 't')]
    pub title: String,
    /// Notes of the new record.
    #[arg(long, short = 'n')]
    pub notes: Option<String>,
    #[command(flatten)]
    pub record_version: super::RecordVersionArg,
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
    /// The record to change.
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
    /// New title.
    #[arg(long, short = 't')]
    pub title: Option<String>,
    /// New notes.
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
    /// Print the results as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct TransactionArgs {
    /// The record whose rotation to commit or undo.
    #[arg(long, short = 'u')]
    pub uid: String,
}
