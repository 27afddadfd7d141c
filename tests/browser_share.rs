//! One-time share in real headless Chromium (Debian's chromium + chromium-driver, driven over
//! WebDriver): the pages' WebCrypto HPKE answers a request that `ksm share receive` writes into
//! the vault; a send binds to browser A and refuses browser B; `--once`; a page load without a
//! click consumes nothing; altered links fail cleanly. Screenshots go to
//! target/share-screenshots/ (the key ones are kept in docs/img/).
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
mod webdriver;

use common::*;
use std::path::PathBuf;
use webdriver::Driver;

fn screenshots() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/share-screenshots")
}

#[test]
fn a_browser_answers_a_request_that_ksm_receives_into_the_vault() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let created = json(&owner.ok(&[
        "share",
        "request",
        "--folder",
        &server.seed.folder,
        "--title",
        "ACME – AD admin",
        "--expires",
        "1h",
        "--json",
    ]));
    let (id, link) = (created["id"].as_str().unwrap(), created["link"].as_str().unwrap());

    let driver = Driver::start();
    let profiles = tempfile::tempdir().unwrap();
    let browser = driver.browser(&profiles.path().join("a"));
    browser.open(link);
    let form = browser.wait_for_section("fill");
    assert!(form.contains("ACME – AD admin"), "the page decrypted the label: {form}");
    assert!(!browser.location().contains('#'), "the fragment is removed once read: {}", browser.location());
    browser.type_into("input[name=login]", "admin@acme.example");
    browser.type_into("input[name=password]", "Browser-Typed-Secret-77");
    browser.type_into("input[name=url]", "https://acme.example");
    browser.screenshot(&screenshots().join("request-form.png"));
    assert_eq!(share_state(&owner, id), "open", "nothing is sent before the click");
    browser.click("#form button");
    let done = browser.wait_for_section("done");
    let code = browser.script("return document.getElementById('code').textContent").as_str().unwrap().to_string();
    assert_eq!(code.len(), 7, "{done}");
    browser.screenshot(&screenshots().join("request-done.png"));

    let received = owner.ok(&["share", "receive", id]);
    assert!(received.contains(&format!("confirmation code {code}")), "same code on both ends: {received}");
    assert!(!received.contains("Browser-Typed-Secret-77"));
    let uid = received.split("record ").nth(1).unwrap().split(';').next().unwrap();
    let record = json(&owner.ok(&["secret", "get", "-u", uid, "--json"]));
    let password = record["fields"].as_array().unwrap().iter().find(|f| f["type"] == "password").unwrap();
    assert_eq!(password["value"][0], "Browser-Typed-Secret-77");

    browser.open(link);
    browser.wait_for_section("gone");
    browser.screenshot(&screenshots().join("request-gone.png"));
}

#[test]
fn an_altered_request_link_fails_cleanly_and_sends_nothing() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let created = json(&owner.ok(&["share", "request", "--folder", &server.seed.folder, "--title", "T", "--json"]));
    let (id, link) = (created["id"].as_str().unwrap(), created["link"].as_str().unwrap());
    let driver = Driver::start();
    let profiles = tempfile::tempdir().unwrap();
    let browser = driver.browser(&profiles.path().join("a"));
    // The last characters carry the public key: change one, the page must notice, also when
    // the change is only in the bits base64 leaves unused after the last byte.
    for last in ['A', 'B'] {
        let altered = format!("{}{last}", &link[..link.len() - 1]);
        if altered != link {
            browser.open(&altered);
            browser.wait_for_section("broken");
        }
    }
    browser.screenshot(&screenshots().join("request-broken.png"));
    browser.open(&link[..link.len() - 10]);
    browser.wait_for_section("broken");
    // A mail gateway that encodes the '#': the key lands in the path, the page says "altered".
    browser.open(&link.replace('#', "%23"));
    browser.wait_for_section("broken");
    assert_eq!(share_state(&owner, id), "open");
}

