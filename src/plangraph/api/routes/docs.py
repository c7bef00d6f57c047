"""The OpenAPI pages, ``/docs`` (Swagger UI) and ``/redoc`` (ReDoc), served offline.

Their scripts and styles are the files the ``fastapi-offline`` package ships (Swagger UI's
bundle and style, ReDoc's standalone script), served from ``/static/docs/`` with two small
start-up scripts of our own; no CDN, and no inline script, so the pages run under the same
Content-Security-Policy as the other pages (``plangraph.viz.PAGE_CSP``; ReDoc's page adds a
per-response nonce for the styles it writes at run time).
"""

from __future__ import annotations

import functools
import secrets
from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from plangraph.api.routes._lazy import LazyRoute
from plangraph.errors import NotFoundError
from plangraph.viz import PAGE_CSP

__all__ = ["VENDOR_DIR", "redoc_csp", "router"]

router = APIRouter(include_in_schema=False, route_class=LazyRoute)

STATIC_URL = "/static/docs"

VENDOR_DIR = Path(str(files("fastapi_offline").joinpath("static")))
"""Where the installed fastapi-offline package keeps Swagger UI's and ReDoc's files."""

_OWN_DIR = Path(str(files("plangraph.api").joinpath("static", "docs")))

_FILES: dict[str, tuple[Path, str]] = {
    "swagger-ui-bundle.js": (VENDOR_DIR, "text/javascript; charset=utf-8"),
    "swagger-ui.css": (VENDOR_DIR, "text/css; charset=utf-8"),
    "redoc.standalone.js": (VENDOR_DIR, "text/javascript; charset=utf-8"),
    "docs.js": (_OWN_DIR, "text/javascript; charset=utf-8"),
    "redoc-init.js": (_OWN_DIR, "text/javascript; charset=utf-8"),
    "redoc-start.js": (_OWN_DIR, "text/javascript; charset=utf-8"),
}
"""Every file ``/static/docs/`` serves: (folder, media type). Nothing else."""

_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _page(name: str) -> HTMLResponse:
    return HTMLResponse((_OWN_DIR / name).read_text(encoding="utf-8"), headers=_HEADERS)


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    """The API documentation with Swagger UI (try requests from the page)."""
    return _page("docs.html")


@router.get("/redoc")
def redoc() -> HTMLResponse:
    """The API documentation with ReDoc (one long page).

    ReDoc writes its styles into ``<style>`` elements at run time: the policy is ``PAGE_CSP``
    with a fresh nonce allowed for styles (never ``'unsafe-inline'``); scripts stay ``'self'``.
    """
    nonce = secrets.token_urlsafe(16)
    html = (_OWN_DIR / "redoc.html").read_text(encoding="utf-8").replace("{nonce}", nonce)
    return HTMLResponse(html, headers={**_HEADERS, "Content-Security-Policy": redoc_csp(nonce)})


_REDOC_STYLE_HASHES = (
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # an empty <style>
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",  # the style ReDoc's script adds as it loads
)
"""The two ``<style>`` elements ReDoc writes while its script loads, before it can know the
nonce, allowed by their hashes (a new ReDoc that writes others fails the browser test)."""


def redoc_csp(nonce: str) -> str:
    """``PAGE_CSP`` with styles also allowed by ``nonce`` and by ``_REDOC_STYLE_HASHES``."""
    extra = " ".join((f"'nonce-{nonce}'", *_REDOC_STYLE_HASHES))
    return PAGE_CSP.replace("style-src 'self'", f"style-src 'self' {extra}")


_REDOC_LOGO = b'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'


@functools.cache
def _asset(name: str) -> bytes:
    folder, _media_type = _FILES[name]
    data = (folder / name).read_bytes()
    if name == "redoc.standalone.js":
        # The one thing ReDoc would fetch from the network: its logo under the menu. Ours instead.
        data = data.replace(_REDOC_LOGO, b'src:"/static/api/favicon.svg"')
    return data


@router.get(STATIC_URL + "/{name}")
def docs_static(name: str) -> Response:
    """Swagger UI's and ReDoc's files and the pages' start-up scripts; nothing else."""
    if name not in _FILES:
        raise NotFoundError(f"no static file {name!r}")
    _folder, media_type = _FILES[name]
    return Response(
        _asset(name),
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
