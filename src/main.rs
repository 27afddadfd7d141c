//! `ksm`: parse the command line, run the command, and turn a failure into one line on stderr
//! and a documented exit code (docs/exit-codes.md).

mod cache;
mod cli;
mod commands;
mod credentials;
mod dotenv;
mod error;
mod export_format;
mod folders;
mod output;
mod process;
mod profile;
mod resolve;
mod session;
mod template;
mod tls;
mod transport;
mod vault;
mod writer;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = cli::Cli::parse_from(cli::official_spellings(std::env::args_os().collect()));
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("ksm: error: {error:#}");
            ExitCode::from(error::exit_code(&error))
        }
    }
}

/// Rust ignores SIGPIPE, which turns `ksm … | head` into a panic; a command-line tool should
/// just stop quietly when its reader goes away.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
