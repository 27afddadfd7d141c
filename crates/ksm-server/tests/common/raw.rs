//! Raw HTTP/1.1 over TLS to the real server, for what an ordinary client cannot send (a head
//! without its body, a trickle, a chunked body past a limit), and the server process's state
//! from /proc. Every connection has socket timeouts, so no test can hang.

use super::TestServer;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub type Tls = rustls::StreamOwned<rustls::ClientConnection, TcpStream>;

/// How long a raw connection waits for the server before the test gives up on it.
pub const SOCKET_TIMEOUT: Duration = Duration::from_secs(20);

pub const MIB: u64 = 1024 * 1024;

pub fn tls_config(data_dir: &Path) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(data_dir.join("tls/ca.pem")).expect("ca.pem") {
        roots.add(cert.expect("CA certificate")).expect("trusted CA");
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    Arc::new(config)
}

pub fn tcp(server: &TestServer) -> TcpStream {
    tcp_to(&server.host)
}

pub fn tcp_to(host: &str) -> TcpStream {
    let stream = TcpStream::connect(host).expect("connect");
    stream.set_read_timeout(Some(SOCKET_TIMEOUT)).unwrap();
    stream.set_write_timeout(Some(SOCKET_TIMEOUT)).unwrap();
    stream
}

/// A TLS connection with the handshake done.
pub fn tls(server: &TestServer, config: &Arc<rustls::ClientConfig>) -> Tls {
    tls_to(&server.host, config)
}

pub fn tls_to(host: &str, config: &Arc<rustls::ClientConfig>) -> Tls {
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let connection = rustls::ClientConnection::new(config.clone(), name).expect("TLS client");
    let mut stream = rustls::StreamOwned::new(connection, tcp_to(host));
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).expect("TLS handshake");
    }
    stream
}

pub fn head(method: &str, path: &str, headers: &[(&str, String)]) -> Vec<u8> {
    let mut text = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    text.into_bytes()
}

/// An HTTP answer read off a raw connection.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    /// The head, lowercased.
    pub head: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!("HTTP {} body is not JSON ({e}): {}", self.status, String::from_utf8_lossy(&self.body))
        })
    }

    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.json()["error"], code, "{}", self.json());
    }
}

/// Reads one answer (head and `Content-Length` body). `None` if the server closed without one.
pub fn read_answer(stream: &mut impl Read) -> Option<Answer> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buffer[..n]),
        }
    };
    let head = String::from_utf8_lossy(&data[..head_end]).to_lowercase();
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .map_or(0, |value| value.trim().parse().unwrap_or(0));
    let mut body = data[head_end..].to_vec();
    while body.len() < length {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => body.extend_from_slice(&buffer[..n]),
        }
    }
    Some(Answer { status, head, body })
}

/// Writes, ignoring a server that already answered and closed.
pub fn send(stream: &mut impl Write, bytes: &[u8]) -> bool {
    stream.write_all(bytes).and_then(|()| stream.flush()).is_ok()
}

pub fn chunk(bytes: &[u8]) -> Vec<u8> {
    let mut framed = format!("{:x}\r\n", bytes.len()).into_bytes();
    framed.extend_from_slice(bytes);
    framed.extend_from_slice(b"\r\n");
    framed
}

/// The pid of the `serve` process using `data_dir`, from /proc.
pub fn server_pid(data_dir: &Path) -> u32 {
    let wanted = data_dir.as_os_str().as_encoded_bytes();
    for entry in std::fs::read_dir("/proc").expect("/proc") {
        let entry = entry.expect("/proc entry");
        let Some(pid) = entry.file_name().to_str().and_then(|name| name.parse::<u32>().ok()) else { continue };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else { continue };
        let args: Vec<&[u8]> = cmdline.split(|b| *b == 0).collect();
        if args.contains(&wanted) && args.contains(&b"serve".as_slice()) {
            return pid;
        }
    }
    panic!("no ksm-server serve process for {}", data_dir.display());
}

/// A field of /proc/PID/status, in kB for the memory ones.
pub fn proc_status(pid: u32, field: &str) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("process status");
    let line = status.lines().find(|line| line.starts_with(&format!("{field}:"))).expect("status field");
    line[field.len() + 1..].trim().to_string()
}

pub fn peak_rss_bytes(pid: u32) -> u64 {
    let kb: u64 = proc_status(pid, "VmHWM").trim_end_matches(" kB").trim().parse().expect("VmHWM in kB");
    kb * 1024
}

/// The server has not exited (an exited child we have not reaped yet is a zombie).
pub fn assert_alive(server: &TestServer, pid: u32) {
    let state = proc_status(pid, "State");
    assert!(!state.starts_with('Z'), "the server died: {state}\n{}", server.log());
    assert!(server.data_dir.join("serve.json").exists(), "serve.json is gone");
}
