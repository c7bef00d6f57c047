"""``plangraph backup DIR`` and ``plangraph restore DIR``: the plan files plus the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from plangraph.cli._common import command, settings
from plangraph.errors import InputError

__all__: list[str] = []


def _places() -> tuple[Path, Path | None]:
    s = settings()
    if not s.data_dir:
        raise InputError(
            "no data folder: set PLANGRAPH_DATA_DIR or --data-dir to the folder of plan files "
            "(the packaged seed data needs no backup)"
        )
    store_dir = None
    if s.store.startswith("oxigraph:") and s.store not in ("oxigraph:", "oxigraph:memory"):
        store_dir = Path(s.store[len("oxigraph:") :])
    return Path(s.data_dir), store_dir


@command("backup")
def backup_command(
    target: Annotated[Path, typer.Argument(help="A new (or empty) folder for the backup.")],
) -> None:
    """Copy the plan files and a checkpoint of the on-disk store, consistently.

    Safe while a server runs: the store is read through a read-only view, and the copy is
    read again if a write lands during it.
    """
    from plangraph.store.backup import backup

    data_dir, store_dir = _places()
    summary = backup(data_dir, store_dir, target)
    what = f"{summary.files} plan file(s)" + (" and a store checkpoint" if summary.store else "")
    typer.echo(f"backed up {what} to {target}", err=True)


@command("restore")
def restore_command(
    source: Annotated[Path, typer.Argument(help="A folder written by `plangraph backup`.")],
) -> None:
    """Put a backup back: the plan files into the data folder, the checkpoint into the store.

    The server must be stopped (its store cannot be replaced under it). Data files the backup
    does not hold are removed from the data folder.
    """
    from plangraph.store import open_store
    from plangraph.store.backup import restore

    data_dir, store_dir = _places()
    summary = restore(source, data_dir, store_dir)
    s = settings()
    if store_dir is not None:
        # Open once: the start-up check makes the store agree with the restored files.
        store = open_store(s.store, data_dir=str(data_dir))
        store.close()
    typer.echo(
        f"restored {summary.files} plan file(s) to {data_dir}"
        + (f" and the store to {store_dir}" if store_dir is not None else ""),
        err=True,
    )
