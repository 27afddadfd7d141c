//! `ksm share request|receive|list|revoke`.

use super::form::{form_json, record_from_answer};
use super::keys::{KeyStore, PendingRequest};
use super::{expiry_seconds, link_base, owner_call, qr_text, require_ksm_server, time_text};
use crate::cli::{ReceiveArgs, RequestArgs};
use crate::commands::folder::{find, shared_folder};
use crate::commands::Context;
use crate::credentials::Credentials;
use ksm_client::error::{fail, ErrorKind};
use ksm_client::session::Session;
use ksm_client::writes;
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_encrypt, EcPrivateKey};
use ksm_proto::share::link::{request_link, token_hash, Kind, LinkSecret, REQUEST_INFO};
use ksm_proto::share::{code, hpke, padding};
use serde_json::{json, Value};
use std::time::Duration;

/// How often `receive --wait` asks whether the request was answered.
const WAIT_POLL: Duration = Duration::from_secs(2);

fn open(context: &Context) -> anyhow::Result<(Credentials, Session)> {
    let credentials = Credentials::load(context.profile_name.as_deref(), &context.cache)?;
    require_ksm_server(&credentials.config)?;
    let session = credentials.session()?;
    Ok((credentials, session))
}

pub fn request(context: &Context, args: &RequestArgs) -> anyhow::Result<()> {
    let title = args.title.trim();
    if title.is_empty() {
        return Err(fail(ErrorKind::Usage, "--title cannot be empty"));
    }
    let seconds = expiry_seconds(&args.expires)?;
    let form = form_json(&args.record_type)?;
    let (credentials, mut session) = open(context)?;
    let keys = KeyStore::open(&credentials)?;
    let folders = session.folders()?;
    let folder = find(&folders, &args.folder)?;
    if !folder.is_shared_folder() {
        return Err(fail(ErrorKind::Usage, format!("{} is a sub-folder; request into its shared folder", folder.uid)));
    }

    let secret = LinkSecret::random();
    let request_key = EcPrivateKey::generate();
    let id = secret.id(Kind::Request);
    let label = json!({
        "title": title, "type": args.record_type, "fields": form,
        "publicKey": b64::encode(&request_key.public_key().to_uncompressed()),
    });
    let pending = PendingRequest {
        id: id.clone(),
        folder_uid: folder.uid.clone(),
        record_type: args.record_type.clone(),
        title: title.to_string(),
        private_key: b64::encode(&request_key.to_pkcs8_der()),
    };
    // The key is stored before the server learns of the request: an answer is never unreadable.
    keys.save(&pending)?;
    let created = owner_call(
        &mut session,
        "request_create",
        json!({
            "id": id, "tokenHash": b64::encode(&token_hash(&*secret.token(Kind::Request))),
            "blob": b64::encode(&gcm_encrypt(&secret.key(Kind::Request), label.to_string().as_bytes())),
            "targetUid": folder.uid, "expiresInSeconds": seconds,
        }),
    );
    let created = match created {
        Ok(created) => created,
        Err(error) => {
            keys.delete(&id)?;
            return Err(error);
        }
    };
    credentials.save_changes(&session)?;
    let link = request_link(&link_base(session.config(), &created)?, &secret, &request_key.public_key());
    let expires = time_text(created["expiresAt"].as_i64().unwrap_or_default());
    if args.json {
        println!("{}", json!({ "id": id, "link": link, "expiresAt": created["expiresAt"] }));
        return Ok(());
    }
    println!("Request {id} (expires {expires})");
    println!("{link}");
    if args.qr {
        print!("{}", qr_text(&link)?);
        println!();
    }
    if args.message {
        println!();
        println!("---- note for the person you ask ----");
        println!("Hello,");
        println!();
        println!("please send me \"{title}\" through this secure link:");
        println!();
        println!("{link}");
        println!();
        println!("Open it in your browser, fill in the form and press \"Send securely\". What you type is");
        println!("encrypted in your browser; only I can read it. No account is needed. The link works once");
        println!("and expires on {expires}. Afterwards the page shows a short confirmation code: please");
        println!("read it to me so I know your answer arrived unchanged.");
        println!("---- end of note ----");
    }
    eprintln!("ksm: when it is answered, run `ksm share receive {id}` (or add --wait)");
    Ok(())
}

/// What became of one request.
enum Outcome {
    Received { record_uid: String, code: String },
    Waiting,
    Finished(String),
}

