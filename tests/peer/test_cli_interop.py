"""The `ksm` client CLI and the official Python SDK (keeper-secrets-manager-core 17.3.0)
against the same ksm-server: what one writes, the other reads, byte for byte.

Each test mints two one-time tokens (`client add`): one bound by an SDK client, one redeemed
by `ksm profile init` (the enrollment's `init_command`, plus `--key-file`) into a profile
store of its own. Tests write only under "Peer Write" / "Peer Write Sub".

ksm binary: target/debug/ksm, or $KSM_BIN (the suite fails, not skips, when it is missing).
"""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from keeper_secrets_manager_core.dto.dtos import KeeperFileUpload, RecordCreate, RecordField
from keeper_secrets_manager_core.dto.payload import CreateOptions, QueryOptions
from keeper_secrets_manager_core.exceptions import KeeperError

import ksmpeer as kp

UID_RE = re.compile(r"[A-Za-z0-9_-]{22}")
# Python SDK error text for a non-200 JSON error body (core.py handler_http_error)
SDK_ERROR_RE = re.compile(r"^Error: (?P<code>[A-Za-z0-9_.-]+), message=(?P<message>.*)$", re.S)

# Binary, deliberately not UTF-8: every byte value, NUL runs, lone continuation bytes,
# an overlong encoding, a truncated sequence, CR/LF pairs, and a UTF-8 BOM in the middle.
BINARY = (bytes(range(256))[::-1] + b"\x00" * 9 + b"\x80\xbf\xc0\xaf\xe2\x82" + b"\r\n\n\r"
          + b"\xef\xbb\xbf" + bytes((i * 37 + 11) % 256 for i in range(3000)) + b"\xff\xfe\x00")


def _not_utf8(data: bytes) -> bytes:
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    return data


# --------------------------------------------------------------------------------------
# fixtures and helpers
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def ksm_bin() -> Path:
    return kp.require_executable(kp.ksm_binary(), "KSM_BIN", "cargo build")


@pytest.fixture
def ksm(peer, ksm_bin, client, tmp_path, request) -> kp.KsmCli:
    """`ksm` with a fresh profile, enrolled through `client add`'s init_command."""
    cli = kp.KsmCli(ksm_bin, tmp_path / "ksm")
    info = peer.mint(f"cli-{request.node.name[:40]}")
    shared = len(fetch(client))  # what the app shares right now, as the SDK counts it
    proc = cli.init(info)
    assert proc.stdout == (f"Created profile '_default' (key-file {cli.key_file}): "
                           f"{shared} records shared of application '{kp.APP_TITLE}'\n")
    assert stat.S_IMODE(cli.key_file.stat().st_mode) == 0o600, "the key file must be created 0600"
    assert any(cli.config_dir.iterdir()), f"`profile init` wrote nothing under KSM_CONFIG_DIR {cli.config_dir}"
    assert not any(cli.home.iterdir()), \
        f"`profile init` wrote into HOME despite KSM_CONFIG_DIR: {sorted(p.name for p in cli.home.iterdir())}"
    return cli


def fetch(sm, uids=None):
    """get_secrets through the SDK, failing on anything the SDK could not decrypt."""
    resp = sm.get_secrets_with_options(QueryOptions(records_filter=uids, folders_filter=None),
                                       full_response=True)
    bad = [f"record {b['r'].get('recordUid')}: {b['err']}" for b in resp.bad_records]
    bad += [f"folder {b['f'].get('folderUid')}: {b['err']}" for b in resp.bad_folders]
    assert not bad, "SDK rejected parts of the get_secret response:\n" + "\n".join(bad)
    return resp.records


def one(sm, uid):
    records = fetch(sm, [uid])
    assert [r.uid for r in records] == [uid], f"get_secrets([{uid}]) returned {[r.uid for r in records]}"
    return records[0]


def printed_uid(proc) -> str:
    """stdout is exactly one UID, without a newline (as the official CLI prints it)."""
    assert UID_RE.fullmatch(proc.stdout), f"expected one UID on stdout, got {proc.stdout!r}"
    uid = proc.stdout
    assert len(kp.b64u_decode(uid)) == 16
    return uid


def sdk_login(title: str, password: str) -> RecordCreate:
    rc = RecordCreate("login", title)
    rc.fields = [
        RecordField("login", "sdk-made@example.com"),
        RecordField("password", password),
        RecordField("url", "https://sdk.example.com/a?b=c"),
    ]
    rc.custom = [RecordField("text", "made by the SDK \u2713", label="Made By"),
                 RecordField("phone", [dict(kp.PHONE, number="555-0142")], label="Desk Phone")]
    rc.notes = "line one\nline two \u00e4"
    return rc


def sdk_create(peer, client, password: str = "sdk-Pa55 \"q\" \\ \u00fc") -> tuple:
    """A login record created by the SDK in the write sub-folder: (uid, title, password)."""
    title = peer.unique("SDK Made \u2713")
    uid = client.create_secret_with_options(CreateOptions(peer.seed.write_folder, peer.seed.write_sub),
                                            sdk_login(title, password), folders=client.get_folders())
    assert UID_RE.fullmatch(uid), uid
    return uid, title, password


