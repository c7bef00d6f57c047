"""Backup and restore: the plan files plus a checkpoint of an on-disk store, taken consistently.

A backup folder holds ``plans/`` (the data files), ``store/`` (a checkpoint of an on-disk
Oxigraph store, taken through a read-only view so that a running server keeps serving), the
store's manifest, and ``plangraph-backup.json`` listing every file's SHA-256. The files and the
store are read until two readings agree (the files' checksums before and after, the manifest
before and after, and the manifest with the files), so a write that lands during the backup
makes it read again rather than keep a half.

Restoring writes the plan files back (atomically, removing data files the backup does not
hold) and replaces the store's folder with the checkpoint; the next open checks the store
against the files as at every start.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from plangraph.errors import InputError, StoreError
from plangraph.store.base import atomic_write
from plangraph.store.formats import FORMATS
from plangraph.store.index import MANIFEST_NAME, _path_digest

__all__ = ["BACKUP_NAME", "BackupSummary", "backup", "restore", "store_in_use"]

BACKUP_NAME = "plangraph-backup.json"
IN_USE = "the store is in use by a running server; use the API or stop it"


@dataclass
class BackupSummary:
    """What a backup or restore copied."""

    folder: Path
    files: int
    store: bool
    attempts: int = 1


def _data_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.iterdir()
        if p.is_file()
        and not p.name.startswith(".")
        and p.name.rsplit(".", 1)[-1].lower() in FORMATS
    )


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: _path_digest(p)[0] for p in _data_files(folder)}


VERSIONS = "versions"
"""The data folder's subfolder of plan versions and their records (``ingest.versions``)."""


def _tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (the versions tree) by relative path, with its sha256."""
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): _path_digest(p)[0]
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _manifest(store_dir: Path | None) -> dict[str, object] | None:
    if store_dir is None:
        return None
    path = store_dir / MANIFEST_NAME
    try:
        payload = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    files = payload.get("files")
    return files if isinstance(files, dict) else None


def _agrees(manifest: dict[str, object] | None, hashes: dict[str, str]) -> bool:
    if manifest is None:
        return True
    recorded = {
        name: entry.get("sha256")
        for name, entry in manifest.items()
        if isinstance(entry, dict) and not name.startswith("@")
    }
    return recorded == hashes


def backup(
    data_dir: Path, store_dir: Path | None, target: Path, *, attempts: int = 10
) -> BackupSummary:
    """Copy the plan files of ``data_dir`` and a checkpoint of the store in ``store_dir``."""
    if not data_dir.is_dir():
        raise InputError(f"the data folder {data_dir} does not exist")
    if target.exists() and any(target.iterdir()):
        raise InputError(f"the backup folder {target} is not empty; give a new folder")
    if store_dir is not None and not store_dir.is_dir():
        raise InputError(f"the store folder {store_dir} does not exist")
    for attempt in range(1, attempts + 1):
        if target.exists():
            shutil.rmtree(target)
        (target / "plans").mkdir(parents=True)
        before = _hashes(data_dir)
        versions_before = _tree_hashes(data_dir / VERSIONS)
        manifest_before = _manifest(store_dir)
        for name in before:
            shutil.copy2(data_dir / name, target / "plans" / name)
        for name in versions_before:
            (target / VERSIONS / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(data_dir / VERSIONS / name, target / VERSIONS / name)
        if store_dir is not None:
            try:
                ox.Store.read_only(str(store_dir)).backup(str(target / "store"))
            except OSError as exc:
                raise StoreError(f"could not checkpoint the store {store_dir}: {exc}") from None
        manifest_after = _manifest(store_dir)
        copied = _hashes(target / "plans")
        versions = _tree_hashes(target / VERSIONS)
        if (
            copied == before == _hashes(data_dir)
            and versions == versions_before == _tree_hashes(data_dir / VERSIONS)
            and manifest_before == manifest_after
            and _agrees(manifest_after, copied)
        ):
            if store_dir is not None and manifest_after is not None:
                shutil.copy2(store_dir / MANIFEST_NAME, target / MANIFEST_NAME)
            payload = {
                "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "data_dir": str(data_dir.resolve()),
                "store": str(store_dir.resolve()) if store_dir is not None else None,
                "files": copied,
                "versions": versions,
            }
            atomic_write(target / BACKUP_NAME, json.dumps(payload, indent=1).encode())
            return BackupSummary(target, len(copied), store_dir is not None, attempt)
        time.sleep(0.2 * attempt)  # a write is under way: let it finish, then read again
    raise StoreError(
        f"the data kept changing during the backup ({attempts} attempts); try again when "
        "writes are quieter"
    )


def store_in_use(store_dir: Path) -> bool:
    """Whether another process holds the on-disk store in ``store_dir`` (RocksDB's lock)."""
    if not store_dir.exists():
        return False
    try:
        probe = ox.Store(str(store_dir))
    except OSError as exc:
        if "LOCK" in str(exc):
            return True
        raise StoreError(f"cannot open the store at {store_dir}: {exc}") from None
    del probe
    return False


def restore(source: Path, data_dir: Path, store_dir: Path | None) -> BackupSummary:
    """Put a backup back: the plan files into ``data_dir``, the checkpoint into ``store_dir``."""
    try:
        payload = json.loads((source / BACKUP_NAME).read_bytes())
        files: dict[str, str] = payload["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(
            f"{source} is not a plangraph backup (no readable {BACKUP_NAME})"
        ) from None
    versions: dict[str, str] = payload.get("versions") or {}
    plans = source / "plans"
    for path, sha in [(plans / n, h) for n, h in files.items()] + [
        (source / VERSIONS / n, h) for n, h in versions.items()
    ]:
        if not path.is_file() or _path_digest(path)[0] != sha:
            raise InputError(
                f"the backup is damaged: {path} is missing or differs from its checksum"
            )
    if store_dir is not None and store_in_use(store_dir):
        raise StoreError(IN_USE)
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in files:
        atomic_write(data_dir / name, (plans / name).read_bytes())
    for extra in _data_files(data_dir):
        if extra.name not in files:
            extra.unlink()
    # The versions and their records as they were: none made since the backup stays behind.
    if (data_dir / VERSIONS).exists():
        shutil.rmtree(data_dir / VERSIONS)
    for name in versions:
        (data_dir / VERSIONS / name).parent.mkdir(parents=True, exist_ok=True)
        atomic_write(data_dir / VERSIONS / name, (source / VERSIONS / name).read_bytes())
    has_store = (source / "store").is_dir()
    if store_dir is not None:
        if store_dir.exists():
            shutil.rmtree(store_dir)
        if has_store:
            shutil.copytree(source / "store", store_dir)
            if (source / MANIFEST_NAME).exists():
                shutil.copy2(source / MANIFEST_NAME, store_dir / MANIFEST_NAME)
        # Without a checkpoint the store is rebuilt from the files at the next open.
    return BackupSummary(source, len(files), has_store and store_dir is not None)
