"""Errors as JSON, request ids, body caps and security headers: one shape for every failure.

Every error answer is ``{"error": {"status": int, "message": str, "request_id": str}}`` (plus
``findings`` for SHACL violations or ``offered`` for a 406), with an ``X-Request-ID`` header. No
traceback, file path or library message reaches a client: unexpected exceptions are logged
server-side and answered with a generic 500.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from plangraph.errors import (
    ConflictError,
    InputError,
    NotFoundError,
    PlangraphError,
    ValidationFailed,
    WritesDisabledError,
)

__all__ = [
    "DEFAULT_CSP",
    "ApiError",
    "BodyTooLarge",
    "GuardMiddleware",
    "error_response",
    "install_error_handlers",
    "request_id_of",
]

log = logging.getLogger("plangraph.api")

DEFAULT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""The Content-Security-Policy set on every HTML response that does not set its own."""

_SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class ApiError(Exception):
    """An HTTP error with a message for the client (and optional extra fields)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.extra = extra


class BodyTooLarge(Exception):
    """The request body is larger than ``PLANGRAPH_MAX_BODY_BYTES``."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than the limit of {limit} bytes")
        self.limit = limit


def request_id_of(request: Request) -> str:
    """The id of this request (set by ``GuardMiddleware``)."""
    return str(getattr(request.state, "request_id", "") or "-")


def error_response(
    request: Request,
    status: int,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """The JSON error body every failure gets."""
    request_id = request_id_of(request)
    body: dict[str, Any] = {"status": status, "message": message, "request_id": request_id}
    body.update(extra)
    return JSONResponse(
        {"error": body},
        status_code=status,
        headers={**(headers or {}), "X-Request-ID": request_id},
    )


def _status_of(exc: PlangraphError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, WritesDisabledError):
        return 403
    if isinstance(exc, InputError):
        return 400
    if isinstance(exc, ValidationFailed):
        return 422
    return 500


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = [str(x) for x in err.get("loc", ())]
        where = " ".join(loc[:1]) + (" " + ".".join(loc[1:]) if len(loc) > 1 else "")
        parts.append(f"{where.strip()}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts) if parts else "invalid request"


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the JSON error shape."""

    async def api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        return error_response(request, exc.status, exc.message, headers=exc.headers, **exc.extra)

    async def plangraph_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PlangraphError)
        status = _status_of(exc)
        if status == 500:
            log.error("request %s failed: %r", request_id_of(request), exc)
            return error_response(request, 500, "internal error; the request id is logged")
        extra: dict[str, Any] = {}
        if isinstance(exc, ValidationFailed) and exc.report is not None:
            extra["findings"] = [f.as_dict() for f in exc.report.violations]
        return error_response(request, status, str(exc), **extra)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "no such resource", 405: "method not allowed for this resource"}
        detail = exc.detail if isinstance(exc.detail, str) else ""
        if exc.status_code in messages and detail in ("Not Found", "Method Not Allowed", ""):
            detail = messages[exc.status_code]
        return error_response(
            request,
            exc.status_code,
            detail or "error",
            headers=dict(exc.headers or {}),
        )

    async def validation_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return error_response(request, 422, _validation_message(exc))

    async def too_large(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, BodyTooLarge)
        return error_response(request, 413, str(exc))

    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("request %s failed", request_id_of(request))
        return error_response(request, 500, "internal error; the request id is logged")

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(PlangraphError, plangraph_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(BodyTooLarge, too_large)
    app.add_exception_handler(Exception, unexpected)


class GuardMiddleware:
    """Pure ASGI middleware: request ids, the body cap and security headers.

    - ``X-Request-ID``: taken from the request when it is a sane token, else a new uuid; stored
      in ``request.state.request_id`` and sent back on every response.
    - Bodies over ``max_body_bytes`` get 413: at once when ``Content-Length`` says so, else when
      the streamed body passes the limit.
    - ``X-Content-Type-Options: nosniff`` everywhere; a default Content-Security-Policy on HTML
      responses that set none of their own.
    """

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = ""
        length: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                given = value.decode("latin-1")
            elif name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = None
        request_id = given if _SANE_REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        limit = self.max_body_bytes

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in (b"x-request-id",)
                ]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                names = {k.lower() for k, _ in headers}
                headers.append((b"x-content-type-options", b"nosniff"))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                if (
                    content_type.startswith(b"text/html")
                    and b"content-security-policy" not in names
                ):
                    headers.append((b"content-security-policy", DEFAULT_CSP.encode()))
                message["headers"] = headers
            await send(message)

        if length is not None and length > limit:
            body = json.dumps(
                {
                    "error": {
                        "status": 413,
                        "message": f"the request body is larger than the limit of {limit} bytes",
                        "request_id": request_id,
                    }
                }
            ).encode()
            await send_with_headers(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
            await send_with_headers({"type": "http.response.body", "body": body})
            return

        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        await self.app(scope, capped_receive, send_with_headers)
