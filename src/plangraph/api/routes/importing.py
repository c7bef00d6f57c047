"""Bring your own plan over HTTP: ``POST /api/plans/import`` and the ``/import`` page.

The upload is a multipart form: ``file`` (a .docx, .pdf, .html, .md, .txt or the spreadsheet
template), ``dry_run`` (``true``: answer the preview as JSON, store nothing), and optionally
``corrections`` (JSON: ``{"items": {"<id>": {"kind": "measure"} | {"drop": true}}}``, what the
planner changed in the preview), ``title``, ``organisation``, ``plan_type`` and ``lang``.
Both need the API key, as every write. The body size is capped by the server's guard (413).
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from plangraph.api.deps import SettingsDep, StoreDep, WriteAccess
from plangraph.api.rendering import json_response
from plangraph.api.routes._lazy import LazyRoute
from plangraph.api.schemas import ErrorResponse
from plangraph.errors import InputError
from plangraph.viz import PAGE_CSP

__all__ = ["router"]

router = APIRouter(tags=["writes"], route_class=LazyRoute)

_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse, "description": "A file that cannot be read, or is unsafe."},
    401: {"model": ErrorResponse, "description": "No API key given."},
    403: {"model": ErrorResponse, "description": "Wrong API key, or writes are off."},
    413: {"model": ErrorResponse, "description": "The upload is too large."},
    422: {"model": ErrorResponse, "description": "The plan breaks the SHACL shapes."},
}


@router.post(
    "/api/plans/import",
    responses=_ERRORS,
    summary="Import a plan document or the spreadsheet template (preview with dry_run)",
)
async def import_upload(
    store: StoreDep,
    settings: SettingsDep,
    _auth: WriteAccess,
    file: Annotated[UploadFile, File(description="The plan file.")],
    dry_run: Annotated[bool, Form(description="true: return the preview, store nothing.")] = False,
    corrections: Annotated[
        str | None, Form(description="JSON: the planner's changes to the preview.")
    ] = None,
    title: Annotated[str | None, Form()] = None,
    organisation: Annotated[str | None, Form()] = None,
    plan_type: Annotated[str | None, Form()] = None,
    lang: Annotated[str | None, Form()] = None,
) -> Response:
    """Read the file, find and classify its items; with ``dry_run`` answer the preview (one
    row per item with kind, label, text, parent, confidence, reason, position), else store the
    plan as its own graph after SHACL validation (201 created, 200 replaced or unchanged)."""
    from plangraph.ingest.importer import (
        apply_corrections,
        preview_rows,
        read_upload,
        store_draft,
    )

    data = await file.read()
    name = file.filename or "upload"

    def work() -> tuple[int, dict[str, Any]]:
        draft = read_upload(
            name,
            data,
            title=title or None,
            organisation=organisation or None,
            plan_type=plan_type or None,
            language=lang or None,
        )
        if corrections:
            try:
                changes = json.loads(corrections)
            except ValueError as exc:
                raise InputError(f"corrections: not valid JSON: {exc}") from None
            if not isinstance(changes, dict):
                raise InputError("corrections: must be a JSON object")
            apply_corrections(draft, changes)
        if dry_run:
            body = draft.as_json()
            for row, item in zip(preview_rows(draft), body["items"], strict=True):
                item["parent_label"] = row["parent"]
            body["rows"] = preview_rows(draft)
            return 200, body
        outcome = store_draft(store, settings.data_dir, draft, loaded_by="api")
        return (201 if outcome.status == "created" else 200), outcome.as_json()

    status, body = await run_in_threadpool(work)
    return json_response(body, status=status)


_PAGE_HEADERS = {
    "Content-Security-Policy": PAGE_CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@router.get("/import", include_in_schema=False)
def import_page() -> HTMLResponse:
    """The page where a planner uploads a plan, corrects the preview and saves it."""
    page = files("plangraph.api").joinpath("static", "api", "import.html").read_text("utf-8")
    return HTMLResponse(page, headers=_PAGE_HEADERS)
