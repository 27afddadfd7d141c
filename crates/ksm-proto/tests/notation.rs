//! Keeper notation: the parser vectors of PROTOCOL.md §11.1, the resolution vectors of §13.7
//! (from the Python SDK's notation_test.py), Unicode, escaping and error cases.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

use ksm_proto::notation::{
    escape_component, find_record, value_text, FieldKind, Notation, NotationError, NotationFile, NotationRecord,
    NotationValue, Selector,
};
use ksm_proto::record_json::RecordJson;
use proptest::prelude::*;

const UID: &str = "Ue8h6JyWUs7Iu6eY_mha-w";
const SPECIAL_UID: &str = "L-b-Ijj9rqd-3spgNZiZWA";
const SPECIAL_TITLE: &str = r#"My Special Title /[]\ , " ' : ; <>!@#$%^&*()-=+_."#;
const SPECIAL_LABEL: &str = r#"My Label /[]\ , " ' : ; <>!@#$%^&*()-=+_["#;
const SPECIAL_VALUE: &str = r#"special text /[]\ , " ' : ; <>!@#$%^&*()-=+_."#;

/// Records are read the way the client reads them: kept as JSON, parsed on first use.
fn record_data(json: serde_json::Value) -> RecordJson {
    RecordJson::new(serde_json::to_vec(&json).unwrap()).expect("test record JSON")
}

/// The record of notation_test.py.
fn vector_record() -> RecordJson {
    // Parsed from text so that object keys keep the stored order when serde_json can keep it.
    RecordJson::new(
        r#"{"title": "My Record 1", "type": "login",
            "fields": [{"type": "login", "value": ["My Login 1"]},
                       {"type": "password", "value": ["My Password 1"]}],
            "custom": [{"type": "text", "label": "My Custom 1", "value": ["custom1"]},
                       {"type": "text", "label": "My Custom 2", "value": ["one", "two", "three"]},
                       {"type": "phone", "label": "phone", "value": [
                           {"number": "555-5555555", "ext": "55"},
                           {"number": "777-7777777", "ext": "77"},
                           {"number": "888-8888888", "ext": "", "type": "Home"},
                           {"number": "999-9999999", "type": "Work"}]},
                       {"type": "name", "label": "name", "value": [
                           {"first": "Jenny", "middle": "D", "last": "Smith"},
                           {"first": "Jennifer", "middle": "Doe", "last": "Smith"}]}],
            "notes": "My notes"}"#
            .as_bytes()
            .to_vec(),
    )
    .expect("vector record JSON")
}

fn special_record() -> RecordJson {
    record_data(serde_json::json!({
        "title": SPECIAL_TITLE, "type": "file", "fields": [],
        "custom": [{"type": "text", "label": SPECIAL_LABEL, "value": [SPECIAL_VALUE]}]
    }))
}

fn record<'a>(uid: &'a str, data: &'a RecordJson) -> NotationRecord<'a> {
    NotationRecord { uid, data, files: Vec::new() }
}

