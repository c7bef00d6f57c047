"""Plan names: which names a plan may have (its file stem and its graph ``GRAPH[name]``).

Kept apart from the write path (``ingest.plans``, which loads pySHACL) so that commands that
only read, such as ``plangraph diff``, check a name without importing the validator.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from plangraph.errors import InputError
from plangraph.store.base import ONTOLOGY_GRAPH
from plangraph.vocab import GRAPH

__all__ = ["RESERVED_PLAN_NAMES", "check_plan_name"]

_PLAN_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
"""A plan name, matched whole (``fullmatch``: ``$`` would also take a name ending in a newline)."""
RESERVED_PLAN_NAMES = frozenset({"import"})
"""Names the API uses for other resources under ``/api/plans/``."""


def check_plan_name(name: str) -> URIRef:
    """The graph for plan ``name``: lower-case ASCII letters, digits, '-' and '_'.

    >>> str(check_plan_name("helse-vest-tiltaksplan")).endswith("/helse-vest-tiltaksplan")
    True
    >>> check_plan_name("Helse Vest")
    Traceback (most recent call last):
    ...
    plangraph.errors.InputError: plan name 'Helse Vest' is not allowed: use 1-64 lower-case ASCII letters, digits, '-' or '_', starting with a letter or digit
    """
    if not _PLAN_NAME.fullmatch(name):
        raise InputError(
            f"plan name {name!r} is not allowed: use 1-64 lower-case ASCII letters, digits, "
            "'-' or '_', starting with a letter or digit"
        )
    if GRAPH[name] == ONTOLOGY_GRAPH:
        raise InputError("the ontology graph cannot be replaced through the API")
    if name in RESERVED_PLAN_NAMES:
        raise InputError(
            f"plan name {name!r} is reserved (/api/plans/{name} is another resource); "
            "choose another name"
        )
    return GRAPH[name]
