//! Failure kinds and their exit codes (docs/exit-codes.md). Every error reaches the user as
//! one line on stderr; the kind decides the exit code.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags, arguments or input.
    Usage,
    /// A record, field, file, folder or profile that does not exist.
    NotFound,
    /// The token or device was refused: used, expired, revoked, unknown; or no credentials.
    Auth,
    /// The server could not be reached: DNS, connection, timeout, TLS.
    Network,
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
    /// Every kind, in the order of its exit code.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::Usage,
        ErrorKind::NotFound,
        ErrorKind::Auth,
        ErrorKind::Network,
        ErrorKind::Server,
        ErrorKind::Throttled,
        ErrorKind::Storage,
        ErrorKind::Conflict,
        ErrorKind::ExecFailed,
        ErrorKind::CommandNotExecutable,
        ErrorKind::CommandNotFound,
    ];

    /// What the exit code means, in a few words (man pages, docs/exit-codes.md).
    pub fn summary(self) -> &'static str {
        match self {
            ErrorKind::Usage => "usage: a bad flag, argument or input",
            ErrorKind::NotFound => "not found: no such record, field, file, folder or profile",
            ErrorKind::Auth => "authentication: the token or device was refused, or there are no credentials",
            ErrorKind::Network => "network: the server cannot be reached, or no usable cached data",
            ErrorKind::Server => "server: the server answered something unexpected",
            ErrorKind::Throttled => "throttled: the server still throttled after every retry",
            ErrorKind::Storage => "profile storage: keyring, key or profile file",
            ErrorKind::Conflict => "conflict: the record changed since it was read; nothing was written",
            ErrorKind::ExecFailed => "exec: ksm failed before starting the command",
            ErrorKind::CommandNotExecutable => "exec: the command cannot be executed",
            ErrorKind::CommandNotFound => "exec: the command was not found",
        }
    }

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
            ErrorKind::ExecFailed => 125,
            ErrorKind::CommandNotExecutable => 126,
            ErrorKind::CommandNotFound => 127,
        }
    }
}

/// An error a user can cause or fix, with its kind.
#[derive(Debug)]
pub struct CliError {
    pub kind: ErrorKind,
    pub message: String,
}

impl CliError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// Shorthand: `Err(fail(ErrorKind::NotFound, "…"))?`.
pub fn fail(kind: ErrorKind, message: impl Into<String>) -> anyhow::Error {
    CliError::new(kind, message).into()
}

/// Exit code for any error: the kind of the first classified cause, else 1.
pub fn exit_code(error: &anyhow::Error) -> u8 {
    kind(error).map_or(1, ErrorKind::exit_code)
}

/// The kind of the first classified cause.
pub fn kind(error: &anyhow::Error) -> Option<ErrorKind> {
    error.chain().find_map(|cause| {
        cause
            .downcast_ref::<CliError>()
            .map(|e| e.kind)
            .or_else(|| cause.downcast_ref::<crate::profile::ProfileError>().map(crate::profile::ProfileError::kind))
    })
}
