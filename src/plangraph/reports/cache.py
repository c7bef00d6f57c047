"""The report's analyses kept beside the command line's store while the plan files stay as they
are, so a second report on the same data (another language of the page, other ``--max-rows``,
the same report again) skips them.

At 1M triples the analyses read ~400,000 triples through the on-disk store (~11 s of CPU, most
of it the engine joining and decoding terms, in two threads); what they give is ~40 MB as JSON.
It is kept in Python's ``marshal`` format (plain values: strings, numbers, lists and dicts;
reading it runs nothing), written in ~0.2 s and read back in ~0.3 s (JSON: ~0.6 s each way,
more with the garbage collector on), after a SHA-256 of the bytes is checked, so a file cut
short or changed on disk is never read as rows.
The rows are kept in ``<cache>/reports/<store>/``, under a token the store's index
keeps with its manifest (``store.index.derive``): the index drops the token whenever the files
change or plangraph writes to the store, so rows are never read back for data other than what
they were made from. Each file is named by the token, the report's scope and language and a
fingerprint of the code that made the rows (``code_fingerprint``); files of an older token are
removed when a new one is written. Only the command line's cached store
(``<cache>/stores/<key>``) gets this; every other store runs the analyses each time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import marshal
import os
import secrets
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from plangraph import __version__
from plangraph.progress import collector_paused
from plangraph.reports.data import Provenance, ReportData
from plangraph.store import PlanStore
from plangraph.store.index import derive

__all__ = ["ReportCache", "from_json", "pack", "report_cache", "to_json", "unpack"]

FORMAT = 2
"""The layout of a kept file; a change makes older files unread."""

MAGIC = b"plangraph kept report rows 2\n"
"""The start of a kept file, followed by the SHA-256 of the rest, then the rest (``marshal``)."""

SUFFIX = ".kept"

BOOK = b"plangraph kept report workbook 1\n"
"""The start of a kept workbook (``.book``): then the SHA-256 of the rest, then the ``.xlsx``."""

_KEPT_AS = "report.kept-as"


_CODE = ("analysis", "queries", "i18n", "reports/data.py", "labels.py", "nodes.py", "terms.py")
"""The parts of plangraph the analyses' rows depend on (besides the data)."""


_WRITER = (
    "reports/xlsx.py",
    "reports/_xlsx_stream.py",
    "reports/layout.py",
    "reports/html.py",
    "output.py",
    "safety.py",
)
"""The parts of plangraph a kept workbook depends on besides the rows (``_CODE``)."""


def code_fingerprint() -> str:
    """Name, size and time of each file of ``_CODE``: rows kept by other code (a development
    checkout edited since, another install) are not read back."""
    return _fingerprint(_CODE)


