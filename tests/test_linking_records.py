"""Suggestions stored as link records; decisions kept across runs; bad decisions refused."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from plangraph.errors import ConflictError, InputError, NotFoundError, WritesDisabledError
from plangraph.linking.features import Item
from plangraph.linking.records import add_link, decide, read_records, remove_link
from plangraph.linking.service import list_suggestions, run_suggest
from plangraph.store import PlanStore, open_store
from tests.helpers import ROOT

M = "https://w3id.org/plangraph/id/measure/hv-tiltaksplan/"
C = "https://w3id.org/plangraph/id/challenge/hmn-2021/"
ADDRESSES = "https://w3id.org/plangraph/ns#addresses"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


@pytest.fixture
def store(folder: Path) -> PlanStore:
    return open_store(data_dir=str(folder))


def _suggest(store: PlanStore, folder: Path) -> dict[str, dict[str, object]]:
    result = run_suggest(store, data_dir=str(folder), k=3, relations=["addresses"])
    return {r["id"]: r for r in result.rows}


Rows = dict[str, dict[str, object]]
Suggested = tuple[PlanStore, Path, Rows]


@pytest.fixture(scope="module")
def suggested_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Rows]:
    """The seed data with one run's suggestions stored (``_suggest``), and that run's rows."""
    target = tmp_path_factory.mktemp("suggested")
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, target / path.name)
    return target, _suggest(open_store(data_dir=str(target)), target)


@pytest.fixture
def suggested(tmp_path: Path, suggested_once: tuple[Path, Rows]) -> Suggested:
    """A test's own copy of ``suggested_once``'s folder, its store and the run's rows: what
    ``_suggest`` on ``folder`` and ``store`` leaves, for the tests that decide on suggestions
    (the run itself is tested by the first two tests; a fresh store from the files sees what
    the run stored, as the first test checks)."""
    template, rows = suggested_once
    shutil.copytree(template, tmp_path, dirs_exist_ok=True)
    return open_store(data_dir=str(tmp_path)), tmp_path, rows


def test_suggest_stores_open_records_and_never_touches_curated_links(
    store: PlanStore, folder: Path
) -> None:
    curated_before = (folder / "links-curated.ttl").read_bytes()
    rows = _suggest(store, folder)
    statuses = {r["status"] for r in rows.values()}
    assert {"suggested", "curated"} <= statuses
    assert (folder / "links-suggested.ttl").exists()
    assert (folder / "links-curated.ttl").read_bytes() == curated_before
    records = read_records(store)
    suggested = [r for r in records.values() if r.status == "suggested"]
    assert suggested and all(r.graph.endswith("/links-suggested") for r in suggested)
    assert all(0 < (r.confidence or 0) <= 1 and r.rationale for r in suggested)
    # no pair that is curated is also suggested
    curated = {k for k, r in records.items() if r.status == "curated"}
    assert not curated & {k for k, r in records.items() if r.graph.endswith("links-suggested")}
    # a fresh store from the files sees the same
    again = open_store(data_dir=str(folder))
    assert {k for k, r in read_records(again).items() if r.status == "suggested"} == {
        (r.subject, r.predicate, r.object) for r in suggested
    }


def test_running_again_keeps_every_decision(store: PlanStore, folder: Path) -> None:
    rows = _suggest(store, folder)
    open_rows = [r for r in rows.values() if r["status"] == "suggested"]
    accepted, rejected = open_rows[0]["id"], open_rows[1]["id"]
    decide(store, str(folder), str(accepted), accept=True, reviewer="test")
    decide(store, str(folder), str(rejected), accept=False, reason="not the same concern")
    again = _suggest(store, folder)
    assert again[str(accepted)]["status"] == "accepted"
    assert str(rejected) not in again or again[str(rejected)]["status"] == "rejected"
    only_new = run_suggest(store, data_dir=None, k=3, relations=["addresses"], only_new=True).rows
    assert {r["status"] for r in only_new} <= {"suggested", "new"}
    records = {r.id: r for r in read_records(store).values()}
    assert records[str(rejected)].status == "rejected"
    assert records[str(rejected)].review_note == "not the same concern"
    listed, total = list_suggestions(store, status="suggested", limit=500)
    assert total == len(listed)
    assert str(accepted) not in {r["id"] for r in listed}
    assert str(rejected) not in {r["id"] for r in listed}


def test_an_empty_page_builds_no_term_index(
    store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing open to list: no evidence to explain, so no term index is built (its first
    build in a process stems every text and imports numpy); a page with rows still gets it."""
    from plangraph.linking import rank

    built: list[int] = []
    real = rank.Analyzer

    def counted(*args: object, **kwargs: object) -> object:
        built.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rank, "Analyzer", counted)
    rank.forget_analyses()  # none kept from an earlier test in this process
    assert list_suggestions(store) == ([], 0)  # nothing suggested yet
    assert built == []
    rows, total = list_suggestions(store, status="curated", limit=2)
    assert total >= len(rows) == 2 and built == [1]
    assert all(row["evidence"] for row in rows)
    # the next page of the same items reuses the analysis, and explains the rows alike
    assert list_suggestions(store, status="curated", limit=2) == (rows, total)
    assert built == [1]