fn resolve(notation: &str, records: &[NotationRecord<'_>]) -> Result<NotationValue, NotationError> {
    Notation::parse(notation)?.resolve(records)
}

fn values(notation: &str, records: &[NotationRecord<'_>]) -> Vec<String> {
    match resolve(notation, records) {
        Ok(NotationValue::Values(values)) => values.iter().map(value_text).collect(),
        other => panic!("{notation}: expected values, got {other:?}"),
    }
}

fn field(kind: FieldKind, name: &str, index: Option<usize>, property: Option<&str>) -> Selector {
    Selector::Field { kind, name: name.to_string(), index, property: property.map(str::to_string), as_list: false }
}

fn map_keeps_insertion_order() -> bool {
    let probe: serde_json::Value = serde_json::from_str(r#"{"b": 1, "a": 2}"#).expect("probe JSON");
    probe.as_object().and_then(|map| map.keys().next()).map(String::as_str) == Some("b")
}

// ---- parser (§11.1) ----

#[test]
fn parser_vectors() {
    assert!(Notation::parse("/file").is_err());
    assert!(Notation::parse("/type/extra").is_err());
    for (text, selector) in [("/type", Selector::Type), ("/title", Selector::Title), ("/notes", Selector::Notes)] {
        assert_eq!(Notation::parse(text).unwrap(), Notation { record: String::new(), selector });
    }
    assert_eq!(Notation::parse("/file/filename.ext").unwrap().selector, Selector::File { name: "filename.ext".into() });

    let parsed = Notation::parse(r"/custom_field/label with \[[0][middle]").unwrap();
    assert_eq!(parsed.record, "");
    assert_eq!(parsed.selector, field(FieldKind::Custom, "label with [", Some(0), Some("middle")));

    let parsed = Notation::parse(r"title with \[\]\//custom_field/label with \[[0][middle]").unwrap();
    assert_eq!(parsed.record, "title with []/");
    assert_eq!(parsed.selector, field(FieldKind::Custom, "label with [", Some(0), Some("middle")));
}

#[test]
fn selectors_are_case_insensitive() {
    assert_eq!(Notation::parse("R/TYPE").unwrap().selector, Selector::Type);
    assert_eq!(Notation::parse("R/Field/login").unwrap().selector, field(FieldKind::Standard, "login", None, None));
    assert_eq!(Notation::parse("R/CUSTOM_FIELD/x").unwrap().selector, field(FieldKind::Custom, "x", None, None));
    assert_eq!(Notation::parse("R/FILE/a.txt").unwrap().selector, Selector::File { name: "a.txt".into() });
}

#[test]
fn empty_indexes_mean_all_values_and_whole_values() {
    assert_eq!(Notation::parse("R/field/name").unwrap().selector, field(FieldKind::Standard, "name", None, None));
    // `[]` asks for a list (the official CLI prints one even for a single value).
    let listed =
        Selector::Field { kind: FieldKind::Standard, name: "name".into(), index: None, property: None, as_list: true };
    for text in ["R/field/name[]", "R/field/name[][]"] {
        assert_eq!(Notation::parse(text).unwrap().selector, listed, "{text}");
    }
    assert_eq!(
        Notation::parse("R/field/name[][first]").unwrap().selector,
        field(FieldKind::Standard, "name", None, Some("first"))
    );
    assert_eq!(
        Notation::parse("R/field/name[007]").unwrap().selector,
        field(FieldKind::Standard, "name", Some(7), None)
    );
}

#[test]
fn parameters_may_hold_unescaped_slashes_and_closing_brackets() {
    assert_eq!(Notation::parse("R/field/a/b]c").unwrap().selector, field(FieldKind::Standard, "a/b]c", None, None));
    assert_eq!(Notation::parse("R[x]/type").unwrap().record, "R[x]");
}

#[test]
fn base64_notations_padded_or_not() {
    let plain = "keeper://Ue8h6JyWUs7Iu6eY_mha-w/field/password";
    let padded = ksm_proto::b64::encode(plain.as_bytes()).replace('+', "-").replace('/', "_");
    let unpadded = ksm_proto::b64::encode_url(plain.as_bytes());
    assert!(!padded.contains('/') && padded.ends_with('='));
    for encoded in [padded, unpadded] {
        assert_eq!(Notation::parse(&encoded).unwrap(), Notation::parse(plain).unwrap(), "{encoded}");
    }
    assert_eq!(Notation::parse("not base64!").unwrap_err(), NotationError::InvalidBase64);
    assert_eq!(Notation::parse(UID).unwrap_err(), NotationError::InvalidBase64);
    let no_slash_inside = ksm_proto::b64::encode_url(b"just text");
    assert_eq!(Notation::parse(&no_slash_inside).unwrap_err(), NotationError::InvalidBase64);
}

#[test]
fn parse_errors() {
    let cases = [
        ("", NotationError::Empty),
        ("keeper://R", NotationError::MissingSelector),
        ("R", NotationError::InvalidBase64),
        (r"R\x/type", NotationError::InvalidEscape('x')),
        (r"R/field/lab\el", NotationError::InvalidEscape('e')),
        ("R/field/label\\", NotationError::TrailingBackslash),
        ("R/field/label[0][a\\", NotationError::TrailingBackslash),
        ("R/title/", NotationError::ExtraCharacters("/".into())),
        ("R/notes/x", NotationError::ExtraCharacters("/x".into())),
        ("R/secret/x", NotationError::UnknownSelector("secret".into())),
        ("R/", NotationError::UnknownSelector(String::new())),
        ("R/field", NotationError::MissingParameter("field".into())),
        ("R/field/", NotationError::MissingParameter("field".into())),
        ("R/field/[0]", NotationError::MissingParameter("field".into())),
        ("R/file", NotationError::MissingParameter("file".into())),
        ("R/file/a.txt[0]", NotationError::FileIndex),
        ("R/field/name[first][last]", NotationError::InvalidIndex("first".into())),
        ("R/field/name[-1][x]", NotationError::InvalidIndex("-1".into())),
        ("R/field/name[0", NotationError::UnterminatedIndex),
        ("R/field/name[0][a[b]", NotationError::NestedBracket),
        (r"R/field/name[0][a\]", NotationError::UnterminatedIndex),
        ("R/field/name[0][a]b", NotationError::ExtraCharacters("b".into())),
        ("R/field/name[0][a][b]", NotationError::ExtraCharacters("[b]".into())),
        ("R/field/name[0]x", NotationError::ExtraCharacters("x".into())),
    ];
    for (text, expected) in cases {
        assert_eq!(Notation::parse(text), Err(expected), "{text}");
    }
}

#[test]
fn escaped_brackets_and_backslashes_in_the_property() {
    let parsed = Notation::parse(r"R/field/x[1][a\[b\]c\\]").unwrap();
    assert_eq!(parsed.selector, field(FieldKind::Standard, "x", Some(1), Some(r"a[b]c\")));
}

#[test]
fn unicode_titles_and_labels() {
    let parsed = Notation::parse("keeper://Пароль база/field/password").unwrap();
    assert_eq!(parsed.record, "Пароль база");
    let parsed = Notation::parse("🔑 Ключ \\/ 鍵/custom_field/ラベル 😀[0][ñ]").unwrap();
    assert_eq!(parsed.record, "🔑 Ключ / 鍵");
    assert_eq!(parsed.selector, field(FieldKind::Custom, "ラベル 😀", Some(0), Some("ñ")));
    assert_eq!(Notation::parse("é/field/ü[ß][x]").unwrap_err(), NotationError::InvalidIndex("ß".into()));
}

/// The official CLI reads `host[hostName]` as the property of the first value (its SDK's
/// legacy mode), and scripts use that spelling.
#[test]
fn a_property_in_the_first_index_selects_it_from_the_first_value() {
    for (text, name, property) in [
        ("R/field/host[hostName]", "host", "hostName"),
        ("R/field/keyPair[privateKey]", "keyPair", "privateKey"),
        ("R/field/ü[ß]", "ü", "ß"),
    ] {
        assert_eq!(
            Notation::parse(text).unwrap().selector,
            field(FieldKind::Standard, name, Some(0), Some(property)),
            "{text}"
        );
    }
}

#[test]
fn escape_component_round_trips_the_special_title_and_label() {
    assert_eq!(escape_component(r"a/b[c]d\e"), r"a\/b\[c\]d\\e");
    let text = format!("keeper://{}/custom_field/{}", escape_component(SPECIAL_TITLE), escape_component(SPECIAL_LABEL));
    let parsed = Notation::parse(&text).unwrap();
    assert_eq!(parsed.record, SPECIAL_TITLE);
    assert_eq!(parsed.selector, field(FieldKind::Custom, SPECIAL_LABEL, None, None));
}

// ---- resolution (§11.2, §13.7) ----

#[test]
fn resolution_vectors() {
    let data = vector_record();
    let records = [record(UID, &data)];
    assert_eq!(values(&format!("{UID}/field/login"), &records), ["My Login 1"]);
    let out_of_bounds = resolve(&format!("{UID}/field/login[1]"), &records).unwrap_err();
    assert!(out_of_bounds.to_string().contains("index out of bounds"), "{out_of_bounds}");
    assert_eq!(values(&format!("{UID}/custom_field/My Custom 2"), &records), ["one", "two", "three"]);
    assert_eq!(values(&format!("{UID}/custom_field/My Custom 2[]"), &records), ["one", "two", "three"]);
    assert_eq!(values(&format!("{UID}/custom_field/My Custom 2[1]"), &records), ["two"]);
    assert_eq!(values(&format!("{UID}/custom_field/phone[1][number]"), &records), ["777-7777777"]);
    assert_eq!(values(&format!("{UID}/custom_field/name[][middle]"), &records), ["D", "Doe"]);
}

#[test]
fn object_values_serialize_like_python_json_dumps() {
    let data = vector_record();
    let records = [record(UID, &data)];
    let phone = values(&format!("{UID}/custom_field/phone[2]"), &records);
    // Stored key order needs serde_json's `preserve_order` feature; without it keys are sorted.
    let expected = if map_keeps_insertion_order() {
        r#"{"number": "888-8888888", "ext": "", "type": "Home"}"#
    } else {
        r#"{"ext": "", "number": "888-8888888", "type": "Home"}"#
    };
    assert_eq!(phone, [expected]);
}

#[test]
fn special_title_and_label_vectors() {
    let data = special_record();
    let records = [record(SPECIAL_UID, &data)];
    let title = escape_component(SPECIAL_TITLE);
    let label = escape_component(SPECIAL_LABEL);
    assert_eq!(values(&format!("keeper://{title}/type"), &records), ["file"]);
    assert_eq!(values(&format!("keeper://{title}/title"), &records), [SPECIAL_TITLE]);
    assert_eq!(values(&format!("keeper://{title}/custom_field/{label}"), &records), [SPECIAL_VALUE]);
    assert_eq!(values(&format!("keeper://{title}/custom_field/{label}[]"), &records), [SPECIAL_VALUE]);
}

#[test]
fn type_title_and_notes() {
    let data = vector_record();
    let records = [record(UID, &data)];
    assert_eq!(values(&format!("{UID}/type"), &records), ["login"]);
    assert_eq!(values(&format!("{UID}/title"), &records), ["My Record 1"]);
    assert_eq!(values(&format!("{UID}/notes"), &records), ["My notes"]);
    let without_notes = record_data(serde_json::json!({"title": "T", "type": "login"}));
    assert!(values("T/notes", &[record(UID, &without_notes)]).is_empty());
}

#[test]
fn fields_match_by_type_or_label_and_report_ambiguity() {
    let data = vector_record();
    let records = [record(UID, &data)];
    assert_eq!(values(&format!("{UID}/field/password"), &records), ["My Password 1"]);
    assert_eq!(values(&format!("{UID}/custom_field/My Custom 1"), &records), ["custom1"]);
    let ambiguous = resolve(&format!("{UID}/custom_field/text"), &records).unwrap_err();
    assert_eq!(ambiguous, NotationError::MultipleFields { kind: FieldKind::Custom, name: "text".into() });
    assert_eq!(ambiguous.to_string(), "multiple custom fields matching 'text'");
    let standard_only = resolve(&format!("{UID}/field/My Custom 1"), &records).unwrap_err();
    assert_eq!(standard_only, NotationError::NoField { kind: FieldKind::Standard, name: "My Custom 1".into() });
    let case_sensitive = resolve(&format!("{UID}/field/Login"), &records).unwrap_err();
    assert!(matches!(case_sensitive, NotationError::NoField { .. }));
}

#[test]
fn properties_skip_values_without_them_and_fail_when_none_has_it() {
    let data = vector_record();
    let records = [record(UID, &data)];
    assert_eq!(values(&format!("{UID}/custom_field/phone[][type]"), &records), ["Home", "Work"]);
    assert_eq!(values(&format!("{UID}/custom_field/phone[][ext]"), &records), ["55", "77", ""]);
    let missing = resolve(&format!("{UID}/custom_field/phone[0][type]"), &records).unwrap_err();
    assert_eq!(missing.to_string(), "no value of custom field 'phone' has the property 'type'");
    let on_strings = resolve(&format!("{UID}/custom_field/My Custom 2[][x]"), &records).unwrap_err();
    assert!(matches!(on_strings, NotationError::PropertyNotFound { .. }));
}

#[test]
fn non_string_values_are_json_text() {
    let data = record_data(serde_json::json!({
        "title": "T", "type": "t",
        "fields": [{"type": "date", "value": [1700000000000_i64]},
                   {"type": "checkbox", "value": [true]},
                   {"type": "name", "value": [{"first": "Zoë", "nested": {"a": [1, null]}}]}]
    }));
    let records = [record(UID, &data)];
    assert_eq!(values("T/field/date", &records), ["1700000000000"]);
    assert_eq!(values("T/field/checkbox[0]", &records), ["true"]);
    assert_eq!(values("T/field/name[0][first]", &records), ["Zoë"]);
    assert_eq!(values("T/field/name[0][nested]", &records), [r#"{"a": [1, null]}"#]);
}

#[test]
fn index_out_of_bounds_names_the_field_not_the_values() {
    let data = vector_record();
    let records = [record(UID, &data)];
    let error = resolve(&format!("{UID}/field/password[5]"), &records).unwrap_err();
    assert_eq!(error.to_string(), "index out of bounds: field 'password' has 1 value(s), no value at index 5");
    assert!(!error.to_string().contains("My Password 1"));
    let huge = resolve(&format!("{UID}/field/password[99999999999999999999999]"), &records).unwrap_err();
    assert!(matches!(huge, NotationError::IndexOutOfBounds { .. }));
}

#[test]
fn records_are_found_by_uid_then_by_exact_title() {
    let first = vector_record();
    let second = record_data(serde_json::json!({"title": "Other", "type": "login"}));
    let records = [record(UID, &first), record(SPECIAL_UID, &second)];
    assert_eq!(find_record(UID, &records).unwrap().uid, UID);
    assert_eq!(find_record("Other", &records).unwrap().uid, SPECIAL_UID);
    assert_eq!(find_record("other", &records).unwrap_err(), NotationError::NoRecords("other".into()));
    assert_eq!(find_record("other", &records).unwrap_err().to_string(), "no records match 'other'");
    // A UID-shaped title that is no record's UID is looked up as a title.
    let uid_shaped_title = record_data(serde_json::json!({"title": "AAAAAAAAAAAAAAAAAAAAAA", "type": "login"}));
    let records = [record(UID, &uid_shaped_title)];
    assert_eq!(find_record("AAAAAAAAAAAAAAAAAAAAAA", &records).unwrap().uid, UID);
}

#[test]
fn duplicate_uids_are_one_record_but_equal_titles_are_ambiguous() {
    let data = vector_record();
    let shortcut = [record(UID, &data), record(UID, &data)];
    assert_eq!(values(&format!("{UID}/field/login"), &shortcut), ["My Login 1"]);
    assert_eq!(values("My Record 1/field/login", &shortcut), ["My Login 1"]);
    let twins = [record(UID, &data), record(SPECIAL_UID, &data)];
    let error = resolve("My Record 1/field/login", &twins).unwrap_err();
    assert_eq!(error.to_string(), "multiple records match 'My Record 1'");
    assert_eq!(values(&format!("{SPECIAL_UID}/field/login"), &twins), ["My Login 1"]);
}

#[test]
fn unicode_titles_resolve() {
    let cyrillic = record_data(serde_json::json!({
        "title": "Пароль база", "type": "login", "fields": [{"type": "password", "value": ["секрет"]}]
    }));
    let emoji = record_data(serde_json::json!({
        "title": "🔑 Ключ/鍵", "type": "login", "custom": [{"type": "text", "label": "ラベル[1]", "value": ["😀"]}]
    }));
    let records = [record(UID, &cyrillic), record(SPECIAL_UID, &emoji)];
    assert_eq!(values("keeper://Пароль база/field/password", &records), ["секрет"]);
    let notation =
        format!("keeper://{}/custom_field/{}", escape_component("🔑 Ключ/鍵"), escape_component("ラベル[1]"));
    assert_eq!(values(&notation, &records), ["😀"]);
}

fn record_with_files<'a>(data: &'a RecordJson, files: &[(&'a str, &'a str, &'a str)]) -> NotationRecord<'a> {
    let files = files.iter().map(|&(uid, name, title)| NotationFile { uid, name, title }).collect();
    NotationRecord { uid: UID, data, files }
}

#[test]
fn file_selector_matches_name_title_or_uid() {
    let data = vector_record();
    let with_files = [record_with_files(
        &data,
        &[
            ("fileUid1", "report.pdf", "Quarterly report"),
            ("fileUid2", "photo.jpg", "Photo"),
            ("fileUid3", "a.txt", "Photo"),
        ],
    )];
    let expected = |file_uid: &str| NotationValue::File { record_uid: UID.into(), file_uid: file_uid.into() };
    assert_eq!(resolve(&format!("{UID}/file/report.pdf"), &with_files).unwrap(), expected("fileUid1"));
    assert_eq!(resolve(&format!("{UID}/file/Quarterly report"), &with_files).unwrap(), expected("fileUid1"));
    assert_eq!(resolve(&format!("{UID}/file/fileUid2"), &with_files).unwrap(), expected("fileUid2"));
    assert_eq!(resolve(&format!("{UID}/file/Photo"), &with_files), Err(NotationError::MultipleFiles("Photo".into())));
    assert_eq!(resolve(&format!("{UID}/file/nope"), &with_files), Err(NotationError::NoFile("nope".into())));
    let without_files = [record(UID, &data)];
    assert_eq!(resolve(&format!("{UID}/file/a.txt"), &without_files), Err(NotationError::NoFiles(UID.into())));
}

// ---- properties ----

proptest! {
    #[test]
    fn parse_never_panics(text in any::<String>()) {
        let _ = Notation::parse(&text);
    }

    #[test]
    fn parse_never_panics_on_notation_like_text(text in r"(keeper://)?[a-zé😀/\\\[\]0-9 ]{0,40}") {
        let _ = Notation::parse(&text);
    }

    #[test]
    fn escaped_titles_and_labels_are_recovered_exactly(
        title in any::<String>(),
        label in any::<String>().prop_filter("a parameter is never empty", |label| !label.is_empty()),
        property in any::<String>(),
        with_prefix in any::<bool>(),
    ) {
        let prefix = if with_prefix { "keeper://" } else { "" };
        let base = format!("{prefix}{}/custom_field/{}", escape_component(&title), escape_component(&label));
        let parsed = Notation::parse(&base).unwrap();
        prop_assert_eq!(&parsed.record, &title);
        prop_assert_eq!(parsed.selector, field(FieldKind::Custom, &label, None, None));

        let with_property = format!("{base}[3][{}]", escape_component(&property));
        let expected_property = Some(property.as_str()).filter(|property| !property.is_empty());
        let parsed = Notation::parse(&with_property).unwrap();
        prop_assert_eq!(parsed.selector, field(FieldKind::Custom, &label, Some(3), expected_property));
    }

    #[test]
    fn escaped_titles_and_labels_resolve(title in any::<String>(), label in ".+", value in any::<String>()) {
        let data = record_data(serde_json::json!({
            "title": title, "type": "login", "custom": [{"type": "text", "label": label, "value": [value]}]
        }));
        let records = [record(SPECIAL_UID, &data)];
        let notation = format!("keeper://{}/custom_field/{}", escape_component(&title), escape_component(&label));
        prop_assert_eq!(values(&notation, &records), vec![value]);
    }
}