@functools.cache
def _fingerprint(parts: tuple[str, ...]) -> str:
    root = Path(__file__).resolve().parent.parent
    found = []
    for part in parts:
        path = root / part
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.suffix in (".py", ".rq") and file.is_file():
                stat = file.stat()
                found.append(f"{file.relative_to(root)} {stat.st_size} {stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(found).encode()).hexdigest()[:16]


_NOT_KEPT = ("generated", "changes", "provenance")
"""Fields of ``ReportData`` not kept as they are: the time and the changes section, which each
report makes afresh, and the provenance, kept as lists."""

_KEPT = tuple(f.name for f in fields(ReportData) if f.name not in _NOT_KEPT)
_PROVENANCE = tuple(f.name for f in fields(Provenance))


def to_json(data: ReportData) -> dict[str, Any]:
    """The analyses of ``data`` as plain JSON data (not the time it was made, nor the changes
    section, which each report makes afresh)."""
    kept = {name: getattr(data, name) for name in _KEPT}
    kept["provenance"] = {
        iri: [getattr(p, name) for name in _PROVENANCE] for iri, p in data.provenance.items()
    }
    return kept


def from_json(found: dict[str, Any], generated: str) -> ReportData:
    """``to_json``'s data back as a ``ReportData`` made at ``generated``."""
    return ReportData(
        **{name: found[name] for name in _KEPT},
        generated=generated,
        provenance={iri: Provenance(*values) for iri, values in found["provenance"].items()},
    )


@dataclass
class ReportCache:
    """The kept analyses of one store while its files stay as they are (``token``)."""

    folder: Path
    token: str
    _saving: threading.Thread | None = field(default=None, repr=False, compare=False)

    def path(self, scope: dict[str, Any]) -> Path:
        key = json.dumps([FORMAT, __version__, code_fingerprint(), scope], sort_keys=True)
        name = f"{self.token}-{hashlib.sha256(key.encode()).hexdigest()[:16]}{SUFFIX}"
        return self.folder / name

    def book_path(self, scope: dict[str, Any]) -> Path:
        """Where the workbook made from the kept rows for ``scope`` is kept."""
        key = json.dumps([self.path(scope).name, _fingerprint(_WRITER)])
        return self.folder / f"{self.token}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.book"

    def load_book(self, scope: dict[str, Any]) -> bytes | None:
        """The workbook kept for ``scope`` (``.xlsx`` bytes), or ``None``."""
        self.wait()
        try:
            kept = self.book_path(scope).read_bytes()
        except OSError:
            return None
        body = _opened(BOOK, kept)
        return None if body is None else bytes(body)

    def save_book(self, scope: dict[str, Any], workbook: bytes) -> None:
        """Keep the workbook made from the rows kept for ``scope`` (after the rows: ``wait``)."""
        self.wait()
        with contextlib.suppress(OSError):
            _replace(self.book_path(scope), _sealed(BOOK, workbook))

    def load(self, scope: dict[str, Any], generated: str) -> ReportData | None:
        """The kept analyses for ``scope``, or ``None`` (not kept, or unreadable)."""
        self.wait()
        path = self.path(scope)
        try:
            found = unpack(path.read_bytes())
            if found is None or found.get("format") != FORMAT or found.get("scope_key") != scope:
                return None
            return from_json(found["data"], generated)
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # a broken file is only slower: the analyses run again

    def save(self, scope: dict[str, Any], data: ReportData) -> None:
        """Keep the analyses for ``scope``; files of other tokens go.

        Written in a thread of its own, so that a report's page and workbook are written
        meanwhile (hashing and writing the file run without Python's lock): ``data`` must not
        change until ``wait`` (or ``load``, ``load_book``, ``save_book``, which wait) returns.
        A process does not end before the thread has (it is no daemon); the file is renamed
        into place whole, so a reader never sees part of it."""
        self.wait()
        thread = threading.Thread(
            target=self._save, args=(scope, data), name="plangraph-keep-report", daemon=False
        )
        self._saving = thread
        thread.start()

    def wait(self) -> None:
        """Return once the rows ``save`` started keeping are written (or could not be)."""
        thread, self._saving = self._saving, None
        if thread is not None:
            thread.join()

    def temporary(self, scope: dict[str, Any]) -> str:
        """A new empty file beside where the rows for ``scope`` are kept, for ``save_into``
        (``OSError`` if it cannot be made)."""
        return _temporary(self.path(scope))

    def save_into(self, scope: dict[str, Any], data: ReportData, made: str) -> None:
        """``save``, in this thread (a process of its own that writes the report's workbook):
        written into ``made`` (from ``temporary``), which is then renamed into place or
        removed."""
        self.wait()
        try:
            self._save(scope, data, made)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(made)  # (left only if not renamed into place)

    def _save(self, scope: dict[str, Any], data: ReportData, made: str | None = None) -> None:
        payload = {"format": FORMAT, "scope_key": scope, "data": to_json(data)}
        # a cache that cannot be written (or a value marshal cannot write) is only slower
        with contextlib.suppress(OSError, ValueError):
            _replace(self.path(scope), pack(payload), made)
            for old in self.folder.iterdir():
                if old.suffix == ".json" or (
                    old.suffix in (SUFFIX, ".book") and not old.name.startswith(self.token + "-")
                ):  # (.json: kept by an older plangraph)
                    old.unlink(missing_ok=True)


def _temporary(path: Path) -> str:
    """A new empty file beside ``path`` (made 0600, as ``tempfile.mkstemp`` makes it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    return name


def _replace(path: Path, data: bytes, made: str | None = None) -> None:
    """Write ``path`` whole or not at all (a temporary file renamed over it: ``made``, an
    empty file beside it, or a new one). Not synced to the disk: a file a crash cuts short
    fails its SHA-256 and is not read."""
    name = made or _temporary(path)
    try:
        with open(name, "wb") as file:  # (the empty file made for it: its 0600 kept)
            file.write(data)
        os.replace(name, path)
    finally:
        if os.path.exists(name):
            os.unlink(name)


def _sealed(magic: bytes, body: bytes) -> bytes:
    """A kept file's bytes: ``magic``, the SHA-256 of ``body``, ``body``."""
    return magic + hashlib.sha256(body).digest() + body


def _opened(magic: bytes, kept: bytes) -> memoryview | None:
    """The body of a kept file ``_sealed`` with ``magic``, or ``None`` if ``kept`` is not one
    whole as written (another start, cut short, a byte changed)."""
    start = len(magic) + 32
    body = memoryview(kept)[start:]
    if not kept.startswith(magic) or hashlib.sha256(body).digest() != kept[len(magic) : start]:
        return None
    return body


def pack(payload: dict[str, Any]) -> bytes:
    """``payload`` (plain values) as a kept file's bytes: ``MAGIC``, the SHA-256 of the body,
    the body (``marshal``)."""
    return _sealed(MAGIC, marshal.dumps(payload, 4))


def unpack(kept: bytes) -> dict[str, Any] | None:
    """``pack``'s payload, or ``None`` if ``kept`` is not a whole kept file as written."""
    body = _opened(MAGIC, kept)
    if body is None:
        return None
    with collector_paused():  # (~1M new containers: the collector would walk them again and again)
        # our own file, as written (its SHA-256 checked): values only, nothing is run
        found = marshal.loads(body)  # noqa: S302
    return found if isinstance(found, dict) else None


def report_cache(store: PlanStore, cache_root: Path) -> ReportCache | None:
    """The kept analyses of ``store`` if it is the command line's cached store under
    ``cache_root`` and its index keeps derived values; else ``None``."""
    path = getattr(store, "path", None)
    if not isinstance(path, Path):
        return None
    try:
        if path.resolve().parent != (cache_root / "stores").resolve():
            return None
    except OSError:
        return None
    new: Callable[[], str] = lambda: secrets.token_hex(8)  # noqa: E731
    token = derive(store, _KEPT_AS, new)
    if derive(store, _KEPT_AS, new) != token:
        return None  # the index does not keep it (no manifest, or the store changed)
    return ReportCache(cache_root / "reports" / path.name, token)
