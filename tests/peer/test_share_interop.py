"""One-time share with the official Python SDK as the reader: a request made by `ksm`,
answered from the terminal by another `ksm` user (`share submit`, no profile) or in a real
browser, and received into the vault by `ksm share receive` is a normal record for the SDK."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time

import requests

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


# --------------------------------------------------------------------------------------
# the same through a real browser: headless Chromium driven over chromedriver's W3C API
# (plain HTTP with requests, no extra package); Debian's chromium + chromium-driver
# (scripts/test installs them; the test fails, not skips, without them)
# --------------------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


class Chromium:
    def __init__(self, profile_dir):
        for path in (CHROMIUM, CHROMEDRIVER):
            assert os.path.exists(path), f"{path} is missing: install chromium and chromium-driver (scripts/test does)"
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        self.http = requests.Session()
        self.http.trust_env = False
        deadline = time.monotonic() + 20
        while True:
            try:
                if self.http.get(f"{self.base}/status", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, "chromedriver did not start"
            time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", f"--user-data-dir={profile_dir}",
                "--ignore-certificate-errors"]  # test only: the server's certificate is self-signed
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "acceptInsecureCerts": True,
                                                 "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method, path, body=None):
        response = self.http.request(method, f"{self.base}{path}", json=body if method == "POST" else None,
                                     timeout=60)
        return response.json()["value"]

    def do(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body if body is not None else {})

    def script(self, source):
        return self.do("POST", "/execute/sync", {"script": source, "args": []})

    def wait_for_section(self, section):
        deadline = time.monotonic() + 20
        while True:
            text = self.script(f"const s = document.getElementById('{section}'); "
                               "return s && !s.hidden ? s.innerText : null;")
            if text is not None:
                return text
            assert time.monotonic() < deadline, f"section #{section} never appeared"
            time.sleep(0.1)

    def element(self, css):
        found = self.do("POST", "/element", {"using": "css selector", "value": css})
        return next(iter(found.values()))

    def close(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        finally:
            self.driver.kill()
            self.driver.wait()


def test_share_request_answered_in_a_browser_is_read_by_the_sdk(peer, ksm, client, seed, tmp_path):
    title = peer.unique("Browser Shared In")
    password = "browser-Pa55-\u00fc"
    created = json.loads(ksm.run("share", "request", "--folder", seed.write_folder, "--title", title,
                                 "--json").stdout)
    browser = Chromium(tmp_path / "chromium")
    try:
        browser.do("POST", "/url", {"url": created["link"]})
        assert title in browser.wait_for_section("fill")
        for name, value in (("login", "browser@example.com"), ("password", password)):
            browser.do("POST", f"/element/{browser.element(f'input[name={name}]')}/value", {"text": value})
        browser.do("POST", f"/element/{browser.element('#form button')}/click")
        browser.wait_for_section("done")
        code = browser.script("return document.getElementById('code').textContent")
    finally:
        browser.close()

    received = ksm.run("share", "receive", created["id"]).stdout
    assert f"confirmation code {code}" in received, received
    uid = UID_RE.findall(received.split("record ", 1)[1])[0]
    rec = one(client, uid)
    assert (rec.title, rec.password) == (title, password)
    assert kp.field_values(rec.dict, "login") == ["browser@example.com"]
    got = ksm.json("secret", "get", "-u", uid, "--json")
    assert got["title"] == title
