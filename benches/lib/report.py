#!/usr/bin/env python3
"""Turn benches/compare.sh's raw results into the report.

    report.py RESULTS_DIR [--doc docs/performance.md] [--chart docs/performance-compare.png]

RESULTS_DIR holds meta.json (written by compare.sh: versions, options) and one directory per
vault size N with hyperfine exports ROW.ksm.json / ROW.official.json, true.json (plain `true`)
and rss.tsv (ROW TAB TOOL TAB kilobytes). Prints the tables to stdout; with --doc, rewrites
the block between <!-- compare:start --> and <!-- compare:end --> (nothing else); with
--chart, draws median time against vault size (list / get / notation, both tools, log-log).
"""
import argparse
import datetime
import json
import os
import platform
import re
import sys
from pathlib import Path

START, END = "<!-- compare:start -->", "<!-- compare:end -->"

ROWS = [
    ("version", "`--version` / `version`"),
    ("list", "`secret list --json`"),
    ("get", "`secret get -u UID --field password`"),
    ("notation", "`secret notation keeper://UID/field/password`"),
    ("exec", "`exec -- true`, 25 notations in the environment"),
    ("interpolate", "`interpolate` of a 100-notation template"),
]
CHART_ROWS = ("list", "get", "notation")
TOOLS = ("ksm", "official")


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = re.sub(r"\s+", " ", line.split(":", 1)[1]).strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
                break
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": f"{mem / 2**30:.1f} GiB" if mem else "unknown",
        "kernel": f"{platform.system()} {platform.release()}",
        "arch": platform.machine(),
    }


def median(path):
    try:
        return json.loads(Path(path).read_text())["results"][0]["median"]
    except (OSError, KeyError, IndexError, ValueError):
        return None


def runs(path):
    try:
        return len(json.loads(Path(path).read_text())["results"][0]["times"])
    except (OSError, KeyError, IndexError, ValueError):
        return None


def load(results):
    data = {}
    for d in sorted((p for p in results.iterdir() if p.is_dir() and p.name.isdigit()), key=lambda p: int(p.name)):
        n = int(d.name)
        entry = {"median": {}, "runs": {}, "rss": {}, "true": median(d / "true.json")}
        for row, _ in ROWS:
            for tool in TOOLS:
                entry["median"][(row, tool)] = median(d / f"{row}.{tool}.json")
                entry["runs"][(row, tool)] = runs(d / f"{row}.{tool}.json")
        rss = d / "rss.tsv"
        if rss.exists():
            for line in rss.read_text().splitlines():
                parts = line.split("\t")
                if len(parts) == 3 and parts[2].isdigit():
                    entry["rss"][(parts[0], parts[1])] = int(parts[2])
        data[n] = entry
    return data


def fmt_time(s):
    if s is None:
        return "–"
    if s >= 1:
        return f"{s:.2f} s"
    ms = s * 1000
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def fmt_ratio(official, ours):
    if not official or not ours or ours <= 0:
        return "–"
    r = official / ours
    return f"{r:.0f}×" if r >= 10 else f"{r:.1f}×"


def fmt_rss(kb):
    if kb is None:
        return "–"
    return f"{kb / 1024:.1f} MiB"


def table(entry):
    lines = ["| command | ksm | official | official / ksm | ksm peak RSS | official peak RSS |",
             "|---|--:|--:|--:|--:|--:|"]
    for row, label in ROWS:
        ours, theirs = entry["median"][(row, "ksm")], entry["median"][(row, "official")]
        lines.append(f"| {label} | {fmt_time(ours)} | {fmt_time(theirs)} | {fmt_ratio(theirs, ours)} | "
                     f"{fmt_rss(entry['rss'].get((row, 'ksm')))} | {fmt_rss(entry['rss'].get((row, 'official')))} |")
    base = entry["true"]
    ours, theirs = entry["median"][("exec", "ksm")], entry["median"][("exec", "official")]
    if base is not None and ours is not None and theirs is not None:
        lines.append(f"| `exec` adds (`exec -- true` − plain `true`, {fmt_time(base)}) | {fmt_time(max(ours - base, 0))} | "
                     f"{fmt_time(max(theirs - base, 0))} | {fmt_ratio(theirs - base, ours - base)} | | |")
    return "\n".join(lines)


