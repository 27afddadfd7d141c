#!/usr/bin/env python3
"""Generate a realistic vault for benches/compare.sh, and the workload that reads it.

    gen_vault.py records N OUT.json [--seed S]
        A JSON array of N records (the input of `ksm-server record import`), deterministic
        for a given N and seed. The mix is what a team vault looks like: ~80 % logins
        (login, password, url; a third with notes, half with 1-4 custom text fields, ~1 in 12
        with a TOTP), ~10 % databaseCredentials (type, host/port, login, password, notes) and
        ~10 % sshKeys (an OpenSSH key pair, passphrase, host). Field layout and empty
        standard fields (passkey, fileRef, oneTimeCode) follow what Keeper's vault writes.

    gen_vault.py plan RECORDS.json UIDS.json OUTDIR
        UIDS.json is `record import --json`'s output (UIDs in input order). Writes into OUTDIR:
          uid            the UID of the first login record (get / notation rows)
          password       its password (what both CLIs must print)
          exec.env       25 lines NAME=keeper://UID/field/… for `exec` (distinct records where
                         the vault has them: login, password and url of login records in turn)
          template.txt   100 lines KEY=keeper://UID/field/… for `interpolate`, built the same way
"""
import json
import random
import string
import sys
from pathlib import Path

WORDS = ("alpha bravo cedar delta ember falcon granite harbor indigo juniper kepler lumen "
         "meridian nimbus orion pylon quartz raven sierra tundra umbra vertex willow xenon "
         "yonder zephyr atlas beacon cobalt dynamo").split()
SERVICES = ("github gitlab jira confluence grafana prometheus kibana jenkins argo vault nexus "
            "sentry datadog pagerduty slack okta aws-console gcp-console azure-portal "
            "cloudflare stripe twilio sendgrid mailgun postgres-admin rabbitmq redis-insight "
            "harbor sonarqube").split()
ENVS = ("prod", "staging", "dev", "qa", "dr")
TEAMS = ("platform", "payments", "identity", "data", "mobile", "web", "sre", "security")
DB_TYPES = ("postgresql", "mysql", "mariadb", "mssql", "oracle", "mongodb")
PW_CHARS = string.ascii_letters + string.digits + "!@#$%^&*()-_=+[]{};:,.<>?/~"
B64 = string.ascii_letters + string.digits + "+/"


def password(rng, lo=16, hi=32):
    n = rng.randint(lo, hi)
    # Keeper's generator guarantees every class; do the same so values look alike.
    chars = [rng.choice(string.ascii_lowercase), rng.choice(string.ascii_uppercase),
             rng.choice(string.digits), rng.choice("!@#$%^&*")]
    chars += [rng.choice(PW_CHARS) for _ in range(n - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def sentence(rng, lo=6, hi=18):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))).capitalize() + "."


def notes(rng):
    return "\n".join(sentence(rng) for _ in range(rng.randint(1, 6)))


def b32(rng, n):
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(n))


def field(ftype, value=None, label=None, **extra):
    f = {"type": ftype}
    if label is not None:
        f["label"] = label
    f["value"] = [] if value is None else (value if isinstance(value, list) else [value])
    f.update(extra)
    return f


def custom_texts(rng, count):
    labels = rng.sample(["Environment", "Team", "Owner", "Region", "Ticket", "Cost Center",
                         "Rotation", "Purpose"], count)
    out = []
    for label in labels:
        value = {
            "Environment": lambda: rng.choice(ENVS),
            "Team": lambda: rng.choice(TEAMS),
            "Owner": lambda: f"{rng.choice(WORDS)}.{rng.choice(WORDS)}@example.com",
            "Region": lambda: rng.choice(("us-east-1", "us-west-2", "eu-west-1", "ap-south-1")),
            "Ticket": lambda: f"OPS-{rng.randint(1000, 99999)}",
            "Cost Center": lambda: f"CC-{rng.randint(100, 999)}",
            "Rotation": lambda: rng.choice(("30d", "90d", "manual")),
            "Purpose": lambda: sentence(rng, 3, 8),
        }[label]()
        out.append(field("text", value, label=label))
    return out


