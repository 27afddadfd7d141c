//! `ksm share` against a real ksm-server: request → submit → receive into the vault, send →
//! open with the device lock, `--once`, revoke, altered links, and Keeper's cloud refused.
#![allow(clippy::unwrap_used, reason = "integration tests: a failed unwrap is a failed test")]

mod common;
use common::*;
use std::io::Write;
use std::process::Stdio;

/// A `ksm` user without a profile who answers and opens links; trusts the server's CA.
fn recipient(server: &ServerProcess) -> Ksm {
    let ca = server.data_dir.join("tls/ca.pem");
    Ksm::new().with_env("KSM_CA_CERT", ca.to_str().unwrap())
}

fn link_of(output: &str) -> String {
    output.lines().find(|l| l.starts_with("https://")).unwrap_or_else(|| panic!("no link in {output}")).to_string()
}

fn submit(ksm: &Ksm, link: &str, stdin: &str) -> std::process::Output {
    let mut child = ksm
        .command(&["share", "submit", link])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn a_request_answered_from_the_terminal_lands_in_the_vault() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let created = json(&owner.ok(&[
        "share",
        "request",
        "--folder",
        &server.seed.folder,
        "--type",
        "login",
        "--title",
        "ACME – AD admin",
        "--expires",
        "1h",
        "--json",
    ]));
    let (id, link) = (created["id"].as_str().unwrap(), created["link"].as_str().unwrap());
    assert!(link.contains("/share/r#1."), "{link}");
    assert!(!link.split('#').next().unwrap().contains(id), "nothing identifying outside the fragment");
    assert_eq!(owner.ok(&["share", "receive", id]).trim(), format!("{id}: not answered yet"));

    let client = recipient(&server);
    let wrong = submit(&client, link, "creditCard=1\n");
    assert_eq!(wrong.status.code(), Some(2), "{}", stderr(&wrong));
    assert_eq!(share_state(&owner, id), "open", "a refused submit sends nothing");
    let sent = submit(&client, link, "login=admin@acme\npassword=Sup3r-Secret!\nurl=https://acme.example\n");
    assert!(sent.status.success(), "{}", stderr(&sent));
    let code = String::from_utf8(sent.stdout).unwrap().trim().rsplit(' ').next().unwrap().to_string();
    assert_eq!(code.len(), 7, "{code}");
    let again = submit(&client, link, "password=second\n");
    assert_eq!(again.status.code(), Some(3), "answered once: {}", stderr(&again));

    let received = owner.ok(&["share", "receive", id]);
    assert!(received.contains(&format!("confirmation code {code}")), "{received}");
    assert!(!received.contains("Sup3r-Secret!"), "receive never prints the secret");
    let uid = received.split("record ").nth(1).unwrap().split(';').next().unwrap();
    let record = json(&owner.ok(&["secret", "get", "-u", uid, "--json"]));
    assert_eq!(record["title"], "ACME – AD admin");
    let password = record["fields"].as_array().unwrap().iter().find(|f| f["type"] == "password").unwrap();
    assert_eq!(password["value"][0], "Sup3r-Secret!");
    assert_eq!(share_state(&owner, id), "received");
    let twice = owner.fails(&["share", "receive", id], 3);
    assert!(twice.contains("already received"), "{twice}");
}

#[test]
fn receive_wait_returns_once_the_request_is_answered() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let created = json(&owner.ok(&[
        "share",
        "request",
        "--folder",
        &server.seed.folder,
        "--type",
        "encryptedNotes",
        "--title",
        "Note",
        "--json",
    ]));
    let link = created["link"].as_str().unwrap().to_string();
    let waiting = owner.command(&["share", "receive", "--all", "--wait"]).stdout(Stdio::piped()).spawn().unwrap();
    let sent = submit(&recipient(&server), &link, "note=the vault PIN is 1234\n");
    assert!(sent.status.success(), "{}", stderr(&sent));
    let output = waiting.wait_with_output().unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8(output.stdout).unwrap().contains("received into record"));
}

