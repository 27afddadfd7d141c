//! `ksm-server`: parse the command line, run the command, turn an error into one line on
//! stderr and exit code 1 (2 for usage errors, from clap).

mod admin;
mod api;
mod backup;
mod cli;
mod datadir;
mod demo;
mod duration;
mod identity;
mod keystore;
mod net;
mod owner;
mod serve;
mod share;
mod store;
mod tls;
mod transmission_key;

use clap::Parser;
use cli::{Cli, Command};
use datadir::DataDir;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let long_running = matches!(cli.command, Command::Serve(_) | Command::Demo(_));
    set_sigpipe(long_running);
    if long_running {
        keep_freed_memory();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ksm-server: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Demo(args) = &cli.command {
        return demo::run(cli.data_dir, cli.keystore, args);
    }
    let database = database_flag("--database", cli.database.as_deref())?;
    let dir = DataDir::new(cli.data_dir.map_or_else(default_data_dir, Ok)?, cli.keystore).with_database(database);
    let server = cli.server.map(|url| owner::remote::RemoteServer { url, ca_cert: cli.ca_cert });
    if server.is_some() {
        // The ksm client's override of the server address must not redirect the owner's
        // requests (ksm_client's transport honours it); no other thread runs yet.
        std::env::remove_var("KSM_HOSTNAME");
    }
    let target = admin::Target { dir, server };
    match &cli.command {
        Command::Init(args) => admin::init::run(target.local_only("init")?, args),
        Command::Serve(args) => serve::run(target.local_only("serve")?, args),
        Command::Folder(command) => admin::folder::run(&target, command),
        Command::Record(command) => admin::record::run(&target, command),
        Command::File(command) => admin::file::run(&target, command),
        Command::App(command) => admin::app::run(&target, command),
        Command::Client(command) => admin::client::run(&target, command),
        Command::Audit(args) => admin::audit::run(&target, args),
        Command::Owner(command) => admin::owner::run(&target, command),
        Command::Keystore(command) => admin::keystore::run(&target.dir, command),
        Command::Backup { out } => {
            let dir = target.local_only("backup")?;
            backup::backup(dir, out)?;
            println!("Backed up {} to {}", dir.storage().describe(), out.display());
            Ok(())
        }
        Command::Restore { from } => {
            let dir = target.local_only("restore")?;
            backup::restore(dir, from)?;
            println!("Restored {} from {}", dir.storage().describe(), from.display());
            Ok(())
        }
        Command::Migrate { from, to } => {
            let dir = target.local_only("migrate")?;
            let from = database_flag("--from", from.as_deref())?.unwrap_or_else(|| dir.storage());
            let to = database_flag("--to", Some(to))?.unwrap_or_else(|| unreachable!("given"));
            let counts = store::migrate_vault(dir, &from, &to)?;
            let shown: Vec<String> = counts.iter().map(|(table, rows)| format!("{rows} {table}")).collect();
            println!("Copied the vault from {} to {}: {}", from.describe(), to.describe(), shown.join(", "));
            Ok(())
        }
        Command::Demo(_) => unreachable!("handled above"),
    }
}

/// A database URL flag (`--database`, `migrate --from/--to`); its value is never repeated in
/// the error, since a URL may hold a password.
fn database_flag(flag: &str, value: Option<&str>) -> anyhow::Result<Option<store::Database>> {
    value.map(|text| store::Database::parse(text).map_err(|error| anyhow::anyhow!("{flag}: {error}"))).transpose()
}

/// `$XDG_DATA_HOME/ksm-server`, else `~/.local/share/ksm-server`.
fn default_data_dir() -> anyhow::Result<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/share")))
        .ok_or_else(|| anyhow::anyhow!("cannot find a home directory; pass --data-dir"))?;
    Ok(base.join("ksm-server"))
}

/// glibc's malloc gives a freed block back to the kernel once about twice the largest block
/// it recently freed lies unused at the top of an arena; the server allocates and frees an
/// answer per request (600 KB at 1,000 records), so under load most answers page-faulted
/// their memory in afresh: 45 faults and a tenth of the server's CPU per request at 200
/// devices (docs/performance.md). A server keeps up to 16 MiB free per arena instead, and
/// takes blocks under 4 MiB from its arenas rather than from fresh mappings. A threshold set
/// here is no longer raised by glibc itself, so every block of 4 MiB or more is a fresh
/// mapping: the sealed answers that large are kept for reuse by `api::answer_buffers`.
#[allow(unsafe_code, reason = "tunes glibc's malloc through libc::mallopt")]
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called in main before any other thread exists; `mallopt` only sets two of
    // malloc's thresholds, and a value it refuses leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 16 << 20);
    }
}

/// A long-running server keeps SIGPIPE ignored: a peer that closes its connection early must
/// cost that connection an `EPIPE`, never the process. A one-shot command restores the default
/// action instead, so that `ksm-server … | head` stops quietly rather than panicking.
#[allow(unsafe_code, reason = "sets SIGPIPE's action through libc::signal")]
fn set_sigpipe(long_running: bool) {
    #[cfg(unix)]
    // SAFETY: called in main before any other thread exists; `signal` only swaps the
    // process-wide disposition of SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, if long_running { libc::SIG_IGN } else { libc::SIG_DFL });
    }
    #[cfg(not(unix))]
    let _ = long_running;
}
