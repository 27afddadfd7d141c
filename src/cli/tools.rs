//! `ksm completion` and `ksm man`.

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, ValueEnum};
use clap_complete::Shell;
use std::ffi::OsStr;
use std::path::PathBuf;

#[derive(Args)]
pub struct CompletionArgs {
    /// The shell to generate the script for.
    #[arg(value_name = "SHELL", value_parser = ShellNameParser)]
    pub shell: String,
}

#[derive(Args)]
pub struct ManArgs {
    /// Directory to write the pages into (ksm.1, ksm-secret.1, …); created if missing.
    #[arg(long, value_name = "DIR")]
    pub output_dir: PathBuf,
}

pub fn shell_names() -> Vec<String> {
    Shell::value_variants().iter().filter_map(ValueEnum::to_possible_value).map(|v| v.get_name().to_string()).collect()
}

/// Accepts any shell name, so that `run` can refuse an unknown one in one line (clap's own
/// message spans several), yet tells `--help` and the completion scripts the valid names.
#[derive(Clone)]
pub struct ShellNameParser;

impl TypedValueParser for ShellNameParser {
    type Value = String;

    fn parse_ref(&self, _: &clap::Command, _: Option<&clap::Arg>, value: &OsStr) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(Shell::value_variants().iter().filter_map(ValueEnum::to_possible_value)))
    }
}
