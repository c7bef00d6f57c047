"""The command line's cache store opened read-only until its first write (store/cache.py).

A command on an unchanged data folder must leave the cache's files as they were, keep other
processes out as a writable open does, and still write, and keep what it writes, when it has
something to write.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph.namespaces import DATA_NS, GRAPH_NS, NAMESPACE
from plangraph.store.cache import open_cached
from plangraph.store.index import MANIFEST_NAME
from plangraph.store.oxigraph import OxigraphStore

PLAN = f"""\
@prefix pg: <{NAMESPACE}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<{DATA_NS}plan/lesefrisk> a pg:Plan ;
    rdfs:label "Handlingsplan for lesing i kommunen 2025-2028"@nb .
<{DATA_NS}goal/lesefrisk-1> a pg:Goal ;
    rdfs:label "Flere barn leser hver dag"@nb ;
    pg:partOf <{DATA_NS}plan/lesefrisk> .
"""

GRAPH = GRAPH_NS + "lesefrisk"


def _listing(folder: Path) -> dict[str, tuple[int, int, int]]:
    """The engine's files in the store's folder (the manifest beside them is rewritten here
    with each read of the plan file: a file younger than ``index._SETTLED_NS`` is read at
    every open, and the time of that read recorded)."""
    return {
        p.name: (p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_ino)
        for p in folder.iterdir()
        if p.name != MANIFEST_NAME
    }


def _labels(store: OxigraphStore) -> set[str]:
    rows = store.select_plain(
        "SELECT ?l WHERE { ?g <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    ).rows
    return {str(r[0]) for r in rows}


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    data.mkdir()
    (data / "lesefrisk.ttl").write_text(PLAN, encoding="utf-8")
    return data, tmp_path / "cache"


def _open(folders: tuple[Path, Path]) -> OxigraphStore:
    data, cache = folders
    cached = open_cached(str(data), cache_dir=str(cache))
    assert cached.warning is None, cached.warning
    assert isinstance(cached.store, OxigraphStore)
    return cached.store


def _warm(folders: tuple[Path, Path]) -> Path:
    """Two commands' opens (a first load, then one that finds it): the cache as a user has it."""
    for _ in range(2):
        store = _open(folders)
        assert "Flere barn leser hver dag" in _labels(store)
        store.close()
    (place,) = (folders[1] / "stores").iterdir()
    return place


def _rebuilt_then_read_alone(folders: tuple[Path, Path], place: Path) -> None:
    """The next command rebuilds the cache from the changed plan ("hver uke"), and the command
    after it reads that cache and changes none of its files."""
    store = _open(folders)
    assert "Flere barn leser hver uke" in _labels(store)
    assert "Flere barn leser hver dag" not in _labels(store)
    store.close()
    before = _listing(place)
    store = _open(folders)
    assert "Flere barn leser hver uke" in _labels(store)
    store.close()
    assert _listing(place) == before


def test_a_command_on_an_unchanged_folder_leaves_the_cache_files_as_they_were(
    folders: tuple[Path, Path],
) -> None:
    place = _warm(folders)
    before = _listing(place)
    store = _open(folders)
    assert "Flere barn leser hver dag" in _labels(store)
    store.close()
    # No new engine MANIFEST, CURRENT, OPTIONS, rotated LOG or write-ahead log.
    assert _listing(place) == before