def pairs(fields: list) -> list:
    """(type, value) of each field, in order (ksm fills a missing label with the type)."""
    return [(f.get("type"), f.get("value")) for f in fields]


def files_by_uid(record) -> dict:
    out = {}
    for f in record.files:
        uid = f.f.get("fileUid")
        assert uid not in out, f"file {uid} listed twice"
        out[uid] = f
    return out


# --------------------------------------------------------------------------------------
# 1. ksm writes, the SDK reads
# --------------------------------------------------------------------------------------

def test_cli_added_record_read_by_sdk(peer, ksm, client, seed):
    title = peer.unique("CLI Added \u2713")
    password = 'cli-Pa55 "q" \\ /[]: \u00fc=\u2713'
    proc = ksm.run("secret", "add", "field", "--sf", seed.write_sub, "--rt", "login", "-t", title,
                   "login=cli@example.com", f"f.password={password}", "c.text[Env]=prod")
    uid = printed_uid(proc)

    rec = one(client, uid)
    assert (rec.title, rec.type) == (title, "login")
    assert rec.folder_uid == seed.write_folder, \
        f"SDK folder_uid {rec.folder_uid!r} != shared folder {seed.write_folder!r}"
    assert rec.inner_folder_uid == seed.write_sub, \
        f"SDK inner_folder_uid {rec.inner_folder_uid!r} != --sf {seed.write_sub!r}"
    assert rec.is_editable is True
    assert kp.field_values(rec.dict, "login") == ["cli@example.com"]
    assert kp.field_values(rec.dict, "password") == [password]
    assert rec.password == password
    assert kp.field_values(rec.dict, "text", custom=True, label="Env") == ["prod"]
    assert [(f.get("type"), f.get("label")) for f in rec.dict.get("custom")] == [("text", "Env")]
    assert rec.files == []
    assert not rec.dict.get("notes")
    assert client.get_notation_results(f"keeper://{uid}/custom_field/Env") == ["prod"]

    # the owner (admin CLI) decrypts it too, and it sits in the sub-folder
    shown = peer.admin.record_show(uid)
    assert shown["folder_uid"] == seed.write_sub
    assert shown["revision"] == rec.revision
    assert kp.field_triples(shown["data"]) == kp.field_triples(rec.dict)
    assert kp.field_triples(shown["data"], custom=True) == kp.field_triples(rec.dict, custom=True)

    # ksm reads back what the SDK sees
    got = ksm.json("secret", "get", "-u", uid, "--json")
    assert (got["uid"], got["title"], got["type"]) == (uid, title, "login")
    assert pairs(got["fields"]) == pairs(rec.dict["fields"])
    assert [(f["type"], f["label"], f["value"]) for f in got["custom"]] == [("text", "Env", ["prod"])]


# --------------------------------------------------------------------------------------
# 2. the SDK writes, ksm reads
# --------------------------------------------------------------------------------------

def test_sdk_created_record_read_by_cli(peer, ksm, client, seed):
    uid, title, password = sdk_create(peer, client)
    rec = one(client, uid)
    assert (rec.folder_uid, rec.inner_folder_uid) == (seed.write_folder, seed.write_sub)

    got = ksm.json("secret", "get", "-u", uid, "--json")
    assert isinstance(got, dict), f"`secret get -u UID --json` should print one object, got {got!r}"
    assert (got["uid"], got["title"], got["type"]) == (uid, title, "login")
    assert got["notes"] == "line one\nline two \u00e4"
    assert kp.field_values(got, "login") == ["sdk-made@example.com"]
    assert kp.field_values(got, "password") == [password]
    assert kp.field_values(got, "url") == ["https://sdk.example.com/a?b=c"]
    assert pairs(got["fields"]) == pairs(rec.dict["fields"])
    assert [(f["type"], f["label"], f["value"]) for f in got["custom"]] == \
        [("text", "Made By", ["made by the SDK \u2713"]),
         ("phone", "Desk Phone", [dict(kp.PHONE, number="555-0142")])]
    assert got["files"] == []

    proc = ksm.run("secret", "notation", f"keeper://{uid}/field/password")
    assert proc.stdout == password  # no newline, as the official CLI prints it
    proc = ksm.run("secret", "notation", f"keeper://{uid}/custom_field/Desk Phone[0][number]")
    assert proc.stdout == "555-0142"


# --------------------------------------------------------------------------------------
# 3. files, both ways
# --------------------------------------------------------------------------------------

