"""Regenerates official_outputs.json: what keeper-secrets-manager-cli 1.5.0 prints for the
records in fixtures.json, one entry per case in cases.json. The tests in src/output compare
against it. The official CLI is imported, not copied; only the vault fetch is faked.

    python3 -m venv /tmp/ksmpy && /tmp/ksmpy/bin/pip install keeper-secrets-manager-cli==1.5.0
    cd src/output/testdata && /tmp/ksmpy/bin/python regen.py < /dev/null

stdin must not be a terminal, so that the official tables assume 80 columns (79 usable).
"""
import json
import logging

from keeper_secrets_manager_cli.secret import Secret
from keeper_secrets_manager_core.core import SecretsManager
from keeper_secrets_manager_core.dto.dtos import KeeperFile, Record

FIXTURES = json.load(open("fixtures.json"))


def make_record(fixture):
    record = Record.__new__(Record)
    record.uid = fixture["uid"]
    record.dict = json.loads(json.dumps(fixture["data"]))
    record.title = record.dict.get("title")
    record.type = record.dict.get("type")
    record.links = []
    record.record_key_bytes = b""
    record.folder_uid = "F"
    record.inner_folder_uid = None
    record.files = [make_file(f) for f in fixture.get("files", [])]
    return record


def make_file(fixture):
    meta = fixture["meta"]
    keeper_file = KeeperFile.__new__(KeeperFile)
    keeper_file.f = {"fileUid": fixture["uid"]}
    keeper_file.name = meta.get("name")
    keeper_file.title = meta.get("title")
    keeper_file.type = meta.get("type")
    keeper_file.last_modified = meta.get("lastModified")
    keeper_file.size = meta.get("size")
    return keeper_file


class FakeClient:
    logger = logging.getLogger("regen")

    def get_secrets(self, uids=None):
        return [make_record(f) for f in FIXTURES if uids is None or f["uid"] in uids]

    def get_secrets_with_options(self, query_options):
        return self.get_secrets(query_options.records_filter)

    def inflate_field_value(self, uids, replace_fields):
        return SecretsManager.inflate_field_value(self, uids, replace_fields)


class FakeCli:
    def __init__(self):
        self.client = FakeClient()
        self.use_color = False
        self.printed = []

    def output(self, msg):
        self.printed.append(msg)


def run(case):
    cli = FakeCli()
    secret = Secret(cli)
    kind = case.pop("kind")
    try:
        if kind == "get":
            secret.query(**case)
        else:
            secret.secret_list(**case)
    except Exception as err:
        cli.printed.append("ERROR: {}".format(err))
    return "".join(cli.printed)


cases = json.load(open("cases.json"))
outputs = {name: run(case) for name, case in cases.items()}
json.dump(outputs, open("official_outputs.json", "w"), indent=1, ensure_ascii=False)
