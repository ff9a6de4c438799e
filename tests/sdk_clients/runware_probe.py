"""Drive the official `runware` SDK (PyPI, unmodified, WebSocket only) against an endpoint; print JSON.

Runs in the SDK's own virtualenv (tests/sdk_envs.py), not in specmock's:

    python runware_probe.py --url ws://127.0.0.1:8000/runware/v1 --key k

Connects (the SDK authenticates and starts its heartbeat), checks the connection the way
the SDK's own calls do (`ensureConnection`, which raises on a rejected key), and waits for
the answer to the SDK's first heartbeat ping. The last line printed is the JSON outcome.
"""

from __future__ import annotations

import argparse
import asyncio
import json

from runware import Runware


async def probe(url: str, key: str) -> dict[str, object]:
    runware = Runware(api_key=key, url=url)
    pong = asyncio.Event()
    sessions: list[str] = []
    # Listeners are the SDK's public hook on incoming messages; registered before connect()
    # so the answer to the ping sent right after authentication is not missed.
    runware.addListener(check=lambda m: bool(m.get("data")) and m["data"][0].get("pong"), lis=lambda m: pong.set())
    runware.addListener(
        check=lambda m: bool(m.get("data")) and m["data"][0].get("connectionSessionUUID"),
        lis=lambda m: sessions.append(m["data"][0]["connectionSessionUUID"]),
    )
    outcome: dict[str, object] = {}
    try:
        await asyncio.wait_for(runware.connect(), timeout=15)
        await runware.ensureConnection()
        outcome.update(ok=True, authenticated=runware.isAuthenticated(), sessions=sessions)
    except Exception as exc:  # noqa: BLE001 — reported to the test
        outcome.update(ok=False, type=type(exc).__name__, message=str(exc))
    try:
        await asyncio.wait_for(pong.wait(), timeout=10)
        outcome["pong"] = True
    except TimeoutError:
        outcome["pong"] = False
    await runware.disconnect()
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(probe(args.url, args.key)), default=str), flush=True)


if __name__ == "__main__":
    main()
