//! `ksm share open|submit`: the recipient's side of a link, in the terminal. No profile is
//! needed; TLS trust comes from `KSM_CA_CERT` / `KSM_SERVER_CERT_SHA256` as for `KSM_CONFIG`.

use crate::credentials::trust_from_variables;
use crate::profile::ProfileStore;
use ksm_client::error::{fail, ErrorKind};
use ksm_client::transport::Transport;
use ksm_proto::b64;
use ksm_proto::crypto::{gcm_decrypt, EcPrivateKey};
use ksm_proto::share::link::{link_origin, parse_request_link, parse_send_link, Kind, LinkError, REQUEST_INFO};
use ksm_proto::share::{code, hpke, padding};
use serde_json::{json, Map, Value};
use std::io::{BufRead, IsTerminal, Write};
use zeroize::Zeroizing;

fn link_error(error: LinkError) -> anyhow::Error {
    fail(ErrorKind::Usage, error.to_string())
}

fn call(url: &str, body: Option<&Value>) -> anyhow::Result<(u16, Value)> {
    let transport = Transport::new(&trust_from_variables()?.unwrap_or_default())?;
    let (status, bytes) = transport.json_request(url, body)?;
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Ok((status, json))
}

/// The page side's refusals, as one line each.
fn refused(status: u16, json: &Value) -> anyhow::Error {
    match (status, json["error"].as_str()) {
        (404, _) => fail(ErrorKind::NotFound, "this link cannot be used: it expired, was already used, or was revoked"),
        (403, Some("other_device")) => {
            fail(ErrorKind::Auth, "this link was already opened on another device; only that device can open it again")
        }
        (429, _) => fail(ErrorKind::Throttled, "too many attempts on this link; wait a minute and retry"),
        _ => fail(
            ErrorKind::Server,
            format!("the server refused (HTTP {status}): {}", json["message"].as_str().unwrap_or("no message")),
        ),
    }
}

/// This user's key for device-locked links, created on first use (0600, in the ksm config dir).
fn device_key() -> anyhow::Result<EcPrivateKey> {
    let path = ProfileStore::open_default()?.dir().join("share-device.key");
    let storage = |e: std::io::Error| fail(ErrorKind::Storage, format!("cannot use {}: {e}", path.display()));
    if let Some(der) = ksm_files::read_optional(&path).map_err(storage)? {
        return EcPrivateKey::from_pkcs8_der(&der)
            .map_err(|_| fail(ErrorKind::Storage, format!("{} is not a P-256 key", path.display())));
    }
    let key = EcPrivateKey::generate();
    if let Some(dir) = path.parent() {
        ksm_files::create_private_dir(dir).map_err(storage)?;
    }
    ksm_files::write_private(&path, &key.to_pkcs8_der()).map_err(storage)?;
    Ok(key)
}

pub fn open(link: &str, as_json: bool) -> anyhow::Result<()> {
    let secret = parse_send_link(link).map_err(link_error)?;
    let origin = link_origin(link).map_err(link_error)?;
    let id = secret.id(Kind::Send);
    let device = device_key()?;
    let time = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64);
    let body = json!({
        "token": b64::encode(&*secret.token(Kind::Send)),
        "deviceKey": b64::encode(&device.public_key().to_uncompressed()),
        "time": time,
        "signature": b64::encode(&device.sign(format!("ksm-share/v1 open\n{id}\n{time}").as_bytes())),
    });
    let (status, answer) = call(&format!("{origin}/api/share/v1/s/{id}/open"), Some(&body))?;
    if status != 200 {
        return Err(refused(status, &answer));
    }
    let sealed = answer["ciphertext"].as_str().and_then(|text| b64::decode(text).ok()).unwrap_or_default();
    let padded = Zeroizing::new(
        gcm_decrypt(&secret.key(Kind::Send), &sealed)
            .map_err(|_| fail(ErrorKind::Usage, "the link's key does not open this secret: the link was altered"))?,
    );
    let content: Value = padding::unpad(&padded)
        .ok()
        .and_then(|plain| serde_json::from_slice(plain).ok())
        .ok_or_else(|| fail(ErrorKind::Server, "the shared secret is not in the expected format"))?;
    if as_json {
        println!("{content}");
        return Ok(());
    }
    println!("{}", content["title"].as_str().unwrap_or("Shared secret"));
    for field in content["fields"].as_array().into_iter().flatten() {
        println!("{}: {}", field["label"].as_str().unwrap_or_default(), field["value"].as_str().unwrap_or_default());
    }
    if answer["once"] == true {
        eprintln!("ksm: this was a one-time link; it cannot be opened again");
    }
    Ok(())
}

