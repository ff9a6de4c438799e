#!/usr/bin/env python3
"""Load benchmark: specmock vs Stoplight Prism vs a bare Starlette app, side by side.

Run by hand (never part of the test suite), with the project's venv Python so the
bare app finds uvicorn + uvloop + httptools:

    python bench/run.py [--quick] [--repeat N] [--only prism,bare]

See bench/README.md. Results go to bench/results/latest.{md,json} (gitignored).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HOST = "127.0.0.1"
BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SPEC = REPO / "specs" / "aeriox-studio.openapi.json"
RESULTS = BENCH / "results"
POST_LUA = BENCH / "post_json.lua"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "specmock-bench"
PRISM_DIR = CACHE / "prism"
PRISM_PKG = "@stoplight/prism-cli@5"
AUTH = "Bearer sk_live_bench"
SERVERS = ("specmock", "workers", "stateful", "prism", "bare")
LABELS = {
    "specmock": "specmock",
    "workers": "specmock 2 workers",
    "stateful": "specmock+scenarios",
    "prism": "Prism",
    "bare": "bare Starlette",
}
# specmock twice: as the static mock Prism is (`--scenario none`), and as it starts by default (stateful
# resources, job lifecycles, a wallet that every valid POST charges), with a wallet too deep to run dry.
SPECMOCK_VARIANTS = {
    "specmock": ["--scenario", "none"],
    "workers": ["--scenario", "none", "--workers", "2"],
    "stateful": ["--set", "wallet.start_balance_usd=1000000000"],
}
# The targets, per cell of one run: req/s at least this many times Prism's (workers: times one
# specmock worker's), and p99 at most P99_TARGET times Prism's.
RPS_TARGETS = {"specmock": 4.0, "stateful": 3.0, "workers": 1.6}
P99_TARGET = 0.5
READY_TIMEOUT_S = 30.0

# Valid per GenerateImageRequest: required model + prompt, plus a few optional fields.
VALID_BODY = {
    "model": "fal-ai/flux/schnell",
    "prompt": "a red fox in fresh snow, golden hour",
    "aspect_ratio": "16:9",
    "resolution": "1024x1024",
    "seed": 42,
}
# Invalid: required `prompt` missing, `aspect_ratio` not in the enum, `seed` not an integer.
INVALID_BODY = {"model": "fal-ai/flux/schnell", "aspect_ratio": "2:1", "seed": "42"}


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    method: str
    path: str
    body: dict | None
    expect: int  # expected status class: 2 for 2xx, 4 for 4xx


CASES = (
    Case("get_auth", "GET /v1/models (auth)", "GET", "/v1/models", None, 2),
    Case("post_valid", "POST /v1/images/generate valid", "POST", "/v1/images/generate", VALID_BODY, 2),
    Case("post_invalid", "POST /v1/images/generate invalid", "POST", "/v1/images/generate", INVALID_BODY, 4),
)
READY_CASE = CASES[0]


@dataclass
class Server:
    name: str
    argv: list[str]
    port: int
    proc: subprocess.Popen | None = None
    startup_s: float | None = None
    statuses: dict[str, int] = field(default_factory=dict)
    prefix: str = ""  # where the AERIOX API is mounted: "" with --api aeriox, "/aeriox" with every spec


# ---------------------------------------------------------------- tools


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_install(argv: list[str], hint: str) -> None:
    log(f"installing: {shlex.join(argv)}")
    if subprocess.run(argv).returncode != 0:
        sys.exit(f"install failed; install by hand with: {hint}")


def ensure_wrk(allow_install: bool) -> str:
    hint = "sudo apt-get install -y wrk"
    if not shutil.which("wrk"):
        if not (allow_install and os.geteuid() == 0 and shutil.which("apt-get")):
            sys.exit(f"wrk not found; install it with: {hint}")
        run_install(["apt-get", "update", "-qq"], hint)
        run_install(["apt-get", "install", "-y", "-qq", "wrk"], hint)
    return shutil.which("wrk") or sys.exit("wrk still not on PATH")


def ensure_prism(allow_install: bool) -> Path:
    binary = PRISM_DIR / "node_modules" / ".bin" / "prism"
    hint = f"npm install --prefix {PRISM_DIR} {PRISM_PKG}"
    if not binary.exists():
        if not (allow_install and shutil.which("npm")):
            sys.exit(f"Prism not found; install it with: {hint}")
        PRISM_DIR.mkdir(parents=True, exist_ok=True)
        run_install(["npm", "install", "--prefix", str(PRISM_DIR), "--no-audit", "--no-fund", PRISM_PKG], hint)
    return binary


def prism_version() -> str | None:
    manifest = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    return json.loads(manifest.read_text())["version"] if manifest.exists() else None


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def server_argv(name: str, port: int, args: argparse.Namespace) -> list[str]:
    if name in SPECMOCK_VARIANTS:
        argv = shlex.split(args.specmock_cmd) + SPECMOCK_VARIANTS[name] + ["--host", HOST, "--port", str(port)]
        if not shutil.which(argv[0]):
            sys.exit(f"specmock command not found: {argv[0]} (use --specmock-cmd, or --only prism,bare)")
        return argv
    if name == "prism":
        return [str(args.prism_bin), "mock", "-h", HOST, "-p", str(port), "-v", "silent", str(SPEC)]
    return [
        sys.executable, "-m", "uvicorn", "bare_app:app", "--app-dir", str(BENCH),
        "--host", HOST, "--port", str(port), "--loop", "uvloop", "--http", "httptools",
        "--no-access-log", "--log-level", "warning",
    ]  # fmt: skip


def send(port: int, case: Case, prefix: str = "") -> int:
    """Send one request of `case` and return the HTTP status."""
    headers = {"Authorization": AUTH}
    body = None
    if case.body is not None:
        body = json.dumps(case.body).encode()
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        conn.request(case.method, prefix + case.path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def start(server: Server) -> None:
    """Start the server and wait until it answers READY_CASE with a 2xx; record start-up time."""
    RESULTS.mkdir(exist_ok=True)
    log_file = open(RESULTS / f"{server.name}.log", "wb")  # noqa: SIM115 -- the server writes to it until stop()
    t0 = time.perf_counter()
    server.proc = subprocess.Popen(
        server.argv, cwd=REPO, stdin=subprocess.DEVNULL, stdout=log_file,
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    log_file.close()
    deadline = t0 + READY_TIMEOUT_S
    while time.perf_counter() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.proc.returncode}; see {RESULTS / server.name}.log")
        try:
            if send(server.port, READY_CASE, server.prefix) // 100 == 2:
                server.startup_s = time.perf_counter() - t0
                log(f"[{server.name}] ready on :{server.port} in {server.startup_s:.3f}s")
                return
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"{server.name} not ready after {READY_TIMEOUT_S}s")


def stop(server: Server) -> None:
    """Terminate the server's whole process group (it was started in its own session)."""
    if server.proc is None or server.proc.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(server.proc.pid, sig)
            server.proc.wait(timeout=grace)
            return
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue


