"""Helpers for the SDK peer suite (tests/peer).

Wraps the `ksm-server` admin CLI and the `serve` process, and holds the seed
data that conftest.py writes and the tests read back through the official
Python SDK (keeper_secrets_manager_core). Nothing here talks the KSM protocol
itself: every protocol exchange in the suite goes through the unmodified SDK.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SERVER_BIN = REPO_ROOT / "target" / "debug" / "ksm-server"
DEFAULT_KSM_BIN = REPO_ROOT / "target" / "debug" / "ksm"

# Seconds allowed for one admin CLI command and for `serve` to become ready.
ADMIN_TIMEOUT = float(os.environ.get("KSM_PEER_ADMIN_TIMEOUT", "60"))
READY_TIMEOUT = float(os.environ.get("KSM_PEER_READY_TIMEOUT", "30"))


def server_binary() -> Path:
    """target/debug/ksm-server at the repo root, or $KSM_SERVER_BIN."""
    env = os.environ.get("KSM_SERVER_BIN")
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_SERVER_BIN


def ksm_binary() -> Path:
    """target/debug/ksm at the repo root, or $KSM_BIN."""
    env = os.environ.get("KSM_BIN")
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_KSM_BIN


def b64u_decode(s: str) -> bytes:
    """Lenient URL-safe base64 decode (padding optional)."""
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64_decode(s: str) -> bytes:
    """Lenient decode of either alphabet, padding optional."""
    s = s.replace("-", "+").replace("_", "/")
    return base64.b64decode(s + "=" * (-len(s) % 4))


def expected_client_id(token: str) -> str:
    """PROTOCOL.md §2: B64(HMAC-SHA512(key=token bytes, "KEEPER_SECRETS_MANAGER_CLIENT_ID"))."""
    digest = hmac.new(b64u_decode(token), b"KEEPER_SECRETS_MANAGER_CLIENT_ID", hashlib.sha512).digest()
    return base64.b64encode(digest).decode()


# --------------------------------------------------------------------------------------
# Seed data (written by conftest through the admin CLI, read back through the SDK)
# --------------------------------------------------------------------------------------

APP_TITLE = "Peer Conformance App"
READ_FOLDER = "Peer Read"          # never modified by any test
READ_SUB = "Peer Read Sub"
WRITE_FOLDER = "Peer Write"        # tests create/modify/delete only in here
WRITE_SUB = "Peer Write Sub"

PHONE = {"region": "US", "number": "555-0100", "ext": "7", "type": "Work"}
TAGS = ["alpha", "beta", "gamma"]

SEED_FILE_NAME = "peer-seed.bin"
SEED_FILE_TITLE = "Seed Attachment"
# Every byte value, an embedded NUL run, non-ASCII text: catches any text-mode mangling.
SEED_FILE_BYTES = bytes(range(256)) * 3 + b"\x00" * 17 + "ksm peer \u2713 end\n".encode()


@dataclass(frozen=True)
class SeedRecord:
    key: str
    title: str
    login: str
    password: str
    url: Optional[str] = None
    notes: Optional[str] = None
    custom: Sequence[tuple] = ()        # (label, type, value-list)
    file: bool = False


SEED_RECORDS = (
    SeedRecord(
        key="one",
        title="Peer Login One",
        login="alice@example.com",
        # quotes, backslash, notation metacharacters and non-ASCII must survive the round trip
        password='S3cr3t "quoted" \\ /[]: p\u00e4ss \u2713',
        url="https://one.example.com/login",
        notes="first line\nsecond line",
        custom=(("Office Phone", "phone", [PHONE]), ("Tags", "text", TAGS)),
    ),
    SeedRecord(
        key="two",
        title="Peer Login Two",
        login="bob@example.com",
        password="two-Pa55word",
        url="https://two.example.com",
        custom=(("Plain Note", "text", ["just text"]),),
    ),
    SeedRecord(
        key="file",
        title="Peer File Holder",
        login="carol@example.com",
        password="file-Pa55word",
        file=True,
    ),
)


@dataclass
class Seed:
    app_uid: str
    read_folder: str
    read_sub: str
    write_folder: str
    write_sub: str
    records: dict = field(default_factory=dict)       # key -> uid
    specs: dict = field(default_factory=dict)         # key -> SeedRecord
    seed_file_uid: str = ""

    def uid(self, key: str) -> str:
        return self.records[key]


# --------------------------------------------------------------------------------------
# Admin CLI
# --------------------------------------------------------------------------------------

class AdminError(AssertionError):
    pass


def field_option(flag: str, type_: str, value: Any, label: Optional[str] = None) -> str:
    """`--field`/`--custom` for a string (taken as written, whatever its first character), or
    `--field-json`/`--custom-json` for a list (the field's whole `value`) or an object (one
    value element)."""
    prefix = f"{label}:" if label else ""
    if isinstance(value, str):
        return opt(flag, f"{prefix}{type_}={value}")
    return opt(f"{flag}-json", f"{prefix}{type_}={json.dumps(value, separators=(',', ':'), ensure_ascii=False)}")


class Admin:
    """`ksm-server <cmd> --data-dir=DIR --keystore=FILE [--opt=VALUE]... [--json] [-- POSITIONAL...]`

    Options are always passed as `--opt=VALUE` and positionals after `--`: UIDs may
    start with `-` (B64U), which a CLI parser would otherwise take for an option.
    The owner keystore lives beside the data directory (as on an owner's machine, never
    inside it), protected by a key file so that no command prompts.
    """

    def __init__(self, binary: Path, data_dir: Path):
        self.binary = Path(binary)
        self.data_dir = Path(data_dir)
        self.keystore = self.data_dir.parent / "owner" / "owner-keystore.json"
        self.key_file = self.data_dir.parent / "owner" / "owner.key"
        self.server_url: Optional[str] = None

    def go_remote(self, server_url: str):
        """From now on every command administers the running server over its owner API
        (`--server`), from the owner's directory, without the data directory."""
        self.server_url = server_url

    def run(self, command: str, *options: str, positional: Sequence[str] = (), json_out: bool = False,
            check: bool = True):
        where = f"--server={self.server_url}" if self.server_url else f"--data-dir={self.data_dir}"
        argv = [str(self.binary), *command.split(), where, f"--keystore={self.keystore}", *map(str, options)]
        if json_out:
            argv.append("--json")
        if positional:
            argv += ["--", *map(str, positional)]
        try:
            proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                  timeout=ADMIN_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            raise AdminError(f"admin command timed out after {ADMIN_TIMEOUT:g}s: {_fmt(argv)}") from e
        if check and proc.returncode != 0:
            raise AdminError(
                f"admin command failed (exit {proc.returncode}): {_fmt(argv)}\n"
                f"--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}")
        if not json_out:
            return proc
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            raise AdminError(
                f"admin command did not print one JSON value on stdout: {_fmt(argv)}\n"
                f"--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}") from e

    def _uid(self, command: str, *options: str) -> str:
        out = self.run(command, *options, json_out=True)
        assert isinstance(out, dict) and isinstance(out.get("uid"), str), \
            f"`{command} --json` should print {{\"uid\": ...}}, got {out!r}"
        assert len(out["uid"]) == 22 and len(b64u_decode(out["uid"])) == 16, \
            f"`{command}` returned a uid that is not 22-char B64U of 16 bytes: {out['uid']!r}"
        return out["uid"]

    # -- commands -------------------------------------------------------------------

    def init(self):
        self.keystore.parent.mkdir(mode=0o700, exist_ok=True)
        return self.run("init", opt("--key-file", self.key_file))

    def folder_add(self, title: str, parent: Optional[str] = None) -> str:
        args = [opt("--title", title)]
        if parent:
            args.append(opt("--parent", parent))
        return self._uid("folder add", *args)

    def record_add(self, folder: str, title: str, *, type_: str = "login",
                   fields: Iterable[tuple] = (), custom: Iterable[tuple] = (),
                   notes: Optional[str] = None) -> str:
        """fields/custom: (type, value) or (label, type, value) tuples."""
        args = [opt("--folder", folder), opt("--type", type_), opt("--title", title)]
        args += [_field_option("--field", spec) for spec in fields]
        args += [_field_option("--custom", spec) for spec in custom]
        if notes is not None:
            args.append(opt("--notes", notes))
        return self._uid("record add", *args)

    def record_show(self, uid: str) -> dict:
        out = self.run("record show", positional=[uid], json_out=True)
        assert isinstance(out, dict), f"`record show --json` should print an object, got {out!r}"
        return out

    def file_attach(self, record: str, path: Path, title: Optional[str] = None) -> str:
        args = [opt("--record", record), opt("--path", path)]
        if title:
            args.append(opt("--title", title))
        return self._uid("file attach", *args)

    def app_add(self, title: str) -> str:
        return self._uid("app add", opt("--title", title))

    def app_share(self, app: str, *, folder: Optional[str] = None, record: Optional[str] = None,
                  editable: bool = False):
        args = [opt("--app", app)]
        if folder:
            args.append(opt("--folder", folder))
        if record:
            args.append(opt("--record", record))
        if editable:
            args.append("--editable")
        return self.run("app share", *args)

    def client_add(self, app: str, *extra: str) -> dict:
        """extra: further options, already as `--opt=VALUE` strings."""
        out = self.run("client add", opt("--app", app), *extra, json_out=True)
        assert isinstance(out, dict), f"`client add --json` should print an object, got {out!r}"
        missing = [k for k in ("token", "client_id", "device_id", "hostname", "server_public_key_id",
                               "server_public_key", "cert_sha256", "ca_cert", "init_command",
                               "init_args")
                   if k not in out]
        assert not missing, f"`client add --json` output lacks {missing}: {out!r}"
        return out

    def client_list(self, app: Optional[str] = None) -> list:
        args = [opt("--app", app)] if app else []
        out = self.run("client list", *args, json_out=True)
        assert isinstance(out, list), f"`client list --json` should print an array, got {out!r}"
        return out

    def client_revoke(self, client: str):
        return self.run("client revoke", positional=[client])

    def audit(self) -> list:
        out = self.run("audit", json_out=True)
        assert isinstance(out, list), f"`audit --json` should print an array, got {out!r}"
        return out


