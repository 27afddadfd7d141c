//! `ksm folder`.

use clap::Subcommand;

#[derive(Subcommand)]
#[command(defer = true)]
pub enum FolderCommand {
    /// List folders (and with -l their records).
    List {
        /// Only this folder (with -r: and everything below it).
        #[arg(long, short = 'f')]
        folder: Option<String>,
        /// With --folder: the folders below it too.
        #[arg(long, short = 'r', requires = "folder")]
        recursive: bool,
        /// List the records in each folder too.
        #[arg(long = "list-records", short = 'l')]
        list_records: bool,
        /// Print the listing as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Create a folder inside a shared folder or sub-folder; prints its UID.
    Add {
        /// The shared folder or sub-folder to create it in.
        #[arg(long = "parent-folder", short = 'f', value_name = "UID")]
        parent: String,
        /// The new folder's name.
        #[arg(long, short = 't')]
        title: String,
    },
    /// Rename a folder.
    Update {
        /// The folder to rename.
        #[arg(long, short = 'f', value_name = "UID")]
        folder: String,
        /// Its new name.
        #[arg(long, short = 't')]
        title: String,
    },
    /// Delete folders; non-empty ones only with --force (their records go too).
    Delete {
        /// Delete non-empty folders too, with everything in them.
        #[arg(long, short = 'f')]
        force: bool,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// The folders to delete.
        #[arg(required = true, value_name = "UID")]
        uids: Vec<String>,
    },
}