# ---------------------------------------------------------------- wrk


UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def parse_wrk(text: str) -> dict:
    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, text)
        if match is None and default is None:
            raise ValueError(f"cannot find {pattern!r} in wrk output:\n{text}")
        return match.group(1) if match else default

    p99 = re.search(r"^\s*99%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
    if p99 is None:
        raise ValueError(f"no 99% latency line in wrk output:\n{text}")
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "rps": float(number(r"Requests/sec:\s+([\d.]+)")),
        "p99_ms": float(p99.group(1)) * UNITS_MS[p99.group(2)],
        "requests": int(number(r"(\d+) requests in")),
        "non_2xx": int(number(r"Non-2xx or 3xx responses:\s+(\d+)", "0")),
        "socket_errors": sum(map(int, errors.groups())) if errors else 0,
    }


def run_wrk(server: Server, case: Case, seconds: float, args: argparse.Namespace) -> dict:
    argv = [
        # wrk takes whole seconds only: `-d5.0s` is refused.
        args.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{max(1, round(seconds))}s", "--latency",
        "-H", f"Authorization: {AUTH}",
    ]  # fmt: skip
    env = dict(os.environ)
    if case.body is not None:
        argv += ["-s", str(POST_LUA)]
        env["BENCH_BODY"] = json.dumps(case.body)
    argv.append(f"http://{HOST}:{server.port}{case.path}")
    load = os.getloadavg()[0]
    server_cpu, wrk_cpu, started = group_cpu_s(server), children_cpu_s(), time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    sample = parse_wrk(done.stdout)
    # Cores each side kept busy: on a 2-CPU machine, wrk's share is what the server could not have.
    sample["wrk_cores"] = (children_cpu_s() - wrk_cpu) / wall
    sample["server_cores"] = (group_cpu_s(server) - server_cpu) / wall
    sample["load_1m"] = load
    return sample