pub fn submit(link: &str) -> anyhow::Result<()> {
    let (secret, public_key) = parse_request_link(link).map_err(link_error)?;
    let origin = link_origin(link).map_err(link_error)?;
    let id = secret.id(Kind::Request);
    let (status, form) = call(&format!("{origin}/api/share/v1/r/{id}"), None)?;
    if status != 200 {
        return Err(refused(status, &form));
    }
    let altered = || fail(ErrorKind::Usage, "the link was altered on the way (its key does not match the request)");
    let sealed = form["label"].as_str().and_then(|text| b64::decode(text).ok()).ok_or_else(altered)?;
    let label: Value = gcm_decrypt(&secret.key(Kind::Request), &sealed)
        .ok()
        .and_then(|plain| serde_json::from_slice(&plain).ok())
        .ok_or_else(altered)?;
    if label["publicKey"].as_str() != Some(b64::encode(&public_key.to_uncompressed()).as_str()) {
        return Err(altered());
    }
    eprintln!("ksm: answering \"{}\"", label["title"].as_str().unwrap_or_default());
    let fields = label["fields"].as_array().cloned().unwrap_or_default();
    let values = read_values(&fields)?;
    let plaintext = Zeroizing::new(json!({ "fields": values }).to_string());
    let padded = Zeroizing::new(padding::pad(plaintext.as_bytes()).map_err(|e| fail(ErrorKind::Usage, e.to_string()))?);
    let (enc, ciphertext) = hpke::seal(&public_key, REQUEST_INFO, id.as_bytes(), &padded);
    let body = json!({
        "token": b64::encode(&*secret.token(Kind::Request)),
        "enc": b64::encode(&enc), "ciphertext": b64::encode(&ciphertext),
    });
    let (status, answer) = call(&format!("{origin}/api/share/v1/r/{id}"), Some(&body))?;
    if status != 201 {
        return Err(refused(status, &answer));
    }
    println!("Sent. Confirmation code: {}", code::confirmation_code(&enc, &ciphertext));
    Ok(())
}

/// The form's values: prompted for on a terminal (secrets without echo), else `name=value`
/// lines on stdin.
fn read_values(fields: &[Value]) -> anyhow::Result<Map<String, Value>> {
    let names: Vec<&str> = fields.iter().filter_map(|f| f["name"].as_str()).collect();
    let mut values = Map::new();
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        for field in fields {
            let (Some(name), Some(label)) = (field["name"].as_str(), field["label"].as_str()) else { continue };
            eprint!("{label}: ");
            std::io::stderr().flush()?;
            let value = if field["secret"] == true { read_hidden_line()? } else { read_line()? };
            values.insert(name.to_string(), Value::String(value.trim_end_matches(['\r', '\n']).to_string()));
        }
        return Ok(values);
    }
    for (number, line) in stdin.lock().lines().enumerate() {
        let line = line.map_err(|e| fail(ErrorKind::Usage, format!("cannot read stdin: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let (name, value) = line.split_once('=').ok_or_else(|| {
            fail(
                ErrorKind::Usage,
                format!("stdin line {}: expected field=value (fields: {})", number + 1, names.join(", ")),
            )
        })?;
        let name = name.trim();
        if !names.contains(&name) {
            return Err(fail(
                ErrorKind::Usage,
                format!(
                    "stdin line {}: '{name}' is not a field of this request (fields: {})",
                    number + 1,
                    names.join(", ")
                ),
            ));
        }
        values.insert(name.to_string(), Value::String(value.to_string()));
    }
    if values.is_empty() {
        return Err(fail(ErrorKind::Usage, format!("no field=value lines on stdin (fields: {})", names.join(", "))));
    }
    Ok(values)
}

fn read_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    Ok(line)
}

/// Reads one line from the terminal with echo turned off.
fn read_hidden_line() -> anyhow::Result<String> {
    Ok(rpassword::read_password()?)
}
