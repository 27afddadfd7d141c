//! Substituting values for placeholders: defaults, transforms and the shell-safety check.

use super::scan::Placeholder;
use super::shell::shell_metacharacters;
use std::fmt;

/// A rendered template, with what the caller should warn about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    /// Values with shell metacharacters let through by `allow_unsafe_for_eval`.
    pub unsafe_values: Vec<UnsafeValue>,
    /// Indexes (into the placeholders given) of those that fell back to their default.
    pub defaults_used: Vec<usize>,
    /// With [`RenderOptions::keep_going`]: the placeholders left as written, and why.
    pub kept: Vec<RenderError>,
}

/// How values are checked and what a failing placeholder does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    pub shell_check: ShellCheck,
    /// Leave a failing placeholder as written (reported in [`Rendered::kept`]) instead of
    /// failing the whole text.
    pub keep_going: bool,
}

/// Whether values with shell metacharacters are a problem: only where the output is likely to
/// be evaluated by a shell (stdout, for `eval "$(…)"`), not in a file written for a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShellCheck {
    /// An error.
    Refuse,
    /// Let through and listed in [`Rendered::unsafe_values`].
    Warn,
    /// Not looked for.
    Skip,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsafeValue {
    pub line: usize,
    pub notation: String,
    /// As [`shell_metacharacters`] names them.
    pub characters: Vec<&'static str>,
    /// The value came from the placeholder's default rather than from Keeper.
    pub from_default: bool,
}

/// Why one placeholder could not be rendered. Never holds a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    pub line: usize,
    pub notation: String,
    pub reason: RenderReason,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderReason {
    /// The notation did not resolve and there is no default; holds the resolver's reason.
    Unresolved(String),
    /// The value (after its transform) holds these shell metacharacters.
    ShellMetacharacters(Vec<&'static str>),
    /// The placeholder's span is not a valid range of the text after the previous one.
    BadSpan,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}: {}", self.line, self.notation, self.reason)
    }
}

impl fmt::Display for RenderReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderReason::Unresolved(reason) => write!(f, "{reason}"),
            RenderReason::ShellMetacharacters(characters) => {
                write!(f, "value holds shell metacharacters, unsafe for eval: {}", characters.join(" "))
            }
            RenderReason::BadSpan => f.write_str("placeholder is out of order or outside the text"),
        }
    }
}

impl std::error::Error for RenderError {}