def children_cpu_s() -> float:
    """CPU seconds used by this script's finished children (each wrk run, once it has exited)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu_s(server: Server) -> float:
    """CPU seconds used so far by every live process of the server's process group (its workers too)."""
    if server.proc is None:
        return 0.0
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == server.proc.pid:  # field 5, pgrp: the server was started in its own session
            total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / CLOCK_TICKS


def measure(servers: list[Server], args: argparse.Namespace) -> dict[str, dict[str, list[dict]]]:
    """Interleave: for each repeat, each case, every server in turn, so noise hits all alike."""
    samples = {case.key: {s.name: [] for s in servers} for case in CASES}
    for rep in range(args.repeat):
        for case in CASES:
            for server in servers:
                if rep == 0 and args.warmup > 0:
                    run_wrk(server, case, args.warmup, args)
                sample = run_wrk(server, case, args.duration, args)
                samples[case.key][server.name].append(sample)
                log(
                    f"[{rep + 1}/{args.repeat}] {case.key:<12} {server.name:<8} {sample['rps']:>9.0f} req/s"
                    f"  p99 {sample['p99_ms']:.2f} ms  non-2xx {sample['non_2xx']}"
                    f"  cores: server {sample['server_cores']:.2f}, wrk {sample['wrk_cores']:.2f}"
                    f"  load {sample['load_1m']:.2f}"
                )
    return samples


def summarize(runs: list[dict]) -> dict:
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
        "server_cores": statistics.median(r["server_cores"] for r in runs),
        "wrk_cores": statistics.median(r["wrk_cores"] for r in runs),
        "samples": runs,
    }


# ---------------------------------------------------------------- report


def anomalies(servers: list[Server], results: dict) -> list[str]:
    """Unexpected status classes before measuring, and unexpected non-2xx / socket errors during."""
    notes = []
    for case in CASES:
        for server in servers:
            status = server.statuses[case.key]
            if status // 100 != case.expect:
                notes.append(f"{server.name} answered {case.label} with {status}, expected {case.expect}xx")
            for run in results[case.key][server.name]["samples"]:
                want_non_2xx = run["requests"] if case.expect != 2 else 0
                if run["non_2xx"] != want_non_2xx or run["socket_errors"]:
                    notes.append(
                        f"{server.name} {case.key}: {run['non_2xx']}/{run['requests']} non-2xx, "
                        f"{run['socket_errors']} socket errors"
                    )
    return notes


def baseline_of(name: str) -> str:
    """What a variant's req/s is held to: one worker for the 2 workers, Prism for the others."""
    return "specmock" if name == "workers" else "prism"


def ratio_cell(name: str, row: dict) -> str:
    """req/s against the baseline the target names, and p99 against Prism's, each with ✓ or ✗."""
    mine = row[name]
    baseline = baseline_of(name)
    if baseline not in row:
        return "–"
    ratio = mine["rps"] / row[baseline]["rps"]
    cell = f"{ratio:.2f}x {'✓' if ratio >= RPS_TARGETS[name] else '✗'}"
    if name != "workers":
        p99 = mine["p99_ms"] / row["prism"]["p99_ms"]
        cell += f", p99 {p99:.2f}x {'✓' if p99 <= P99_TARGET else '✗'}"
    return cell


