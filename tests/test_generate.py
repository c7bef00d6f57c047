"""The synthetic data generator: determinism, size, the shapes of the seed data, and loading."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from plangraph.errors import InputError, UnknownFormatError
from plangraph.generate import (
    MIN_TRIPLES,
    SYNTHETIC_BASE,
    SYNTHETIC_GRAPH_BASE,
    SyntheticPlans,
    generate_plans,
    write_plans,
)
from plangraph.store import PlanStore, open_store
from plangraph.validate import validate_store
from tests.helpers import run_cli

SMALL = 20_000
PREFIXES = """
PREFIX pg: <https://w3id.org/plangraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


@pytest.fixture(scope="module")
def small() -> SyntheticPlans:
    return generate_plans(SMALL, seed=7)


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory: pytest.TempPathFactory, small: SyntheticPlans) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    small.write(folder / "synthetic.nq")
    return folder


@pytest.fixture(scope="module")
def store(small_dir: Path) -> PlanStore:
    return open_store("memory", data_dir=small_dir)


def count(store: PlanStore, where: str) -> int:
    rows = store.select(PREFIXES + f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}").rows
    return int(rows[0]["n"])


def test_same_seed_gives_a_byte_identical_file(tmp_path: Path, small_dir: Path) -> None:
    a, c = tmp_path / "a.nq", tmp_path / "c.nq"
    write_plans(a, SMALL, seed=7)
    write_plans(c, SMALL, seed=4)
    # The module's data: the same size and seed, generated (and written) by the fixture.
    b = small_dir / "synthetic.nq"
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()
    assert a.read_bytes() != c.read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("target", [10_000, 20_000, 60_000, 150_000, 250_000])
@pytest.mark.untraced
def test_size_lands_within_ten_percent_of_the_target(target: int) -> None:
    for seed in (0, 1):
        got = generate_plans(target, seed=seed).triple_count
        assert 0.9 * target <= got <= 1.1 * target, (target, seed, got)


@pytest.mark.parametrize("fmt", ["nq", "trig", "ttl", "nt"])
def test_every_format_parses_to_the_same_triples(small: SyntheticPlans, fmt: str) -> None:
    rdf = {"nq": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}.get(fmt)
    rdf = rdf or {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}[fmt]
    quads = list(ox.parse(small.to_bytes(fmt), format=rdf))
    assert len(quads) == small.triple_count
    if fmt in ("nq", "trig"):
        graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        assert graphs == set(small.graph_names)
        assert all(g.startswith(SYNTHETIC_GRAPH_BASE) for g in graphs)


def test_the_file_loads_into_the_embedded_store_keeping_its_graphs(
    store: PlanStore, small: SyntheticPlans
) -> None:
    names = {str(g) for g in store.graph_names()}
    assert set(small.graph_names) <= names
    # One graph per plan version: every plan's items live in a graph of their own.
    per_plan = store.select(
        PREFIXES
        + "SELECT ?plan (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?item pg:partOfPlan ?plan "
        "FILTER NOT EXISTS { ?item a pg:ThemeArea } } } GROUP BY ?plan"
    ).rows
    assert per_plan and all(int(r["graphs"]) == 1 for r in per_plan)
    assert len({str(r["plan"]) for r in per_plan}) == len(per_plan)


@pytest.mark.slow
@pytest.mark.untraced
def test_structure_passes_shacl_without_violations() -> None:
    # The smallest size the generator makes (SHACL's time grows with it): the same seed's
    # 10,000 and 20,000 triples have the same 140 (subject types, predicate, object types or
    # literal kind) combinations, so every shape meets the same kinds of nodes.
    data = generate_plans(MIN_TRIPLES, seed=7)
    scratch = open_store("memory", data_dir=None)
    scratch.load_data(data.to_bytes("nq"), "nq", scratch.graph_names()[0], source="synthetic")
    report = validate_store(scratch)  # the store's graph, without the ontology
    assert report.violations == [], [f.message for f in report.violations[:5]]
    # Coverage gaps are there on purpose, and SHACL reports them as warnings.
    assert report.warnings