#[test]
fn a_send_is_locked_to_the_first_device_and_dies_on_revoke() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let sent = json(&owner.ok(&["share", "send", "-u", &server.seed.login, "--fields", "password,login", "--json"]));
    let (id, link) = (sent["id"].as_str().unwrap(), sent["link"].as_str().unwrap());
    let (alice, bob) = (recipient(&server), recipient(&server));
    let opened = alice.ok(&["share", "open", link]);
    assert!(opened.contains(&format!("password: {}", seed::PASSWORD)), "{opened}");
    assert!(opened.contains(&format!("login: {}", seed::LOGIN)) && !opened.contains(seed::NOTES), "{opened}");
    let refused = bob.fails(&["share", "open", link], 4);
    assert!(refused.contains("another device"), "{refused}");
    assert!(alice.ok(&["share", "open", link]).contains(seed::PASSWORD), "the bound device opens it again");
    assert_eq!(share_state(&owner, id), "bound");
    owner.ok(&["share", "revoke", id]);
    for user in [&alice, &bob] {
        assert!(user.fails(&["share", "open", link], 3).contains("expired, was already used, or was revoked"));
    }
}

#[test]
fn a_once_send_burns_and_altered_links_fail_cleanly() {
    let server = start_server(&[]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let link = link_of(&owner.ok(&["share", "send", "-u", &server.seed.login, "--once", "--expires", "1h"]));
    let user = recipient(&server);
    assert!(user.ok(&["share", "open", link.as_str()]).contains(seed::PASSWORD));
    user.fails(&["share", "open", link.as_str()], 3);

    let link = link_of(&owner.ok(&["share", "send", "-u", &server.seed.login]));
    let cut = &link[..link.len() - 4];
    assert!(user.fails(&["share", "open", cut], 2).contains("altered"));
    let mangled = link.replace('#', "%23");
    assert!(user.fails(&["share", "open", mangled.as_str()], 2).contains("'#'"));
    assert!(user.fails(&["share", "submit", link.as_str()], 2).contains("altered"), "a send link is not a request");
}

#[test]
fn share_refuses_keeper_cloud_and_bad_arguments() {
    let server = start_server(&[]);
    let cloud = Ksm::new().with_env("KSM_CONFIG", r#"{"hostname":"EU","clientId":"x","privateKey":"x"}"#);
    let line = cloud.fails(&["share", "list"], 2);
    assert!(line.contains("needs a ksm-server"), "{line}");
    let owner = Ksm::enrolled(&server, &server.seed.app);
    owner.fails(&["share", "request", "--folder", &server.seed.folder, "--title", "x", "--expires", "30d"], 2);
    owner.fails(&["share", "request", "--folder", &server.seed.folder, "--title", "x", "--type", "bankCard"], 2);
    let read_only = Ksm::enrolled(&server, &server.seed.ro_app);
    let refused = read_only.fails(&["share", "request", "--folder", &server.seed.folder, "--title", "x"], 4);
    assert!(refused.contains("read-only"), "{refused}");
    assert!(owner.fails(&["share", "revoke", "AAAAAAAAAAAAAAAAAAAAAA"], 3).contains("no share"));
}

#[test]
fn links_use_the_servers_public_url_behind_a_proxy() {
    let server = start_server(&["--public-url", "https://vault.example.com/ksm/"]);
    let owner = Ksm::enrolled(&server, &server.seed.app);
    let request = json(&owner.ok(&["share", "request", "--folder", &server.seed.folder, "--title", "x", "--json"]));
    assert!(request["link"].as_str().unwrap().starts_with("https://vault.example.com/ksm/share/r#1."), "{request}");
    let send = json(&owner.ok(&["share", "send", "-u", &server.seed.login, "--json"]));
    assert!(send["link"].as_str().unwrap().starts_with("https://vault.example.com/ksm/share/s#1."), "{send}");
}
