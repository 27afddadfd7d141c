//! The whole `ksm` command tree. Names and flags follow the official Python `ksm` CLI 1.5.0 so
//! that scripts written for it keep working (docs/compatibility.md lists the differences).

mod argv;
mod folder;
mod inject;
mod profile;
mod secret;
mod secret_write;
mod tools;
mod usage;

pub use argv::{not_applicable, official_spellings};
pub use folder::*;
pub use inject::*;
pub use profile::*;
pub use secret::*;
pub use secret_write::*;
pub use tools::*;
pub use usage::one_line;

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// The name the completion scripts complete; also the man pages' command name.
pub const BIN_NAME: &str = "ksm";

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
    /// Colour in tables [default: on a terminal, unless NO_COLOR is set].
    #[arg(long, short = 'c', global = true, overrides_with = "no_color")]
    pub color: bool,
    /// No colour in tables (also `-nc`, the official spelling).
    #[arg(long, global = true)]
    pub no_color: bool,
    /// Cache reads and answer from the cache when the server cannot be reached (also
    /// KSM_CACHE=1; KSM_CACHE=0 turns a profile's cache off).
    #[arg(long, global = true, overrides_with = "no_cache")]
    pub cache: bool,
    /// Do not use the cache for this command, even if the profile or KSM_CACHE turns it on.
    #[arg(long, global = true, conflicts_with = "offline")]
    pub no_cache: bool,
    /// Never contact the server: answer reads from the cache; writes fail.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Refuse cached data older than this, e.g. 30m, 12h, 7d.
    #[arg(long, global = true, value_name = "DURATION", value_parser = crate::cache::parse_duration)]
    pub max_stale: Option<std::time::Duration>,
    /// Where command output goes: stdout, stderr, or a file (0600, in place only once the
    /// command succeeded). Before the command, as in the official CLI.
    #[arg(long, short = 'o', value_name = "stdout|stderr|FILE")]
    pub output: Option<PathBuf>,
    /// Accepted for the official CLI's scripts; ksm writes no log (errors go to stderr).
    #[arg(long, value_name = "LEVEL", value_parser = ["DEBUG", "INFO", "WARNING", "ERROR"], ignore_case = true)]
    pub log_level: Option<String>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_tree_is_valid() {
        Cli::command().debug_assert();
    }
}