def round_ratios(name: str, row: dict) -> str:
    """The req/s ratio of `name` to its baseline within each round (the rounds are interleaved, so both ran
    at the machine's speed of that moment), where the table's ratio is of the medians across rounds."""
    baseline = baseline_of(name)
    pairs = zip(row[name]["samples"], row[baseline]["samples"], strict=True)
    return ", ".join(f"{mine['rps'] / theirs['rps']:.2f}x" for mine, theirs in pairs)


def target_header(name: str) -> str:
    if name == "workers":
        return f"2 workers / 1 req/s (target ≥{RPS_TARGETS[name]}x)"
    return f"{LABELS[name]} / Prism (req/s ≥{RPS_TARGETS[name]}x, p99 ≤{P99_TARGET}x)"


def render(meta: dict, servers: list[Server], results: dict, notes: list[str]) -> str:
    names = [s.name for s in servers]
    compared = [n for n in SPECMOCK_VARIANTS if n in names and ("prism" in names or n == "workers")]
    head = ["request"] + [f"{LABELS[n]} req/s | {LABELS[n]} p99" for n in names]
    head += [target_header(n) for n in compared]
    lines = [
        f"# specmock load benchmark — {meta['date']}",
        "",
        f"`{meta['wrk_args']}` per cell, median of {meta['repeat']} run(s), "
        f"runs interleaved across servers; {meta['cpu']} ({meta['cpus']} CPUs).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * (1 + 2 * len(names) + len(compared)),
    ]
    for case in CASES:
        row = results[case.key]
        cells = [f"{row[n]['rps']:,.0f} | {row[n]['p99_ms']:.2f} ms" for n in names]
        cells += [ratio_cell(n, row) for n in compared]
        lines.append(f"| {case.label} | " + " | ".join(cells) + " |")
    if meta["repeat"] > 1 and compared:
        lines += ["", "req/s ratios within each round (round 1, 2, …), against the same baselines:", ""]
        lines += ["| request | " + " | ".join(target_header(n).split(" (")[0] for n in compared) + " |"]
        lines += ["|" + "---|" * (1 + len(compared))]
        for case in CASES:
            cells = [round_ratios(n, results[case.key]) for n in compared]
            lines.append(f"| {case.label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Load average (1, 5, 15 min): {meta['load_before']} before the first run, {meta['load_after']} after the"
        f" last; per cell, from {meta['load_min']:.2f} to {meta['load_max']:.2f} (1 min) as each wrk run began.",
        "",
        "CPU cores kept busy during the measured runs (median; server incl. its workers | wrk):",
        "",
        "| request | " + " | ".join(LABELS[n] for n in names) + " |",
        "|" + "---|" * (1 + len(names)),
    ]
    for case in CASES:
        row = results[case.key]
        cells = [f"{row[n]['server_cores']:.2f} \\| {row[n]['wrk_cores']:.2f}" for n in names]
        lines.append(f"| {case.label} | " + " | ".join(cells) + " |")
    lines += ["", "Start-up (process start → first 2xx on GET /v1/models):", ""]
    lines += [f"- {LABELS[s.name]}: {s.startup_s:.3f} s" for s in servers]
    if meta.get("startup_all_specs_s") is not None:
        lines += [f"- specmock with every spec in specs/ (4 APIs): {meta['startup_all_specs_s']:.3f} s"]
    lines += ["", "Status of one request before measuring:", ""]
    lines += ["| request | expected | " + " | ".join(LABELS[n] for n in names) + " |"]
    lines += ["|" + "---|" * (2 + len(names))]
    for case in CASES:
        statuses = " | ".join(str(s.statuses[case.key]) for s in servers)
        lines.append(f"| {case.label} | {case.expect}xx | {statuses} |")
    lines += ["", "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items() if v)]
    lines += ["", "Commands:", ""] + [f"- {s.name}: `{shlex.join(s.argv)}`" for s in servers]
    if notes:
        lines += ["", "**Warnings:**", ""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else platform.processor() or "unknown CPU"


def machine_meta(args: argparse.Namespace) -> dict:
    git = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    wrk = subprocess.run([args.wrk, "-v"], capture_output=True, text=True)
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cpus": os.cpu_count(),
        "repeat": args.repeat,
        "wrk_args": f"wrk -t{args.threads} -c{args.connections} -d{args.duration}s --latency",
        "versions": {
            "specmock commit": git.stdout.strip(),
            "Prism": prism_version() if "prism" in args.only else None,
            "wrk": (wrk.stdout + wrk.stderr).split(" Copyright")[0].removeprefix("wrk ").strip(),
            "Python": platform.python_version(),
        },
    }


def write_results(meta: dict, servers: list[Server], results: dict, notes: list[str]) -> str:
    report = render(meta, servers, results, notes)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(report)
    payload = {
        "meta": meta,
        "servers": {s.name: {"argv": s.argv, "startup_s": s.startup_s, "statuses": s.statuses} for s in servers},
        "cases": {c.key: {"label": c.label, "method": c.method, "path": c.path, "body": c.body} for c in CASES},
        "results": results,
        "warnings": notes,
    }
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n")
    return report


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default=",".join(SERVERS), help="comma-separated subset of: " + ",".join(SERVERS))
    parser.add_argument("--specmock-cmd", default=f"{Path(sys.executable).with_name('specmock')} serve --api aeriox",
                        help="specmock command; --host/--port are appended (default: %(default)s)")  # fmt: skip
    parser.add_argument("--duration", type=float, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--warmup", type=float, default=2, help="unrecorded wrk seconds per server/request first")
    parser.add_argument("--quick", action="store_true", help="3 s runs, 1 s warm-up")
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell; the median is reported")
    parser.add_argument("--threads", type=int, default=1, help="wrk -t (default 1)")
    parser.add_argument("--connections", type=int, default=32, help="wrk -c (default 32)")
    parser.add_argument("--no-install", action="store_true", help="don't install wrk/Prism, just say how")
    args = parser.parse_args()
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = set(args.only) - set(SERVERS)
    if unknown or not args.only:
        parser.error(f"--only takes names from {','.join(SERVERS)}; got {','.join(unknown) or 'nothing'}")
    if args.quick:
        args.duration, args.warmup = 3, 1
    args.duration = int(args.duration) if float(args.duration).is_integer() else args.duration
    return args


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally block below
    args.wrk = ensure_wrk(not args.no_install)
    if "prism" in args.only:
        args.prism_bin = ensure_prism(not args.no_install)
    servers = [Server(name, [], free_port()) for name in SERVERS if name in args.only]
    for server in servers:
        server.argv = server_argv(server.name, server.port, args)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    all_specs = None
    if "specmock" in args.only:
        command = shlex.split(args.specmock_cmd)
        if "--api" in command:
            del command[command.index("--api") : command.index("--api") + 2]
        all_specs = Server("specmock", command + ["--host", HOST, "--port", str(free_port())], 0, prefix="/aeriox")
        all_specs.port = int(all_specs.argv[-1])
    try:
        if all_specs is not None:
            start(all_specs)
            stop(all_specs)
        for server in servers:  # one at a time, so start-up times don't compete for CPU
            start(server)
        for server in servers:
            server.statuses = {case.key: send(server.port, case) for case in CASES}
            log(f"[{server.name}] statuses {server.statuses}")
        samples = measure(servers, args)
    finally:
        for server in servers:
            stop(server)
    results = {case: {name: summarize(runs) for name, runs in row.items()} for case, row in samples.items()}
    notes = anomalies(servers, results)
    meta = machine_meta(args)
    meta["load_before"], meta["load_after"] = load_before, " ".join(f"{x:.2f}" for x in os.getloadavg())
    loads = [run["load_1m"] for row in samples.values() for runs in row.values() for run in runs]
    meta["load_min"], meta["load_max"] = min(loads), max(loads)
    meta["startup_all_specs_s"] = all_specs.startup_s if all_specs else None
    print(write_results(meta, servers, results, notes))
    log(f"written: {RESULTS / 'latest.md'} and {RESULTS / 'latest.json'}")
    return 1 if notes else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        log("interrupted; servers stopped")
        sys.exit(130)
