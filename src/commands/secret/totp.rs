//! `ksm secret totp UID`: the current code of a record's one-time-code field (official
//! `Secret.get_totp_code`), from one `get_secret` request for that record.

use crate::cli::TotpArgs;
use crate::output::dumps_indented;
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_client::vault::Vault;
use ksm_proto::record::Field;
use ksm_proto::totp::{Totp, TotpCode};
use serde_json::json;
use std::io::IsTerminal;

/// The field types that hold an `otpauth://` URI, in the order they are looked for.
const TOTP_FIELD_TYPES: [&str; 2] = ["oneTimeCode", "otp"];

pub fn run(session: &mut Session, args: &TotpArgs) -> anyhow::Result<()> {
    let vault = session.fetch(Some(vec![args.uid.clone()]))?;
    let code = current_code(&vault, &args.uid, unix_now())?;
    if args.json {
        print!("{}", code_json(&code));
    } else {
        // Like the official CLI, stdout holds only the code, for `$(…)`; a person at a
        // terminal also sees how long it stays valid (on a line of its own).
        print!("{}", code.code);
        if std::io::stderr().is_terminal() {
            let own_line = if std::io::stdout().is_terminal() { "\n" } else { "" };
            eprintln!("{own_line}{}", validity(&code));
        }
    }
    Ok(())
}

/// The code of record `uid`'s first TOTP field at `now_unix` (or at the URI's `counter`).
fn current_code(vault: &Vault, uid: &str, now_unix: u64) -> anyhow::Result<TotpCode> {
    let record = vault.shared_record(uid)?;
    let uri = totp_uri(&record.data.fields)
        .or_else(|| totp_uri(&record.data.custom))
        .ok_or_else(|| fail(ErrorKind::NotFound, format!("record {uid} has no one-time code (oneTimeCode) field")))?;
    // The error names what is wrong with the URI, never the secret in it.
    let totp = Totp::from_uri(uri).map_err(|e| {
        fail(
            ErrorKind::NotFound,
            format!("record {uid} has no valid one-time code: its otpauth:// URI is invalid: {e}"),
        )
    })?;
    Ok(totp.code_at(totp.effective_time(now_unix)))
}

/// The first value of the first TOTP field that has one.
fn totp_uri(fields: &[Field]) -> Option<&str> {
    fields
        .iter()
        .filter(|field| TOTP_FIELD_TYPES.iter().any(|t| field.field_type.eq_ignore_ascii_case(t)))
        .find_map(|field| field.value.first().and_then(|value| value.as_str()).filter(|uri| !uri.trim().is_empty()))
}

fn code_json(code: &TotpCode) -> String {
    dumps_indented(&json!({"code": code.code, "seconds_left": code.seconds_left, "period": code.period}))
}

fn validity(code: &TotpCode) -> String {
    format!("valid for {}s (of {}s)", code.seconds_left, code.period)
}

fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ksm_client::error::exit_code;
    use ksm_proto::crypto::SymmetricKey;
    use ksm_proto::record::RecordData;
    use serde_json::Value;

    const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const UID: &str = "AAAAAAAAAAAAAAAAAAAAAA";

    fn uri(extra: &str) -> String {
        format!("otpauth://totp/ACME:alice?secret={SECRET}&digits=8{extra}")
    }

    fn vault(fields: Vec<Field>, custom: Vec<Field>) -> Vault {
        let data = RecordData { title: "t".into(), record_type: "login".into(), fields, custom, ..Default::default() };
        let record = ksm_client::vault::Record {
            uid: UID.into(),
            data: data.into(),
            revision: 0,
            editable: true,
            key: SymmetricKey::from_slice(&[7; 32]).unwrap(),
            folder_uid: None,
            inner_folder_uid: None,
            files: Vec::new(),
        };
        Vault { records: vec![record], ..Vault::default() }
    }

    fn field(field_type: &str, value: &str) -> Field {
        Field::new(field_type, None, vec![Value::String(value.into())])
    }

    #[test]
    fn rfc_6238_code_at_now() {
        let vault = vault(vec![field("login", "alice"), field("oneTimeCode", &uri(""))], vec![]);
        let code = current_code(&vault, UID, 59).unwrap();
        assert_eq!(code, TotpCode { code: "94287082".into(), seconds_left: 1, period: 30 });
        assert_eq!(current_code(&vault, UID, 1111111109).unwrap().code, "07081804");
    }

    #[test]
    fn the_uris_counter_stands_in_for_the_time() {
        let vault = vault(vec![field("oneTimeCode", &uri("&counter=59"))], vec![]);
        assert_eq!(current_code(&vault, UID, 1_700_000_000).unwrap().code, "94287082");
    }

    #[test]
    fn standard_fields_come_before_custom_ones_and_empty_fields_are_skipped() {
        let empty = Field::new("oneTimeCode", None, vec![]);
        let vault =
            vault(vec![empty, field("otp", &uri("&counter=59"))], vec![field("oneTimeCode", &uri("&counter=60"))]);
        assert_eq!(current_code(&vault, UID, 0).unwrap().code, "94287082");
        let custom_only = self::vault(vec![], vec![field("otp", &uri("&counter=1111111109"))]);
        assert_eq!(current_code(&custom_only, UID, 0).unwrap().code, "07081804");
    }

    #[test]
    fn missing_record_field_or_valid_uri_are_one_line_not_found_errors_without_the_secret() {
        let no_field = vault(vec![field("login", "alice")], vec![]);
        let error = current_code(&no_field, "BBBBBBBBBBBBBBBBBBBBBB", 0).unwrap_err();
        assert_eq!(exit_code(&error), 3);
        assert!(error.to_string().contains("BBBBBBBBBBBBBBBBBBBBBB"), "{error}");
        let error = current_code(&no_field, UID, 0).unwrap_err();
        assert_eq!((exit_code(&error), error.to_string().contains("no one-time code")), (3, true), "{error}");
        let bad = vault(vec![field("oneTimeCode", "otpauth://totp/x?secret=1NVAL1D8")], vec![]);
        let error = current_code(&bad, UID, 0).unwrap_err().to_string();
        assert!(error.contains("not valid base32") && !error.contains("1NVAL1D8") && !error.contains('\n'), "{error}");
        let not_otpauth = vault(vec![field("oneTimeCode", "https://example.com")], vec![]);
        assert_eq!(exit_code(&current_code(&not_otpauth, UID, 0).unwrap_err()), 3);
    }

    #[test]
    fn json_and_text_shapes() {
        let code = TotpCode { code: "012345".into(), seconds_left: 7, period: 30 };
        assert_eq!(code_json(&code), "{\n    \"code\": \"012345\",\n    \"seconds_left\": 7,\n    \"period\": 30\n}");
        assert_eq!(validity(&code), "valid for 7s (of 30s)");
    }
}
