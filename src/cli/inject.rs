//! Commands that hand secrets to other programs: `exec`, `interpolate`, `export`.

use clap::Args;
use std::ffi::OsString;
use std::path::PathBuf;

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
    /// Replace the values of secret fields (password, secret, pinCode, keyPair, …) by `****`
    /// in the command's output (also KSM_EXEC_MASK=secrets) [default: output untouched].
    #[arg(long, overrides_with_all = ["mask_all", "no_mask"])]
    pub mask: bool,
    /// Replace every substituted value by `****` in the command's output (also KSM_EXEC_MASK=all).
    #[arg(long, overrides_with_all = ["mask", "no_mask"])]
    pub mask_all: bool,
    /// Leave the command's output untouched even if KSM_EXEC_MASK is set.
    #[arg(long, overrides_with_all = ["mask", "mask_all"])]
    pub no_mask: bool,
    /// Hold the command's stdout until it exits, then print it (the official CLI's flag).
    #[arg(long)]
    pub capture_output: bool,
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
    /// Keep going past a notation that does not resolve or a file that cannot be read: leave
    /// the notation as written, write the rest, exit 3 at the end.
    #[arg(long = "continue", short = 'C')]
    pub keep_going: bool,
    /// On stdout: allow values with shell metacharacters (refused there, since such output is
    /// often eval'ed). Files written with -o or -w are not checked.
    #[arg(long)]
    pub allow_unsafe_for_eval: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, short = 'F', value_enum, default_value_t = crate::format::export::ExportFormat::Dotenv)]
    pub format: crate::format::export::ExportFormat,
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
