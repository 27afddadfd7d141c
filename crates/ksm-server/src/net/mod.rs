//! Connection handling: the TLS listener in front of the API router, with the connection cap
//! (`connections`), the TLS-handshake and request-head timeout (which is also the keep-alive
//! idle timeout), and the write timeout (`stall`).
//! One connection's failure (a peer that vanishes, a stalled write, a bad handshake) ends that
//! connection only; nothing here can end the process.

mod bodies;
mod connections;
mod stall;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use bodies::{Busy, Tracked};
use connections::{Connections, RequestGuard, Slot};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use stall::StallTimeout;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio_rustls::TlsAcceptor;

/// How much connections may hold; documented in `docs/security.md`.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    /// For the TLS handshake, and for each request head from when the server starts waiting
    /// for it (so also how long an idle keep-alive connection stays open).
    pub header_timeout: Duration,
    /// How long writing an answer may make no progress.
    pub write_timeout: Duration,
}

/// Largest buffer hyper keeps per connection.
const MAX_CONNECTION_BUFFER: usize = 64 * 1024;
/// Largest request head (start line and headers); a KSM request's is under 2 KiB.
const MAX_REQUEST_HEAD: usize = 16 * 1024;
/// How long connections get to finish their requests after SIGINT/SIGTERM.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `router` over TLS on `listener` until `shutdown` resolves.
pub async fn serve_tls(
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let acceptor = TlsAcceptor::from(tls);
    let connections = Connections::new(limits.max_connections);
    let (stop, stopping) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (tcp, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // A connection reset while queued concerns that peer only. Anything else (out
                // of file descriptors) is logged, and the loop waits a moment rather than spin;
                // the listener itself stays usable.
                if !is_per_connection_error(&error) {
                    crate::serve::log(format_args!("cannot accept a connection: {error}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                continue;
            }
        };
        // Every open connection is busy with a request: refuse at once (the peer sees the
        // connection close and may retry) rather than queue it behind them.
        let Some(slot) = connections.admit() else { continue };
        let connection = Connection {
            acceptor: acceptor.clone(),
            router: router.clone(),
            limits,
            peer,
            slot: Arc::new(slot),
            stopping: stopping.clone(),
        };
        tokio::spawn(connection.serve(tcp));
    }
    drop(listener);
    let _ = stop.send(true);
    let deadline = tokio::time::Instant::now() + SHUTDOWN_GRACE;
    while connections.open() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn is_per_connection_error(error: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionReset, Interrupted};
    matches!(error.kind(), ConnectionAborted | ConnectionReset | Interrupted)
}

struct Connection {
    acceptor: TlsAcceptor,
    router: Router,
    limits: ConnectionLimits,
    peer: SocketAddr,
    slot: Arc<Slot>,
    stopping: watch::Receiver<bool>,
}

impl Connection {
    async fn serve(self, tcp: TcpStream) {
        let slot = self.slot.clone();
        tokio::select! {
            () = self.run(tcp) => {}
            () = slot.evicted() => {}
        }
    }

    async fn run(mut self, tcp: TcpStream) {
        // Without TCP_NODELAY a response written in two parts can wait ~40 ms for a delayed ACK.
        let _ = tcp.set_nodelay(true);
        let stream = StallTimeout::new(tcp, self.limits.write_timeout);
        let handshake = tokio::time::timeout(self.limits.header_timeout, self.acceptor.accept(stream));
        let Ok(Ok(tls)) = handshake.await else { return };
        let (router, peer, slot) = (self.router.clone(), self.peer, self.slot.clone());
        let body_left_unread = Arc::new(AtomicBool::new(false));
        let unread = body_left_unread.clone();
        let service = hyper::service::service_fn(move |request| {
            Box::pin(call(router.clone(), peer, slot.request_started(), unread.clone(), request))
        });
        let mut connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_timeout)
            .max_buf_size(MAX_CONNECTION_BUFFER)
            .max_header_size(MAX_REQUEST_HEAD)
            .serve_connection(TokioIo::new(tls), service);
        let mut stopping = false;
        let served = loop {
            tokio::select! {
                served = std::future::poll_fn(|cx| connection.poll_without_shutdown(cx)) => break served,
                _ = self.stopping.wait_for(|stop| *stop), if !stopping => stopping = true,
            }
            Pin::new(&mut connection).graceful_shutdown();
        };
        if served.is_err() {
            return;
        }
        let mut stream = connection.into_parts().io.into_inner();
        if body_left_unread.load(Ordering::Relaxed) && !stopping {
            linger(stream).await;
        } else {
            let _ = stream.shutdown().await;
        }
    }
}

/// How long a closing connection keeps reading what the peer still sends.
const LINGER: Duration = Duration::from_secs(5);

/// Closes a connection whose last request was answered before its body was read (a wrong key
/// id, a wrong upload ticket, …) only once the peer stops sending (or after `LINGER`), reading
/// and discarding what it still sends. The client thus finishes sending and reads the answer,
/// where closing at once would reset the connection and lose it; and shutting the write side
/// first makes some clients abandon the body and the answer with it.
async fn linger(mut stream: impl AsyncRead + Unpin) {
    let mut sink = vec![0u8; 16 * 1024];
    let drain = async { while let Ok(1..) = stream.read(&mut sink).await {} };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// One request through the router; the connection counts as busy until its answer is sent.
/// `body_left_unread` tells whether this (so far the last) answer came before the whole
/// request body was read.
async fn call(
    mut router: Router,
    peer: SocketAddr,
    busy: RequestGuard,
    body_left_unread: Arc<AtomicBool>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Body>, std::convert::Infallible> {
    let (mut parts, incoming) = request.into_parts();
    parts.extensions.insert(ConnectInfo(peer));
    let (body, read) = Tracked::new(incoming);
    let body = Body::new(body);
    let response = tower_service::Service::call(&mut router, hyper::Request::from_parts(parts, body)).await?;
    body_left_unread.store(!read.load(Ordering::Relaxed), Ordering::Relaxed);
    Ok(response.map(|body| Body::new(Busy::new(body, busy))))
}
