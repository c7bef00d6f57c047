"""Getting data into the store: plans in (parse, check, validate, save) and link decisions.

``plangraph.ingest.plans`` holds the write path that the API and the CLI share.
"""

from __future__ import annotations

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
