"""Drive the official `runware-sdk` (PyPI, unmodified) against a Runware endpoint; print JSON.

Runs in the SDK's own virtualenv (tests/sdk_envs.py), not in specmock's:

    python runware_sdk_probe.py details --transport websocket --url ws://127.0.0.1:8000/runware/v1 --key k
    python runware_sdk_probe.py details --transport rest --url http://127.0.0.1:8000/runware/v1 --key k
    python runware_sdk_probe.py resume --url ws://127.0.0.1:8000/runware/v1 --key k

`resume` prints `{"session": ...}` once authenticated, waits for a line on stdin (the test
drops the socket server-side meanwhile), then asks for the account details again.
The last line printed is the JSON outcome.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from runware import LogEntry, Runware, RunwareError


def url_option(transport: str, url: str) -> dict[str, object]:
    return {"ws_base_url": url} if transport == "websocket" else {"http_base_url": url}


def error_report(exc: BaseException) -> dict[str, object]:
    report: dict[str, object] = {"ok": False, "type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, RunwareError):
        report.update(code=exc.code, parameter=exc.parameter, task_type=exc.task_type, status_code=exc.status_code)
    return report


async def details(args: argparse.Namespace) -> dict[str, object]:
    client = Runware(
        api_key=args.key,
        transport=args.transport,
        max_retries=0,
        timeout=20_000,
        auth_timeout=10_000,
        **url_option(args.transport, args.url),
    )
    try:
        await client.connect()
        items = await client.account_management({"operation": "getDetails"})
        session = client._ws_transport.session_id if client._ws_transport else None  # noqa: SLF001 (read only)
        return {"ok": True, "items": items, "session": session}
    except Exception as exc:  # noqa: BLE001 — reported to the test
        return error_report(exc)
    finally:
        await client.close()


async def resume(args: argparse.Namespace) -> dict[str, object]:
    sent_auth: list[object] = []

    def sink(entry: LogEntry) -> None:
        if entry.category == "auth":
            sent_auth.append(json.loads(entry.message))

    client = Runware(
        api_key=args.key,
        transport="websocket",
        ws_base_url=args.url,
        retry_delay=50,
        timeout=20_000,
        auth_timeout=10_000,
        debug=True,
        log_sink=sink,
    )
    try:
        await client.connect()
        transport = client._ws_transport  # noqa: SLF001 (read only: the session id)
        first = transport.session_id
        print(json.dumps({"session": first}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        items = await client.account_management({"operation": "getDetails"})
        return {"ok": True, "first": first, "after": transport.session_id, "auth_messages": sent_auth, "items": items}
    except Exception as exc:  # noqa: BLE001
        return error_report(exc) | {"auth_messages": sent_auth}
    finally:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["details", "resume"])
    parser.add_argument("--transport", choices=["websocket", "rest"], default="websocket")
    parser.add_argument("--url", required=True)
    parser.add_argument("--key", required=True)
    args = parser.parse_args()
    outcome = asyncio.run(details(args) if args.mode == "details" else resume(args))
    print(json.dumps(outcome, default=str), flush=True)


if __name__ == "__main__":
    main()
