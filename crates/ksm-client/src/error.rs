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
    /// Every kind, in the order of its exit code.
    pub const ALL: [ErrorKind; 12] = [
        ErrorKind::Usage,
        ErrorKind::NotFound,
        ErrorKind::Auth,
        ErrorKind::Network,
        ErrorKind::Server,
        ErrorKind::Throttled,
        ErrorKind::Storage,
        ErrorKind::Conflict,
        ErrorKind::Tls,
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
            ErrorKind::Tls => "TLS: the server's certificate is not trusted (unknown issuer, or not the pinned one)",
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

/// The server's words for what the user does with a flag or a command, and those.
const SERVER_WORDS: [(&str, &str); 2] = [
    ("set forceDeletion", "use --force"),
    ("finalize or roll it back", "run `ksm secret finalize -u UID` or `ksm secret rollback -u UID`"),
];

/// A server's message in the words of ksm's command line (its wire fields become flags).
pub fn in_cli_words(server_message: &str) -> String {
    SERVER_WORDS.iter().fold(server_message.to_string(), |text, (wire, cli)| text.replace(wire, cli))
}

/// The names in `candidates` that `name` is probably a typo of, closest first (at most three).
fn close_names<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted = name.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter(|candidate| *candidate != name)
        .map(|candidate| (strsim::levenshtein(&wanted, &candidate.to_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= (candidate.chars().count() / 3).max(1))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, candidate)| candidate).collect()
}

/// ` (did you mean a, b?)`, or nothing when no name is close.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let close = close_names(name, candidates);
    if close.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", close.join(", "))
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_suggest_the_close_names() {
        let names = ["password", "login", "url", "oneTimeCode", "Password Hint"];
        assert_eq!(close_names("pasword", names), ["password"]);
        assert_eq!(close_names("PASSWORD", names), ["password"], "case is one of the typos");
        assert_eq!(close_names("onetimecod", names), ["oneTimeCode"]);
        assert!(close_names("zzz", names).is_empty());
        assert_eq!(did_you_mean("logn", names), " (did you mean login?)");
        assert_eq!(did_you_mean("nothing-like-it", names), "");
    }

    #[test]
    fn server_words_become_flags() {
        assert_eq!(
            in_cli_words("folder X is not empty; set forceDeletion to delete it with its contents"),
            "folder X is not empty; use --force to delete it with its contents"
        );
        assert!(in_cli_words("record R has an open rotation transaction; finalize or roll it back first")
            .contains("ksm secret finalize -u UID"));
    }
}