def opt(name: str, value: Any) -> str:
    return f"{name}={value}"


def _field_option(flag: str, spec: tuple) -> str:
    if len(spec) == 2:
        return field_option(flag, spec[0], spec[1])
    label, type_, value = spec
    return field_option(flag, type_, value, label)


def _fmt(argv: Sequence[str]) -> str:
    return " ".join(a if a and all(c.isalnum() or c in "-_./:=@" for c in a) else repr(a) for a in argv)


# --------------------------------------------------------------------------------------
# The `ksm` client CLI (tests/peer/test_cli_interop.py)
# --------------------------------------------------------------------------------------

KSM_TIMEOUT = float(os.environ.get("KSM_PEER_CLI_TIMEOUT", "60"))


class KsmCli:
    """`ksm` run with a private profile store under `root`.

    Nothing of the caller's environment that could steer ksm is passed on: no KSM_* variable
    (KSM_CLI_PROFILE, KSM_CLI_TOKEN, KSM_CONFIG_DIR, ...), no XDG directories; HOME is a fresh
    directory and the D-Bus session bus is unreachable, so no OS keyring can be used by mistake.
    The profile key lives in a key file (`--key-file`).
    """

    def __init__(self, binary: Path, root: Path):
        self.binary = Path(binary)
        self.root = Path(root)
        self.home = self.root / "home"
        self.config_dir = self.root / "config"
        self.key_file = self.root / "k"
        self.home.mkdir(parents=True, exist_ok=True)
        self.config_dir.mkdir(parents=True, exist_ok=True)

    def env(self) -> dict:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("KSM_") and not k.startswith("XDG_")}
        env.update(KSM_CONFIG_DIR=str(self.config_dir), HOME=str(self.home),
                   DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent")
        return env

    def run(self, *args: str, check: bool = True, env: Optional[dict] = None) -> subprocess.CompletedProcess:
        """Runs `ksm ARGS...` (list argv, no shell) with `env` added to its environment;
        stdout/stderr decoded as strict UTF-8. check: fail unless it exits 0 with nothing on
        stderr."""
        argv = [str(self.binary), *map(str, args)]
        try:
            proc = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                                  env={**self.env(), **(env or {})}, cwd=self.root, timeout=KSM_TIMEOUT)
        except subprocess.TimeoutExpired as e:
            raise AssertionError(f"ksm timed out after {KSM_TIMEOUT:g}s: {_fmt(argv)}") from e
        proc = subprocess.CompletedProcess(proc.args, proc.returncode,
                                           proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))
        if check:
            assert (proc.returncode, proc.stderr) == (0, ""), (
                f"ksm command failed (exit {proc.returncode}): {_fmt(argv)}\n"
                f"--- stdout ---\n{proc.stdout}--- stderr ---\n{proc.stderr}")
        return proc

    def init(self, token_info: dict) -> subprocess.CompletedProcess:
        """Runs `client add`'s init_command (`KSM_CLI_TOKEN=… ksm profile init …`: the token in
        the environment, not in argv), plus --key-file."""
        words = shlex.split(token_info["init_command"])
        assignment, words = words[0], words[1:]
        name, _, token = assignment.partition("=")
        assert name == "KSM_CLI_TOKEN" and token == token_info["token"], \
            f"init_command should pass the token in KSM_CLI_TOKEN: {token_info['init_command']!r}"
        assert words[:3] == ["ksm", "profile", "init"], \
            f"init_command should run `ksm profile init`: {token_info['init_command']!r}"
        return self.run(*words[1:], "--key-file", str(self.key_file), env={"KSM_CLI_TOKEN": token})

    def json(self, *args: str) -> Any:
        proc = self.run(*args)
        try:
            return json.loads(proc.stdout)
        except json.JSONDecodeError as e:
            raise AssertionError(f"ksm {_fmt([str(a) for a in args])} did not print one JSON value:\n{proc.stdout}") from e