def chart(data, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(data)
    fig, ax = plt.subplots(figsize=(8, 6), dpi=120)
    colors = {"list": "tab:blue", "get": "tab:orange", "notation": "tab:green"}
    labels = {"list": "secret list --json", "get": "secret get --field", "notation": "secret notation"}
    for tool, style, marker in (("ksm", "-", "o"), ("official", "--", "s")):
        for row in CHART_ROWS:
            pts = [(n, data[n]["median"][(row, tool)]) for n in sizes if data[n]["median"][(row, tool)]]
            if not pts:
                continue
            ax.plot([p[0] for p in pts], [p[1] * 1000 for p in pts], style, marker=marker,
                    color=colors[row], label=f"{'ksm' if tool == 'ksm' else 'official CLI 1.5.0'}: {labels[row]}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xticks(sizes)
    ax.set_xticklabels([f"{n:,}" for n in sizes])
    from matplotlib.ticker import NullLocator
    ax.xaxis.set_minor_locator(NullLocator())
    from matplotlib.ticker import FuncFormatter
    ax.yaxis.set_major_formatter(FuncFormatter(
        lambda v, _: f"{v / 1000:g} s" if v >= 1000 else f"{v:g} ms"))
    ax.set_xlabel("records in the vault")
    ax.set_ylabel("median wall time (log scale)")
    ax.set_title("ksm vs the official Python CLI against ksm-server (loopback HTTPS)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def render(meta, data, chart_name):
    m = meta.get("machine") or machine()
    today = meta.get("date") or datetime.date.today().isoformat()
    out = []
    if meta.get("quick"):
        out.append(f"**Trial run (`--quick`): fewer runs and sizes; not the reference numbers.**\n")
    commit = f" at commit {meta['commit']}" if meta.get("commit") else ""
    out.append(f"Measured {today} with `benches/compare.sh{' ' + meta['args'] if meta.get('args') else ''}`{commit}.\n")
    out.append(f"- Machine: {m['cores']} cores ({m['cpu']}), {m['memory']} memory, {m['kernel']} ({m['arch']}).")
    out.append(f"- `ksm`: {meta.get('ksm_version', '?')} (release build; {meta.get('rustc', '?')}); "
               f"server: {meta.get('server_version', '?')}.")
    out.append(f"- Official CLI: keeper-secrets-manager-cli {meta.get('official_cli', '?')} "
               f"(SDK {meta.get('official_sdk', '?')}, Python {meta.get('python', '?')}), pinned in "
               f"`benches/requirements.txt`, pointed at the server with `../shared/peer/sitecustomize.py`.")
    out.append(f"- {meta.get('hyperfine', 'hyperfine')}: medians, `-N`, warm-up {meta.get('warmup', '?')}; "
               f"runs: ksm {meta.get('ksm_runs', '?')}, official {meta.get('official_runs', '?')}. "
               f"Peak RSS: `/usr/bin/time -v`, one run each.")
    if meta.get("load_before"):
        out.append(f"- Load average (1, 5, 15 min): {meta['load_before']} before the run, "
                   f"{meta.get('load_after', '?')} after it (an idle machine is near 0).")
    out.append("")
    out.append("Each vault size gets a fresh `ksm-server` (loopback HTTPS, `--rate-limit 0`) holding N "
               "generated records (~80 % logins, some with notes, custom fields or TOTP; ~10 % "
               "databaseCredentials; ~10 % sshKeys; about 780 bytes of JSON each), all in one shared "
               "folder shared with one application, and one device per CLI. Both CLIs print the same "
               "answers (checked before timing). `exec` and `interpolate` read distinct records (a login's "
               "password, login or url), both with `--allow-unsafe-for-eval` for `interpolate` since "
               "generated passwords contain shell metacharacters; `ksm exec` runs in its default mode "
               "for a non-terminal stdout (masking the child's output), the official CLI in its "
               "default mode.")
    for n in sorted(data):
        out.append("")
        out.append(f"### {n:,} records")
        out.append("")
        out.append(table(data[n]))
    if chart_name:
        out.append("")
        out.append(f"![median time against vault size]({chart_name})")
    return "\n".join(out)


def rewrite(doc, block):
    text = doc.read_text()
    i, j = text.find(START), text.find(END)
    if i < 0 or j < i:
        sys.exit(f"report.py: {doc} lacks the {START} … {END} markers")
    tmp = doc.with_name(f".{doc.name}.tmp{os.getpid()}")
    tmp.write_text(text[:i + len(START)] + "\n" + block + "\n" + text[j:])
    os.chmod(tmp, doc.stat().st_mode & 0o777)
    os.replace(tmp, doc)  # atomic: other blocks, written by other scripts, stay as they were


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("results", type=Path)
    ap.add_argument("--doc", type=Path)
    ap.add_argument("--chart", type=Path)
    a = ap.parse_args()
    meta_path = a.results / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    meta.setdefault("machine", machine())
    data = load(a.results)
    if not data:
        sys.exit(f"report.py: no results under {a.results}")
    chart_name = None
    if a.chart:
        chart(data, a.chart)
        chart_name = os.path.relpath(a.chart, a.doc.parent) if a.doc else a.chart.name
    block = render(meta, data, chart_name)
    if a.doc:
        rewrite(a.doc, block)
    print(render(meta, data, None))


if __name__ == "__main__":
    main()
