//! The Keeper Secrets Manager wire protocol, without I/O.
//!
//! Everything here is shared by the `ksm` client and `ksm-server`. Because a mistake in this
//! crate would be symmetric (both sides wrong the same way), its tests pin the vectors of
//! PROTOCOL.md §13 and the recorded real-server exchange in `shared/vectors/fake_data.json`.

pub mod b64;
pub mod client_id;
pub mod config;
pub mod crypto;
pub mod duration;
pub mod envelope;
pub mod field_args;
pub mod mime;
pub mod notation;
pub mod password;
pub mod record;
pub mod record_builder;
pub mod record_crypto;
pub mod record_json;
pub mod record_types;
pub mod server_keys;
pub mod share;
pub mod token;
pub mod totp;
pub mod uid;
pub mod wire;

/// The client identifier and version we send (`clientVersion`, PROTOCOL.md §7.3): the
/// official Python SDK's, whose behaviour this implementation matches. Keeper's servers only
/// accept versions they know.
pub const DEFAULT_CLIENT_VERSION: &str = "mp17.3.0";