def test_organisations_are_four_regions_and_their_trusts(store: PlanStore) -> None:
    assert count(store, "?o a pg:RegionalHealthAuthority") == 4
    trusts = count(store, "?o a pg:HospitalTrust")
    assert 15 <= trusts <= 25
    assert (
        count(
            store,
            "?o a pg:HospitalTrust ; org:subOrganizationOf ?r . ?r a pg:RegionalHealthAuthority",
        )
        == trusts
    )
    # Helse Vest writes Nynorsk, the other regions Bokmål.
    vest = store.select(
        PREFIXES + "SELECT DISTINCT ?lang WHERE { ?p a pg:ActionPlan ; dcterms:publisher ?o . "
        "?o org:subOrganizationOf? ?r . ?r skos:prefLabel ?name "
        "FILTER(STR(?name) = 'Helse Vest RHF') ?p dcterms:language ?lang }"
    ).rows
    assert {str(r["lang"]) for r in vest} == {"nn"}
    assert count(store, "?m a pg:Measure ; skos:prefLabel ?l FILTER(LANG(?l) = 'nb')") > 0
    assert count(store, "?m a pg:Measure ; skos:prefLabel ?l FILTER(LANG(?l) = 'nn')") > 0


def test_plans_have_versions_in_different_years_linked_to_each_other(store: PlanStore) -> None:
    for kind in ("Strategy", "StatusNote", "ActionPlan"):
        assert count(store, f"?p a pg:{kind}") > 0
    assert count(store, "?p a pg:StatusNote ; prov:wasRevisionOf ?q . ?q a pg:StatusNote") > 0
    rows = store.select(
        PREFIXES
        + "SELECT ?new ?old ?a ?b WHERE { ?new prov:wasRevisionOf ?old ; dcterms:issued ?a ; "
        "dcterms:isVersionOf ?s . ?old dcterms:issued ?b ; dcterms:isVersionOf ?s }"
    ).rows
    assert rows and all(str(r["a"]) > str(r["b"]) for r in rows)


def test_every_plan_and_organisation_is_marked_synthetic(store: PlanStore) -> None:
    marker = "Synthetic data generated by plangraph generate, seed 7"
    unmarked = (
        "{ ?x a pg:Plan } UNION { ?x a pg:Strategy } UNION { ?x a pg:StatusNote } UNION "
        "{ ?x a pg:ActionPlan } UNION { ?x a pg:RegionalHealthAuthority } UNION { ?x a pg:HospitalTrust } "
        f"FILTER NOT EXISTS {{ ?x dcterms:description ?d FILTER(STR(?d) = '{marker}') }}"
    )
    assert count(store, unmarked) == 0
    iris = store.select(
        PREFIXES + "SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "
        f"'{SYNTHETIC_GRAPH_BASE}')) }}"
    ).rows
    assert iris and all(str(r["s"]).startswith(SYNTHETIC_BASE) for r in iris)


def test_links_have_records_and_only_curated_or_accepted_become_plain_triples(
    store: PlanStore,
) -> None:
    plain = count(store, "?s pg:addresses ?o") + count(store, "?s pg:contributesTo ?o")
    assert plain > 0
    # Every plain link has exactly one curated or accepted record ...
    unbacked = count(
        store,
        "{ ?s pg:addresses ?o BIND(pg:addresses AS ?p) } UNION { ?s pg:contributesTo ?o BIND(pg:contributesTo AS ?p) } "
        "FILTER NOT EXISTS { ?r pg:linkSubject ?s ; pg:linkPredicate ?p ; pg:linkObject ?o ; "
        "pg:linkStatus ?st VALUES ?st { pg:Curated pg:Accepted } }",
    )
    assert unbacked == 0
    # ... and suggested or rejected records never do.
    assert count(store, "?r pg:linkStatus pg:Suggested") > 0
    assert count(store, "?r pg:linkStatus pg:Rejected") > 0
    leaked = count(
        store,
        "?r pg:linkStatus ?st ; pg:linkSubject ?s ; pg:linkPredicate pg:addresses ; pg:linkObject ?o "
        "VALUES ?st { pg:Suggested pg:Rejected } ?s pg:addresses ?o",
    )
    assert leaked == 0


