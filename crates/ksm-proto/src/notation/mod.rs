//! Keeper notation (PROTOCOL.md §11): `keeper://<record>/<selector>` strings that point at a
//! value inside a record, a record's metadata, or an attached file.
//!
//! Parsing ([`Notation::parse`]) and resolution over records already in memory
//! ([`Notation::resolve`]) are pure; fetching the records and downloading a selected file is
//! the caller's job.

mod json_style;
mod parse;
mod resolve;

pub use json_style::python_json_dumps;
pub use resolve::{find_record, value_text, NotationFile, NotationRecord, NotationValue};

/// A parsed notation. The record part and every parameter are stored unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notation {
    /// A record UID or an exact record title. May be empty (the parser allows it).
    pub record: String,
    pub selector: Selector,
}

/// What the notation selects inside the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// `type`: the record type.
    Type,
    /// `title`: the record title.
    Title,
    /// `notes`: the record notes, or nothing when there are none.
    Notes,
    /// `field/<name>[index][property]` or `custom_field/<name>[index][property]`.
    Field {
        kind: FieldKind,
        /// Matched against each field's type and label.
        name: String,
        /// `None` for all values (`[]` or no index); `Some(n)` for the n-th value. An index
        /// too large for `usize` saturates, so it resolves to "index out of bounds".
        index: Option<usize>,
        /// `None` for whole values (`[]` or no second index); `Some(p)` for property `p` of
        /// object values.
        property: Option<String>,
        /// Written as `[]` (without a property): the values form a list even when there is
        /// only one, as the official CLI prints them.
        as_list: bool,
    },
    /// `file/<name>`: an attached file, by name, title or file UID.
    File { name: String },
}

/// Which list of a record's fields a [`Selector::Field`] searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// `field`: the record's standard `fields`.
    Standard,
    /// `custom_field`: the record's `custom` fields.
    Custom,
}

impl std::fmt::Display for FieldKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            FieldKind::Standard => "field",
            FieldKind::Custom => "custom field",
        })
    }
}

/// Why a notation could not be parsed or resolved. Messages name what was wrong or missing
/// and never include a field value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotationError {
    #[error("the Keeper notation is empty")]
    Empty,
    #[error("invalid Keeper notation: expected keeper://<record>/<selector> or URL-safe base64 of it")]
    InvalidBase64,
    #[error("invalid Keeper notation: missing '/<selector>' after the record")]
    MissingSelector,
    #[error(
        "invalid Keeper notation: unknown selector '{0}' (expected type, title, notes, field, custom_field or file)"
    )]
    UnknownSelector(String),
    #[error("invalid Keeper notation: selector '{0}' needs a parameter, e.g. '{0}/<name>'")]
    MissingParameter(String),
    #[error("invalid Keeper notation: invalid escape '\\{0}' (only \\/ \\[ \\] and \\\\ are allowed)")]
    InvalidEscape(char),
    #[error("invalid Keeper notation: trailing '\\' with nothing to escape")]
    TrailingBackslash,
    #[error("invalid Keeper notation: index section is missing its closing ']'")]
    UnterminatedIndex,
    #[error("invalid Keeper notation: index section contains an unescaped '['")]
    NestedBracket,
    #[error("invalid Keeper notation: invalid index '[{0}]': the first index must be [] or [N]; select a property with [][name]")]
    InvalidIndex(String),
    #[error("invalid Keeper notation: the file selector takes no indexes")]
    FileIndex,
    #[error("invalid Keeper notation: extra characters after last section: '{0}'")]
    ExtraCharacters(String),
    #[error("multiple records match '{0}'")]
    MultipleRecords(String),
    #[error("no records match '{0}'")]
    NoRecords(String),
    #[error("multiple {kind}s matching '{name}'")]
    MultipleFields { kind: FieldKind, name: String },
    #[error("no {kind} matching '{name}'")]
    NoField { kind: FieldKind, name: String },
    #[error("index out of bounds: {kind} '{name}' has {count} value(s), no value at index {index}")]
    IndexOutOfBounds { kind: FieldKind, name: String, index: usize, count: usize },
    #[error("no value of {kind} '{name}' has the property '{property}'")]
    PropertyNotFound { kind: FieldKind, name: String, property: String },
    #[error("record '{0}' has no files")]
    NoFiles(String),
    #[error("multiple files match '{0}'")]
    MultipleFiles(String),
    #[error("no file matches '{0}'")]
    NoFile(String),
}

/// Escapes a title, label, file name or property so it can be placed in a notation:
/// `\` → `\\`, `/` → `\/`, `[` → `\[`, `]` → `\]`. The result is valid in every section.
pub fn escape_component(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '/' | '[' | ']') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}
