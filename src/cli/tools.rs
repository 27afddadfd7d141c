//! `ksm completion` and `ksm man`.

use clap::Args;
use std::path::PathBuf;

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