/// Replaces each placeholder (as [`super::find_placeholders`] gives them, in order) by its
/// value, leaving every other byte of `text` untouched.
///
/// `value_of` resolves a placeholder's notation: `Err(reason)` (a message without any secret)
/// when it does not resolve, in which case the default is used if there is one. The transform
/// applies to whichever value is used. A value holding shell metacharacters after its transform
/// is handled as `options.shell_check` says. Checking after the transform means `|base64` or
/// `|urlencode` make any value safe.
///
/// Every problem is reported, and no text is returned if there is one (unless
/// `options.keep_going`, when the failing placeholders stay as written).
pub fn render(
    text: &str,
    placeholders: &[Placeholder],
    mut value_of: impl FnMut(&Placeholder) -> Result<String, String>,
    options: RenderOptions,
) -> Result<Rendered, Vec<RenderError>> {
    let mut rendered = Rendered {
        text: String::with_capacity(text.len()),
        unsafe_values: vec![],
        defaults_used: vec![],
        kept: vec![],
    };
    let mut errors = Vec::new();
    // A failing placeholder fails the text, or with `keep_going` stays as written.
    let mut problem = |rendered: &mut Rendered, error: RenderError, original: &str| {
        if options.keep_going {
            rendered.text.push_str(original);
            rendered.kept.push(error);
        } else {
            errors.push(error);
        }
    };
    let mut cursor = 0;
    for (index, placeholder) in placeholders.iter().enumerate() {
        let error = |reason| RenderError { line: placeholder.line, notation: placeholder.notation.clone(), reason };
        let span = &placeholder.span;
        let (Some(before), true) = (text.get(cursor..span.start), text.get(span.clone()).is_some()) else {
            problem(&mut rendered, error(RenderReason::BadSpan), "");
            continue;
        };
        rendered.text.push_str(before);
        cursor = span.end;

        let (raw, from_default) = match (value_of(placeholder), &placeholder.default) {
            (Ok(value), _) => (value, false),
            (Err(_), Some(default)) => (default.clone(), true),
            (Err(reason), None) => {
                problem(&mut rendered, error(RenderReason::Unresolved(reason)), &text[span.clone()]);
                continue;
            }
        };
        let value = match placeholder.transform {
            Some(transform) => transform.apply(&raw),
            None => raw,
        };
        let characters =
            if options.shell_check == ShellCheck::Skip { Vec::new() } else { shell_metacharacters(&value) };
        if !characters.is_empty() {
            if options.shell_check == ShellCheck::Refuse {
                problem(&mut rendered, error(RenderReason::ShellMetacharacters(characters)), &text[span.clone()]);
                continue;
            }
            let notation = placeholder.notation.clone();
            rendered.unsafe_values.push(UnsafeValue { line: placeholder.line, notation, characters, from_default });
        }
        if from_default {
            rendered.defaults_used.push(index);
        }
        rendered.text.push_str(&value);
    }
    rendered.text.push_str(text.get(cursor..).unwrap_or_default());
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpolation::find_placeholders;
    use crate::interpolation::transform::Transform;
    use std::collections::HashMap;
    use std::ops::Range;

    fn values(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    const REFUSE: RenderOptions = RenderOptions { shell_check: ShellCheck::Refuse, keep_going: false };
    const WARN: RenderOptions = RenderOptions { shell_check: ShellCheck::Warn, keep_going: false };

    fn render_with(text: &str, known: &HashMap<String, String>, allow: bool) -> Result<Rendered, Vec<RenderError>> {
        let shell_check = if allow { ShellCheck::Warn } else { ShellCheck::Refuse };
        render_with_options(text, known, RenderOptions { shell_check, keep_going: false })
    }

    fn render_with_options(
        text: &str,
        known: &HashMap<String, String>,
        options: RenderOptions,
    ) -> Result<Rendered, Vec<RenderError>> {
        let placeholders = find_placeholders(text).unwrap();
        render(
            text,
            &placeholders,
            |p| known.get(&p.notation).cloned().ok_or_else(|| "no records match".to_string()),
            options,
        )
    }

    #[test]
    fn keep_going_leaves_failing_placeholders_as_written() {
        let known = values(&[("keeper://U/field/ok", "fine"), ("keeper://U/field/bad", "x;y")]);
        let text = "A=keeper://U/field/ok\nB=${keeper://U/field/missing}\nC=keeper://U/field/bad\n";
        let options = RenderOptions { shell_check: ShellCheck::Refuse, keep_going: true };
        let rendered = render_with_options(text, &known, options).unwrap();
        assert_eq!(rendered.text, "A=fine\nB=${keeper://U/field/missing}\nC=keeper://U/field/bad\n");
        let kept: Vec<usize> = rendered.kept.iter().map(|e| e.line).collect();
        assert_eq!(kept, [2, 3]);
    }

    #[test]
    fn skipping_the_shell_check_lets_any_value_through_silently() {
        let known = values(&[("keeper://U/field/dsn", "host=db;port=5432 > log")]);
        let options = RenderOptions { shell_check: ShellCheck::Skip, keep_going: false };
        let rendered = render_with_options("DSN=keeper://U/field/dsn", &known, options).unwrap();
        assert_eq!(rendered.text, "DSN=host=db;port=5432 > log");
        assert!(rendered.unsafe_values.is_empty());
    }

    #[test]
    fn substitutes_values_and_keeps_every_other_byte() {
        let known = values(&[("keeper://U/field/login", "admin"), ("keeper://My DB/field/pw", "s3cr3t é")]);
        for text in [
            "USER=keeper://U/field/login\nPASS=\"${keeper://My DB/field/pw}\"\n",
            "USER=keeper://U/field/login\r\nPASS=\"${keeper://My DB/field/pw}\"",
            "\n\n  keeper://U/field/login\t${keeper://My DB/field/pw}\r\n\r\n",
        ] {
            let expected =
                text.replace("keeper://U/field/login", "admin").replace("${keeper://My DB/field/pw}", "s3cr3t é");
            let rendered = render_with(text, &known, false).unwrap();
            assert_eq!(rendered.text, expected);
            assert!(rendered.unsafe_values.is_empty() && rendered.defaults_used.is_empty());
        }
    }

    #[test]
    fn comment_lines_come_out_unchanged() {
        let known = values(&[("keeper://U/field/a", "A")]);
        let text = "# keeper://U/field/a\n  # ${keeper://U/field/a}\nX=keeper://U/field/a # keeper://U/field/a";
        let rendered = render_with(text, &known, false).unwrap();
        assert_eq!(rendered.text, "# keeper://U/field/a\n  # ${keeper://U/field/a}\nX=A # A");
    }

    #[test]
    fn a_default_applies_only_when_the_notation_does_not_resolve() {
        let known = values(&[("keeper://U/field/host", "db.internal")]);
        let text =
            "H=keeper://U/field/host:-localhost\nP=keeper://U/field/port:-5432\nT=${keeper://T T/field/x:-two words}";
        let rendered = render_with(text, &known, false).unwrap();
        assert_eq!(rendered.text, "H=db.internal\nP=5432\nT=two words");
        assert_eq!(rendered.defaults_used, [1, 2]);
        let rendered = render_with("E=${keeper://U/field/none:-}.", &known, false).unwrap();
        assert_eq!(rendered.text, "E=.");
    }

    #[test]
    fn a_transform_applies_to_the_value_or_the_default() {
        let known = values(&[("keeper://U/field/key", "  Key Value  ")]);
        let text = "A=keeper://U/field/key|trim\nB=${keeper://U/field/key|base64}\nC=keeper://U/field/none:-Def|upper\nD=${keeper://U/field/none:-a b|urlencodeplus}";
        let rendered = render_with(text, &known, false).unwrap();
        assert_eq!(rendered.text, "A=Key Value\nB=ICBLZXkgVmFsdWUgIA==\nC=DEF\nD=a+b");
        assert_eq!(Transform::Base64.apply("  Key Value  "), "ICBLZXkgVmFsdWUgIA==");
    }

    #[test]
    fn every_problem_is_reported_and_no_text_returned() {
        let known = values(&[("keeper://U/field/ok", "fine"), ("keeper://U/field/bad", "x;y$z")]);
        let text = "keeper://U/field/ok\nkeeper://U/field/missing\nkeeper://U/field/bad\n${keeper://U/field/x:-`id`}";
        let errors = render_with(text, &known, false).unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "line 2: keeper://U/field/missing: no records match",
                "line 3: keeper://U/field/bad: value holds shell metacharacters, unsafe for eval: $ ;",
                "line 4: keeper://U/field/x: value holds shell metacharacters, unsafe for eval: `",
            ]
        );
        for message in &messages {
            assert!(!message.contains("x;y$z") && !message.contains("fine"));
        }
    }

    #[test]
    fn unsafe_values_pass_when_allowed_and_are_listed() {
        let known = values(&[("keeper://U/field/cmd", "a\nb$(rm -rf x)")]);
        let text = "X=keeper://U/field/cmd\nY=${keeper://U/field/none:-a|b}\nZ=keeper://U/field/cmd|base64";
        let rendered = render_with(text, &known, true).unwrap();
        assert_eq!(rendered.text, "X=a\nb$(rm -rf x)\nY=a|b\nZ=YQpiJChybSAtcmYgeCk=");
        assert_eq!(
            rendered.unsafe_values,
            [
                UnsafeValue {
                    line: 1,
                    notation: "keeper://U/field/cmd".into(),
                    characters: vec!["\\n", "$"],
                    from_default: false
                },
                UnsafeValue {
                    line: 2,
                    notation: "keeper://U/field/none".into(),
                    characters: vec!["|"],
                    from_default: true
                },
            ]
        );
    }

    #[test]
    fn values_may_hold_anything_including_placeholder_text() {
        let known = values(&[("keeper://U/field/a", "keeper://U/field/b"), ("keeper://U/field/b", "B")]);
        let rendered = render_with("keeper://U/field/b keeper://U/field/a", &known, false).unwrap();
        assert_eq!(rendered.text, "B keeper://U/field/b");
    }

    #[test]
    fn bad_spans_are_errors_not_panics() {
        let text = "é keeper://U/field/a";
        let mut placeholders = find_placeholders(text).unwrap();
        let good = placeholders[0].clone();
        for span in [1..5, 5..100, Range { start: 10, end: 3 }] {
            placeholders[0].span = span;
            let errors = render(text, &placeholders, |_| Ok("v".into()), REFUSE).unwrap_err();
            assert_eq!(errors[0].reason, RenderReason::BadSpan);
        }
        // Out of order.
        let errors = render(text, &[good.clone(), good], |_| Ok("v".into()), REFUSE).unwrap_err();
        assert_eq!(errors.len(), 1);
    }

    proptest::proptest! {
        // Any text: finding never panics, and putting each placeholder's own text back (with no
        // transform) reproduces the input byte for byte.
        #[test]
        fn rendering_placeholders_as_themselves_is_the_identity(
            text in "(keeper://|\\$\\{|[}:|#/ \n\r\t\u{1c}a-c-]|.){0,60}"
        ) {
            if let Ok(mut placeholders) = find_placeholders(&text) {
                for placeholder in &mut placeholders {
                    placeholder.transform = None;
                }
                let rendered = render(&text, &placeholders, |p| Ok(text[p.span.clone()].to_string()), WARN).unwrap();
                proptest::prop_assert_eq!(rendered.text, text);
            }
        }
    }

    #[test]
    fn no_placeholders_renders_the_text_as_is() {
        for text in ["", "\n", "a\r\nb", "no trailing newline"] {
            assert_eq!(render(text, &[], |_| Ok(String::new()), REFUSE).unwrap().text, text);
        }
    }
}
