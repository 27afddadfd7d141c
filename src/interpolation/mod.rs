//! The `ksm interpolate` engine: finds `keeper://` placeholders in a text template and renders
//! the text with their values, leaving every other byte as it was.
//!
//! Two placeholder forms:
//! * bare, exactly as the official CLI 1.5.0 matches it:
//!   `keeper://UID/TYPE/FIELD[:-default][|transform]`, stopping at whitespace, quotes, `#`, `@`;
//! * braced, `${keeper://NOTATION[:-default][|transform]}`, where NOTATION may hold anything
//!   but `}` (titles with spaces, `[0][number]` indexes).
//!
//! Lines whose first non-blank character is `#` are comments and never substituted.

#[cfg(test)]
mod fuzz;
mod py_space;
mod render;
mod scan;
mod shell;
mod transform;

pub use render::{render, RenderOptions, ShellCheck};
pub use scan::{find_placeholders, Placeholder};