#[test]
fn a_send_binds_to_browser_a_refuses_browser_b_and_dies_on_revoke_and_expiry() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let sent = json(&owner.ok(&["share", "send", "-u", &server.seed.login, "--fields", "login,password", "--json"]));
    let (id, link) = (sent["id"].as_str().unwrap(), sent["link"].as_str().unwrap());
    let driver = Driver::start();
    let profiles = tempfile::tempdir().unwrap();

    // A preview bot: loads the page (and its script) but never clicks.
    {
        let bot = driver.browser(&profiles.path().join("bot"));
        bot.open(link);
        bot.wait_for_section("ready");
        bot.screenshot(&screenshots().join("send-ready.png"));
    }
    assert_eq!(share_state(&owner, id), "open", "a page load binds and burns nothing");

    let a = driver.browser(&profiles.path().join("a"));
    a.open(link);
    a.wait_for_section("ready");
    a.click("#reveal");
    let shown = a.wait_for_section("revealed");
    assert!(shown.contains(seed::PASSWORD) && shown.contains(seed::LOGIN), "{shown}");
    assert!(!a.location().contains('#'));
    a.screenshot(&screenshots().join("send-revealed.png"));
    assert_eq!(share_state(&owner, id), "bound");

    let b = driver.browser(&profiles.path().join("b"));
    b.open(link);
    b.wait_for_section("ready");
    b.click("#reveal");
    b.wait_for_section("other-device");
    b.screenshot(&screenshots().join("send-other-device.png"));

    a.open(link);
    a.wait_for_section("ready");
    a.click("#reveal");
    assert!(a.wait_for_section("revealed").contains(seed::PASSWORD), "A opens it again");

    owner.ok(&["share", "revoke", id]);
    for browser in [&a, &b] {
        browser.open(link);
        browser.wait_for_section("gone");
    }
    a.screenshot(&screenshots().join("send-gone.png"));

    let short = json(&owner.ok(&["share", "send", "-u", &server.seed.login, "--expires", "2s", "--json"]));
    let short_link = short["link"].as_str().unwrap();
    a.open(short_link);
    a.wait_for_section("ready");
    a.click("#reveal");
    a.wait_for_section("revealed");
    std::thread::sleep(std::time::Duration::from_millis(2500));
    for browser in [&a, &b] {
        browser.open(short_link);
        browser.wait_for_section("gone");
    }
}

#[test]
fn a_once_send_opens_once_and_an_altered_send_link_fails_cleanly() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let sent = json(&owner.ok(&["share", "send", "-u", &server.seed.login, "--once", "--json"]));
    let (id, link) = (sent["id"].as_str().unwrap(), sent["link"].as_str().unwrap());
    let driver = Driver::start();
    let profiles = tempfile::tempdir().unwrap();
    let a = driver.browser(&profiles.path().join("a"));
    a.open(link);
    a.wait_for_section("ready");
    a.click("#reveal");
    assert!(a.wait_for_section("revealed").contains("cannot be opened again"));
    assert_eq!(share_state(&owner, id), "burned");
    a.open(link);
    a.wait_for_section("gone");

    a.open(&link[..link.len() - 5]);
    a.wait_for_section("broken");
}

/// The page's WebCrypto HPKE, fed the RFC 9180 vector's ephemeral key, produces the vector's
/// `enc` and ciphertext (the Rust side is pinned by crates/ksm-proto/tests/hpke_vectors.rs).
#[test]
fn the_pages_hpke_reproduces_the_rfc9180_vectors() {
    let server = start_server(&[]);
    let driver = Driver::start();
    let profiles = tempfile::tempdir().unwrap();
    let browser = driver.browser(&profiles.path().join("a"));
    browser.open(&server.url("/share/r"));
    browser.wait_for_section("broken");
    let file: serde_json::Value =
        serde_json::from_str(include_str!("../crates/ksm-proto/tests/data/hpke_p256_sha256_aes256gcm.json")).unwrap();
    let vector = &file["vectors"][0];
    let script = r#"
        const [v, done] = arguments;
        const hex = h => Uint8Array.from(h.match(/../g).map(b => parseInt(b, 16)));
        const toHex = a => Array.from(a, b => b.toString(16).padStart(2, "0")).join("");
        const b64u = a => btoa(String.fromCharCode(...a)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
        (async () => {
          const m = await import("/share/static/hpke.js");
          const pkE = hex(v.pkEm);
          const jwk = { kty: "EC", crv: "P-256", d: b64u(hex(v.skEm)), x: b64u(pkE.slice(1, 33)), y: b64u(pkE.slice(33)) };
          const privateKey = await crypto.subtle.importKey("jwk", jwk, { name: "ECDH", namedCurve: "P-256" }, false, ["deriveBits"]);
          const publicKey = await crypto.subtle.importKey("raw", pkE, { name: "ECDH", namedCurve: "P-256" }, true, []);
          const e = v.encryptions[0];
          const out = await m.sealWith({ privateKey, publicKey }, hex(v.pkRm), hex(v.info), hex(e.aad), hex(e.pt));
          return { enc: toHex(out.enc), ct: toHex(out.ciphertext) };
        })().then(done, error => done({ error: String(error) }));
    "#;
    let result = browser.script_async(script, serde_json::json!([vector]));
    assert_eq!(result["error"], serde_json::Value::Null, "{result}");
    assert_eq!(result["enc"], vector["enc"]);
    assert_eq!(result["ct"], vector["encryptions"][0]["ct"]);
}
