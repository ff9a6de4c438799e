"""A DELETE that answers its record cancelled (a booking `CANCELLED`) is a cancel: the record is still read and
listed after it, and a backend that keeps it so is not reported. One whose DELETE answers the record gone but keeps
listing it is."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from contract_tests.cli import main
from tests.faulty_apps import serve

BOOKINGS = """
openapi: 3.0.3
info: {title: bookings, version: "1"}
paths:
  /bookings:
    get:
      operationId: listBookings
      responses:
        "200":
          description: the bookings
          content:
            application/json:
              schema: {type: object, properties: {data: {type: array, items: {$ref: "#/components/schemas/Booking"}}}}
    post:
      operationId: createBooking
      requestBody:
        required: true
        content: {application/json: {schema: {type: object, properties: {hotel: {type: string}}}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {$ref: "#/components/schemas/Booking"}}}}
  /bookings/{bookingId}:
    parameters: [{name: bookingId, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getBooking
      responses:
        "200": {description: the booking, content: {application/json: {schema: {$ref: "#/components/schemas/Booking"}}}}
        "404": {description: no such booking}
    delete:
      operationId: cancelBooking
      responses:
        "200": {description: cancelled, content: {application/json: {schema: {$ref: "#/components/schemas/Booking"}}}}
        "404": {description: no such booking}
components:
  schemas:
    Booking:
      type: object
      required: [bookingId, status]
      properties:
        bookingId: {type: string}
        hotel: {type: string}
        status: {type: string, enum: [PENDING, ACCEPTED, CANCELLED, DELETED]}
"""


def bookings_app(answered: str) -> Starlette:
    """A backend whose DELETE answers the booking `answered` and keeps it, listed and read, either way."""
    bookings: dict[str, dict] = {}

    async def create(request: Request) -> JSONResponse:
        try:
            sent = json.loads(await request.body() or b"{}")
        except ValueError:
            sent = {}
        hotel = sent.get("hotel") if isinstance(sent, dict) and isinstance(sent.get("hotel"), str) else ""
        made = {"bookingId": f"IM-{uuid.uuid4().hex[:8]}", "hotel": hotel, "status": "ACCEPTED"}
        bookings[made["bookingId"]] = made
        return JSONResponse(made, 201)

    async def listed(request: Request) -> JSONResponse:
        return JSONResponse({"data": list(bookings.values())})

    async def one(request: Request) -> Response:
        booking = bookings.get(request.path_params["booking_id"])
        if booking is None:
            return Response(status_code=404)
        if request.method == "DELETE":
            booking["status"] = answered
        return JSONResponse(booking)

    return Starlette(
        routes=[
            Route("/bookings", listed, methods=["GET"]),
            Route("/bookings", create, methods=["POST"]),
            Route("/bookings/{booking_id}", one, methods=["GET", "DELETE"]),
        ]
    )


def still_listed(tmp_path: Path, answered: str) -> list[str]:
    spec = tmp_path / "bookings.yaml"
    spec.write_text(BOOKINGS)
    report = tmp_path / "report.json"
    with serve(bookings_app(answered)) as base_url:
        main(
            [
                *("--spec", str(spec), "--base-url", base_url, "--phases", "lists"),
                *("--max-examples", "5", "--seed", "1", "--progress", "none", "--report", str(report)),
            ]
        )
    failures = json.loads(report.read_text())["failures"]
    return [failure["message"] for failure in failures if "still listed" in failure["message"]]


@pytest.mark.parametrize(("answered", "reported"), [("CANCELLED", False), ("DELETED", True)])
def test_a_record_its_delete_cancels_may_stay_listed(tmp_path, answered, reported):
    # Impala's `DELETE /bookings/{bookingId}` answers the booking `CANCELLED`, and it stays listed, as it should
    assert bool(still_listed(tmp_path, answered)) is reported