def test_a_kept_analysis_serves_only_the_same_items_and_thesaurus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``rank`` keeps its last analysis for the next call on equal items with the same
    thesaurus, and ranks exactly as a fresh analysis would; other items or another thesaurus
    are analysed afresh."""
    from dataclasses import replace

    from plangraph.linking import rank
    from plangraph.linking.items import read_items

    store = open_store("memory")
    for path in sorted((ROOT / "data").glob("*.ttl")):
        store.load_file(path)
    items = read_items(store)
    built: list[int] = []
    real = rank.Analyzer

    def counted(*args: object, **kwargs: object) -> object:
        built.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    def ranked(some: list[Item], thesaurus: bool = True) -> list[tuple[str, str, float, object]]:
        found = rank.rank(some, k=3, relations=["addresses"], thesaurus=thesaurus)
        return [(c.subject.iri, c.object.iri, c.score, c.evidence) for c in found.candidates]

    monkeypatch.setattr(rank, "Analyzer", counted)
    rank.forget_analyses()
    fresh = ranked(items)
    assert fresh and built == [1]
    assert ranked(list(items)) == fresh and built == [1]  # equal items: the kept analysis
    # one measure says something else: analysed afresh, and its own candidates change
    n = next(i for i, item in enumerate(items) if item.iri == M + "klima")
    changed = [
        *items[:n],
        replace(items[n], text="Flere ambulanser i distriktene."),
        *items[n + 1 :],
    ]
    after = ranked(changed)
    assert built == [1, 1]
    assert [r for r in after if r[0] == M + "klima"] != [r for r in fresh if r[0] == M + "klima"]
    assert ranked(changed, thesaurus=False) != after and built == [1, 1, 1]  # another thesaurus
    rank.forget_analyses()
    assert ranked(changed) == after and built == [1, 1, 1, 1]


def test_accepted_link_is_a_plain_link_the_gaps_see(suggested: Suggested) -> None:
    from plangraph.analysis import uncovered_challenges

    store, folder, rows = suggested
    gaps = {r["challenge"]["iri"] for r in uncovered_challenges(store)}  # suggestions are none
    row = next(
        r for r in rows.values() if r["status"] == "suggested" and r["object"]["iri"] in gaps
    )
    decide(store, str(folder), str(row["id"]), accept=True)
    after = {r["challenge"]["iri"] for r in uncovered_challenges(store)}
    assert after == gaps - {row["object"]["iri"]}


def test_bad_decisions_are_refused_and_change_nothing(suggested: Suggested) -> None:
    store, folder, rows = suggested
    open_id = next(i for i, r in rows.items() if r["status"] == "suggested")
    before = (folder / "links-suggested.ttl").read_bytes()
    with pytest.raises(NotFoundError):
        decide(store, str(folder), "0123456789ab", accept=True)
    with pytest.raises(InputError, match="12 hex"):
        decide(store, str(folder), "nope", accept=True)
    with pytest.raises(InputError, match="reason"):
        decide(store, str(folder), open_id, accept=False)
    curated_id = next(i for i, r in rows.items() if r["status"] == "curated")
    with pytest.raises(ConflictError, match="Curated"):
        decide(store, str(folder), curated_id, accept=True)
    with pytest.raises(WritesDisabledError):
        decide(store, "", open_id, accept=True)
    assert (folder / "links-suggested.ttl").read_bytes() == before


def test_accepting_a_link_whose_subject_was_deleted_is_refused(suggested: Suggested) -> None:
    store, folder, rows = suggested
    row = next(
        r
        for r in rows.values()
        if r["status"] == "suggested" and r["subject"]["iri"] == M + "klima"
    )
    before = (folder / "links-suggested.ttl").read_bytes()
    # the measure disappears: its plan is imported again without it (the real write path)
    from rdflib import Graph, URIRef

    from plangraph.ingest.plans import import_plan
    from plangraph.vocab import GRAPH

    plan = Graph()
    klima = URIRef(M + "klima")
    for s, p, o, _g in store.quads(GRAPH["hv-regional-tiltaksplan"]):
        if klima not in (s, o):
            plan.add((s, p, o))
    import_plan(
        store,
        str(folder),
        "hv-regional-tiltaksplan",
        plan.serialize(format="turtle").encode(),
        "text/turtle",
    )
    before = (folder / "links-suggested.ttl").read_bytes()
    with pytest.raises(ConflictError, match="no longer in the store"):
        decide(store, str(folder), str(row["id"]), accept=True)
    assert (folder / "links-suggested.ttl").read_bytes() == before


def test_two_reviewers_at_once_one_wins(suggested: Suggested) -> None:
    store, folder, rows = suggested
    open_id = str(next(i for i, r in rows.items() if r["status"] == "suggested"))
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def reviewer(accept: bool) -> None:
        barrier.wait()
        try:
            decide(store, str(folder), open_id, accept=accept, reason="duplicate")
            outcomes.append("accepted" if accept else "rejected")
        except ConflictError:
            outcomes.append("told")

    threads = [threading.Thread(target=reviewer, args=(a,)) for a in (True, False)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes)[-1] == "told" and len(outcomes) == 2
    winner = next(o for o in outcomes if o != "told")
    stored = {r.id: r for r in read_records(open_store(data_dir=str(folder))).values()}
    assert stored[open_id].status == winner


def test_link_add_and_remove(store: PlanStore, folder: Path) -> None:
    subject, obj = M + "klima", C + "kvalitet-og-pasientsikkerhet-2"
    made = add_link(
        store,
        str(folder),
        subject,
        "addresses",
        obj,
        rationale="Omstilling er nødvendig i begge tekstene.",
        creator="tester",
    )
    assert made["status"] == "accepted"
    assert store.ask(f"ASK {{ <{subject}> <{ADDRESSES}> <{obj}> }}")
    with pytest.raises(ConflictError, match="already"):
        add_link(store, str(folder), subject, "addresses", obj, rationale="x", creator="t")
    with pytest.raises(InputError, match="rationale"):
        add_link(
            store, str(folder), subject, "addresses", C + "beredskap-1", rationale=" ", creator="t"
        )
    with pytest.raises(NotFoundError):
        add_link(store, str(folder), M + "nope", "addresses", obj, rationale="x", creator="t")
    with pytest.raises(InputError, match="predicate"):
        add_link(store, str(folder), subject, "causes", obj, rationale="x", creator="t")
    removed = remove_link(store, str(folder), str(made["link"]), reason="feil kobling")
    assert removed["status"] == "rejected"
    assert not store.ask(f"ASK {{ <{subject}> <{ADDRESSES}> <{obj}> }}")
    # curated links are not removed here
    curated = next(r for r in read_records(store).values() if r.status == "curated")
    with pytest.raises(ConflictError, match="curated"):
        remove_link(store, str(folder), curated.id, reason="x")
