//! One module per top-level command.

pub mod completion;
pub mod config;
pub mod exec;
pub mod export;
pub mod folder;
pub mod init;
pub mod interpolate;
pub mod man;
mod man_sections;
pub mod profile;
mod redirect;
pub mod secret;
pub mod share;
pub mod version;

use crate::cli::{Cli, Command};
use crate::credentials::Credentials;
use ksm_client::cache::CacheFlags;
use ksm_client::session::Session;
use std::io::IsTerminal;

/// What every command may need from the global options.
pub struct Context {
    pub profile_name: Option<String>,
    pub color: bool,
    /// `--cache`, `--offline`, `--max-stale`.
    pub cache: CacheFlags,
}

impl Context {
    /// Runs `work` with a session of the chosen device (`KSM_CONFIG` or a profile), then saves
    /// what the session learned (a first binding, a rotated key id) whether `work` succeeded or
    /// not: a later request failing must not lose what an earlier one changed. When both fail,
    /// `work`'s error is the one reported.
    pub fn with_session<T>(&self, work: impl FnOnce(&mut Session) -> anyhow::Result<T>) -> anyhow::Result<T> {
        let credentials = Credentials::load(self.profile_name.as_deref(), &self.cache)?;
        let mut session = credentials.session()?;
        let result = work(&mut session);
        let saved = credentials.save_changes(&session);
        let value = result?;
        saved?;
        Ok(value)
    }
}

/// Runs the command; the result is the exit code (`exec` passes on its child's).
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    let cache = CacheFlags { cache: cli.cache, offline: cli.offline, max_stale: cli.max_stale, no_cache: cli.no_cache };
    // First, so that colour is decided for where the output really goes.
    let redirect = redirect::Redirect::start(cli.output.as_deref(), matches!(cli.command, Command::Exec(_)))?;
    let context = Context { color: use_color(&cli), profile_name: cli.profile_name, cache };
    if let Some(path) = cli.ini_file {
        crate::profile::ini_file::select(path);
    }
    let result = run_command(&context, cli.command);
    redirect.finish(result.is_ok())?;
    result
}

fn run_command(context: &Context, command: Command) -> anyhow::Result<u8> {
    match command {
        Command::Profile(command) => profile::run(context, command).map(|()| 0),
        Command::Init(command) => init::run(command).map(|()| 0),
        Command::Secret(command) => secret::run(context, command).map(|()| 0),
        Command::Exec(args) => exec::run(context, args),
        Command::Interpolate(args) => interpolate::run(context, args).map(|()| 0),
        Command::Export(args) => export::run(context, args).map(|()| 0),
        Command::Folder(command) => folder::run(context, command).map(|()| 0),
        Command::Share(command) => share::run(context, command).map(|()| 0),
        Command::Config(command) => config::run(context, command).map(|()| 0),
        Command::Version => version::run(context).map(|()| 0),
        Command::Completion(args) => completion::run(args).map(|()| 0),
        Command::Man(args) => man::run(args).map(|()| 0),
    }
}

/// `--color` / `--no-color`, else colour on a terminal unless `NO_COLOR` is set.
fn use_color(cli: &Cli) -> bool {
    if cli.color {
        return true;
    }
    !cli.no_color && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Writes command output to `path` (0600, atomically: never half-written) or to stdout.
pub fn write_output(path: Option<&std::path::Path>, text: &str) -> anyhow::Result<()> {
    match path {
        Some(path) => ksm_files::write_private(path, text.as_bytes()).map_err(|e| {
            ksm_client::error::fail(
                ksm_client::error::ErrorKind::Usage,
                format!("cannot write {}: {e}", path.display()),
            )
        }),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