# --------------------------------------------------------------------------------------
# `serve` process
# --------------------------------------------------------------------------------------

def _die_with_parent():  # pragma: no cover - runs in the child between fork and exec
    """Linux: SIGTERM the server if the test runner dies (no orphaned servers)."""
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


class ServerProcess:
    def __init__(self, binary: Path, data_dir: Path, workdir: Path, extra_args: Sequence[str] = ()):
        self.binary = Path(binary)
        self.data_dir = Path(data_dir)
        self.ready_file = Path(workdir) / "ready.json"
        self.log_path = Path(workdir) / "server.log"
        self.extra_args = list(extra_args)
        self.proc: Optional[subprocess.Popen] = None
        self.ready: dict = {}
        self.exit_note = ""

    @property
    def hostname(self) -> str:
        return self.ready["hostname"]

    @property
    def port(self) -> int:
        return int(self.ready["address"].rsplit(":", 1)[1])

    def start(self):
        argv = [str(self.binary), "serve", f"--data-dir={self.data_dir}", "--listen=127.0.0.1:0",
                f"--ready-file={self.ready_file}", *self.extra_args]
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self._log,
                                     stderr=subprocess.STDOUT,
                                     preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None)
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if self.ready_file.exists():
                try:
                    self.ready = json.loads(self.ready_file.read_text())
                    break
                except (json.JSONDecodeError, OSError):
                    pass  # should be written atomically; tolerate a torn read anyway
            if self.proc.poll() is not None:
                raise AssertionError(f"`ksm-server serve` exited with {self.proc.returncode} before "
                                     f"writing {self.ready_file}\n{self.log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"`ksm-server serve` wrote no ready file within {READY_TIMEOUT:g}s"
                                     f"\n{self.log_tail()}")
            time.sleep(0.05)
        assert isinstance(self.ready, dict) and {"address", "hostname"} <= set(self.ready), \
            f"ready file should hold {{\"address\",\"hostname\"}}, got {self.ready!r}"
        host, _, port = self.ready["address"].rpartition(":")
        assert host == "127.0.0.1" and port.isdigit() and int(port) > 0, \
            f"ready file address should be 127.0.0.1:<port>, got {self.ready['address']!r}"
        assert self.ready["hostname"] == self.ready["address"], \
            f"ready file hostname {self.ready['hostname']!r} != address {self.ready['address']!r}"
        with socket.create_connection(("127.0.0.1", int(port)), timeout=5):
            pass

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.exit_note = "did not exit within 10 s of SIGTERM; killed"
            self.proc.kill()
            self.proc.wait(timeout=10)
        finally:
            self._log.close()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no server log)"
        tail = text.splitlines()[-lines:]
        state = "running" if self.alive() else f"exited with {self.proc.returncode if self.proc else '?'}"
        return f"--- ksm-server serve ({state}), last {len(tail)} log lines of {self.log_path} ---\n" + \
            "\n".join(tail)


