//! `ksm share send`: a record's fields, encrypted on this device under a key that only the
//! link carries, stored on the server as ciphertext.

use super::{expiry_seconds, link_base, owner_call, qr_text, require_ksm_server, time_text};
use crate::cli::SendArgs;
use crate::commands::Context;
use crate::credentials::Credentials;
use ksm_client::error::{fail, ErrorKind};
use ksm_proto::b64;
use ksm_proto::crypto::gcm_encrypt;
use ksm_proto::record::RecordData;
use ksm_proto::share::link::{send_link, token_hash, Kind, LinkSecret};
use ksm_proto::share::padding;
use serde_json::{json, Value};
use zeroize::Zeroizing;

pub fn send(context: &Context, args: &SendArgs) -> anyhow::Result<()> {
    let seconds = expiry_seconds(&args.expires)?;
    let credentials = Credentials::load(context.profile_name.as_deref(), &context.cache)?;
    require_ksm_server(&credentials.config)?;
    let mut session = credentials.session()?;
    let vault = session.fetch(Some(vec![args.uid.clone()]))?;
    let record = vault.record(&args.uid).ok_or_else(|| {
        fail(ErrorKind::NotFound, format!("record {} does not exist or is not shared with this application", args.uid))
    })?;
    let content = Zeroizing::new(snapshot(&record.data, &args.fields)?.to_string());
    let padded = Zeroizing::new(padding::pad(content.as_bytes()).map_err(|e| fail(ErrorKind::Usage, e.to_string()))?);

    let secret = LinkSecret::random();
    let id = secret.id(Kind::Send);
    let created = owner_call(
        &mut session,
        "send_create",
        json!({
            "id": id, "tokenHash": b64::encode(&token_hash(&*secret.token(Kind::Send))),
            "blob": b64::encode(&gcm_encrypt(&secret.key(Kind::Send), &padded)),
            "targetUid": args.uid, "expiresInSeconds": seconds, "once": args.once,
        }),
    )?;
    credentials.save_changes(&session)?;
    let link = send_link(&link_base(session.config(), &created)?, &secret);
    if args.json {
        println!("{}", json!({ "id": id, "link": link, "expiresAt": created["expiresAt"], "once": args.once }));
        return Ok(());
    }
    let expires = time_text(created["expiresAt"].as_i64().unwrap_or_default());
    let mode = if args.once { "opens once" } else { "locks to the first device that opens it" };
    println!("Send {id} ({mode}; expires {expires})");
    println!("{link}");
    if args.qr {
        print!("{}", qr_text(&link)?);
        println!();
    }
    Ok(())
}

/// Field value as the recipient reads it: strings as they are, anything else as JSON.
fn value_text(values: &[Value]) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The chosen fields (by type or label; all non-empty ones by default) and notes.
fn snapshot(data: &RecordData, wanted: &[String]) -> anyhow::Result<Value> {
    let chosen = |name: &str, label: Option<&str>| {
        wanted.is_empty() || wanted.iter().any(|w| w == name || Some(w.as_str()) == label)
    };
    let mut fields = Vec::new();
    for field in data.fields.iter().chain(&data.custom) {
        if field.value.is_empty() || field.field_type == "fileRef" || !chosen(&field.field_type, field.label.as_deref())
        {
            continue;
        }
        let label = field.label.clone().unwrap_or_else(|| field.field_type.clone());
        fields.push(json!({ "label": label, "value": value_text(&field.value) }));
    }
    if let Some(notes) = data.notes.as_deref().filter(|n| !n.is_empty() && chosen("notes", None)) {
        fields.push(json!({ "label": "notes", "value": notes }));
    }
    if fields.is_empty() {
        return Err(fail(ErrorKind::Usage, "nothing to send: the record has none of the chosen fields with a value"));
    }
    Ok(json!({ "title": data.title, "fields": fields }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_keep_only_the_chosen_fields() {
        let data: RecordData = serde_json::from_value(json!({
            "title": "T", "type": "login", "notes": "n",
            "fields": [{ "type": "login", "value": ["ann"] }, { "type": "password", "value": ["pw"] },
                       { "type": "url", "value": [] }],
        }))
        .unwrap();
        let all = snapshot(&data, &[]).unwrap();
        assert_eq!(all["fields"].as_array().unwrap().len(), 3, "{all}");
        let some = snapshot(&data, &["password".to_string()]).unwrap();
        assert_eq!(some["fields"], json!([{ "label": "password", "value": "pw" }]));
        assert!(snapshot(&data, &["url".to_string()]).is_err(), "only empty fields chosen");
    }
}
