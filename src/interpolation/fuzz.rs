//! The fuzz target for `ksm interpolate` templates, replayed on stable with the shared harness
//! (fuzz/src/harness.rs): the seeds of `fuzz/corpus/template/`, saved regressions, then bounded
//! mutations. It lives here rather than in `fuzz/` because the engine is part of the `ksm`
//! binary, which a cargo-fuzz crate cannot link (docs/testing.md).

use super::{find_placeholders, render, RenderOptions, ShellCheck};
use crate::fuzz_harness as harness;
use std::path::Path;

/// A template as `ksm interpolate` reads it: placeholders found lie in order within the text,
/// their spans slice it on char boundaries and hold their notation, on the line they name;
/// rendering each as its own text gives the input back, and rendering with defaults and
/// transforms (every other placeholder unresolved) never fails with `keep_going`.
fn template(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();
    let Ok(placeholders) = find_placeholders(text) else { return };
    let mut cursor = 0;
    for placeholder in &placeholders {
        let span = placeholder.span.clone();
        assert!(cursor <= span.start && span.start < span.end, "span {span:?} after {cursor}");
        let matched = text.get(span.clone()).expect("a span slices the text on char boundaries");
        let body = matched.strip_prefix("${").unwrap_or(matched);
        assert!(body.starts_with(&placeholder.notation), "{matched:?} holds {:?}", placeholder.notation);
        assert!(placeholder.notation.starts_with("keeper://"));
        assert_eq!(placeholder.line, 1 + text[..span.start].matches('\n').count(), "line of {matched:?}");
        cursor = span.end;
    }

    let options = RenderOptions { shell_check: ShellCheck::Warn, keep_going: false };
    let mut untransformed = placeholders.clone();
    for placeholder in &mut untransformed {
        placeholder.transform = None;
    }
    let identity = render(text, &untransformed, |p| Ok(text[p.span.clone()].to_string()), options);
    assert_eq!(identity.expect("own text renders").text, text, "rendering placeholders as themselves");

    let options = RenderOptions { shell_check: ShellCheck::Refuse, keep_going: true };
    let mut resolve = 0;
    let rendered = render(
        text,
        &placeholders,
        |p| {
            resolve += 1;
            if resolve % 2 == 0 {
                Err("no records match".to_string())
            } else {
                Ok(p.notation.clone())
            }
        },
        options,
    );
    assert!(rendered.is_ok(), "keep_going renders");
}

#[test]
fn template_target_survives_its_seeds_and_mutations() {
    harness::replay(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz"), "template", template);
}

/// The seeds are valid templates with placeholders, so the mutations start from inputs that
/// get past the scanner into rendering, defaults and transforms.
#[test]
fn the_seeds_have_placeholders() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/template");
    for seed in harness::inputs(&corpus) {
        let text = std::str::from_utf8(&seed).expect("a seed is UTF-8");
        let found = find_placeholders(text).expect("a seed scans");
        assert!(found.len() >= 5 && found.iter().any(|p| p.transform.is_some() && p.default.is_some()));
    }
}
