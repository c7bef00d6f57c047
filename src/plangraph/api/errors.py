"""Errors as JSON, request ids, body caps and security headers: one shape for every failure.

Every error answer is ``{"error": {"status": int, "message": str, "request_id": str}}`` (plus
``findings`` for SHACL violations or ``offered`` for a 406), with an ``X-Request-ID`` header. No
traceback, file path or library message reaches a client: unexpected exceptions are logged
server-side and answered with a generic 500.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import socket
import uuid
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from typing import Any
from urllib.parse import unquote, unquote_plus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Match

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
    "JsonCORSMiddleware",
    "error_body",
    "error_response",
    "install_error_handlers",
    "json_error_protocol",
    "plain_message",
    "request_id_of",
    "send_error",
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


def error_body(status: int, message: str, request_id: str) -> bytes:
    """The JSON error shape as bytes, for answers sent below the routing (middleware)."""
    payload = {"error": {"status": status, "message": message, "request_id": request_id}}
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


async def send_error(
    send: Send,
    status: int,
    message: str,
    request_id: str,
    headers: dict[str, str] | None = None,
) -> None:
    """Answer with the JSON error shape from ASGI middleware."""
    body = error_body(status, message, request_id)
    raw = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


# Messages of libraries that must not reach a client as they are: what they mean, in our words.
_LIBRARY_MESSAGES = (
    ("codec can't", "the input is not valid UTF-8 text"),
    ("recursion", "the input is nested too deeply to be read"),
    ("Traceback", "the input could not be read"),
)


def plain_message(message: str) -> str:
    """``message``, or a plain one of ours when it is a library's (codec errors, recursion).

    >>> plain_message("the JSON-LD is not valid JSON: 'utf-8' codec can't decode byte 0xff")
    'the input is not valid UTF-8 text'
    >>> plain_message("no such plan")
    'no such plan'
    """
    for marker, plain in _LIBRARY_MESSAGES:
        if marker in message:
            return plain
    return message


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


def allowed_methods(request: Request) -> list[str]:
    """The methods served at this request's path (HEAD wherever GET is).

    The OpenAPI description decides where it documents the path: a literal path
    (``/api/plans/import``) wins over a template that would also match it
    (``/api/plans/{name}``, whose name is then reserved). Paths it does not document (pages,
    static files) are read off the routes.
    """
    order = ("GET", "POST", "PUT", "PATCH", "DELETE")
    path = request.url.path
    paths: dict[str, Any] = request.app.openapi().get("paths", {})
    documented = paths.get(path)
    if documented is None:
        documented = next(
            (ops for template, ops in paths.items() if _template(template).fullmatch(path)), None
        )
    if documented is not None:
        found = {m.upper() for m in documented}
        served = [m for m in order if m in found]
    else:
        served = [
            method
            for method in order
            if any(
                route.matches({**request.scope, "method": method})[0] == Match.FULL
                for route in request.app.router.routes
            )
        ]
    methods: list[str] = []
    for method in served:
        methods.append(method)
        if method == "GET":
            methods.append("HEAD")
    return methods


@functools.lru_cache(maxsize=256)
def _template(path: str) -> re.Pattern[str]:
    """An OpenAPI path template (``/api/plans/{name}``) as a pattern of the paths it names."""
    parts = re.split(r"(\{[^}]+\})", path)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the JSON error shape."""

    async def api_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ApiError)
        message = plain_message(exc.message) if exc.status < 500 else exc.message
        return error_response(request, exc.status, message, headers=exc.headers, **exc.extra)

    async def plangraph_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, PlangraphError)
        status = _status_of(exc)
        if status == 500:
            log.error("request %s failed: %r", request_id_of(request), exc)
            return error_response(request, 500, "internal error; the request id is logged")
        extra: dict[str, Any] = {}
        if isinstance(exc, ValidationFailed) and exc.report is not None:
            extra["findings"] = [f.as_dict() for f in exc.report.violations]
        return error_response(request, status, plain_message(str(exc)), **extra)

    async def http_error(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        messages = {404: "no such resource", 405: "method not allowed for this resource"}
        detail = exc.detail if isinstance(exc.detail, str) else ""
        if exc.status_code in messages and detail in ("Not Found", "Method Not Allowed", ""):
            detail = messages[exc.status_code]
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(allowed_methods(request))
        return error_response(
            request,
            exc.status_code,
            plain_message(detail) or "error",
            headers=headers,
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


_KEY_PARAMETERS = frozenset(
    {
        "api_key",
        "apikey",
        "api-key",
        "x-api-key",
        "key",
        "token",
        "access_token",
        "bearer",
        "authorization",
        "password",
    }
)
"""Query parameters that look like a credential: a request carrying one is refused."""

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(value: str) -> str:
    """The host of a ``Host`` header, without the port, lower-case (``[::1]:80`` is ``::1``).

    >>> host_name("[::1]:8000"), host_name("LocalHost:80"), host_name("127.0.0.1")
    ('::1', 'localhost', '127.0.0.1')
    """
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:].split("]", 1)[0]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _holds_key(value: str, api_key: str) -> bool:
    return value == api_key or (len(api_key) >= 8 and api_key in value)


def _redacted_query(query: bytes, api_key: str) -> tuple[bytes, bool]:
    """The query string with credential values replaced by ``REDACTED``, and whether any was."""
    if not query:
        return query, False
    found = False
    parts = []
    key_bytes = bool(api_key)
    for part in query.split(b"&"):
        name, sep, value = part.partition(b"=")
        decoded_name = unquote_plus(name.decode("latin-1")).strip().lower()
        # The value is decoded only when there is a key to look for (a long SPARQL query
        # costs tens of microseconds to decode).
        if decoded_name in _KEY_PARAMETERS or (
            key_bytes
            and _holds_key(
                unquote_plus(value.decode("latin-1"), encoding="utf-8", errors="replace"),
                api_key,
            )
        ):
            found = True
            part = name + sep + b"REDACTED" if sep else b"REDACTED"
        parts.append(part)
    return b"&".join(parts), found


class GuardMiddleware:
    """Pure ASGI middleware at the edge: request ids, trusted hosts, credentials in URLs, HEAD,
    the body cap and security headers. Everything it refuses gets the JSON error shape.

    - ``X-Request-ID``: taken from the request when it is a sane token, else a new uuid; stored
      in ``request.state.request_id`` and sent back on every response.
    - ``Host`` must name this server: one of ``allowed_hosts`` (``*`` allows any) or, when
      none are set, localhost, 127.0.0.1, ::1, the address the client connected to and the
      machine's name. Anything else gets 400 (a DNS-rebinding page cannot reach the API).
    - A credential in the URL (``?api_key=``, ``?token=``, the configured key anywhere in the
      query or path) gets 400, and is blanked out of the request before anything logs it
      (uvicorn's access log reads the same request).
    - ``HEAD`` is answered as ``GET`` would be, without the body.
    - Bodies over ``max_body_bytes`` get 413: at once when ``Content-Length`` says so, else when
      the streamed body passes the limit.
    - ``X-Content-Type-Options: nosniff`` everywhere; a default Content-Security-Policy on HTML
      responses that set none of their own.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body_bytes: int,
        allowed_hosts: Sequence[str] = (),
        api_key: str = "",
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        given = {host_name(h) for h in allowed_hosts if h.strip()}
        self.any_host = "*" in given
        self.allowed_hosts = frozenset(given) if given else None
        self.api_key = api_key
        self.machine = socket.gethostname().lower()

    def _host_allowed(self, host: str, scope: Scope) -> bool:
        if self.any_host or not host:
            return True
        name = host_name(host)
        if self.allowed_hosts is not None:
            return name in self.allowed_hosts
        server = scope.get("server") or ("", None)
        return name in LOCAL_HOSTS or name == str(server[0]).lower() or name == self.machine

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = ""
        host = ""
        length: int | None = None
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                given = value.decode("latin-1")
            elif name == b"host":
                host = value.decode("latin-1")
            elif name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = None
        request_id = given if _SANE_REQUEST_ID.match(given) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        limit = self.max_body_bytes
        head = scope.get("method") == "HEAD"

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
            elif head and message["type"] == "http.response.body" and message.get("body"):
                message = {**message, "body": b""}
            await send(message)

        # Credentials in the URL first: blank them out before anything (the access log) reads it.
        query, had_key = _redacted_query(scope.get("query_string", b""), self.api_key)
        key = self.api_key
        if len(key) >= 8 and key in unquote(scope.get("path", "")):
            scope["path"] = scope["path"].replace(key, "REDACTED")
            scope["raw_path"] = scope["path"].encode("utf-8")
            had_key = True
        if had_key:
            scope["query_string"] = query
            await send_error(
                send_with_headers,
                400,
                "an API key or token in the URL is refused (URLs end up in logs and browser "
                "history): send it in the X-API-Key header or as 'Authorization: Bearer KEY'",
                request_id,
            )
            return
        if not self._host_allowed(host, scope):
            await send_error(
                send_with_headers,
                400,
                "this server does not answer for that host name (the Host header); "
                "set PLANGRAPH_ALLOWED_HOSTS to serve it",
                request_id,
            )
            return
        if length is not None and length > limit:
            await send_error(
                send_with_headers,
                413,
                f"the request body is larger than the limit of {limit} bytes",
                request_id,
                {"Connection": "close"},
            )
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

        if head:
            # Routed as GET (FastAPI routes answer GET only); the body is dropped on the way out.
            scope = {**scope, "method": "GET"}
        await self.app(scope, capped_receive, send_with_headers)


def json_error_protocol() -> type[Any]:
    """uvicorn's HTTP protocol, answering requests it cannot parse with the JSON error shape
    (uvicorn's own answer is plain text). httptools when installed, else h11."""
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as base
    except ImportError:  # pragma: no cover - httptools comes with uvicorn[standard]
        from uvicorn.protocols.http.h11_impl import H11Protocol as base  # type: ignore[assignment]

    class JsonErrorProtocol(base):  # type: ignore[valid-type,misc]
        def send_400_response(self, msg: str) -> None:
            body = error_body(400, "the request is not valid HTTP", uuid.uuid4().hex)
            head = [b"HTTP/1.1 400 Bad Request\r\n"]
            for name, value in self.server_state.default_headers:
                head.append(name + b": " + value + b"\r\n")
            head.append(b"content-type: application/json\r\n")
            head.append(b"content-length: " + str(len(body)).encode("ascii") + b"\r\n")
            head.append(b"connection: close\r\n\r\n")
            self.transport.write(b"".join(head) + body)
            self.transport.close()

    return JsonErrorProtocol


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS middleware, refusing a preflight with the JSON error shape (Starlette
    answers it in plain text)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "OPTIONS":
            headers = Headers(scope=scope)
            if headers.get("origin") is not None and "access-control-request-method" in headers:
                response = self.preflight_response(request_headers=headers)
                if response.status_code >= 400:
                    kept = {
                        k: v
                        for k, v in response.headers.items()
                        if k.lower() not in ("content-type", "content-length")
                    }
                    request_id = str(scope.get("state", {}).get("request_id", "-"))
                    await send_error(
                        send,
                        response.status_code,
                        "this cross-origin request is not allowed: its origin, method or "
                        "headers are not in the server's CORS settings (PLANGRAPH_CORS_ORIGINS)",
                        request_id,
                        kept,
                    )
                    return
                await response(scope, receive, send)
                return
        await super().__call__(scope, receive, send)
