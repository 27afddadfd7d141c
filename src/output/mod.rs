//! What `secret get` and `secret list` print, shaped like the official Python CLI
//! (keeper-secrets-manager-cli 1.5.0, `secret.py`) so that scripts written against it keep
//! working: the same JSON bytes, the same `-f`/`-q` values, and tables laid out the same way.
//!
//! `testdata/official_outputs.json` holds what the official CLI prints for
//! `testdata/fixtures.json`; `testdata/regen.py` regenerates it.

mod field;
mod list;
mod mask;
mod pyjson;
mod query;
mod record_text;
mod record_view;
mod results;
mod table;
mod totp_view;

#[cfg(test)]
mod fixtures;

pub use field::field_value;
pub use list::{list_query, list_query_json, list_query_table, list_table, write_list_json};
pub use mask::is_secret_field_type;
pub use pyjson::dumps_indented;
pub use query::{get_json, query};
pub use record_text::record_text;
pub use record_view::{record_dict, ViewOptions};
pub use results::{delete_results, folder_listing, ListingItem};
pub use table::{terminal_max_width, Column, TextTable, Tint};
pub use totp_view::show_totp_codes;

/// Why a value could not be printed. Messages are one line and never contain a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutputError {
    #[error("no records found: cannot find field '{0}'")]
    NoRecords(String),
    /// `hint` is empty or ` (did you mean …?)`.
    #[error("no field '{field}' in record '{title}'{hint}")]
    FieldNotFound { field: String, title: String, hint: String },
    #[error("JSONPath failed: {0}")]
    JsonPath(String),
}

/// Keeps an error message on one line whatever a title or query contains.
fn one_line(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}
