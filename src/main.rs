//! `ksm`: parse the command line, run the command, and turn a failure into one line on stderr
//! and a documented exit code (docs/exit-codes.md).

mod cli;
mod commands;
mod core_dumps;
mod credentials;
mod format;
/// The fuzz harness of `fuzz/` (fuzz/src/harness.rs), declared once for the stable replays of
/// the targets that live in this binary: src/profile/fuzz.rs, src/format/fuzz.rs and
/// src/interpolation/fuzz.rs.
#[cfg(test)]
#[path = "../fuzz/src/harness.rs"]
mod fuzz_harness;
mod interpolation;
mod output;
mod process;
mod profile;

use clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand;
use std::process::ExitCode;

fn main() -> ExitCode {
    core_dumps::disable();
    restore_default_sigpipe();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(message) = cli::not_applicable(&args) {
        eprintln!("ksm: error: {message}");
        return ExitCode::from(ksm_client::error::ErrorKind::Usage.exit_code());
    }
    let cli = match cli::parse(cli::official_spellings(args)) {
        Ok(cli) => cli,
        // --help, --version, and the help that a bare `ksm` or `ksm secret` gets.
        Err(request) if !request.use_stderr() || request.kind() == DisplayHelpOnMissingArgumentOrSubcommand => {
            request.exit()
        }
        Err(usage) => {
            eprintln!("ksm: error: {}", cli::one_line(&usage));
            return ExitCode::from(ksm_client::error::ErrorKind::Usage.exit_code());
        }
    };
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => {
            eprintln!("ksm: error: {error:#}");
            ExitCode::from(exit_code(&error))
        }
    }
}

/// Rust ignores SIGPIPE, which turns `ksm … | head` into a panic; a command-line tool should
/// just stop quietly when its reader goes away.
#[allow(unsafe_code, reason = "restores SIGPIPE's default action through libc::signal")]
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// The exit code of a failure (docs/exit-codes.md): the kind of its first classified cause, a
/// client error or a profile store error, else 1.
fn exit_code(error: &anyhow::Error) -> u8 {
    let kind = ksm_client::error::kind(error).or_else(|| {
        error.chain().find_map(|cause| cause.downcast_ref::<profile::ProfileError>().map(profile::ProfileError::kind))
    });
    kind.map_or(1, ksm_client::error::ErrorKind::exit_code)
}