def test_cli_uploaded_file_downloaded_by_sdk(peer, ksm, client, write_record):
    uid = write_record()
    rev0 = one(client, uid).revision
    data = _not_utf8(BINARY)
    path = ksm.root / "cli-upload.bin"
    path.write_bytes(data)

    proc = ksm.run("secret", "upload", "-u", uid, "-f", path)
    file_uid = printed_uid(proc)

    rec = one(client, uid)
    assert rec.revision > rev0, "attaching a file re-encrypts the owner record; its revision must move"
    assert kp.field_values(rec.dict, "fileRef") == [file_uid]
    files = files_by_uid(rec)
    assert set(files) == {file_uid}
    f = files[file_uid]
    assert (f.name, f.title, f.type, f.size) == ("cli-upload.bin", "cli-upload.bin",
                                                  "application/octet-stream", len(data))
    assert f.get_file_data() == data
    blob = client.get_notation_results(f"keeper://{uid}/file/cli-upload.bin")
    assert [kp.b64u_decode(b) for b in blob] == [data]
    assert kp.field_values(peer.admin.record_show(uid)["data"], "fileRef") == [file_uid]
    assert kp.field_values(rec.dict, "password") == ["orig-Pa55"], "the upload must leave the fields alone"


def test_sdk_uploaded_file_downloaded_by_cli(ksm, client, write_record):
    uid = write_record()
    data = _not_utf8(BINARY[::-1] + b"\x00sdk")
    upload = KeeperFileUpload(name="sdk-upload.bin", title="SDK Upload \u2713",
                              mime_type="application/octet-stream", data=data)
    file_uid = client.upload_file(one(client, uid), upload)
    assert UID_RE.fullmatch(file_uid), file_uid

    got = ksm.json("secret", "get", "-u", uid, "--json")
    assert [(f["file_uid"], f["name"], f["title"], f["type"], f["size"]) for f in got["files"]] == \
        [(file_uid, "sdk-upload.bin", "SDK Upload \u2713", "application/octet-stream", len(data))]
    assert kp.field_values(got, "fileRef") == [file_uid]

    out = ksm.root / "by-name.bin"
    proc = ksm.run("secret", "download", "-u", uid, "--name", "sdk-upload.bin", "--file-output", out)
    assert proc.stdout == ""
    assert out.read_bytes() == data
    assert stat.S_IMODE(out.stat().st_mode) == 0o600

    out2 = ksm.root / "by-title.bin"  # --name matches the title too
    ksm.run("secret", "download", "-u", uid, "--name", "SDK Upload \u2713", "--file-output", out2)
    assert out2.read_bytes() == data

    # the SDK still reads its own upload unchanged
    assert files_by_uid(one(client, uid))[file_uid].get_file_data() == data


# --------------------------------------------------------------------------------------
# 4. updates and stale writes
# --------------------------------------------------------------------------------------

def test_cli_update_seen_by_sdk_and_stale_sdk_save_refused(peer, ksm, client, write_record):
    uid = write_record(password="before-cli")
    stale = one(client, uid)  # read before ksm's update
    rev0 = stale.revision

    new_password = "after-cli \u2713 \"q\" ="
    proc = ksm.run("secret", "update", "-u", uid, "--field", f"password={new_password}")
    assert proc.stdout == ""

    after = one(client, uid)
    assert kp.field_values(after.dict, "password") == [new_password]
    assert after.revision > rev0, (rev0, after.revision)
    assert after.title == stale.title
    assert pairs(after.dict["fields"]) == [
        (t, [new_password] if t == "password" else v) for t, v in pairs(stale.dict["fields"])]

    stale.field("password", "stale-sdk-write")
    with pytest.raises(KeeperError) as excinfo:
        client.save(stale)
    m = SDK_ERROR_RE.match(str(excinfo.value))
    assert m, f"expected a structured server error ('Error: <code>, message=...'), got {str(excinfo.value)!r}"
    assert m.group("code") == "invalid_revision", str(excinfo.value)
    assert uid in m.group("message"), str(excinfo.value)

    # nothing of the stale write landed, for either reader
    assert kp.field_values(one(client, uid).dict, "password") == [new_password]
    assert one(client, uid).revision == after.revision
    assert ksm.run("secret", "notation", f"keeper://{uid}/field/password").stdout == new_password


# --------------------------------------------------------------------------------------
# 5. deletes
# --------------------------------------------------------------------------------------

def test_cli_delete_of_sdk_record(peer, ksm, client):
    uid, _, _ = sdk_create(peer, client)
    keep, _, _ = sdk_create(peer, client)
    assert one(client, uid).uid == uid

    proc = ksm.run("secret", "delete", "-u", uid)
    rows = [line.split() for line in proc.stdout.splitlines() if line.strip()]
    assert rows[0] == ["UID", "Response", "Code", "Error"], proc.stdout
    assert len(rows[1]) == 3 and all(set(w) == {"-"} for w in rows[1]), proc.stdout
    assert rows[2:] == [[uid, "ok"]], proc.stdout

    assert fetch(client, [uid]) == []
    listed = {r.uid for r in fetch(client)}
    assert uid not in listed and keep in listed, "only the deleted record may disappear"

    # ksm agrees it is gone: a second delete fails with "not found"
    again = ksm.run("secret", "delete", "-u", uid, "--json", check=False)
    assert again.returncode == 3, again
    assert again.stderr == "ksm: error: 1 of 1 records were not deleted\n"
    # the server's own responseCode, as the official CLI passes it on
    assert json.loads(again.stdout) == [{
        "uid": uid, "responseCode": "access_denied",
        "error": f"record {uid} does not exist or is not shared with this application"}]