# --------------------------------------------------------------------------------------
# Record JSON helpers (work on SDK Record.dict and on `record show` data alike)
# --------------------------------------------------------------------------------------

def field_values(data: dict, type_: str, *, custom: bool = False, label: Optional[str] = None) -> list:
    """`value` of the single field of that type (and label, if given)."""
    fields = data.get("custom" if custom else "fields") or []
    hits = [f for f in fields if f.get("type") == type_ and (label is None or f.get("label") == label)]
    where = "custom" if custom else "fields"
    assert len(hits) == 1, \
        f"expected exactly one {where} entry type={type_!r} label={label!r} in {data.get('title')!r}, got {hits!r}"
    value = hits[0].get("value")
    assert isinstance(value, list), f"field value must be a JSON array, got {value!r}"
    return value


def field_triples(data: dict, *, custom: bool = False) -> list:
    """Comparable (type, label, value) view of a record's fields, empty values dropped."""
    out = []
    for f in data.get("custom" if custom else "fields") or []:
        if f.get("value"):
            out.append((f.get("type"), f.get("label"), json.dumps(f.get("value"), sort_keys=True)))
    return sorted(out)


def require_executable(path: Path, variable: str, build_hint: str) -> Path:
    """Fail (not skip) the tests that need a binary that is not there, saying how to get it."""
    if not path.is_file() or not os.access(path, os.X_OK):
        src = variable if os.environ.get(variable) else "default path"
        pytest.fail(f"{path.name} binary not found or not executable: {path} ({src}). "
                    f"Build it with `{build_hint}`, or point {variable} at it.", pytrace=False)
    return path