def test_measures_address_one_to_three_challenges_and_some_overlap(store: PlanStore) -> None:
    per_measure = store.select(
        PREFIXES + "SELECT ?m (COUNT(?c) AS ?n) WHERE { ?m pg:addresses ?c } GROUP BY ?m"
    ).rows
    assert per_measure and all(1 <= int(r["n"]) <= 3 for r in per_measure)
    goals = store.select(
        PREFIXES
        + "SELECT ?m (COUNT(?g) AS ?n) WHERE { ?m a pg:Measure ; pg:contributesTo ?g } GROUP BY ?m"
    ).rows
    assert goals and all(1 <= int(r["n"]) <= 2 for r in goals)
    statuses = store.select(PREFIXES + "SELECT DISTINCT ?s WHERE { ?m pg:measureStatus ?s }").rows
    assert {str(r["s"]).rsplit("#", 1)[1] for r in statuses} == {
        "StartingOrRunning",
        "UnderPlanning",
        "Candidate",
    }
    # Gaps: challenges with no measure; overlaps: challenges with two or more, also across regions.
    assert count(store, "?c a pg:Challenge FILTER NOT EXISTS { ?m pg:addresses ?c }") > 0
    assert count(store, "?a pg:addresses ?c . ?b pg:addresses ?c FILTER(?a != ?b)") > 0
    cross_region = (
        "?m pg:addresses ?c . ?m pg:partOfPlan/dcterms:publisher ?o1 . "
        "?c pg:partOfPlan/dcterms:publisher ?o2 . "
        "?o1 org:subOrganizationOf? ?r1 . ?r1 a pg:RegionalHealthAuthority . "
        "?o2 org:subOrganizationOf? ?r2 . ?r2 a pg:RegionalHealthAuthority . "
        "FILTER(?r1 != ?r2)"
    )
    assert count(store, cross_region) > 0
    assert count(store, "?c pg:subChallengeOf ?p . ?p a pg:Challenge") > 0


def test_themes_are_mapped_across_regions(store: PlanStore) -> None:
    mapped = count(
        store,
        "?a skos:closeMatch ?b . ?a skos:inScheme ?sa . ?b skos:inScheme ?sb . "
        "?oa pg:themeScheme ?sa ; a pg:RegionalHealthAuthority . "
        "?ob pg:themeScheme ?sb ; a pg:RegionalHealthAuthority FILTER(?oa != ?ob)",
    )
    assert mapped > 0


def test_cli_writes_the_file_and_the_loader_reads_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    out = run_cli("generate", "--triples", "12000", "--seed", "2", "--out", str(folder / "s.trig"))
    assert out.returncode == 0, out.stderr
    assert "triples" in out.stderr
    info = run_cli("--data-dir", str(folder), "info", "--format", "json")
    assert info.returncode == 0, info.stderr
    payload = json.loads(info.stdout)
    classes = {r["class"]["label"]: r["count"] for r in payload["classes"]}
    assert classes["Measure"] > 0 and classes["Challenge"] > 0
    assert classes["Regional health authority"] == 4
    assert all(g.startswith(SYNTHETIC_GRAPH_BASE) or "ontology" in g for g in payload["graphs"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--triples", "100"], "--triples must be between"),
        (["--triples", "20000", "--seed", "-1"], "--seed"),
        (["--triples", "20000", "--format", "xml"], "unknown format"),
    ],
)
def test_cli_refuses_bad_input_with_a_message(
    tmp_path: Path, args: list[str], message: str
) -> None:
    target = tmp_path / "out.nq"
    out = run_cli("generate", *args, "--out", str(target))
    assert out.returncode == 2
    assert message in out.stderr and "Traceback" not in out.stderr
    assert not target.exists()


def test_core_refuses_bad_sizes_and_formats(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="between"):
        generate_plans(0)
    with pytest.raises(InputError, match="whole number"):
        generate_plans(20_000.5)  # type: ignore[arg-type]
    with pytest.raises(UnknownFormatError):
        write_plans(tmp_path / "x.rdf", 20_000)
    assert not (tmp_path / "x.rdf").exists()
