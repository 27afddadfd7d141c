"""Fixtures for the SDK peer suite: a seeded ksm-server data dir, a running
`ksm-server serve`, and fresh one-time tokens / official-SDK clients per test.

Run:  scripts/peer-venv && .venv-peer/bin/pytest -q tests/peer
Env:  KSM_SERVER_BIN        server binary (default target/debug/ksm-server)
      KSM_PEER_DATABASE     postgres://… : keep the vault in this empty PostgreSQL database
      KSM_BIN               client CLI binary for test_cli_interop.py (default target/debug/ksm)
      KSM_PEER_SDK_LOG      SDK log level for clients (e.g. DEBUG; default off)
      KSM_PEER_TEST_TIMEOUT per-test limit in seconds (default 60)
      KSM_PEER_CLI_TIMEOUT  limit for one `ksm` command in seconds (default 60)
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pytest

import ksmpeer as kp

try:
    from keeper_secrets_manager_core import SecretsManager
    from keeper_secrets_manager_core.configkeys import ConfigKeys
    from keeper_secrets_manager_core.storage import InMemoryKeyValueStorage
except ImportError as e:  # pragma: no cover
    raise pytest.UsageError(
        f"keeper_secrets_manager_core is not importable ({e}); run scripts/peer-venv and use "
        ".venv-peer/bin/pytest") from e

_SERVER: Optional[kp.ServerProcess] = None


def pytest_report_header(config):
    return [f"ksm-server binary: {kp.server_binary()}", f"ksm binary: {kp.ksm_binary()}"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and _SERVER is not None:
        report.sections.append(("ksm-server log", _SERVER.log_tail()))


# --------------------------------------------------------------------------------------
# Session: binary, data dir, seed, server
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def server_bin() -> Path:
    return kp.require_executable(kp.server_binary(), "KSM_SERVER_BIN", "cargo build -p ksm-server")


@dataclass
class Peer:
    admin: kp.Admin
    server: kp.ServerProcess
    seed: kp.Seed
    data_dir: Path
    ca_cert: Path
    hostname: str
    _counter: int = 0

    def mint(self, name: Optional[str] = None, *extra: str) -> dict:
        """A fresh one-time token for the seed app (`client add --json`)."""
        self._counter += 1
        name = name or f"peer-client-{self._counter}"
        return self.admin.client_add(self.seed.app_uid, kp.opt("--name", name), *extra)

    def sdk(self, token_info: dict, config: Optional[InMemoryKeyValueStorage] = None) -> SecretsManager:
        """Official SDK client for a minted token, using the server's own public key.

        SecretsManager(token, hostname, verify_ssl_certs, config, log_level,
        server_public_key, server_public_key_id): core.py __init__ (17.3.0, lines 84-218).
        """
        return SecretsManager(
            token=token_info["token"],
            hostname=token_info["hostname"],
            verify_ssl_certs=True,  # trusts the server CA through REQUESTS_CA_BUNDLE
            config=config if config is not None else InMemoryKeyValueStorage(),
            log_level=os.environ.get("KSM_PEER_SDK_LOG") or None,
            server_public_key=token_info["server_public_key"],
            server_public_key_id=str(token_info["server_public_key_id"]),
        )

    def unique(self, stem: str) -> str:
        self._counter += 1
        return f"{stem} #{self._counter}"


def _seed(admin: kp.Admin, workdir: Path) -> kp.Seed:
    read_folder = admin.folder_add(kp.READ_FOLDER)
    read_sub = admin.folder_add(kp.READ_SUB, parent=read_folder)
    write_folder = admin.folder_add(kp.WRITE_FOLDER)
    write_sub = admin.folder_add(kp.WRITE_SUB, parent=write_folder)
    seed = kp.Seed(app_uid="", read_folder=read_folder, read_sub=read_sub,
                   write_folder=write_folder, write_sub=write_sub)

    for spec in kp.SEED_RECORDS:
        folder = read_sub if spec.key == "two" else read_folder
        fields = [("login", spec.login), ("password", spec.password)]
        if spec.url:
            fields.append(("url", spec.url))
        uid = admin.record_add(folder, spec.title, fields=fields, custom=spec.custom, notes=spec.notes)
        seed.records[spec.key] = uid
        seed.specs[spec.key] = spec
        if spec.file:
            path = workdir / kp.SEED_FILE_NAME
            path.write_bytes(kp.SEED_FILE_BYTES)
            seed.seed_file_uid = admin.file_attach(uid, path, title=kp.SEED_FILE_TITLE)

    # The admin CLI must read back exactly what it wrote (owner-side decryption).
    for key, uid in seed.records.items():
        spec = seed.specs[key]
        shown = admin.record_show(uid)
        assert shown.get("uid") == uid, shown
        want_folder = read_sub if key == "two" else read_folder
        assert shown.get("folder_uid") == want_folder, \
            f"`record show {uid}` folder_uid {shown.get('folder_uid')!r} != --folder {want_folder!r}"
        data = shown["data"]
        assert (data["title"], data["type"]) == (spec.title, "login"), data
        assert kp.field_values(data, "login") == [spec.login]
        assert kp.field_values(data, "password") == [spec.password]
        for label, type_, value in spec.custom:
            assert kp.field_values(data, type_, custom=True, label=label) == value, \
                f"--custom {label}:{type_}=... not stored as value {value!r}: {data.get('custom')!r}"
        if spec.notes is not None:
            assert data.get("notes") == spec.notes
        if spec.file:
            assert seed.seed_file_uid in kp.field_values(data, "fileRef"), \
                f"`file attach` should add the file uid to the record's fileRef field: {data!r}"

    seed.app_uid = admin.app_add(kp.APP_TITLE)
    admin.app_share(seed.app_uid, folder=read_folder, editable=True)
    admin.app_share(seed.app_uid, folder=write_folder, editable=True)
    return seed


@pytest.fixture(scope="session")
def peer(server_bin, tmp_path_factory):
    global _SERVER
    with pytest.MonkeyPatch.context() as mp:
        # Nothing from the caller's environment may steer the SDK (KSM_TOKEN beats the
        # constructor token, KSM_HOSTNAME the hostname, KSM_CONFIG the config, ...).
        for var in list(os.environ):
            if var.startswith("KSM_") and var not in ("KSM_SERVER_BIN", "KSM_BIN") \
                    and not var.startswith("KSM_PEER_"):
                mp.delenv(var)
        # KSM_PEER_DATABASE=postgres://…: the vault lives in that (empty) PostgreSQL database
        # instead of the data directory's SQLite file (scripts/test runs the suite both ways).
        if os.environ.get("KSM_PEER_DATABASE"):
            mp.setenv("KSM_SERVER_DATABASE", os.environ["KSM_PEER_DATABASE"])
        mp.delenv("CURL_CA_BUNDLE", raising=False)
        for var in ("NO_PROXY", "no_proxy"):
            mp.setenv(var, ",".join(x for x in (os.environ.get(var), "127.0.0.1", "localhost") if x))

        workdir = tmp_path_factory.mktemp("ksm-peer")
        data_dir = workdir / "data"
        admin = kp.Admin(server_bin, data_dir)
        admin.init()
        ca_cert = data_dir / "tls" / "ca.pem"
        assert ca_cert.is_file(), f"`ksm-server init` should create the TLS CA at {ca_cert}"
        assert "BEGIN CERTIFICATE" in ca_cert.read_text(), f"{ca_cert} is not a PEM certificate"

        server = kp.ServerProcess(server_bin, data_dir, workdir)
        _SERVER = server
        server.start()
        # The owner administers from their own directory over the owner API: the server's
        # data directory holds no owner key, and `serve` never reads one.
        admin.go_remote(f"https://{server.hostname}")
        in_data_dir = [p for p in data_dir.rglob("*") if "keystore" in p.name or p.name == admin.key_file.name]
        assert not in_data_dir, f"owner key material in the data directory: {in_data_dir}"
        mp.setenv("REQUESTS_CA_BUNDLE", str(ca_cert))
        try:
            seed = _seed(admin, workdir)
            yield Peer(admin=admin, server=server, seed=seed, data_dir=data_dir, ca_cert=ca_cert,
                       hostname=server.hostname)
        finally:
            server.stop()
            _SERVER = None


# --------------------------------------------------------------------------------------
# Per test
# --------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _deadline():
    """Fail (rather than hang) a test whose request the server never answers: the SDK
    calls requests without a timeout."""
    limit = float(os.environ.get("KSM_PEER_TEST_TIMEOUT", "60"))
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise TimeoutError(f"test exceeded {limit:g}s (is ksm-server answering?); "
                           f"set KSM_PEER_TEST_TIMEOUT to allow more")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture
def seed(peer) -> kp.Seed:
    return peer.seed


@pytest.fixture
def new_client(peer, request):
    """new_client(bind=True) -> (SecretsManager, token_info): a fresh token per call."""
    count = 0

    def make(bind: bool = True, *extra: str):
        nonlocal count
        count += 1
        info = peer.mint(f"{request.node.name[:40]}-{count}", *extra)
        sm = peer.sdk(info)
        if bind:
            sm.get_secrets()
            assert sm.config.get(ConfigKeys.KEY_APP_KEY), "binding did not store appKey"
        return sm, info

    return make


@pytest.fixture
def client(new_client):
    """A freshly bound SDK client."""
    return new_client()[0]


@pytest.fixture
def write_record(peer):
    """write_record(**overrides) -> uid of a new login record in the write folder (admin CLI)."""

    def make(title: Optional[str] = None, folder: Optional[str] = None, password: str = "orig-Pa55",
             login: str = "writer@example.com", notes: Optional[str] = None):
        title = title or peer.unique("Peer Writable")
        return peer.admin.record_add(folder or peer.seed.write_folder, title,
                                     fields=[("login", login), ("password", password),
                                             ("url", "https://write.example.com")],
                                     notes=notes)

    return make

