//! `ksm-server serve`: the HTTPS listener. Loads the server identity and the database, never
//! the owner keystore.

use crate::api::{self, Limits, RateLimiter, ServerState};
use crate::cli::{ServeArgs, ServerOptions};
use crate::datadir::DataDir;
use crate::identity::ServerIdentity;
use crate::store::Store;
use anyhow::Context;
use ksm_files::write_private;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

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
    let identity = ServerIdentity::load(&dir.identity())?;
    let key_id = args.key_id.clone().unwrap_or_else(|| identity.key_id.clone());
    let limits = Limits { max_request_bytes: args.max_request_bytes, max_file_bytes: args.max_file_bytes };
    let rate_limiter = RateLimiter::new(args.rate_limit, Duration::from_secs(args.rate_window.max(1)));
    let state = Arc::new(ServerState::new(identity, key_id, Store::open(&dir.database())?, limits, rate_limiter)?);
    let tls = crate::tls::server_config(dir)?;
    crate::share::announce_public_url(args.public_url.clone());

    let listener = std::net::TcpListener::bind(listen).with_context(|| format!("cannot listen on {listen}"))?;
    listener.set_nonblocking(true)?;
    let address = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let handle = axum_server::Handle::new();
        let shutdown = handle.clone();
        tokio::spawn(async move {
            wait_for_signal().await;
            shutdown.graceful_shutdown(Some(Duration::from_secs(5)));
        });
        let app = api::router(state).into_make_service_with_connect_info::<SocketAddr>();
        // Without TCP_NODELAY a response written in two parts can wait ~40 ms for a delayed ACK.
        let tls = axum_server::tls_rustls::RustlsAcceptor::new(axum_server::tls_rustls::RustlsConfig::from_config(tls))
            .acceptor(axum_server::accept::NoDelayAcceptor::new());
        let server = axum_server::from_tcp(listener).acceptor(tls).handle(handle).serve(app);
        write_serve_state(dir, address)?;
        on_ready(address)?;
        let served = server.await.context("the server stopped with an error");
        let _ = std::fs::remove_file(dir.serve_state());
        served
    })
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
        println!("ksm-server listening on https://{}", client_hostname(address));
        Ok(())
    })
}
