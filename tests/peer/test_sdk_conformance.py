"""The official Python SDK (keeper-secrets-manager-core 17.3.0), used as a library,
against a running ksm-server.

Every test that binds mints its own one-time token (`client add`), so tests are
independent and can run in any order. Seed records live in the "Peer Read"
shared folder and are never modified; tests write only under "Peer Write".
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import sqlite3
import subprocess
import ssl
import time
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec
from keeper_secrets_manager_core.configkeys import ConfigKeys
from keeper_secrets_manager_core.dto.dtos import KeeperFileUpload, RecordCreate, RecordField
from keeper_secrets_manager_core.dto.payload import CreateOptions, QueryOptions
from keeper_secrets_manager_core.exceptions import KeeperError

import ksmpeer as kp

UID_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")
# Python SDK error text for a non-200 JSON error body (core.py handler_http_error, l. 831)
SDK_ERROR_RE = re.compile(r"^Error: (?P<code>[A-Za-z0-9_.-]+), message=(?P<message>.*)$", re.S)


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------

def assert_clean(resp):
    """The SDK silently drops records/folders it cannot parse or decrypt into
    bad_records / bad_folders (core.py l. 975-999): make that a failure."""
    bad = [f"record {b['r'].get('recordUid')}: {b['err']}" for b in resp.bad_records]
    bad += [f"folder {b['f'].get('folderUid')}: {b['err']}" for b in resp.bad_folders]
    assert not bad, "SDK rejected parts of the get_secret response:\n" + "\n".join(bad)


def fetch(sm, uids=None, folders=None):
    """get_secrets through the SDK, failing on anything the SDK could not decrypt."""
    query = QueryOptions(records_filter=uids, folders_filter=folders)
    resp = sm.get_secrets_with_options(query, full_response=True)
    assert_clean(resp)
    return resp.records


def one(sm, uid):
    records = fetch(sm, [uid])
    assert [r.uid for r in records] == [uid], f"get_secrets([{uid}]) returned {[r.uid for r in records]}"
    return records[0]


def by_uid(records):
    out = {}
    for r in records:
        assert r.uid not in out, f"record {r.uid} returned twice"
        out[r.uid] = r
    return out


def password_of(record) -> str:
    return kp.field_values(record.dict, "password")[0]


def sdk_error(excinfo) -> re.Match:
    """The SDK raised KeeperError("Error: <code>, message=<message>"), i.e. the server
    answered with a plaintext JSON error body carrying `error` (or `result_code`)."""
    text = str(excinfo.value)
    m = SDK_ERROR_RE.match(text)
    assert m, f"expected a structured server error ('Error: <code>, message=...'), got {text!r}"
    return m


def assert_seed_record(rec, spec: kp.SeedRecord, seed: kp.Seed):
    assert rec.uid == seed.uid(spec.key)
    assert rec.title == spec.title
    assert rec.type == "login"
    assert isinstance(rec.revision, int) and not isinstance(rec.revision, bool), \
        f"revision should be an integer, got {rec.revision!r}"
    assert rec.is_editable is True, "records of a folder shared --editable must be isEditable"
    assert rec.folder_uid == seed.read_folder, \
        f"{spec.title}: folder_uid {rec.folder_uid!r} != shared folder {seed.read_folder!r}"
    if spec.key == "two":
        assert rec.inner_folder_uid == seed.read_sub, \
            f"record in a sub-folder must carry innerFolderUid={seed.read_sub!r}, got {rec.inner_folder_uid!r}"
    else:
        assert not rec.inner_folder_uid, f"record at the shared-folder root has innerFolderUid {rec.inner_folder_uid!r}"
    assert kp.field_values(rec.dict, "login") == [spec.login]
    assert kp.field_values(rec.dict, "password") == [spec.password]
    assert rec.password == spec.password  # SDK convenience attribute for login records
    if spec.url:
        assert kp.field_values(rec.dict, "url") == [spec.url]
    for label, type_, value in spec.custom:
        assert kp.field_values(rec.dict, type_, custom=True, label=label) == value
    assert rec.dict.get("notes") == spec.notes or (spec.notes is None and not rec.dict.get("notes"))
    if spec.file:
        assert [f.f.get("fileUid") for f in rec.files] == [seed.seed_file_uid]
    else:
        assert rec.files == []


def new_login(title: str, **extra_custom) -> RecordCreate:
    rc = RecordCreate("login", title)
    rc.fields = [
        RecordField("login", "created@example.com"),
        RecordField("password", "Cr3ated-Pa55"),
        RecordField("url", "https://created.example.com"),
    ]
    rc.custom = [RecordField("text", "made by the SDK", label="Created By"),
                 RecordField("phone", [dict(kp.PHONE, number="555-0199")], label="Desk Phone")]
    rc.notes = "created through create_secret"
    return rc


def client_entry(peer, info):
    """The `client list --app` entry of the device `client add` minted as `info`."""
    device_id = info["device_id"]
    entries = [c for c in peer.admin.client_list(peer.seed.app_uid) if c.get("device_id") == device_id]
    assert len(entries) == 1, f"`client list --app` should list device {device_id} once, got {entries!r}"
    return entries[0]


# --------------------------------------------------------------------------------------
# tokens and binding
# --------------------------------------------------------------------------------------

def test_client_add_output(peer):
    info = peer.mint("output-check")
    token = info["token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", token), f"token must be bare 43-char B64U: {token!r}"
    assert len(kp.b64u_decode(token)) == 32
    assert info["client_id"] == kp.expected_client_id(token)
    assert info["hostname"] == peer.hostname, "client add should default --hostname to the running server"
    assert isinstance(info["server_public_key_id"], str) and info["server_public_key_id"].isdigit()
    spk = info["server_public_key"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{87}", spk), f"server_public_key must be B64U without padding: {spk!r}"
    raw = kp.b64u_decode(spk)
    assert len(raw) == 65 and raw[0] == 4
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)  # a valid P-256 point
    if peer.admin.server_url:
        # From the owner's machine there is no CA file: devices pin `cert_sha256`.
        assert info["ca_cert"] == "" and re.fullmatch(r"[0-9a-f]{64}", info["cert_sha256"]), info
    else:
        assert Path(info["ca_cert"]).read_bytes() == peer.ca_cert.read_bytes()
    # The token travels in the environment, never in the init command's argv (ps shows argv).
    assert info["init_command"].startswith(f"KSM_CLI_TOKEN={token} ksm profile init ")
    assert info["init_command"].count(token) == 1 and "--token" not in info["init_command"]
    assert info["init_args"][:2] == ["profile", "init"] and token not in " ".join(info["init_args"])
    # The server knows the device by a keyed hash of its client id, never by the client id.
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", info["device_id"])
    listing = json.dumps(peer.admin.client_list()) + json.dumps(peer.admin.audit())
    assert info["client_id"] not in listing
    assert info["client_id"].encode() not in b"".join(
        p.read_bytes() for p in peer.data_dir.glob("vault.db*"))

    # The certificate the server presents chains to the CA and names 127.0.0.1 (an IP
    # SAN), and `cert_sha256` is the SHA-256 of that certificate (or of the CA) as hex.
    ctx = ssl.create_default_context(cafile=str(peer.ca_cert))
    with socket.create_connection(("127.0.0.1", peer.server.port), timeout=10) as raw_sock:
        with ctx.wrap_socket(raw_sock, server_hostname="127.0.0.1") as tls:
            leaf_der = tls.getpeercert(binary_form=True)
    ca_der = ssl.PEM_cert_to_DER_cert(peer.ca_cert.read_text())
    fingerprint = info["cert_sha256"].replace(":", "").lower()
    assert fingerprint in (hashlib.sha256(leaf_der).hexdigest(), hashlib.sha256(ca_der).hexdigest()), \
        f"cert_sha256 {info['cert_sha256']!r} is neither the served certificate's nor the CA's SHA-256"

    entry = client_entry(peer, info)
    assert entry.get("name") == "output-check"
    assert entry.get("bound") is False and entry.get("revoked") is False


def test_bind_then_get_all_secrets(peer, new_client, seed):
    sm, info = new_client(bind=False)
    cfg = sm.config
    assert cfg.get(ConfigKeys.KEY_CLIENT_KEY) == info["token"]
    assert cfg.get(ConfigKeys.KEY_CLIENT_ID) == info["client_id"]
    assert cfg.get(ConfigKeys.KEY_APP_KEY) is None
    assert cfg.get(ConfigKeys.KEY_SERVER_PUBLIC_KEY) == info["server_public_key"]
    assert cfg.get(ConfigKeys.KEY_SERVER_PUBLIC_KEY_ID) == info["server_public_key_id"]

    resp = sm.get_secrets(full_response=True)  # binds, then re-fetches (justBound)
    assert_clean(resp)

    # What the SDK stored from the bind response
    assert cfg.get(ConfigKeys.KEY_CLIENT_KEY) is None, "SDK deletes clientKey after a successful bind"
    assert len(base64.b64decode(cfg.get(ConfigKeys.KEY_APP_KEY))) == 32
    owner = base64.b64decode(cfg.get(ConfigKeys.KEY_OWNER_PUBLIC_KEY) or "")
    assert len(owner) == 65 and owner[0] == 4, "bind response must carry appOwnerPublicKey"
    assert resp.appData.title == kp.APP_TITLE
    assert resp.expiresOn is None or isinstance(resp.expiresOn, int)

    records = by_uid(resp.records)
    read_records = {uid: r for uid, r in records.items() if r.folder_uid == seed.read_folder}
    assert set(read_records) == set(seed.records.values())
    for key, spec in seed.specs.items():
        assert_seed_record(read_records[seed.uid(key)], spec, seed)
    for r in records.values():
        assert r.folder_uid in (seed.read_folder, seed.write_folder), \
            f"record {r.uid} from a folder not shared with the app: {r.folder_uid!r}"

    shared = {f.uid: f for f in resp.folders}
    assert {seed.read_folder, seed.write_folder} <= set(shared)
    assert all(len(f.key) == 32 for f in shared.values())

    assert client_entry(peer, info).get("bound") is True
    # bound path (no publicKey in the payload, signature checked with the stored key)
    assert one(sm, seed.uid("one")).title == "Peer Login One"


def test_get_secrets_filtered_by_uid(client, seed):
    rec = one(client, seed.uid("two"))
    assert_seed_record(rec, seed.specs["two"], seed)

    pair = by_uid(fetch(client, [seed.uid("one"), seed.uid("file")]))
    assert set(pair) == {seed.uid("one"), seed.uid("file")}
    assert_seed_record(pair[seed.uid("one")], seed.specs["one"], seed)
    assert_seed_record(pair[seed.uid("file")], seed.specs["file"], seed)


def test_get_secrets_filtered_by_folder(client, seed):
    resp = client.get_secrets_with_options(
        QueryOptions(records_filter=None, folders_filter=[seed.read_folder]), full_response=True)
    assert_clean(resp)
    assert [f.uid for f in resp.folders] == [seed.read_folder]
    assert set(by_uid(resp.records)) == set(seed.records.values())


def test_get_folders(client, seed):
    folders = {f.folder_uid: f for f in client.get_folders()}
    expected = {
        seed.read_folder: (kp.READ_FOLDER, ""),
        seed.read_sub: (kp.READ_SUB, seed.read_folder),
        seed.write_folder: (kp.WRITE_FOLDER, ""),
        seed.write_sub: (kp.WRITE_SUB, seed.write_folder),
    }
    for uid, (name, parent) in expected.items():
        assert uid in folders, f"get_folders() lacks {name!r} ({uid}); got {list(folders)}"
        f = folders[uid]
        assert f.name == name
        assert (f.parent_uid or "") == parent, f"{name}: parent {f.parent_uid!r} != {parent!r}"
        assert isinstance(f.folder_key, bytes) and len(f.folder_key) == 32
    for f in folders.values():  # nothing outside the two shared trees
        root = f.folder_uid
        while folders[root].parent_uid:
            root = folders[root].parent_uid
            assert root in folders, f"folder {f.folder_uid} has a parent missing from get_folders()"
        assert root in (seed.read_folder, seed.write_folder)

    # the shared folder key is the same whether it comes from get_folders or get_secret
    resp = client.get_secrets(full_response=True)
    assert_clean(resp)
    shared = {f.uid: f.key for f in resp.folders}
    assert shared[seed.read_folder] == folders[seed.read_folder].folder_key
    assert shared[seed.write_folder] == folders[seed.write_folder].folder_key


def test_notation(client, seed):
    one_uid, spec = seed.uid("one"), seed.specs["one"]
    one(client, one_uid)  # notation swallows decrypt failures into "no records match"
    cases = {
        f"keeper://{one_uid}/field/login": [spec.login],
        f"keeper://{one_uid}/field/password": [spec.password],
        f"{one_uid}/field/url": [spec.url],
        f"keeper://{one_uid}/custom_field/phone[0][number]": [kp.PHONE["number"]],
        f"keeper://{one_uid}/custom_field/Office Phone[0][ext]": [kp.PHONE["ext"]],
        f"keeper://{one_uid}/custom_field/Tags[1]": [kp.TAGS[1]],
        f"keeper://{one_uid}/custom_field/Tags[]": kp.TAGS,
        f"keeper://{one_uid}/type": ["login"],
        f"keeper://{one_uid}/title": [spec.title],
        f"keeper://{one_uid}/notes": [spec.notes],
        # by title (record in the sub-folder)
        "keeper://Peer Login Two/field/login": [seed.specs["two"].login],
    }
    for notation, want in cases.items():
        assert client.get_notation_results(notation) == want, notation

    phone = client.get_notation_results(f"keeper://{one_uid}/custom_field/phone[0]")
    assert len(phone) == 1 and json.loads(phone[0]) == kp.PHONE

    blob = client.get_notation_results(f"keeper://{seed.uid('file')}/file/{kp.SEED_FILE_NAME}")
    assert len(blob) == 1 and kp.b64u_decode(blob[0]) == kp.SEED_FILE_BYTES


# --------------------------------------------------------------------------------------
# writes
# --------------------------------------------------------------------------------------

def test_save_updates_record_and_revision(peer, client, write_record):
    uid = write_record(password="before-save")
    rec = one(client, uid)
    rev0 = rec.revision
    new_title = peer.unique("Peer Saved")
    rec.title = new_title
    rec.field("password", "after-save \u2713")           # calls Record._update()
    rec.add_custom_field(field_type="text", label="Added", value="added value")
    client.save(rec)

    after = one(client, uid)
    assert after.title == new_title
    assert password_of(after) == "after-save \u2713"
    assert kp.field_values(after.dict, "text", custom=True, label="Added") == ["added value"]
    assert kp.field_values(after.dict, "login") == ["writer@example.com"]
    assert after.revision != rev0 and after.revision > rev0, (rev0, after.revision)

    shown = peer.admin.record_show(uid)
    assert shown["revision"] == after.revision
    assert shown["data"]["title"] == new_title
    assert kp.field_values(shown["data"], "password") == ["after-save \u2713"]
    assert kp.field_triples(shown["data"]) == kp.field_triples(after.dict)
    assert kp.field_triples(shown["data"], custom=True) == kp.field_triples(after.dict, custom=True)

    # the revision the server hands out is the one it accepts next
    after.field("password", "second-save")
    client.save(after)
    again = one(client, uid)
    assert password_of(again) == "second-save" and again.revision > after.revision


def test_create_secret_in_subfolder(peer, client, seed):
    title = peer.unique("Peer Created")
    folders = client.get_folders()
    uid = client.create_secret_with_options(CreateOptions(seed.write_folder, seed.write_sub),
                                            new_login(title), folders=folders)
    assert UID_RE.match(uid)

    rec = one(client, uid)
    assert (rec.title, rec.type) == (title, "login")
    assert rec.folder_uid == seed.write_folder
    assert rec.inner_folder_uid == seed.write_sub
    assert rec.is_editable is True
    assert isinstance(rec.revision, int)
    assert kp.field_values(rec.dict, "login") == ["created@example.com"]
    assert rec.password == "Cr3ated-Pa55"
    assert kp.field_values(rec.dict, "text", custom=True, label="Created By") == ["made by the SDK"]
    assert kp.field_values(rec.dict, "phone", custom=True, label="Desk Phone")[0]["number"] == "555-0199"
    assert rec.dict.get("notes") == "created through create_secret"
    assert [r.uid for r in fetch(client)].count(uid) == 1

    # The owner (admin CLI) decrypts the record through the recordKey owner ciphertext.
    shown = peer.admin.record_show(uid)
    assert shown["uid"] == uid
    assert shown["folder_uid"] == seed.write_sub
    assert shown["revision"] == rec.revision
    assert (shown["data"]["title"], shown["data"]["type"]) == (title, "login")
    assert kp.field_triples(shown["data"]) == kp.field_triples(rec.dict)
    assert kp.field_triples(shown["data"], custom=True) == kp.field_triples(rec.dict, custom=True)
    assert shown["data"].get("notes") == "created through create_secret"


def test_create_secret_naming_the_shared_folder_as_sub_folder(peer, client, seed):
    # The official CLI sends subFolderUid == folderUid when the target is the shared folder.
    title = peer.unique("Peer Created In Root")
    folders = client.get_folders()
    uid = client.create_secret_with_options(CreateOptions(seed.write_folder, seed.write_folder),
                                            new_login(title), folders=folders)
    rec = one(client, uid)
    assert rec.title == title
    assert rec.folder_uid == seed.write_folder and not rec.inner_folder_uid
    assert peer.admin.record_show(uid)["folder_uid"] == seed.write_folder


def test_get_folders_parents_first_whatever_the_timestamps(peer, client, seed):
    # A chain of nested folders; then every folder gets the same creation time, so only the
    # server's ordering keeps parents before children (the SDK needs the parent's key first).
    parent, chain = seed.write_folder, []
    for depth in range(8):
        folders = client.get_folders()
        parent = client.create_folder(CreateOptions(seed.write_folder, parent), f"Peer Depth {depth}",
                                      folders=folders)
        chain.append(parent)
    if os.environ.get("KSM_PEER_DATABASE"):
        subprocess.run(["psql", "-q", os.environ["KSM_PEER_DATABASE"], "-c", "UPDATE folders SET created_at = 0"],
                       check=True, timeout=30)
    else:
        with sqlite3.connect(peer.data_dir / "vault.db", timeout=10) as db:
            db.execute("UPDATE folders SET created_at = 0")
    try:
        listed = client.get_folders()
        by_uid = {f.folder_uid: f for f in listed}
        for depth, uid in enumerate(chain):
            assert by_uid[uid].name == f"Peer Depth {depth}"
            assert by_uid[uid].parent_uid == (chain[depth - 1] if depth else seed.write_folder)
        order = [f.folder_uid for f in listed]
        assert all(order.index(chain[i - 1]) < order.index(chain[i]) for i in range(1, len(chain)))
    finally:
        client.delete_folder([chain[0]], force_deletion=True)


def test_create_secret_legacy_into_shared_folder(peer, client, seed, write_record):
    write_record()  # legacy create_secret needs the folder to hold at least one record
    title = peer.unique("Peer Created Legacy")
    uid = client.create_secret(seed.write_folder, new_login(title))
    assert UID_RE.match(uid)
    rec = one(client, uid)
    assert rec.title == title
    assert rec.folder_uid == seed.write_folder and not rec.inner_folder_uid
    shown = peer.admin.record_show(uid)
    assert shown["folder_uid"] == seed.write_folder
    assert kp.field_values(shown["data"], "password") == ["Cr3ated-Pa55"]


def test_folder_lifecycle(peer, client, seed):
    name = peer.unique("Peer Folder")
    parent = client.create_folder(CreateOptions(seed.write_folder, None), name)
    assert UID_RE.match(parent)
    folders = client.get_folders()
    f = {x.folder_uid: x for x in folders}
    assert f[parent].name == name and f[parent].parent_uid == seed.write_folder

    # depth 2: the new folder's key is still wrapped with the shared folder key
    child = client.create_folder(CreateOptions(seed.write_folder, parent), "Peer Child", folders=folders)
    f = {x.folder_uid: x for x in client.get_folders()}
    assert f[child].name == "Peer Child" and f[child].parent_uid == parent

    renamed = name + " (renamed)"
    client.update_folder(parent, renamed)
    f = {x.folder_uid: x for x in client.get_folders()}
    assert f[parent].name == renamed and f[parent].parent_uid == seed.write_folder
    assert f[child].parent_uid == parent

    rec_uid = client.create_secret_with_options(CreateOptions(seed.write_folder, child),
                                                new_login(peer.unique("Peer In Child")))
    rec = one(client, rec_uid)
    assert rec.folder_uid == seed.write_folder and rec.inner_folder_uid == child
    assert peer.admin.record_show(rec_uid)["folder_uid"] == child

    result = client.delete_folder([child])  # not empty: refused without forceDeletion
    assert [r.get("folderUid") for r in result] == [child], result
    assert result[0].get("responseCode") != "ok", f"non-empty folder deleted without forceDeletion: {result}"
    assert child in {x.folder_uid for x in client.get_folders()}
    assert one(client, rec_uid).inner_folder_uid == child

    result = client.delete_folder([child], force_deletion=True)
    assert [(r.get("folderUid"), r.get("responseCode")) for r in result] == [(child, "ok")], result
    f = {x.folder_uid: x for x in client.get_folders()}
    assert child not in f and parent in f
    assert fetch(client, [rec_uid]) == [], "records of a force-deleted folder must be gone"

    result = client.delete_folder(parent)
    assert [(r.get("folderUid"), r.get("responseCode")) for r in result] == [(parent, "ok")], result
    f = {x.folder_uid: x for x in client.get_folders()}
    assert parent not in f
    assert seed.write_folder in f and seed.write_sub in f


def test_upload_then_download_file(peer, client, write_record):
    uid = write_record()
    rec = one(client, uid)
    rev0 = rec.revision
    data = b"".join(hashlib.sha256(bytes([i])).digest() for i in range(200)) + b"\x00\xff tail"
    upload = KeeperFileUpload(name="peer-upload.bin", title="Peer Upload",
                              mime_type="application/octet-stream", data=data)
    file_uid = client.upload_file(rec, upload)
    assert isinstance(file_uid, str) and len(kp.b64u_decode(file_uid)) == 16

    after = one(client, uid)
    assert after.revision > rev0, "add_file re-encrypts the owner record; its revision must move"
    assert file_uid in kp.field_values(after.dict, "fileRef")
    files = {f.f.get("fileUid"): f for f in after.files}
    assert set(files) == {file_uid}
    f = files[file_uid]
    assert (f.name, f.title, f.type, f.size) == ("peer-upload.bin", "Peer Upload",
                                                  "application/octet-stream", len(data))
    assert isinstance(f.last_modified, int)
    assert f.get_file_data() == data

    blob = client.get_notation_results(f"keeper://{uid}/file/peer-upload.bin")
    assert [kp.b64u_decode(b) for b in blob] == [data]
    assert file_uid in kp.field_values(peer.admin.record_show(uid)["data"], "fileRef")


def test_download_admin_attached_file(client, seed):
    rec = one(client, seed.uid("file"))
    assert len(rec.files) == 1
    f = rec.files[0]
    assert f.f.get("fileUid") == seed.seed_file_uid
    assert (f.name, f.title, f.size) == (kp.SEED_FILE_NAME, kp.SEED_FILE_TITLE, len(kp.SEED_FILE_BYTES))
    assert isinstance(f.type, str) and f.type
    assert f.get_file_data() == kp.SEED_FILE_BYTES

    # the download URL itself: a plain GET (no Keeper headers) returning GCM(fileKey, bytes)
    rs = requests.get(f.f["url"], timeout=30)
    assert rs.status_code == 200
    assert len(rs.content) == len(kp.SEED_FILE_BYTES) + 28


def test_delete_secret(client, write_record):
    uid = write_record()
    assert one(client, uid).uid == uid
    result = client.delete_secret([uid])
    assert [(r.get("recordUid"), r.get("responseCode")) for r in result] == [(uid, "ok")], result
    assert fetch(client, [uid]) == []
    assert uid not in {r.uid for r in fetch(client)}


def test_rotation_transaction_commit(peer, client, write_record):
    uid = write_record(password="before-rotation")
    rec = one(client, uid)
    rev0 = rec.revision
    rec.field("password", "after-rotation")
    client.save(rec, transaction_type="rotation")
    client.complete_transaction(uid, rollback=False)

    after = one(client, uid)
    assert password_of(after) == "after-rotation"
    assert after.revision > rev0
    assert kp.field_values(peer.admin.record_show(uid)["data"], "password") == ["after-rotation"]


def test_rotation_transaction_rollback(peer, client, write_record):
    uid = write_record(password="keep-me")
    rec = one(client, uid)
    rec.field("password", "discard-me")
    client.save(rec, transaction_type="rotation")
    client.complete_transaction(uid, rollback=True)

    after = one(client, uid)
    assert password_of(after) == "keep-me"
    assert kp.field_values(peer.admin.record_show(uid)["data"], "password") == ["keep-me"]

    # no transaction left open: a plain save goes through
    after.field("password", "plain-save")
    client.save(after)
    assert password_of(one(client, uid)) == "plain-save"


def test_stale_revision_refused(new_client, write_record):
    uid = write_record(password="base")
    sm1, _ = new_client()
    sm2, _ = new_client()
    r1, r2 = one(sm1, uid), one(sm2, uid)
    assert r1.revision == r2.revision

    r1.field("password", "first-writer")
    sm1.save(r1)
    r2.field("password", "stale-writer")
    with pytest.raises(KeeperError) as excinfo:
        sm2.save(r2)
    sdk_error(excinfo)
    assert password_of(one(sm2, uid)) == "first-writer"


# --------------------------------------------------------------------------------------
# refusals
# --------------------------------------------------------------------------------------

def test_revoked_device_refused(peer, new_client, seed):
    sm, info = new_client()
    other, _ = new_client()
    assert one(sm, seed.uid("one")).uid == seed.uid("one")

    peer.admin.client_revoke(info["client_id"])
    assert client_entry(peer, info).get("revoked") is True

    with pytest.raises(KeeperError) as excinfo:
        sm.get_secrets()
    assert sdk_error(excinfo).group("code") == "access_denied", str(excinfo.value)
    # revocation is per device
    assert one(other, seed.uid("one")).uid == seed.uid("one")


def test_reused_token_refused(peer, new_client, seed):
    sm1, info = new_client()            # token redeemed
    sm2 = peer.sdk(info)                # same token, fresh config and device key
    with pytest.raises(KeeperError) as excinfo:
        sm2.get_secrets()
    m = sdk_error(excinfo)
    assert m.group("code") == "access_denied", str(excinfo.value)
    assert m.group("message").strip() not in ("", "NA"), str(excinfo.value)
    assert sm2.config.get(ConfigKeys.KEY_APP_KEY) is None
    # the legitimate device is unaffected
    assert one(sm1, seed.uid("one")).uid == seed.uid("one")
    assert client_entry(peer, info).get("revoked") is False


def test_unknown_token_refused(peer):
    info = dict(peer.mint("never-used"))
    info["token"] = base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")
    sm = peer.sdk(info)
    with pytest.raises(KeeperError) as excinfo:
        sm.get_secrets()
    assert sdk_error(excinfo).group("code") == "access_denied", str(excinfo.value)


def test_expired_token_refused(new_client):
    sm, _ = new_client(False, kp.opt("--token-expiry", "1s"))
    time.sleep(2.2)
    with pytest.raises(KeeperError) as excinfo:
        sm.get_secrets()
    assert sdk_error(excinfo).group("code") == "access_denied", str(excinfo.value)
    assert sm.config.get(ConfigKeys.KEY_APP_KEY) is None


def test_audit_records_client_activity(peer, new_client, seed):
    sm, info = new_client()
    one(sm, seed.uid("one"))
    entries = peer.admin.audit()
    mine = [e for e in entries if e.get("device_id") == info["device_id"]]
    assert mine, f"no audit entry for device {info['device_id']}"
    for e in mine:
        assert {"time", "device_id", "action", "uid"} <= set(e), e
        assert isinstance(e["action"], str) and e["action"]