def test_another_process_is_kept_out_while_a_command_reads(folders: tuple[Path, Path]) -> None:
    place = _warm(folders)
    store = _open(folders)
    try:
        probe = textwrap.dedent(
            f"""
            import pyoxigraph as ox
            from plangraph.store.cache import open_cached
            try:
                ox.Store({str(place)!r})
            except OSError as exc:
                print("refused:", "LOCK" in str(exc))
            else:
                print("opened")
            cached = open_cached({str(folders[0])!r}, cache_dir={str(folders[1])!r})
            print("fallback:", cached.description.startswith("memory"), cached.warning)
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
        ).stdout
        assert "refused: True" in out, out
        assert "fallback: True" in out and "another plangraph command" in out, out
        assert "Flere barn leser hver dag" in _labels(store)  # the reader unharmed
    finally:
        store.close()
    # Let go at close: the next process opens it.
    ox.Store(str(place)).flush()


@pytest.mark.parametrize("first_open", ["reading", "writing"])
def test_this_process_cannot_open_a_held_store_twice(
    folders: tuple[Path, Path], first_open: str
) -> None:
    if first_open == "reading":
        _warm(folders)
    first = _open(folders)  # else the first load, open for writing
    try:
        data, cache = folders
        second = open_cached(str(data), cache_dir=str(cache))
        assert second.description.startswith("memory"), second.description
        assert second.warning is not None and "another plangraph command" in second.warning
        assert "Flere barn leser hver dag" in _labels(first)
    finally:
        first.close()
    _open(folders).close()  # released


def test_a_write_after_a_read_only_open_is_made_and_kept(folders: tuple[Path, Path]) -> None:
    place = _warm(folders)
    store = _open(folders)
    patterns = store.patterns  # taken before the write: must see it
    store.load_data(
        f'<{DATA_NS}goal/x> <http://www.w3.org/2000/01/rdf-schema#label> "Nytt mål"@nb .'.encode(),
        "nt",
        GRAPH_NS + "extra",
        source="extra.nt",
    )
    assert "Nytt mål" in _labels(store)
    assert list(patterns(None, None, None, ox.NamedNode(GRAPH_NS + "extra")))
    del patterns  # (with it, the engine)
    store.close()
    reopened = ox.Store.read_only(str(place))
    assert len(list(reopened.quads_for_pattern(None, None, None, ox.NamedNode(GRAPH_NS + "extra"))))
    del reopened
    # The next command (the manifest does not know that graph) drops it: the files decide.
    store = _open(folders)
    assert "Nytt mål" not in _labels(store)
    store.close()


def test_a_changed_file_is_rebuilt_and_the_command_after_reads_it(
    folders: tuple[Path, Path],
) -> None:
    place = _warm(folders)
    plan = folders[0] / "lesefrisk.ttl"
    plan.write_text(PLAN.replace("hver dag", "hver uke"), encoding="utf-8")
    _rebuilt_then_read_alone(folders, place)


def test_a_write_that_reached_only_the_engines_log_is_found(folders: tuple[Path, Path]) -> None:
    """A process that wrote into the store and died before its flush: the write is in the
    engine's log alone, its table files as the manifest recorded them. The next command must
    see that the store no longer holds what the files hold, and rebuild."""
    place = _warm(folders)
    crash = textwrap.dedent(
        f"""
        import os, pyoxigraph as ox
        s = ox.Store({str(place)!r})
        s.add(ox.Quad(ox.NamedNode({DATA_NS + "goal/lesefrisk-1"!r}),
                      ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("Ikke i noen fil", language="nb"),
                      ox.NamedNode({GRAPH!r})))
        os._exit(0)
        """
    )
    subprocess.run([sys.executable, "-c", crash], timeout=120, check=True)
    assert any(p.suffix == ".log" and p.stat().st_size > 0 for p in place.iterdir())
    store = _open(folders)
    try:
        labels = _labels(store)
        assert "Ikke i noen fil" not in labels
        assert "Flere barn leser hver dag" in labels
    finally:
        store.close()


def test_the_engines_old_info_logs_do_not_pile_up(folders: tuple[Path, Path]) -> None:
    place = _warm(folders)
    for n in range(1_796_000_000_000_000, 1_796_000_000_000_010):  # as RocksDB names them
        (place / f"LOG.old.{n}").write_text("an old info log\n")
    (place / "LOG.old.999999999999999").write_text("older still (one digit fewer)\n")
    store = _open(folders)
    assert "Flere barn leser hver dag" in _labels(store)
    store.close()
    kept = sorted(p.name for p in place.iterdir() if p.name.startswith("LOG.old."))
    assert kept == [f"LOG.old.{n}" for n in range(1_796_000_000_000_006, 1_796_000_000_000_010)]
    assert (place / "LOG").is_file()


def test_a_rebuild_in_another_process_while_one_reads(folders: tuple[Path, Path]) -> None:
    """One command reads the cache while the plan file changes and another command starts: the
    other one cannot take the cache, answers from the files in memory, and the cache is
    rebuilt by the first command that can take it after the reader lets go."""
    place = _warm(folders)
    reader = _open(folders)
    plan = folders[0] / "lesefrisk.ttl"
    try:
        plan.write_text(PLAN.replace("hver dag", "hver uke"), encoding="utf-8")
        probe = textwrap.dedent(
            f"""
            from plangraph.store.cache import open_cached
            cached = open_cached({str(folders[0])!r}, cache_dir={str(folders[1])!r})
            rows = cached.store.select_plain(
                "SELECT ?l WHERE {{ ?g <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
            ).rows
            print("memory:", cached.description.startswith("memory"))
            print("labels:", sorted(str(r[0]) for r in rows))
            """
        )
        out = subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
        ).stdout
        assert "memory: True" in out, out
        assert "Flere barn leser hver uke" in out and "hver dag" not in out, out
        assert "Flere barn leser hver dag" in _labels(reader)  # what it opened, unharmed
    finally:
        reader.close()
    _rebuilt_then_read_alone(folders, place)


def test_a_writer_not_let_go_of_is_not_taken_as_closed(folders: tuple[Path, Path]) -> None:
    """A clean close is recorded only when the engine closes with the store: one still held
    elsewhere may be written through after it (into its log alone), so the next open must
    not take the engine's table files for all it holds."""
    _warm(folders)
    store = _open(folders)
    engine = store.raw  # opened for writing, and held here
    store.close()
    engine.add(
        ox.Quad(
            ox.NamedNode(DATA_NS + "goal/lesefrisk-1"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("Skrevet etter lukking", language="nb"),
            ox.NamedNode(GRAPH),
        )
    )
    del engine  # the engine closes only now; the write is in its log alone
    after = _open(folders)
    assert "Skrevet etter lukking" not in _labels(after)
    assert "Flere barn leser hver dag" in _labels(after)
    after.close()
    last = _open(folders)
    assert last._reading  # the writer before it closed cleanly
    last.close()
