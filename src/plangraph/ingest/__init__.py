"""Getting data into the store: plans in (parse, check, validate, save) and link decisions.

``plangraph.ingest.plans`` holds the write path that the API and the CLI share.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plangraph.ingest.plans import (
        IMPORT_TYPES,
        WriteResult,
        check_jsonld_safe,
        delete_plan,
        import_plan,
        review_link,
    )

__all__ = [
    "IMPORT_TYPES",
    "WriteResult",
    "check_jsonld_safe",
    "delete_plan",
    "import_plan",
    "review_link",
]


def __getattr__(name: str) -> Any:
    """The write path's names, imported on first use (PEP 562): a reader of versions or diffs
    (``plangraph.ingest.diff``) does not load the validator that ``ingest.plans`` needs."""
    if name not in __all__:
        raise AttributeError(f"module 'plangraph.ingest' has no attribute {name!r}")
    value = getattr(import_module("plangraph.ingest.plans"), name)
    globals()[name] = value
    return value
