//! Failure kinds and the `ksm` exit code of each (docs/exit-codes.md). Client errors are
//! `anyhow` errors carrying a [`ClientError`]; [`kind`] finds it in the chain, so context
//! added on the way up does not hide it. The last three kinds are the `ksm exec` command's.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags, arguments or input.
    Usage,
    /// A record, field, file, folder or profile that does not exist.
    NotFound,
    /// The token or device was refused: used, expired, revoked, unknown; or no credentials.
    Auth,
    /// The server could not be reached: DNS, connection, timeout.
    Network,
    /// The server's TLS certificate is not trusted: unknown issuer, or not the pinned one (a
    /// possible man-in-the-middle). Never answered from the offline cache.
    Tls,
    /// The server answered something unexpected.
    Server,
    /// The server kept throttling after every retry.
    Throttled,
    /// The profile store: keyring unreachable, key missing, corrupt profile.
    Storage,
    /// A write lost a race: the record changed since it was read.
    Conflict,
    /// `ksm exec` failed before starting the command (any of the kinds above).
    ExecFailed,
    /// `ksm exec`: the command exists but cannot be executed.
    CommandNotExecutable,
    /// `ksm exec`: the command was not found.
    CommandNotFound,
}

impl ErrorKind {
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::NotFound => 3,
            ErrorKind::Auth => 4,
            ErrorKind::Network => 5,
            ErrorKind::Server => 6,
            ErrorKind::Throttled => 7,
            ErrorKind::Storage => 8,
            ErrorKind::Conflict => 9,
            ErrorKind::Tls => 10,
            ErrorKind::ExecFailed => 125,
            ErrorKind::CommandNotExecutable => 126,
            ErrorKind::CommandNotFound => 127,
        }
    }
}

/// An error a user can cause or fix, with its kind.
#[derive(Debug)]
pub struct ClientError {
    pub kind: ErrorKind,
    pub message: String,
}

impl ClientError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ClientError {}

/// Shorthand: `Err(fail(ErrorKind::NotFound, "…"))?`.
pub fn fail(kind: ErrorKind, message: impl Into<String>) -> anyhow::Error {
    ClientError::new(kind, message).into()
}

/// Exit code for any error: the kind of the first classified cause, else 1.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    kind(error).map_or(1, ErrorKind::exit_code)
}

/// The kind of the first classified cause.
pub fn kind(error: &anyhow::Error) -> Option<ErrorKind> {
    error.chain().find_map(|cause| cause.downcast_ref::<ClientError>().map(|e| e.kind))
}
