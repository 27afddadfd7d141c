"""One-time share with the official Python SDK as the reader: a request made by `ksm`,
answered from the terminal by another `ksm` user (`share submit`, no profile), and received
into the vault by `ksm share receive` is a normal record for the SDK."""

from __future__ import annotations

import json
import subprocess

import ksmpeer as kp
from test_cli_interop import UID_RE, ksm, ksm_bin, one  # noqa: F401  (fixtures and helpers)


def test_share_request_answered_and_received_is_read_by_the_sdk(peer, ksm, ksm_bin, client, seed, tmp_path):
    title = peer.unique("Shared In \u2713")
    password = "share-Pa55 \u00fc=\u2713"
    created = json.loads(ksm.run("share", "request", "--folder", seed.write_folder, "--title", title,
                                 "--expires", "1h", "--json").stdout)

    responder = kp.KsmCli(ksm_bin, tmp_path / "responder")
    env = responder.env()
    env["KSM_CA_CERT"] = str(peer.ca_cert)
    answer = f"login=client@example.com\npassword={password}\n".encode()
    proc = subprocess.run([str(ksm_bin), "share", "submit", created["link"]], input=answer,
                          capture_output=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    code = proc.stdout.decode().split()[-1]

    received = ksm.run("share", "receive", created["id"]).stdout
    assert f"confirmation code {code}" in received, received
    assert password not in received
    uid = UID_RE.findall(received.split("record ", 1)[1])[0]

    rec = one(client, uid)
    assert (rec.title, rec.type) == (title, "login")
    assert rec.folder_uid == seed.write_folder
    assert rec.password == password
    assert kp.field_values(rec.dict, "login") == ["client@example.com"]
