//! Finding the placeholders in a template, with where they are and what they ask for.

use super::py_space::{is_py_space, PY_SPACE_CLASS};
use super::transform::Transform;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// One `keeper://` reference in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    /// 1-based line number.
    pub line: usize,
    /// Byte range of the whole placeholder in the text (with `${`…`}` for the braced form).
    pub span: Range<usize>,
    /// `keeper://…` as written, without the default and the transform.
    pub notation: String,
    /// The text after `:-`, used when the notation does not resolve.
    pub default: Option<String>,
    pub transform: Option<Transform>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("line {line}: unknown transform '{name}' (available: {})", Transform::names())]
    UnknownTransform { line: usize, name: String },
    #[error("line {line}: '${{keeper://' has no closing '}}' on the same line")]
    Unterminated { line: usize },
}

const BRACED_START: &str = "${keeper://";
const BRACED_END: char = '}';

/// The official `KEEPER_NOTATION_PATTERN`, with Python's `\s` spelled out so that both engines
/// stop at the same characters. Groups: record, type, field, default, transform.
static BARE_NOTATION: LazyLock<Regex> = LazyLock::new(|| {
    let s = PY_SPACE_CLASS;
    Regex::new(&format!(r#"keeper://([^{s}/]+)/([^{s}/]+)/([^"'#:|@{s}]+)(?::-([^|"'#@{s}]+))?(?:\|([^"'#@{s}]+))?"#))
        .expect("the bare notation pattern is valid")
});

/// Every placeholder in `text`, in order. Lines are split at `\n` only, as the official CLI
/// does; a `\r` before it is a stop character like any other whitespace.
pub fn find_placeholders(text: &str) -> Result<Vec<Placeholder>, TemplateError> {
    let mut found = Vec::new();
    let mut line_start = 0;
    for (index, line) in text.split('\n').enumerate() {
        if !is_comment(line) {
            scan_line(line, line_start, index + 1, &mut found)?;
        }
        line_start += line.len() + 1;
    }
    Ok(found)
}

fn is_comment(line: &str) -> bool {
    line.trim_start_matches(is_py_space).starts_with('#')
}

/// Braced placeholders take precedence; the bare pattern runs only on the text between them.
fn scan_line(line: &str, offset: usize, line_number: usize, found: &mut Vec<Placeholder>) -> Result<(), TemplateError> {
    let mut rest = 0;
    while let Some(relative) = line[rest..].find(BRACED_START) {
        let open = rest + relative;
        scan_bare(&line[rest..open], offset + rest, line_number, found)?;
        let body_start = open + "${".len();
        let close = line[body_start..]
            .find(BRACED_END)
            .map(|relative| body_start + relative)
            .ok_or(TemplateError::Unterminated { line: line_number })?;
        found.push(braced(&line[body_start..close], offset + open..offset + close + 1, line_number));
        rest = close + 1;
    }
    scan_bare(&line[rest..], offset + rest, line_number, found)
}

fn scan_bare(
    segment: &str,
    offset: usize,
    line_number: usize,
    found: &mut Vec<Placeholder>,
) -> Result<(), TemplateError> {
    for captures in BARE_NOTATION.captures_iter(segment) {
        let (Some(whole), Some(record), Some(kind), Some(field)) =
            (captures.get(0), captures.get(1), captures.get(2), captures.get(3))
        else {
            continue;
        };
        let transform = match captures.get(5) {
            None => None,
            Some(name) => Some(Transform::from_name(name.as_str()).ok_or_else(|| TemplateError::UnknownTransform {
                line: line_number,
                name: name.as_str().to_string(),
            })?),
        };
        found.push(Placeholder {
            line: line_number,
            span: offset + whole.start()..offset + whole.end(),
            notation: format!("keeper://{}/{}/{}", record.as_str(), kind.as_str(), field.as_str()),
            default: captures.get(4).map(|d| d.as_str().to_string()),
            transform,
        });
    }
    Ok(())
}

/// `body` is what lies between `${` and `}`: the transform follows the last `|` only when it
/// names one (a title may hold `|`); the default follows the first `:-`.
fn braced(body: &str, span: Range<usize>, line_number: usize) -> Placeholder {
    let (rest, transform) = match body.rsplit_once('|') {
        Some((head, name)) => match Transform::from_name(name) {
            Some(transform) => (head, Some(transform)),
            None => (body, None),
        },
        None => (body, None),
    };
    let (notation, default) = match rest.split_once(":-") {
        Some((notation, default)) => (notation, Some(default.to_string())),
        None => (rest, None),
    };
    Placeholder { line: line_number, span, notation: notation.to_string(), default, transform }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Placeholder {
        let found = find_placeholders(text).unwrap();
        assert_eq!(found.len(), 1, "{text:?}: {found:?}");
        found.into_iter().next().unwrap()
    }

    /// (notation, default, transform, matched text) of every placeholder.
    fn parts(text: &str) -> Vec<(String, Option<String>, Option<Transform>, String)> {
        find_placeholders(text)
            .unwrap()
            .into_iter()
            .map(|p| (p.notation, p.default, p.transform, text[p.span].to_string()))
            .collect()
    }

    fn p(
        notation: &str,
        default: Option<&str>,
        transform: Option<Transform>,
        matched: &str,
    ) -> (String, Option<String>, Option<Transform>, String) {
        (notation.to_string(), default.map(str::to_string), transform, matched.to_string())
    }

    #[test]
    fn bare_form_with_default_and_transform() {
        let text = "A=keeper://UID/field/password\nB=keeper://UID/field/host:-localhost\nC=keeper://UID/field/key|base64\nD=keeper://UID/field/port:-5432|sha256\n";
        assert_eq!(
            parts(text),
            [
                p("keeper://UID/field/password", None, None, "keeper://UID/field/password"),
                p("keeper://UID/field/host", Some("localhost"), None, "keeper://UID/field/host:-localhost"),
                p("keeper://UID/field/key", None, Some(Transform::Base64), "keeper://UID/field/key|base64"),
                p(
                    "keeper://UID/field/port",
                    Some("5432"),
                    Some(Transform::Sha256),
                    "keeper://UID/field/port:-5432|sha256"
                ),
            ]
        );
        let lines: Vec<usize> = find_placeholders(text).unwrap().iter().map(|p| p.line).collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    // Each case was run through the official KEEPER_NOTATION_PATTERN with Python's re.finditer.
    #[test]
    fn bare_form_stops_where_the_official_pattern_stops() {
        assert_eq!(parts("x keeper://U/field/pw y"), [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]);
        assert_eq!(
            parts(r#"url="postgres://u:keeper://U/field/pw@host/db""#),
            [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]
        );
        assert_eq!(parts("keeper://U/field/pw#c"), [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]);
        assert_eq!(parts("keeper://U/field/pw:8080"), [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]);
        assert_eq!(parts("keeper://U/field/pw:-"), [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]);
        assert_eq!(
            parts("keeper://U/field/pw:-a:b/c"),
            [p("keeper://U/field/pw", Some("a:b/c"), None, "keeper://U/field/pw:-a:b/c")]
        );
        assert_eq!(parts("keeper://U/field/pw|"), [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]);
        assert_eq!(parts("keeper://U/field/a/b"), [p("keeper://U/field/a/b", None, None, "keeper://U/field/a/b")]);
        assert_eq!(
            parts("keeper://U/field/name[0]\r"),
            [p("keeper://U/field/name[0]", None, None, "keeper://U/field/name[0]")]
        );
        // U+001C is whitespace to Python, not to Rust's `\s`.
        assert_eq!(parts("keeper://U/field/pw\u{1c}x"), [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]);
        assert_eq!(parts("keeper://U/field/pw\u{a0}x"), [p("keeper://U/field/pw", None, None, "keeper://U/field/pw")]);
        assert_eq!(parts("keeper://U/title"), []);
        assert_eq!(parts("keeper://U/field/"), []);
        assert_eq!(parts("Keeper://U/field/pw"), []);
        assert_eq!(
            parts("a=keeper://U/field/x b=keeper://V/custom_field/y:-1|upper"),
            [
                p("keeper://U/field/x", None, None, "keeper://U/field/x"),
                p("keeper://V/custom_field/y", Some("1"), Some(Transform::Upper), "keeper://V/custom_field/y:-1|upper"),
            ]
        );
    }

    #[test]
    fn bare_form_with_unknown_transform_is_an_error_naming_the_line() {
        let error = find_placeholders("ok\n\nX=keeper://U/field/pw|sha265\n").unwrap_err();
        assert_eq!(error, TemplateError::UnknownTransform { line: 3, name: "sha265".into() });
        assert_eq!(
            error.to_string(),
            "line 3: unknown transform 'sha265' (available: base64, base64url, urlencode, urlencodeplus, upper, lower, trim, sha256, md5)"
        );
    }

    #[test]
    fn braced_form_allows_spaces_indexes_and_any_character_but_the_closing_brace() {
        assert_eq!(
            parts("DB=${keeper://My DB Server/field/host}:5432"),
            [p("keeper://My DB Server/field/host", None, None, "${keeper://My DB Server/field/host}")]
        );
        assert_eq!(
            parts("PHONE=\"${keeper://Contact #1/field/phone[0][number]}\""),
            [p(
                "keeper://Contact #1/field/phone[0][number]",
                None,
                None,
                "${keeper://Contact #1/field/phone[0][number]}"
            )]
        );
        assert_eq!(
            parts("${keeper://U/custom_field/a@b 'c' \"d\" \\/e}"),
            [p(
                "keeper://U/custom_field/a@b 'c' \"d\" \\/e",
                None,
                None,
                "${keeper://U/custom_field/a@b 'c' \"d\" \\/e}"
            )]
        );
    }

    #[test]
    fn braced_form_default_after_first_marker_and_transform_after_last_bar_when_known() {
        let cases: [(&str, &str, Option<&str>, Option<Transform>); 8] = [
            ("${keeper://U/field/host:-local host}", "keeper://U/field/host", Some("local host"), None),
            ("${keeper://U/field/x:-a:-b}", "keeper://U/field/x", Some("a:-b"), None),
            ("${keeper://U/field/x:-}", "keeper://U/field/x", Some(""), None),
            ("${keeper://U/field/x|lower}", "keeper://U/field/x", None, Some(Transform::Lower)),
            ("${keeper://U/field/x:-D|trim}", "keeper://U/field/x", Some("D"), Some(Transform::Trim)),
            ("${keeper://A|B/field/x|md5}", "keeper://A|B/field/x", None, Some(Transform::Md5)),
            ("${keeper://A|B/field/x}", "keeper://A|B/field/x", None, None),
            ("${keeper://U/field/x:-a|notatransform}", "keeper://U/field/x", Some("a|notatransform"), None),
        ];
        for (text, notation, default, transform) in cases {
            let found = one(text);
            assert_eq!(
                (found.notation.as_str(), found.default.as_deref(), found.transform, found.span),
                (notation, default, transform, 0..text.len()),
                "{text}"
            );
        }
    }

    #[test]
    fn braced_and_bare_forms_mix_on_one_line_with_exact_spans() {
        let text = "é ${keeper://T T/field/a} keeper://U/field/b ${keeper://V/field/c}!";
        let found = find_placeholders(text).unwrap();
        let matched: Vec<&str> = found.iter().map(|p| &text[p.span.clone()]).collect();
        assert_eq!(matched, ["${keeper://T T/field/a}", "keeper://U/field/b", "${keeper://V/field/c}"]);
        // The bare pattern never reads into a braced placeholder.
        let found = find_placeholders("keeper://U/field/a${keeper://V/field/b}").unwrap();
        let notations: Vec<&str> = found.iter().map(|p| p.notation.as_str()).collect();
        assert_eq!(notations, ["keeper://U/field/a", "keeper://V/field/b"]);
    }

    #[test]
    fn unterminated_braced_placeholder_is_an_error_naming_the_line() {
        let error = find_placeholders("A=1\nB=${keeper://U/field/x\n}\n").unwrap_err();
        assert_eq!(error, TemplateError::Unterminated { line: 2 });
        assert_eq!(error.to_string(), "line 2: '${keeper://' has no closing '}' on the same line");
    }

    #[test]
    fn comment_lines_are_skipped_entirely() {
        let text = "# keeper://U/field/a\n  \t# ${keeper://U/field/b\n\u{3000}#keeper://U/field/c|nope\nX=keeper://U/field/d # keeper://U/field/e\n";
        let found = find_placeholders(text).unwrap();
        let seen: Vec<(usize, &str)> = found.iter().map(|p| (p.line, p.notation.as_str())).collect();
        assert_eq!(seen, [(4, "keeper://U/field/d"), (4, "keeper://U/field/e")]);
    }

    #[test]
    fn spans_count_bytes_across_crlf_lines() {
        let text = "a\r\nb=keeper://U/field/x\r\nc=${keeper://U/field/y}\r\n";
        let found = find_placeholders(text).unwrap();
        let seen: Vec<(usize, &str)> = found.iter().map(|p| (p.line, &text[p.span.clone()])).collect();
        assert_eq!(seen, [(2, "keeper://U/field/x"), (3, "${keeper://U/field/y}")]);
    }

    #[test]
    fn text_without_placeholders_finds_nothing() {
        for text in ["", "\n", "plain", "keeper:/U/field/x", "${keeper:/x}", "$keeper://", "}}}{{{"] {
            assert_eq!(find_placeholders(text).unwrap(), [], "{text:?}");
        }
    }
}