def login(rng, i):
    svc, env = rng.choice(SERVICES), rng.choice(ENVS)
    user = rng.choice((f"{rng.choice(WORDS)}.{rng.choice(WORDS)}@example.com",
                       f"svc-{svc}-{env}", f"{rng.choice(TEAMS)}-bot"))
    otp = []
    if rng.random() < 1 / 12:
        otp = [f"otpauth://totp/{svc}:{user}?secret={b32(rng, 32)}&issuer={svc}&algorithm=SHA1"
               f"&digits=6&period=30"]
    rec = {
        "type": "login",
        "title": f"{svc} {env} #{i}",
        "fields": [
            field("passkey"),
            field("login", user),
            field("password", password(rng), enforceGeneration=False,
                  complexity={"length": 20, "caps": 1, "lowercase": 1, "digits": 1, "special": 1}),
            field("url", f"https://{svc}.{env}.example.com/{rng.choice(WORDS)}/login"),
            field("fileRef"),
            field("oneTimeCode", otp),
        ],
        "custom": custom_texts(rng, rng.randint(1, 4)) if rng.random() < 0.5 else [],
    }
    if rng.random() < 1 / 3:
        rec["notes"] = notes(rng)
    return rec


def database(rng, i):
    env, team = rng.choice(ENVS), rng.choice(TEAMS)
    return {
        "type": "databaseCredentials",
        "title": f"{team} db {env} #{i}",
        "fields": [
            field("text", rng.choice(DB_TYPES), label="type"),
            field("host", {"hostName": f"{team}-db-{rng.randint(1, 9)}.{env}.internal",
                           "port": str(rng.choice((5432, 3306, 1433, 1521, 27017)))}),
            field("login", f"{team}_app"),
            field("password", password(rng, 24, 40)),
            field("fileRef"),
        ],
        "custom": custom_texts(rng, rng.randint(0, 3)),
        "notes": notes(rng),
    }


def ssh_key(rng, i):
    env = rng.choice(ENVS)
    host = f"{rng.choice(WORDS)}-{rng.randint(1, 40)}.{env}.internal"
    body = "".join(rng.choice(B64) for _ in range(rng.choice((400, 1700, 2500))))
    private = ("-----BEGIN OPENSSH PRIVATE KEY-----\n"
               + "\n".join(body[k:k + 70] for k in range(0, len(body), 70))
               + "\n-----END OPENSSH PRIVATE KEY-----\n")
    public = f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{''.join(rng.choice(B64) for _ in range(43))} deploy@{host}"
    return {
        "type": "sshKeys",
        "title": f"ssh {host} #{i}",
        "fields": [
            field("login", "deploy"),
            field("keyPair", {"publicKey": public, "privateKey": private}),
            field("password", password(rng)),
            field("host", {"hostName": host, "port": "22"}),
            field("fileRef"),
        ],
        "custom": custom_texts(rng, rng.randint(0, 2)),
    }


def records(n, seed):
    rng = random.Random(f"ksm-bench-{seed}-{n}")
    out = []
    for i in range(n):
        # The first record is always a login: it is the one the get / notation rows read.
        r = 0.0 if i == 0 else rng.random()
        make = login if r < 0.8 else database if r < 0.9 else ssh_key
        out.append(make(rng, i + 1))
    return out


def plan(records_path, uids_path, outdir):
    recs = json.loads(Path(records_path).read_text())
    uids = json.loads(Path(uids_path).read_text())
    if isinstance(uids, dict):  # tolerate {"uids": [...]}
        uids = uids.get("uids", [])
    if len(uids) != len(recs):
        sys.exit(f"plan: {len(recs)} records but {len(uids)} UIDs")
    logins = [(uid, rec) for uid, rec in zip(uids, recs) if rec["type"] == "login"]
    if not logins:
        sys.exit("plan: no login record")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    uid, first = logins[0]
    pw = next(f["value"][0] for f in first["fields"] if f["type"] == "password")
    (out / "uid").write_text(uid + "\n")
    (out / "password").write_text(pw + "\n")

    def notations(count):
        # One record per notation while the vault has enough logins; fields in turn after that.
        fields = ("password", "login", "url")
        picked = []
        for k in range(count):
            r_uid, _ = logins[k % len(logins)]
            picked.append(f"keeper://{r_uid}/field/{fields[(k // len(logins)) % len(fields)]}")
        return picked

    (out / "exec.env").write_text("".join(f"V{k + 1}={n}\n" for k, n in enumerate(notations(25))))
    (out / "template.txt").write_text(
        "".join(f"SECRET_{k + 1}={n}\n" for k, n in enumerate(notations(100))))


def main(argv):
    if len(argv) >= 3 and argv[0] == "records":
        seed = argv[argv.index("--seed") + 1] if "--seed" in argv else "1"
        data = records(int(argv[1]), seed)
        Path(argv[2]).write_text(json.dumps(data, separators=(",", ":")))
        return
    if len(argv) == 4 and argv[0] == "plan":
        plan(*argv[1:])
        return
    sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
