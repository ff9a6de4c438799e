"""Ceiling reference: a bare Starlette app answering the benchmark's three requests.

Run by bench/run.py with uvicorn's httptools + uvloop. It does the least work
that still gives each request its expected status class: an auth-header check,
a JSON parse and one field check on the POST body. No spec, no validation library.
"""

from json import JSONDecodeError

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

UNAUTHORIZED = {"error": {"code": "unauthorized", "message": "missing credentials"}}
INVALID = {"error": {"code": "invalid_request", "message": "body does not match schema"}}
MODELS = {"data": [{"model_id": "fal-ai/flux/schnell", "type": "image", "provider": "fal"}]}
JOB = {"job_id": "00000000-0000-4000-8000-000000000000", "type": "image", "status": "queued"}


def authorized(request: Request) -> bool:
    return request.headers.get("authorization", "").startswith("Bearer ")


async def list_models(request: Request) -> JSONResponse:
    if not authorized(request):
        return JSONResponse(UNAUTHORIZED, status_code=401)
    return JSONResponse(MODELS)


async def generate_image(request: Request) -> JSONResponse:
    if not authorized(request):
        return JSONResponse(UNAUTHORIZED, status_code=401)
    try:
        body = await request.json()
    except JSONDecodeError:
        return JSONResponse(INVALID, status_code=400)
    if not isinstance(body, dict) or not isinstance(body.get("prompt"), str):
        return JSONResponse(INVALID, status_code=400)
    return JSONResponse(JOB, status_code=202)


app = Starlette(
    routes=[
        Route("/v1/models", list_models, methods=["GET"]),
        Route("/v1/images/generate", generate_image, methods=["POST"]),
    ]
)
