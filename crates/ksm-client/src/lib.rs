//! A Keeper Secrets Manager client without a command line: a [`session::Session`] built from a
//! `ClientConfig` and a [`tls::TlsTrust`] binds the device, reads the vault ([`vault`],
//! [`folder_tree`]), resolves notations ([`resolve`]), writes ([`writes`]) and can answer reads
//! from the encrypted offline cache ([`cache`]). Where the configuration is stored is the
//! caller's business (the `ksm` binary keeps it in its profile store).

pub mod cache;
pub mod error;
pub mod folder_tree;
pub mod resolve;
pub mod session;
pub mod tls;
pub mod transport;
pub mod vault;
pub mod writes;

/// Where the client reports what a user should hear that is not a failure: a server warning,
/// a throttling wait, an answer from the offline cache. One line each, without a prefix. The
/// `ksm` binary prints them on stderr; an embedding program may log or drop them.
pub type Notices = std::sync::Arc<dyn Fn(&str) + Send + Sync>;
