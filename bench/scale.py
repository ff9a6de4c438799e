"""Scale: time to the first answer and memory after start, on GitHub's REST spec, specmock beside Prism.

Run by hand, never in the test suite:

    .venv/bin/python bench/scale.py              # specmock cold + warm cache, then Prism, one run
    .venv/bin/python bench/scale.py --repeat 3   # the median of 3 starts per row
    .venv/bin/python bench/scale.py --no-prism

The spec is `generated/api.github.com.json` of the npm package @octokit/openapi (fetched into
~/.cache/specmock-corpus by bench/corpus.py's fetcher). Each server is started alone; the clock
runs from process start to the first answer (below 500) to `GET /repos/octocat/hello-world` (polled every 20 ms),
then RSS (the whole process tree) is read half a second later. specmock runs twice: **cold**, with an
empty cache folder (`XDG_CACHE_HOME` pointed at a fresh directory: the document is read, checked
and normalised), and **warm**, with the cache the cold start left (the normalised document is
unpickled). Targets (issue #15): first answer in at most 2 s, at most 200 MB RSS.
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
    cpu_s: float | None
    rss_mb: float | None
    status: int | None


def first_answer(argv: list[str], port: int, env: dict[str, str], timeout: float, log: Path) -> Start:
    with open(log, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, cwd=REPO, env=env)
    status = None
    elapsed = None
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
        cpu = cpu_seconds(process.pid)
        time.sleep(0.5)
        rss = rss_mb(process.pid)
    finally:
        stop(process)
    return Start(argv[0], None if elapsed is None else round(elapsed, 2), cpu, rss, status)


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
        "| server | first answer s (CPU s) | status | RSS MB after start | first answer ≤ 2 s | RSS ≤ 200 MB |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    summary = {}
    for label, starts in rows.items():
        if not starts:
            continue
        first = _median([s.first_answer_s for s in starts])
        cpu = _median([s.cpu_s for s in starts])
        rss = _median([s.rss_mb for s in starts])
        summary[label] = {"first_answer_s": first, "cpu_s": cpu, "rss_mb": rss, "runs": [asdict(s) for s in starts]}
        lines.append(
            f"| {label} | {_cell(first)} ({_cell(cpu)}) | {_cell(starts[-1].status)} | {_cell(rss)} | "
            f"{_mark(first, TARGET_FIRST_ANSWER_S)} | {_mark(rss, TARGET_RSS_MB)} |"
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
