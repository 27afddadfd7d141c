//! `ksm completion SHELL`: a completion script, generated from the command tree, on stdout.
//! Needs no profile: it runs before (and without) any credential or network code.

use crate::cli::{Cli, CompletionArgs};
use clap::builder::{PossibleValue, TypedValueParser};
use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;
use ksm_client::error::{fail, ErrorKind};
use std::ffi::OsStr;
use std::io::Write;

/// The name the scripts complete; also the man pages' command name.
pub const BIN_NAME: &str = "ksm";

pub fn run(args: CompletionArgs) -> anyhow::Result<()> {
    let shell = Shell::from_str(&args.shell, false).map_err(|_| {
        fail(ErrorKind::Usage, format!("unknown shell '{}' (one of: {})", args.shell, shell_names().join(", ")))
    })?;
    // Generated in memory: clap_complete panics on a failed write, ksm reports it.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN_NAME, &mut script);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(())
}

fn shell_names() -> Vec<String> {
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