pub fn receive(context: &Context, args: &ReceiveArgs) -> anyhow::Result<()> {
    let (credentials, mut session) = open(context)?;
    let keys = KeyStore::open(&credentials)?;
    let ids = match &args.id {
        Some(id) => vec![id.clone()],
        None => keys.ids()?,
    };
    if ids.is_empty() {
        eprintln!("ksm: no open requests from this profile");
    }
    let mut lines = Vec::new();
    let mut failures = 0;
    for id in &ids {
        let outcome = loop {
            let outcome = receive_one(&mut session, &keys, id);
            match outcome {
                Ok(Outcome::Waiting) if args.wait => std::thread::sleep(WAIT_POLL),
                other => break other,
            }
        };
        let line = match outcome {
            Ok(Outcome::Received { record_uid, code }) => {
                if !args.json {
                    println!("{id}: received into record {record_uid}; confirmation code {code}");
                }
                json!({ "id": id, "state": "received", "recordUid": record_uid, "confirmationCode": code })
            }
            Ok(Outcome::Waiting) => {
                if !args.json {
                    println!("{id}: not answered yet");
                }
                json!({ "id": id, "state": "open" })
            }
            Ok(Outcome::Finished(state)) => {
                if !args.json {
                    println!("{id}: {state}; nothing to receive");
                }
                json!({ "id": id, "state": state })
            }
            Err(error) if args.id.is_some() => return Err(error),
            Err(error) => {
                failures += 1;
                eprintln!("ksm: {id}: {error:#}");
                json!({ "id": id, "error": format!("{error:#}") })
            }
        };
        lines.push(line);
    }
    credentials.save_changes(&session)?;
    if args.json {
        println!("{}", Value::Array(lines));
    }
    match failures {
        0 => Ok(()),
        _ => Err(fail(ErrorKind::Server, format!("{failures} of {} requests could not be received", ids.len()))),
    }
}

fn receive_one(session: &mut Session, keys: &KeyStore, id: &str) -> anyhow::Result<Outcome> {
    let pending = keys.load(id)?.ok_or_else(|| {
        fail(ErrorKind::NotFound, format!("request {id} was not made from this profile (or was already received)"))
    })?;
    let answer = owner_call(session, "request_answer", json!({ "id": id }))?;
    let state = answer["state"].as_str().unwrap_or_default().to_string();
    match state.as_str() {
        "open" => return Ok(Outcome::Waiting),
        "fulfilled" => {}
        _ => {
            keys.delete(id)?;
            return Ok(Outcome::Finished(state));
        }
    }
    let field = |name: &str| {
        answer[name]
            .as_str()
            .and_then(|text| b64::decode(text).ok())
            .ok_or_else(|| fail(ErrorKind::Server, format!("the server's answer has no {name}")))
    };
    let (enc, ciphertext) = (field("enc")?, field("ciphertext")?);
    let private_key = b64::decode(&pending.private_key)
        .ok()
        .and_then(|der| EcPrivateKey::from_pkcs8_der(&der).ok())
        .ok_or_else(|| fail(ErrorKind::Storage, format!("the stored key of request {id} is damaged")))?;
    let padded = hpke::open(&private_key, &enc, REQUEST_INFO, id.as_bytes(), &ciphertext).map_err(|_| {
        fail(ErrorKind::Server, format!("the answer to {id} does not decrypt with this request's key; revoke it"))
    })?;
    let plaintext = padding::unpad(&padded).map_err(|e| fail(ErrorKind::Server, format!("the answer to {id}: {e}")))?;
    let body: Value = serde_json::from_slice(plaintext)
        .map_err(|_| fail(ErrorKind::Server, format!("the answer to {id} is not the page's JSON")))?;
    let values = body["fields"]
        .as_object()
        .ok_or_else(|| fail(ErrorKind::Server, format!("the answer to {id} has no fields")))?;
    let record = record_from_answer(&pending.record_type, &pending.title, values)?;
    let folders = session.folders()?;
    let folder = find(&folders, &pending.folder_uid)?;
    let record_uid = writes::create_record(session, folder, shared_folder(&folders, folder)?, &record)?;
    owner_call(session, "request_ack", json!({ "id": id, "recordUid": record_uid }))?;
    keys.delete(id)?;
    Ok(Outcome::Received { record_uid, code: code::confirmation_code(&enc, &ciphertext) })
}

pub fn list(context: &Context, json: bool) -> anyhow::Result<()> {
    let (credentials, mut session) = open(context)?;
    let listing = owner_call(&mut session, "list", json!({}))?;
    credentials.save_changes(&session)?;
    if json {
        println!("{listing}");
        return Ok(());
    }
    let entries: Vec<&Value> =
        ["requests", "sends"].iter().flat_map(|kind| listing[kind].as_array().into_iter().flatten()).collect();
    if entries.is_empty() {
        println!("No requests or sends.");
        return Ok(());
    }
    println!("{:<22}  {:<7}  {:<9}  {:<22}  EXPIRES", "ID", "KIND", "STATE", "FOLDER/RECORD");
    for entry in entries {
        println!(
            "{:<22}  {:<7}  {:<9}  {:<22}  {}",
            entry["id"].as_str().unwrap_or_default(),
            entry["kind"].as_str().unwrap_or_default(),
            entry["state"].as_str().unwrap_or_default(),
            entry["targetUid"].as_str().unwrap_or_default(),
            time_text(entry["expiresAt"].as_i64().unwrap_or_default()),
        );
    }
    Ok(())
}

pub fn revoke(context: &Context, id: &str) -> anyhow::Result<()> {
    let (credentials, mut session) = open(context)?;
    owner_call(&mut session, "revoke", json!({ "id": id }))?;
    credentials.save_changes(&session)?;
    if let Ok(keys) = KeyStore::open(&credentials) {
        if ksm_proto::uid::is_uid(id) {
            keys.delete(id)?;
        }
    }
    println!("Revoked {id}: its link no longer works.");
    Ok(())
}
