//! `ksm-server serve`: the HTTPS listener. Loads the server identity and the database, never
//! the owner keystore.

use crate::api::{self, BodyBudget, Limits, RateLimiter, ServerSetup, ServerState};
use crate::cli::{Retention, ServeArgs, ServerOptions};
use crate::datadir::DataDir;
use crate::identity::ServerIdentity;
use crate::net::ConnectionLimits;
use crate::store::Store;
use anyhow::Context;
use ksm_files::{create_private_dir, write_private};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// How many connections to the vault `serve` keeps: as many requests use the store at once.
const STORE_CONNECTIONS: usize = 4;

/// Serves until SIGINT or SIGTERM; `on_ready` runs once the port is bound.
pub fn serve(
    dir: &DataDir,
    listen: SocketAddr,
    args: &ServerOptions,
    on_ready: impl FnOnce(SocketAddr) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        dir.is_initialized(),
        "{} is not a ksm-server data directory (run `ksm-server init`)",
        dir.root().display()
    );
    warn_about_keystore(dir);
    anyhow::ensure!(
        args.max_buffered_bytes >= args.max_request_bytes,
        "--max-buffered-bytes ({}) must be at least --max-request-bytes ({})",
        args.max_buffered_bytes,
        args.max_request_bytes
    );
    let identity = ServerIdentity::load(&dir.identity())?;
    let setup = ServerSetup {
        key_id: args.key_id.clone().unwrap_or_else(|| identity.key_id.clone()),
        identity,
        limits: Limits {
            max_request_bytes: args.max_request_bytes,
            max_file_bytes: args.max_file_bytes,
            body_timeout: args.body_timeout,
        },
        rate_limiter: RateLimiter::new(args.rate_limit, Duration::from_secs(args.rate_window.max(1))),
        body_budget: BodyBudget::new(args.max_buffered_bytes),
        upload_dir: empty_upload_dir(dir)?,
    };
    // The first opening brings an older schema up to date; the others find it current.
    let stores = (0..STORE_CONNECTIONS).map(|_| Store::open_in(dir)).collect::<anyhow::Result<Vec<_>>>()?;
    let read_log = api::ReadLog::start(Store::open_in(dir)?)?;
    let state = Arc::new(ServerState::new(setup, stores, read_log)?);
    let tls = crate::tls::server_config(dir)?;
    let limits = ConnectionLimits {
        max_connections: args.max_connections as usize,
        header_timeout: args.header_timeout,
        write_timeout: args.write_timeout,
    };
    crate::share::announce_public_url(args.public_url.clone());

    let listener = std::net::TcpListener::bind(listen).with_context(|| format!("cannot listen on {listen}"))?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        if let Retention(Some(retention)) = args.audit_retention {
            api::audit_retention::spawn(&state, retention);
        }
        write_serve_state(dir, address)?;
        let served = match on_ready(address) {
            Ok(()) => {
                crate::net::serve_tls(listener, tls, api::router(state.clone()), limits, wait_for_signal()).await;
                // After the last answers: what the reads noted is stored before the exit.
                state.read_log.finish();
                Ok(())
            }
            Err(error) => Err(error),
        };
        let _ = std::fs::remove_file(dir.serve_state());
        served
    })
}

/// Says so when an unencrypted owner keystore sits in the data directory. Reads only the
/// keystore's cleartext header, never its key.
fn warn_about_keystore(dir: &DataDir) {
    let path = dir.keystore();
    if !path.exists() || !crate::keystore::lies_within(path, dir.root()).unwrap_or(true) {
        return;
    }
    if let Ok(header) = crate::keystore::OwnerKeystore::header(path) {
        if header.protection.is_plaintext() {
            log(format_args!(
                "warning: the owner keystore {} is unencrypted and inside the data directory: anyone \
                 with a copy of the directory can open every record; run `ksm-server keystore passwd` and keep \
                 it on the owner's machine (serve does not need it)",
                path.display()
            ));
        }
    }
}

/// The upload directory, emptied of what an interrupted earlier run left behind.
fn empty_upload_dir(dir: &DataDir) -> anyhow::Result<std::path::PathBuf> {
    let uploads = dir.uploads();
    match std::fs::remove_dir_all(&uploads) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => return Err(error).with_context(|| format!("cannot empty {}", uploads.display())),
    }
    create_private_dir(&uploads).with_context(|| format!("cannot create {}", uploads.display()))?;
    Ok(uploads)
}

/// Prints to stdout; a closed stdout must not stop a running server.
pub fn announce(text: std::fmt::Arguments) {
    let _ = writeln!(std::io::stdout(), "{text}");
}

/// Logs one line to stderr; a closed stderr must not stop a running server either.
pub fn log(text: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr(), "ksm-server: {text}");
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut terminate), Ok(mut interrupt)) = (signal(SignalKind::terminate()), signal(SignalKind::interrupt()))
        else {
            return std::future::pending().await;
        };
        tokio::select! { _ = terminate.recv() => {}, _ = interrupt.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// `host:port` for clients: loopback stands in for an unspecified listen address.
pub fn client_hostname(address: SocketAddr) -> String {
    let ip = address.ip();
    let ip = if ip.is_unspecified() { std::net::IpAddr::from([127, 0, 0, 1]) } else { ip };
    SocketAddr::new(ip, address.port()).to_string()
}

pub fn ready_json(address: SocketAddr) -> serde_json::Value {
    serde_json::json!({ "address": address.to_string(), "hostname": client_hostname(address) })
}

fn write_serve_state(dir: &DataDir, address: SocketAddr) -> anyhow::Result<()> {
    write_private(&dir.serve_state(), ready_json(address).to_string().as_bytes()).context("cannot write serve.json")
}

pub fn run(dir: &DataDir, args: &ServeArgs) -> anyhow::Result<()> {
    serve(dir, args.listen, &args.options, |address| {
        if let Some(path) = &args.ready_file {
            write_private(path, ready_json(address).to_string().as_bytes())
                .with_context(|| format!("cannot write the ready file {}", path.display()))?;
        }
        announce(format_args!("ksm-server listening on https://{}", client_hostname(address)));
        Ok(())
    })
}
