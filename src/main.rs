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

use clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(message) = cli::not_applicable(&args) {
        eprintln!("ksm: error: {message}");
        return ExitCode::from(error::ErrorKind::Usage.exit_code());
    }
    let cli = match cli::Cli::try_parse_from(cli::official_spellings(args)) {
        Ok(cli) => cli,
        // --help, --version, and the help that a bare `ksm` or `ksm secret` gets.
        Err(request) if !request.use_stderr() || request.kind() == DisplayHelpOnMissingArgumentOrSubcommand => {
            request.exit()
        }
        Err(usage) => {
            eprintln!("ksm: error: {}", cli::one_line(&usage));
            return ExitCode::from(error::ErrorKind::Usage.exit_code());
        }
    };
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
