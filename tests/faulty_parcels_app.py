"""An implementation of tests/data/specs/parcels.yaml, our own spec, for the contract checks that need
meaning, more steps or a second actor. `make_parcels_app()` is correct and lenient; `strict=True` is
just as correct but answers the semantic 400 the spec documents ("Invalid cursor") for a cursor it
never issued; `fault=...` plants one realistic bug, which a contract run must report with the check
named in `PARCEL_FAULTS`.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

SPEC = Path(__file__).resolve().parent / "data" / "specs" / "parcels.yaml"
TENANT_A = "sk_parcels_tenant_a"
TENANT_B = "sk_parcels_tenant_b"
STATUSES = ("registered", "in_transit", "delivered")
INT32_MAX = 2**31 - 1

# fault -> the check a contract run must report for it
PARCEL_FAULTS = {
    "limit_ignored": "list_limit_conformance",
    "listed_twice": "list_unique_items_conformance",
    "cursor_repeats": "pagination_conformance",
    "created_not_listed": "list_membership_conformance",
    "deleted_still_listed": "list_membership_conformance",
    "filter_ignored": "list_filter_conformance",
    "status_goes_backwards": "status_order_conformance",
    "tenant_leak": "tenant_isolation_conformance",
    "oauth_accepts_any_code": "oauth_code_conformance",
    "forged_token_accepted": "auth_refusal_conformance",
    "int32_overflow": "edge_value_conformance",
    "unknown_id_200": "unknown_id_conformance",
    "label_not_debited": "wallet_debit_conformance",
    "race_overspend": "wallet_race_conformance",
    "pickup_goes_backwards": "state_transition_conformance",
    "pickup_status_off_enum": "lifecycle_body_conformance",
    "cancel_not_refunded": "wallet_refund_conformance",
    "refund_not_in_ledger": "wallet_ledger_conformance",
    "xml_answer_crashes": "content_negotiation_conformance",
    "xml_labelled_json": "content_negotiation_conformance",
    "accept_ignored": "content_negotiation_conformance",
}
PICKUP_STATUSES = ("scheduled", "dispatched", "collected")  # one step further at each poll
PICKUP_FINAL = ("collected", "failed", "cancelled")
PICKUP_PRICE = 50
LABEL_PRICE = 100
STARTING_BALANCE = 300


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)


# Text XML 1.0 cannot hold: a correct server leaves it out (the contract run's recipients hold such characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(name: str, fields: dict[str, Any]) -> str:
    """A flat record as XML, one element per field (the spec's Parcel has no nested objects)."""
    children = "".join(f"<{key}>{escape(_NOT_XML.sub('', str(value)))}</{key}>" for key, value in fields.items())
    return f"<{name}>{children}</{name}>"


def make_parcels_app(fault: str | None = None, *, strict: bool = False) -> Starlette:
    if fault is not None and fault not in PARCEL_FAULTS:
        raise ValueError(f"unknown fault {fault!r}")
    parcels: dict[str, dict[str, Any]] = {}  # id -> parcel with its owner
    order: list[str] = []  # creation order
    polls: dict[str, int] = {}
    wallets: dict[str, int] = {}
    ledgers: dict[str, list[dict[str, Any]]] = {}  # owner -> entries, oldest first
    pickups: dict[str, dict[str, Any]] = {}
    wallet_lock = asyncio.Lock()

    def balance(owner: str) -> int:
        if owner not in wallets:
            wallets[owner] = STARTING_BALANCE
            ledgers[owner] = [
                {"id": secrets.token_hex(6), "amount_cents": STARTING_BALANCE, "reason": "opening credit"}
            ]
        return wallets[owner]

    def move_money(owner: str, amount: int, reason: str, *, in_ledger: bool = True) -> None:
        balance(owner)
        wallets[owner] += amount
        if in_ledger:
            ledgers[owner].append({"id": secrets.token_hex(6), "amount_cents": amount, "reason": reason})

    def tenant(request: Request) -> str | None:
        auth = request.headers.get("authorization", "")
        if not auth.lower().startswith("bearer "):
            return None
        token = auth[7:].strip()
        if token in (TENANT_A, TENANT_B):
            return token
        if fault == "forged_token_accepted" and token.count(".") == 2:
            return TENANT_A  # "a JWT": trusted without checking its signature
        return None

    def shown(parcel: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in parcel.items() if k not in ("owner", "deleted")}

    async def list_parcels(request: Request) -> Response:
        owner = tenant(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        query = request.query_params
        limit_text = query.get("limit", "10")
        if not limit_text.lstrip("-").isdecimal() or not 1 <= int(limit_text) <= 50:
            return _error(400, "invalid_limit", "limit must be an integer in 1..50")
        limit = int(limit_text)
        status = query.get("status")
        if status is not None and status not in STATUSES:
            return _error(400, "invalid_status", "unknown status")
        visible = [
            parcels[pid]
            for pid in reversed(order)  # newest first
            if (not parcels[pid].get("deleted") or fault == "deleted_still_listed")
            and (parcels[pid]["owner"] == owner or fault == "tenant_leak")
        ]
        if fault == "created_not_listed" and visible:
            visible = visible[1:]  # the newest parcel is "still being indexed"
        if status is not None and fault != "filter_ignored":
            visible = [p for p in visible if p["status"] == status]
        cursor = query.get("cursor")
        if cursor == "":
            return _error(400, "invalid_cursor", "Invalid cursor")  # documented; an empty cursor names no page
        if cursor is None:
            start = 0
        elif cursor.isdecimal() and int(cursor) <= len(visible):
            start = int(cursor)
        elif strict:
            return _error(400, "invalid_cursor", "Invalid cursor")
        else:
            start = len(visible)  # a cursor we never issued: an empty page
        end = start + (limit * 3 if fault == "limit_ignored" else limit)
        page = visible[start:end]
        if fault == "listed_twice" and len(page) > 1:
            page = [*page[:-1], page[0]]  # the page's first parcel again, in place of its last
        step = max(end - 1, start + 1) if fault == "cursor_repeats" else end
        next_cursor = str(step) if end < len(visible) else None
        return JSONResponse({"data": [shown(p) for p in page], "next_cursor": next_cursor})

    async def create_parcel(request: Request) -> Response:
        owner = tenant(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return _error(400, "invalid_body", "expected application/json")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _error(400, "invalid_body", "body is not JSON")
        recipient = body.get("recipient") if isinstance(body, dict) else None
        weight = body.get("weight_grams") if isinstance(body, dict) else None
        if not isinstance(recipient, str) or not 1 <= len(recipient) <= 100:
            return _error(400, "invalid_body", "recipient must be a string of 1..100 characters")
        if isinstance(weight, float) and weight.is_integer():
            weight = int(weight)  # 1200.0 is an integer in JSON Schema
        if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= INT32_MAX:
            return _error(400, "invalid_body", "weight_grams must be an integer in 1..2147483647")
        if fault == "int32_overflow" and weight + 500 > INT32_MAX:  # packaging weight added in an int32 column
            return PlainTextResponse("integer overflow", status_code=500)
        parcel_id = secrets.token_hex(8)
        parcel = {"id": parcel_id, "recipient": recipient, "weight_grams": weight, "status": STATUSES[0]}
        parcels[parcel_id] = {**parcel, "owner": owner}
        order.append(parcel_id)
        polls[parcel_id] = 0
        return JSONResponse(parcel, status_code=201)

    def own_parcel(request: Request) -> tuple[str | None, dict[str, Any] | None]:
        owner = tenant(request)
        parcel = parcels.get(request.path_params["id"])
        if parcel is None or parcel.get("deleted"):
            return owner, None
        if parcel["owner"] != owner and fault != "tenant_leak":
            return owner, None
        return owner, parcel

    async def get_parcel(request: Request) -> Response:
        owner, parcel = own_parcel(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        if parcel is None:
            if fault == "unknown_id_200":
                return JSONResponse(
                    {"id": request.path_params["id"], "recipient": "", "weight_grams": 0, "status": "registered"}
                )
            return _error(404, "not_found", "no such parcel")
        # Each poll moves the parcel one step along its journey.
        polls[parcel["id"]] += 1
        index = min(polls[parcel["id"]], len(STATUSES) - 1)
        if fault == "status_goes_backwards" and polls[parcel["id"]] >= 2:
            index = 0
        parcel["status"] = STATUSES[index]
        if "application/xml" in request.headers.get("accept", "") and fault != "accept_ignored":
            if fault == "xml_answer_crashes":
                return PlainTextResponse("Internal Server Error", status_code=500)
            if fault == "xml_labelled_json":
                return Response(json.dumps(shown(parcel)), media_type="application/xml")
            return Response(_xml("Parcel", shown(parcel)), media_type="application/xml")
        return JSONResponse(shown(parcel))

    async def delete_parcel(request: Request) -> Response:
        owner, parcel = own_parcel(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        if parcel is None:
            return _error(404, "not_found", "no such parcel")
        parcel["deleted"] = True
        return Response(status_code=204)

    async def get_wallet(request: Request) -> Response:
        owner = tenant(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        return JSONResponse({"balance_cents": balance(owner)})

    async def list_ledger(request: Request) -> Response:
        owner = tenant(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        balance(owner)
        return JSONResponse({"data": list(reversed(ledgers[owner]))})

    async def schedule_pickup(request: Request) -> Response:
        owner = tenant(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        address = body.get("address") if isinstance(body, dict) else None
        if not isinstance(address, str) or not 1 <= len(address) <= 200:
            return _error(400, "invalid_body", "address must be a string of 1..200 characters")
        async with wallet_lock:
            if balance(owner) < PICKUP_PRICE:
                return _error(402, "insufficient_funds", "wallet balance too low")
            pickup_id = secrets.token_hex(8)
            move_money(owner, -PICKUP_PRICE, f"pickup {pickup_id} reserved")
        pickup = {"id": pickup_id, "address": address, "status": "scheduled", "price_cents": PICKUP_PRICE}
        pickups[pickup_id] = {**pickup, "owner": owner, "polls": 0}
        return JSONResponse(pickup, status_code=202)

    def own_pickup(request: Request) -> tuple[str | None, dict[str, Any] | None]:
        owner = tenant(request)
        pickup = pickups.get(request.path_params["id"])
        return owner, pickup if pickup is not None and pickup["owner"] == owner else None

    def shown_pickup(pickup: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in pickup.items() if k not in ("owner", "polls")}

    async def get_pickup(request: Request) -> Response:
        owner, pickup = own_pickup(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        if pickup is None:
            return _error(404, "not_found", "no such pickup")
        pickup["polls"] += 1
        if pickup["status"] not in PICKUP_FINAL:
            pickup["status"] = PICKUP_STATUSES[min(pickup["polls"] - 1, len(PICKUP_STATUSES) - 1)]
        shown = shown_pickup(pickup)
        if fault == "pickup_goes_backwards" and pickup["polls"] == 3:
            shown["status"] = "scheduled"  # a replica that has not seen the dispatch yet
        if fault == "pickup_status_off_enum" and pickup["polls"] >= 3:
            shown["status"] = "lost"  # a state the spec never lists, once the courier has it
        headers = {"Retry-After": "1"} if shown["status"] == "scheduled" and pickup["polls"] == 1 else {}
        return JSONResponse(shown, headers=headers)

    async def cancel_pickup(request: Request) -> Response:
        owner, pickup = own_pickup(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        if pickup is None:
            return _error(404, "not_found", "no such pickup")
        if pickup["status"] in PICKUP_FINAL:
            return _error(409, "conflict", f"the pickup is already {pickup['status']}")
        pickup["status"] = "cancelled"
        if fault != "cancel_not_refunded":
            move_money(
                owner, PICKUP_PRICE, f"pickup {pickup['id']} refunded", in_ledger=fault != "refund_not_in_ledger"
            )
        return JSONResponse(shown_pickup(pickup))

    async def buy_label(request: Request) -> Response:
        owner = tenant(request)
        if owner is None:
            return _error(401, "unauthorized", "missing or invalid API key")
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        recipient = body.get("recipient") if isinstance(body, dict) else None
        if not isinstance(recipient, str) or not 1 <= len(recipient) <= 100:
            return _error(400, "invalid_body", "recipient must be a string of 1..100 characters")
        if fault == "race_overspend":
            # check, then (after an await that lets other requests in) debit: the classic race
            if balance(owner) < LABEL_PRICE:
                return _error(402, "insufficient_funds", "wallet balance too low")
            await asyncio.sleep(0.05)
            move_money(owner, -LABEL_PRICE, "label")
        else:
            async with wallet_lock:
                if balance(owner) < LABEL_PRICE:
                    return _error(402, "insufficient_funds", "wallet balance too low")
                if fault != "label_not_debited":
                    move_money(owner, -LABEL_PRICE, "label")
        return JSONResponse({"label_id": secrets.token_hex(6), "price_cents": LABEL_PRICE}, status_code=201)

    async def exchange_token(request: Request) -> Response:
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
        missing = [name for name in ("grant_type", "code", "client_id", "code_verifier") if name not in form]
        if missing or form.get("grant_type") != "authorization_code":
            return _error(400, "invalid_request", f"missing or bad: {', '.join(missing) or 'grant_type'}")
        if fault == "oauth_accepts_any_code":
            return JSONResponse({"access_token": secrets.token_hex(16), "token_type": "bearer"})
        return _error(400, "invalid_grant", "unknown or expired code")  # this app issues no codes

    def route(path: str, **handlers: Any) -> Route:
        async def dispatch(request: Request) -> Response:
            response: Response = await handlers[request.method.lower()](request)
            return response

        return Route(path, dispatch, methods=[method.upper() for method in handlers])

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(404, "not_found", "no such route")

    async def not_allowed(request: Request, exc: Exception) -> Response:
        response = _error(405, "method_not_allowed", "method not allowed")
        response.headers.update(getattr(exc, "headers", None) or {})
        return response

    return Starlette(
        routes=[
            route("/v1/parcels", get=list_parcels, post=create_parcel),
            route("/v1/parcels/{id}", get=get_parcel, delete=delete_parcel),
            route("/v1/oauth/token", post=exchange_token),
            route("/v1/wallet", get=get_wallet),
            route("/v1/wallet/ledger", get=list_ledger),
            route("/v1/pickups", post=schedule_pickup),
            route("/v1/pickups/{id}", get=get_pickup),
            route("/v1/pickups/{id}/cancel", post=cancel_pickup),
            route("/v1/labels", post=buy_label),
        ],
        exception_handlers={404: not_found, 405: not_allowed},
    )
