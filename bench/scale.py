"""Scale: time to the first answer and memory after start, on GitHub's REST spec, specmock beside Prism.

Run by hand, never in the test suite:

    .venv/bin/python bench/scale.py              # specmock cold + warm cache, then Prism, one run
    .venv/bin/python bench/scale.py --repeat 3   # the median of 3 starts per row
    .venv/bin/python bench/scale.py --no-prism

The spec is `generated/api.github.com.json` of the npm package @octokit/openapi (fetched into
~/.cache/specmock-corpus by bench/corpus.py's fetcher). Each server is started alone; the clock
runs from process start to the first answer (below 500) to `GET /repos/octocat/hello-world` (polled every 20 ms),
then RSS is read half a second later: the server process's own, and the whole process tree's
(specmock's includes the spec check running beside it). specmock runs twice: **cold**, with an
empty cache folder (`XDG_CACHE_HOME` pointed at a fresh directory: the document is read and
normalised, served, and openapi-spec-validator checks it in a child process meanwhile), and
**warm**, with the cache the cold start left (the normalised document is unpickled, the validator's
verdict read). The cold start is kept running until its log says the check is done, so the warm
start finds the verdict; that time and the RSS after it are reported too. Targets (issue #15):
first answer in at most 2 s, at most 200 MB RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CORPUS, HOST, cpu_seconds, ensure_prism, fetch, free_port, rss_mb, stop  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PROBE = "/repos/octocat/hello-world"
TARGET_FIRST_ANSWER_S = 2.0
TARGET_RSS_MB = 200.0


@dataclass
class Start:
    server: str
    first_answer_s: float | None
    cpu_s: float | None  # the server process's own CPU time to the first answer (not the check beside it)
    tree_cpu_s: float | None  # with its children's
    rss_mb: float | None  # the server process's own, after start
    tree_rss_mb: float | None  # with its children (specmock's spec check, while it runs)
    status: int | None
    check_done_s: float | None = None  # specmock: when the log says the spec check ended (None: no check ran)
    rss_after_check_mb: float | None = None


CHECK_DONE = b"specmock: spec check "  # the line `serve` prints when openapi-spec-validator's check ends


def first_answer(argv: list[str], port: int, env: dict[str, str], timeout: float, log: Path) -> Start:
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, cwd=REPO, env=env)
    status = None
    elapsed = None
    check_done = rss_after_check = None
    try:
        while time.perf_counter() - started < timeout and process.poll() is None:
            try:
                answer = httpx.get(f"http://{HOST}:{port}{PROBE}", headers={"Authorization": "Bearer bench"}, timeout=5)
            except httpx.TransportError:
                time.sleep(0.02)
                continue
            status = answer.status_code
            if status < 500:  # the API's own answer (the server listens only once everything is loaded)
                elapsed = time.perf_counter() - started
                break
            time.sleep(0.02)
        cpu = _own_cpu_seconds(process.pid)
        tree_cpu = cpu_seconds(process.pid)
        time.sleep(0.5)
        rss = _own_rss_mb(process.pid)
        tree_rss = rss_mb(process.pid)
        if b"checking " in log.read_bytes():  # a spec check runs beside the server: wait for its end
            while time.perf_counter() - started < timeout and process.poll() is None:
                if CHECK_DONE in log.read_bytes():
                    check_done = round(time.perf_counter() - started, 2)
                    time.sleep(0.5)
                    rss_after_check = rss_mb(process.pid)
                    break
                time.sleep(0.1)
    finally:
        stop(process)
    return Start(
        argv[0],
        None if elapsed is None else round(elapsed, 2),
        cpu,
        tree_cpu,
        rss,
        tree_rss,
        status,
        check_done,
        rss_after_check,
    )


def _own_cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 2)
    except (OSError, ValueError, IndexError):
        return None


def _own_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--no-prism", action="store_true")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    spec = next(s for s in CORPUS if s.name == "github")
    folder = fetch(spec)
    logs = REPO / "bench" / "results"
    logs.mkdir(parents=True, exist_ok=True)
    specmock = str(Path(sys.executable).with_name("specmock"))
    rows: dict[str, list[Start]] = {"specmock (cold cache)": [], "specmock (warm cache)": [], "prism": []}
    prism = None if args.no_prism else ensure_prism()
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            env = {**os.environ, "XDG_CACHE_HOME": cache}
            for label in ("specmock (cold cache)", "specmock (warm cache)"):
                port = free_port()
                argv = [specmock, "serve", "--specs", str(folder), "--host", HOST, "--port", str(port)]
                rows[label].append(first_answer(argv, port, env, args.timeout, logs / "scale.specmock.log"))
        if prism is not None:
            port = free_port()
            argv = [str(prism), "mock", "-h", HOST, "-p", str(port), str(next(folder.iterdir()))]
            rows["prism"].append(first_answer(argv, port, dict(os.environ), args.timeout, logs / "scale.prism.log"))
    lines = [
        "| server | first answer s (CPU s: own, with children) | status | RSS MB after start: server (with children) |"
        " spec check done s (RSS MB after) | first answer ≤ 2 s | RSS ≤ 200 MB |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    summary = {}
    for label, starts in rows.items():
        if not starts:
            continue
        first = _median([s.first_answer_s for s in starts])
        cpu = _median([s.cpu_s for s in starts])
        tree_cpu = _median([s.tree_cpu_s for s in starts])
        rss = _median([s.rss_mb for s in starts])
        tree = _median([s.tree_rss_mb for s in starts])
        check = _median([s.check_done_s for s in starts])
        after = _median([s.rss_after_check_mb for s in starts])
        summary[label] = {
            "first_answer_s": first,
            "cpu_s": cpu,
            "tree_cpu_s": tree_cpu,
            "rss_mb": rss,
            "tree_rss_mb": tree,
            "check_done_s": check,
            "rss_after_check_mb": after,
            "runs": [asdict(s) for s in starts],
        }
        checked = "–" if check is None else f"{check} ({_cell(after)})"
        lines.append(
            f"| {label} | {_cell(first)} ({_cell(cpu)}, {_cell(tree_cpu)}) | {_cell(starts[-1].status)} | "
            f"{_cell(rss)} ({_cell(tree)}) | "
            f"{checked} | {_mark(first, TARGET_FIRST_ANSWER_S)} | {_mark(rss, TARGET_RSS_MB)} |"
        )
    load = os.getloadavg()[0]
    lines.append(f"\nGET {PROBE}, {args.repeat} start(s) per row, median; load average {load:.1f} at the end")
    print("\n".join(lines))
    (logs / "scale.json").write_text(json.dumps(summary, indent=2))
    return 0


def _median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None


def _cell(value: object) -> str:
    return "–" if value is None else str(value)


def _mark(value: float | None, limit: float) -> str:
    return "–" if value is None else ("✓" if value <= limit else "✗")


if __name__ == "__main__":
    sys.exit(main())
