"""The exceptions plangraph raises. One root, so callers can catch everything of ours.

::

    PlangraphError
    ├── InputError                 bad input from a user: the CLI exits 2, the API answers 4xx
    │   ├── DataSyntaxError        RDF that does not parse: names the source, line and column
    │   ├── UnsafeInputError       an IRI scheme or query feature plangraph refuses
    │   ├── UnknownFormatError     a format name plangraph does not know: lists the known ones
    │   ├── QueryInputError        a query that does not parse, an unknown query name, a bad parameter
    │   ├── NotFoundError          no node, plan or graph by that name
    │   └── ConflictError          a change that clashes with what is stored (a link already decided)
    ├── WritesDisabledError        this store was opened without a writable data folder
    ├── ValidationFailed           data that breaks the SHACL shapes (carries the report)
    └── StoreError                 the store could not do what was asked (a failed save, say)
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConflictError",
    "DataSyntaxError",
    "InputError",
    "NotFoundError",
    "PlangraphError",
    "QueryInputError",
    "StoreError",
    "UnknownFormatError",
    "UnsafeInputError",
    "ValidationFailed",
    "WritesDisabledError",
]


class PlangraphError(Exception):
    """The root of every exception plangraph raises on purpose."""


class InputError(PlangraphError):
    """The user's input is wrong; the message says what is wrong and nothing was changed."""


class DataSyntaxError(InputError):
    """RDF data that does not parse."""

    def __init__(
        self, source: str, message: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        where = source
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        super().__init__(f"{where}: {message}")


class UnsafeInputError(InputError):
    """Input that plangraph refuses on principle (an IRI scheme, a query that would fetch)."""


class UnknownFormatError(InputError):
    """A format name that plangraph does not know."""

    def __init__(self, given: str, known: list[str] | tuple[str, ...]) -> None:
        self.given = given
        self.known = list(known)
        super().__init__(f"unknown format {given!r}; known formats: {', '.join(self.known)}")


class QueryInputError(InputError):
    """A query that cannot be run as given."""


class NotFoundError(InputError):
    """Nothing by that name in the store."""


class ConflictError(InputError):
    """A change that clashes with what the store or the data folder holds; nothing was changed."""


class WritesDisabledError(PlangraphError):
    """Writes are off: there is no writable data folder to save them to."""


class ValidationFailed(PlangraphError):
    """Data that breaks the shapes. ``report`` holds the readable findings."""

    def __init__(self, message: str, report: Any = None) -> None:
        self.report = report
        super().__init__(message)


class StoreError(PlangraphError):
    """The store could not carry out an operation."""
