//! `ksm folder`.

use clap::Subcommand;

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
