"""The official `ksm` CLI (keeper-secrets-manager-cli 1.5.0) and ours against the same
ksm-server and the same records: where ksm means to print what the official prints, the bytes
are compared (docs/compatibility.md lists where they differ on purpose).

The official CLI reaches ksm-server through official_shim/sitecustomize.py (its SDK gets the
server's public key; no update check) and trusts the server's CA via REQUESTS_CA_BUNDLE.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import ksmpeer as kp

SHIM = Path(__file__).resolve().parent / "official_shim"


class OfficialCli:
    """The official `ksm` of this venv, with its keeper.ini in a directory of its own."""

    def __init__(self, root: Path, server_public_key: str, ca_cert: Path):
        self.binary = Path(sys.executable).parent / "ksm"
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.extra = dict(PYTHONPATH=str(SHIM), KSM_PEER_SERVER_PUBLIC_KEY=server_public_key,
                          KSM_PEER_NO_UPDATE_CHECK="1", REQUESTS_CA_BUNDLE=str(ca_cert),
                          HOME=str(root), KSM_INI_DIR=str(root), XDG_CACHE_HOME=str(root / "cache"))

    def run(self, *args: str, **extra_env: str) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KSM_")}
        env.update(self.extra)
        env.update(extra_env)
        proc = subprocess.run([str(self.binary), *args], stdin=subprocess.DEVNULL, capture_output=True,
                              env=env, cwd=self.root, timeout=120)
        return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                           proc.stderr.decode("utf-8"))


@pytest.fixture(scope="module")
def official(peer, tmp_path_factory) -> OfficialCli:
    info = peer.mint("official-cli")
    cli = OfficialCli(tmp_path_factory.mktemp("official"), info["server_public_key"], peer.ca_cert)
    assert cli.binary.is_file(), f"the official CLI is not installed in this venv ({cli.binary}): run scripts/peer-venv"
    # The token goes in KSM_CLI_TOKEN: given as `--token TOKEN`, the official CLI lower-cases a
    # token that starts with "-" (one in 64 does), and the server rightly refuses it.
    token = info["token"].rsplit(":", 1)[-1]
    proc = cli.run("profile", "init", "--hostname", info["hostname"], KSM_CLI_TOKEN=token)
    assert proc.returncode == 0, f"official profile init failed:\n{proc.stdout}\n{proc.stderr}"
    return cli


@pytest.fixture(scope="module")
def ours(peer, tmp_path_factory) -> kp.KsmCli:
    cli = kp.KsmCli(kp.require_executable(kp.ksm_binary(), "KSM_BIN", "cargo build"),
                    tmp_path_factory.mktemp("ours"))
    cli.init(peer.mint("ours-cli"))
    return cli


def same(official: OfficialCli, ours: kp.KsmCli, *args: str) -> str:
    """Both print the same bytes on stdout and succeed; returns them."""
    theirs = official.run(*args)
    assert theirs.returncode == 0, f"official {args}: {theirs.stderr}"
    mine = ours.run(*args)
    assert mine.stdout == theirs.stdout, f"ksm {args}"
    return mine.stdout


def test_notation_values_print_as_the_official(official, ours, seed):
    one = seed.records["one"]
    for notation in (f"keeper://{one}/field/password",          # no newline after a value
                     f"keeper://{one}/custom_field/Office Phone[]",  # objects, json.dumps spacing
                     f"keeper://{one}/custom_field/Tags[]",          # strings, json.dumps spacing
                     f"keeper://{one}/custom_field/Office Phone",    # one object
                     f"keeper://{one}/custom_field/Office Phone[number]"):  # legacy property spelling
        same(official, ours, "secret", "notation", notation)


def test_get_json_of_several_records_is_in_the_servers_order(official, ours, seed):
    one, two = seed.records["one"], seed.records["two"]
    out = same(official, ours, "secret", "get", "-u", two, "-u", one, "--json")
    assert {r["uid"] for r in json.loads(out)} == {one, two}


def test_get_field_and_totp_less_values_end_without_a_newline(official, ours, seed):
    same(official, ours, "secret", "get", "-u", seed.records["one"], "--field", "login")


def test_folder_list_json_matches(official, ours):
    out = same(official, ours, "folder", "list", "--json")
    assert any(item["parent_uid"] == "" for item in json.loads(out))


def test_delete_of_an_unknown_record_passes_the_servers_code(official, ours):
    missing = "AAAAAAAAAAAAAAAAAAAAAA"
    theirs = official.run("secret", "delete", "-u", missing, "--json")
    mine = ours.run("secret", "delete", "-u", missing, "--json", check=False)
    assert mine.returncode == 3, "ksm exits 3 when nothing was deleted (the official exits 0)"
    assert json.loads(mine.stdout) == json.loads(theirs.stdout)


def test_tables_and_global_spellings_match(official, ours, seed):
    # Piped, neither colours: the official table byte for byte (docs/compatibility.md: the
    # official pads for colour codes only when stdin is a terminal and stdout is not).
    same(official, ours, "secret", "get", "-u", seed.records["two"])
    same(official, ours, "-nc", "secret", "get", "-u", seed.records["one"], "--field", "password")
    same(official, ours, "secret", "get", "-u", seed.records["one"], "-q", '$.fields[?(@.type="login")].value[0]')


def test_interpolate_output_matches(official, ours, seed, tmp_path):
    one = seed.records["one"]
    template = tmp_path / "app.env"
    template.write_text(f"USER=keeper://{one}/field/login\nUPPER=keeper://{one}/field/login|upper\n# keeper://x/y/z\n")
    same(official, ours, "interpolate", str(template))
