//! Connection handling: the TLS listener in front of the API router, with the connection cap
//! (`connections`), the TLS-handshake and request-head timeout (which is also the keep-alive
//! idle timeout), the write timeout (`stall`), and closing connections so that pooled clients
//! never reuse one the server is closing (`Connection: close`, then TLS close_notify).
//! One connection's failure (a peer that vanishes, a stalled write, a bad handshake) ends that
//! connection only; nothing here can end the process.

mod bodies;
mod connections;
mod stall;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue};
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
use tokio_rustls::server::TlsStream;
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
/// How long an evicted connection (one with no request in progress) gets to send what it
/// still holds, or to answer a request whose head was just arriving, before it is dropped.
const EVICTION_GRACE: Duration = Duration::from_millis(500);

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

/// What a connection's requests and its owner tell each other about closing it.
#[derive(Default)]
struct Closing {
    /// The server has decided to close this connection (shutdown, eviction): every answer
    /// from now on says `Connection: close`.
    decided: AtomicBool,
    /// The last answer came before its request body was read to the end.
    body_left_unread: AtomicBool,
}

impl Connection {
    async fn serve(mut self, tcp: TcpStream) {
        // Without TCP_NODELAY a response written in two parts can wait ~40 ms for a delayed ACK.
        let _ = tcp.set_nodelay(true);
        let stream = StallTimeout::new(tcp, self.limits.write_timeout);
        let handshake = tokio::time::timeout(self.limits.header_timeout, self.acceptor.accept(stream));
        let slot = self.slot.clone();
        let tls = tokio::select! {
            tls = handshake => tls,
            () = slot.evicted() => return,
        };
        let Ok(Ok(tls)) = tls else { return };
        let closing = Arc::new(Closing::default());
        let Some(mut stream) = self.http(tls, &closing).await else { return };
        // Whatever the answer was, it must reach the peer before anything else happens.
        if stream.flush().await.is_err() {
            return;
        }
        if closing.body_left_unread.load(Ordering::Relaxed) && !closing.decided.load(Ordering::Relaxed) {
            tokio::select! {
                () = linger(&mut stream) => {}
                () = slot.evicted() => {}
            }
        }
        // A graceful close: TLS close_notify, then the end of the TCP stream, so that a pooled
        // client sees the connection end rather than an error, and never reuses it.
        let _ = stream.shutdown().await;
    }

    /// Serves requests until the connection ends; the stream back when it ended in a way that
    /// deserves a graceful close (after an answer, or an idle or slow request head timing out),
    /// `None` when the peer failed (reset, stalled reading its answer).
    async fn http(
        &mut self,
        tls: TlsStream<StallTimeout<TcpStream>>,
        closing: &Arc<Closing>,
    ) -> Option<TlsStream<StallTimeout<TcpStream>>> {
        let (router, peer, slot) = (self.router.clone(), self.peer, self.slot.clone());
        let requests = closing.clone();
        let service = hyper::service::service_fn(move |request| {
            Box::pin(call(router.clone(), peer, slot.request_started(), requests.clone(), request))
        });
        let mut connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(self.limits.header_timeout)
            .max_buf_size(MAX_CONNECTION_BUFFER)
            .max_header_size(MAX_REQUEST_HEAD)
            .serve_connection(TokioIo::new(tls), service);
        let slot = self.slot.clone();
        let mut eviction_deadline = None;
        let served = loop {
            let told_to_close = closing.decided.load(Ordering::Relaxed);
            let eviction_over = async {
                match eviction_deadline {
                    Some(deadline) => tokio::time::sleep_until(deadline).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                served = std::future::poll_fn(|cx| connection.poll_without_shutdown(cx)) => break served,
                _ = self.stopping.wait_for(|stop| *stop), if !told_to_close => {}
                () = slot.evicted(), if !told_to_close => {
                    eviction_deadline = Some(tokio::time::Instant::now() + EVICTION_GRACE);
                }
                // A request head still dribbling in (or an answer not leaving) holds no slot.
                () = eviction_over => return None,
            }
            // Closes at once if idle, else after the answer in progress (which says so).
            closing.decided.store(true, Ordering::Relaxed);
            Pin::new(&mut connection).graceful_shutdown();
        };
        match served {
            Ok(()) => {}
            Err(error) if error.is_timeout() || error.is_parse() => {
                closing.decided.store(true, Ordering::Relaxed);
            }
            Err(_) => return None,
        }
        Some(connection.into_parts().io.into_inner())
    }
}

/// How long a closing connection keeps reading what the peer still sends.
const LINGER: Duration = Duration::from_secs(5);

/// Waits, on a connection whose last request was answered before its body was read (a wrong
/// key id, a wrong upload ticket, …), until the peer stops sending (or `LINGER` passes),
/// reading and discarding what it still sends; the close comes after. The client thus finishes
/// sending and reads the answer, where closing at once would reset the connection and lose it;
/// and shutting the write side first makes some clients abandon the body and the answer with it.
async fn linger(stream: &mut (impl AsyncRead + Unpin)) {
    let mut sink = vec![0u8; 16 * 1024];
    let drain = async { while let Ok(1..) = stream.read(&mut sink).await {} };
    let _ = tokio::time::timeout(LINGER, drain).await;
}

/// One request through the router; the connection counts as busy until its answer is sent.
/// An answer that came before the whole request body was read ends the connection (the rest
/// of the body cannot be told from a next request), as does one while the server is closing
/// the connection anyway; such an answer says `Connection: close`, so that a pooled client
/// never sends another request onto it. (hyper closes without saying so.)
async fn call(
    mut router: Router,
    peer: SocketAddr,
    busy: RequestGuard,
    closing: Arc<Closing>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Body>, std::convert::Infallible> {
    let (mut parts, incoming) = request.into_parts();
    parts.extensions.insert(ConnectInfo(peer));
    let (body, read) = Tracked::new(incoming);
    let body = Body::new(body);
    let mut response = tower_service::Service::call(&mut router, hyper::Request::from_parts(parts, body)).await?;
    let body_left_unread = !read.load(Ordering::Relaxed);
    closing.body_left_unread.store(body_left_unread, Ordering::Relaxed);
    if body_left_unread || closing.decided.load(Ordering::Relaxed) {
        response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    Ok(response.map(|body| Body::new(Busy::new(body, busy))))
}
