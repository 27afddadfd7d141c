//! One-time share (docs/share.md): HPKE for requests, padding, confirmation codes, links.

pub mod code;
pub mod hpke;
pub mod link;
pub mod padding;
