"""The command line's store: an on-disk index of the data folder in the user's cache folder.

The first command on a data folder loads it into an embedded Oxigraph store under
``CACHE/stores/KEY`` (``KEY`` from the folder's path); later commands open that store and only
check the files against its manifest (``plangraph.store.index``: size, times and inode as
recorded, else the checksum), so they do not parse, nor usually even read, the files again. They
open the store read-only (locked all the same) and for writing only when something is to be
written: a command on an unchanged folder leaves the engine's files as they were. A file that changed, appeared or went away is noticed and its graphs rebuilt, so
the cache never answers from stale data.

A cache folder that cannot be used (not writable, full, damaged, or held by another running
command or server) is not fatal: the command loads into memory instead, with a warning.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plangraph import resources
from plangraph.errors import StoreError
from plangraph.store.base import PlanStore
from plangraph.store.index import StructureCheck, open_index
from plangraph.store.oxigraph import OxigraphStore

__all__ = ["CachedStore", "cache_root", "open_cached"]

log = logging.getLogger("plangraph.store")


def cache_root(setting: str = "") -> Path:
    """The cache folder: the setting (``PLANGRAPH_CACHE_DIR``), else ``$XDG_CACHE_HOME/plangraph``,
    else ``~/.cache/plangraph``."""
    if setting:
        return Path(setting)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "plangraph"


_INFO_LOGS_KEPT = 4
"""The engine's old info logs (``LOG.old.*``) kept in a cache store's folder: the newest."""


def _prune_info_logs(place: Path) -> None:
    """Remove all but the newest ``_INFO_LOGS_KEPT`` of the engine's old info logs.

    RocksDB starts a new info log (~140 KB, most of it its options) at every writable open
    and keeps the old ones up to a thousand: ~140 MB a data folder. They are read by no one
    but a person looking into the engine; the newest few tell what the last opens did.
    """
    try:
        old = [p for p in place.iterdir() if p.name.startswith("LOG.old.")]
    except OSError:
        return
    if len(old) <= _INFO_LOGS_KEPT:
        return
    old.sort(key=lambda p: (len(p.name), p.name))  # the suffix: microseconds, as a number
    for path in old[: len(old) - _INFO_LOGS_KEPT]:
        with contextlib.suppress(OSError):
            path.unlink()


def _key(folder: Path | Any) -> str:
    name = str(folder.resolve()) if isinstance(folder, Path) else f"package:{folder}"
    return hashlib.sha256(name.encode()).hexdigest()[:16]


@dataclass
class CachedStore:
    """The store a command uses, and a sentence saying which it is and where."""

    store: PlanStore
    description: str
    warning: str | None = None


def open_cached(
    data_dir: str,
    *,
    cache_dir: str = "",
    skip_bad: bool = False,
    structure_check: StructureCheck | None = None,
    structure_max_quads: int = 200_000,
) -> CachedStore:
    """The data folder (``""``: the packaged seed data) as an on-disk store in the cache folder,
    or in memory with a warning when the cache folder cannot be used."""
    folder: Any = resources.data_dir() if data_dir == "" else Path(data_dir)
    root = cache_root(cache_dir)
    place = root / "stores" / _key(folder)
    store: OxigraphStore | None = None
    try:
        place.mkdir(parents=True, exist_ok=True)
        if not os.access(place, os.W_OK):
            raise PermissionError(f"{place} is not writable")
        try:
            # Read-only until the first write: a command on unchanged data writes nothing.
            try:
                store = OxigraphStore(place, read_until_write=True)
            except OSError as exc:
                if "current process" not in str(exc):
                    raise
                gc.collect()  # an earlier command's store in this process, not yet collected
                store = OxigraphStore(place, read_until_write=True)
        except OSError as exc:
            text = str(exc)
            if "LOCK" in text:
                raise StoreError("another plangraph command or server is using it") from None
            raise
        _prune_info_logs(place)  # the lock is held: no other process writes there now
        index = open_index(store, folder)
        index.sync(
            skip_bad=skip_bad,
            structure_check=structure_check,
            structure_max_quads=structure_max_quads,
        )
        store.index = index
        return CachedStore(store, f"cache oxigraph:{place} (on disk, kept between commands)")
    except (OSError, RuntimeError, StoreError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        warning = f"the cache folder {root} cannot be used ({reason}); loading into memory"
        log.warning(warning)
        if store is not None:
            store.index = None
            del store
    memory = OxigraphStore()
    index = open_index(memory, folder)
    index.sync(
        skip_bad=skip_bad, structure_check=structure_check, structure_max_quads=structure_max_quads
    )
    memory.index = index
    return CachedStore(memory, "memory (loaded for this command)", warning)
