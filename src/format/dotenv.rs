//! `.env` files for `ksm exec --env-file` and `ksm export --env-file`: reading them, and
//! quoting a value so that reading it back gives exactly the same string.
//!
//! Format: `NAME=VALUE` lines with an optional `export ` prefix; blank lines and lines starting
//! with `#` are ignored. A value is
//! * unquoted: the rest of the line, cut at a `#` that follows a space or tab, then trimmed;
//! * single-quoted: literal up to the next `'`, newlines included;
//! * double-quoted: up to the next unescaped `"`, newlines included, with the escapes `\\`
//!   `\"` `\n` `\r` `\t` `\$`; any other backslash is kept as it is.
//!
//! After a closing quote only blanks and a `#` comment may follow. Nothing is expanded. A name
//! given twice keeps its first position and its last value, as sourcing the file would.

/// Spaces and tabs, the only blanks around names, `=` and values.
const BLANK: [char; 2] = [' ', '\t'];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DotenvError {
    #[error("line {line}: expected NAME=VALUE")]
    NotAnAssignment { line: usize },
    #[error("line {line}: invalid variable name (must match [A-Za-z_][A-Za-z0-9_]*)")]
    InvalidName { line: usize },
    #[error("line {line}: {kind}-quoted value has no closing quote")]
    Unterminated { line: usize, kind: &'static str },
    #[error("line {line}: unexpected text after the closing quote")]
    TextAfterQuote { line: usize },
}

/// `[A-Za-z_][A-Za-z0-9_]*`: a name every shell and `exec` can carry.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `value` double-quoted so that [`parse_env_file`] reads it back unchanged, and so that a
/// `$` cannot be expanded by dotenv readers that honour `\$`.
pub fn quote_value(value: &str) -> String {
    // Single quotes are literal for every dotenv parser and for `source`: nothing is expanded
    // or unescaped. Only a value that cannot be single-quoted needs escapes.
    if !value.contains(['\'', '\n', '\r']) {
        return format!("'{value}'");
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        match c {
            '\\' => quoted.push_str("\\\\"),
            '"' => quoted.push_str("\\\""),
            '\n' => quoted.push_str("\\n"),
            '\r' => quoted.push_str("\\r"),
            '\t' => quoted.push_str("\\t"),
            '$' => quoted.push_str("\\$"),
            _ => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Reads and parses an env file named on the command line; errors name the file.
pub fn read_env_file(path: &std::path::Path) -> anyhow::Result<Vec<(String, String)>> {
    use ksm_client::error::{fail, ErrorKind};
    let text = std::fs::read_to_string(path)
        .map_err(|e| fail(ErrorKind::Usage, format!("cannot read env file {}: {e}", path.display())))?;
    parse_env_file(&text).map_err(|e| fail(ErrorKind::Usage, format!("env file {}: {e}", path.display())))
}

/// The variables of a `.env` file, in order of first appearance.
pub fn parse_env_file(text: &str) -> Result<Vec<(String, String)>, DotenvError> {
    let mut vars: Vec<(String, String)> = Vec::new();
    let mut rest = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut line = 1;
    while !rest.is_empty() {
        let statement = statement(rest, line)?;
        if let Some((name, value)) = statement.var {
            match vars.iter_mut().find(|(known, _)| *known == name) {
                Some(entry) => entry.1 = value,
                None => vars.push((name, value)),
            }
        }
        rest = &rest[statement.consumed..];
        line += statement.lines;
    }
    Ok(vars)
}

/// One assignment, blank line or comment line.
struct Statement {
    /// `None` for a blank or comment line.
    var: Option<(String, String)>,
    /// Bytes read, through the final newline.
    consumed: usize,
    /// Lines read: more than one when a quoted value spans lines.
    lines: usize,
}

/// Reads the statement at the start of `text`, which begins line `line`.
fn statement(text: &str, line: usize) -> Result<Statement, DotenvError> {
    let first_line = text.split('\n').next().unwrap_or_default();
    let start = first_line.trim_start_matches(BLANK);
    if start.trim_end_matches(['\r', ' ', '\t']).is_empty() || start.starts_with('#') {
        let consumed = (first_line.len() + 1).min(text.len());
        return Ok(Statement { var: None, consumed, lines: 1 });
    }
    let start = strip_export(start);
    let (name, after_equals) = start.split_once('=').ok_or(DotenvError::NotAnAssignment { line })?;
    let name = name.trim_end_matches(BLANK);
    if !is_env_name(name) {
        return Err(DotenvError::InvalidName { line });
    }
    let value_text = after_equals.trim_start_matches(BLANK);
    let value_offset = first_line.len() - value_text.len();
    let (value, value_len) = match value_text.chars().next() {
        Some('\'') => single_quoted(&text[value_offset..], line)?,
        Some('"') => double_quoted(&text[value_offset..], line)?,
        _ => (unquoted(value_text), value_text.len()),
    };
    let value_end = value_offset + value_len;
    let lines = 1 + text[..value_end].matches('\n').count();
    let line_end = text[value_end..].find('\n').map_or(text.len(), |end| value_end + end);
    let tail = text[value_end..line_end].trim_start_matches(BLANK);
    if !(tail.is_empty() || tail == "\r" || tail.starts_with('#')) {
        return Err(DotenvError::TextAfterQuote { line: line + lines - 1 });
    }
    let consumed = (line_end + 1).min(text.len());
    Ok(Statement { var: Some((name.to_string(), value)), consumed, lines })
}

/// `export NAME=…` → `NAME=…`; a variable named `export` stays as it is.
fn strip_export(statement: &str) -> &str {
    match statement.strip_prefix("export") {
        Some(after) if after.starts_with(BLANK) => after.trim_start_matches(BLANK),
        _ => statement,
    }
}

fn unquoted(value: &str) -> String {
    let mut end = value.len();
    let mut previous = None;
    for (index, c) in value.char_indices() {
        if c == '#' && previous.is_some_and(|p| BLANK.contains(&p)) {
            end = index;
            break;
        }
        previous = Some(c);
    }
    value[..end].trim_matches(['\r', ' ', '\t']).to_string()
}

/// `text` starts with `'`. Returns the value and the bytes through the closing quote.
fn single_quoted(text: &str, line: usize) -> Result<(String, usize), DotenvError> {
    let body = &text[1..];
    let close = body.find('\'').ok_or(DotenvError::Unterminated { line, kind: "single" })?;
    Ok((body[..close].to_string(), close + 2))
}

/// `text` starts with `"`. Returns the unescaped value and the bytes through the closing quote.
fn double_quoted(text: &str, line: usize) -> Result<(String, usize), DotenvError> {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1);
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => return Ok((value, index + 1)),
            '\\' => match chars.next() {
                Some((_, escaped @ ('\\' | '"' | '$'))) => value.push(escaped),
                Some((_, 'n')) => value.push('\n'),
                Some((_, 'r')) => value.push('\r'),
                Some((_, 't')) => value.push('\t'),
                Some((_, other)) => {
                    value.push('\\');
                    value.push(other);
                }
                None => break,
            },
            _ => value.push(c),
        }
    }
    Err(DotenvError::Unterminated { line, kind: "double" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> Vec<(String, String)> {
        parse_env_file(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn env_names() {
        for name in ["A", "_", "_1", "abc_DEF_123", "export"] {
            assert!(is_env_name(name), "{name}");
        }
        for name in ["", "1A", "A-B", "A B", "Ü", "A.B", "A=", "$A"] {
            assert!(!is_env_name(name), "{name}");
        }
    }

    #[test]
    fn plain_lines_comments_blanks_and_export() {
        let text =
            "# comment\n\nA=1\n  export B=two words  \nexport\tC = x\n\t# indented comment\nexport=kept\nD=\nE=   \r\n";
        assert_eq!(
            parse(text),
            vars(&[("A", "1"), ("B", "two words"), ("C", "x"), ("export", "kept"), ("D", ""), ("E", "")])
        );
    }

    #[test]
    fn unquoted_values_lose_inline_comments_only_after_a_blank() {
        let text =
            "A=value # comment\nB=pa#ss\nC=a\t#c\nD=#not a comment\nE=x=y=z\nF=it's \"fine\"\r\nG=http://h/#frag";
        assert_eq!(
            parse(text),
            vars(&[
                ("A", "value"),
                ("B", "pa#ss"),
                ("C", "a"),
                ("D", "#not a comment"),
                ("E", "x=y=z"),
                ("F", "it's \"fine\""),
                ("G", "http://h/#frag")
            ])
        );
    }

    #[test]
    fn single_quotes_are_literal_and_may_span_lines() {
        let text = "A='  $HOME \\n \"x\" # y  '\nB='line 1\nline 2'  # comment\nC=''\nD='a\\'";
        assert_eq!(
            parse(text),
            vars(&[("A", "  $HOME \\n \"x\" # y  "), ("B", "line 1\nline 2"), ("C", ""), ("D", "a\\")])
        );
    }

    #[test]
    fn double_quotes_take_escapes_and_may_span_lines() {
        let text = "A=\"a\\\\b\\\"c\\nd\\re\\tf\\$g\"\nB=\"multi\nline # not a comment\"\nC=\"\\x \\' \\u00e9 \\\\\"\nD=\"\" # empty\n";
        assert_eq!(
            parse(text),
            vars(&[
                ("A", "a\\b\"c\nd\re\tf$g"),
                ("B", "multi\nline # not a comment"),
                ("C", "\\x \\' \\u00e9 \\"),
                ("D", "")
            ])
        );
    }

    #[test]
    fn a_repeated_name_keeps_its_first_place_and_last_value() {
        assert_eq!(parse("A=1\nB=2\nA=3\n"), vars(&[("A", "3"), ("B", "2")]));
    }

    #[test]
    fn byte_order_mark_and_empty_input() {
        assert_eq!(parse("\u{FEFF}A=1"), vars(&[("A", "1")]));
        assert_eq!(parse(""), vars(&[]));
        assert_eq!(parse("\n\n# only comments\n"), vars(&[]));
    }

    #[test]
    fn errors_name_the_line_and_never_the_value() {
        let cases: [(&str, DotenvError); 9] = [
            ("A=1\nsecretvalue\n", DotenvError::NotAnAssignment { line: 2 }),
            ("A=1\n\nexport FOO\n", DotenvError::NotAnAssignment { line: 3 }),
            ("1A=x", DotenvError::InvalidName { line: 1 }),
            ("A-B=x", DotenvError::InvalidName { line: 1 }),
            ("=x", DotenvError::InvalidName { line: 1 }),
            ("A=1\nB='never closed\nC=3\n", DotenvError::Unterminated { line: 2, kind: "single" }),
            ("A=\"never closed\\\"\n", DotenvError::Unterminated { line: 1, kind: "double" }),
            ("A='a'b", DotenvError::TextAfterQuote { line: 1 }),
            ("A=\"x\ny\" z\n", DotenvError::TextAfterQuote { line: 2 }),
        ];
        for (text, expected) in cases {
            let error = parse_env_file(text).unwrap_err();
            assert_eq!(error, expected, "{text:?}");
            let message = error.to_string();
            assert!(message.starts_with("line ") && !message.contains('\n'), "{message}");
            assert!(!message.contains("secret") && !message.contains("never"), "{message}");
        }
        assert_eq!(
            DotenvError::Unterminated { line: 4, kind: "single" }.to_string(),
            "line 4: single-quoted value has no closing quote"
        );
    }

    #[test]
    fn quoting_is_literal_single_quotes_unless_the_value_needs_escapes() {
        assert_eq!(quote_value(""), "''");
        assert_eq!(quote_value("p@ss $HOME `id` \\ \" #x"), "'p@ss $HOME `id` \\ \" #x'");
        assert_eq!(quote_value("a\\b\"c\nd\re\tf$g h#'"), "\"a\\\\b\\\"c\\nd\\re\\tf\\$g h#'\"");
    }

    #[test]
    fn nasty_values_read_back_unchanged() {
        let nasty = [
            "",
            " ",
            "  leading and trailing  ",
            "new\nline",
            "\r\n",
            "'",
            "\"",
            "\\",
            "\\\"",
            "ends with backslash\\",
            "$HOME ${HOME} $(rm -rf x) `x`",
            "a # b",
            "#",
            "=",
            "k=v",
            "日本語 é \u{2028} \u{85}",
            "\u{1}\u{1f}\u{7f}",
            "\\n literal",
        ];
        let text: String = nasty.iter().enumerate().map(|(i, v)| format!("V{i}={}\n", quote_value(v))).collect();
        let expected: Vec<(String, String)> =
            nasty.iter().enumerate().map(|(i, v)| (format!("V{i}"), v.to_string())).collect();
        assert_eq!(parse(&text), expected);
    }

    proptest! {
        #[test]
        fn any_input_parses_or_fails_without_panicking(text in "([A-Z_]{1,3}|[ =#'\"\\\\\n\r\t$]|export |.){0,40}") {
            let _ = parse_env_file(&text);
        }

        #[test]
        fn exported_dotenv_reads_back_as_the_identity(
            vars in proptest::collection::vec(("[A-Za-z_][A-Za-z0-9_]{0,8}", "[^\\x00]*"), 0..8)
        ) {
            let mut unique: Vec<(String, String)> = Vec::new();
            for (name, value) in vars {
                if !unique.iter().any(|(known, _)| *known == name) {
                    unique.push((name, value));
                }
            }
            let rendered = crate::format::export::render(crate::format::export::ExportFormat::Dotenv, &unique).unwrap();
            prop_assert_eq!(parse_env_file(&rendered).unwrap(), unique);
        }
    }
}
