//! `ksm completion SHELL`: a completion script, generated from the command tree, on stdout.
//! Needs no profile: it runs before (and without) any credential or network code.

use crate::cli::{shell_names, Cli, CompletionArgs, BIN_NAME};
use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;
use ksm_client::error::{fail, ErrorKind};
use std::io::Write;

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
