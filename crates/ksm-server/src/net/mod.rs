//! Connection handling: the TLS listener in front of the API router, with the connection cap
//! (`connections`), the TLS-handshake and request-head timeout (which is also the keep-alive
//! idle timeout), and the write timeout (`stall`).
//! One connection's failure (a peer that vanishes, a stalled write, a bad handshake) ends that
//! connection only; nothing here can end the process.

mod connections;
mod stall;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use connections::{Connections, RequestGuard, Slot};
use http_body::Frame;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use stall::StallTimeout;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
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

/// Largest buffer hyper keeps per connection (it bounds a request head too).
const MAX_CONNECTION_BUFFER: usize = 64 * 1024;
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
                    eprintln!("ksm-server: cannot accept a connection: {error}");
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
        let service =
            hyper::service::service_fn(move |request| call(router.clone(), peer, slot.request_started(), request));
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_timeout)
            .max_buf_size(MAX_CONNECTION_BUFFER)
            .serve_connection(TokioIo::new(tls), service);
        tokio::pin!(connection);
        tokio::select! {
            _ = connection.as_mut() => return,
            _ = self.stopping.wait_for(|stop| *stop) => {}
        }
        connection.as_mut().graceful_shutdown();
        let _ = connection.await;
    }
}

/// One request through the router; the connection counts as busy until its answer is sent.
async fn call(
    mut router: Router,
    peer: SocketAddr,
    busy: RequestGuard,
    mut request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Body>, std::convert::Infallible> {
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = tower_service::Service::call(&mut router, request.map(Body::new)).await?;
    Ok(response.map(|body| Body::new(Busy { body, _busy: busy })))
}

/// An answer body that keeps its connection marked busy until it is fully sent or dropped.
struct Busy {
    body: Body,
    _busy: RequestGuard,
}

impl http_body::Body for Busy {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}
