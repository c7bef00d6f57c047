"""The analyses on a small hand-written fixture (tests/data/analysis/plans.ttl, whose header
tabulates it) with the expected rows worked out from the fixture by hand, on every backend; and
on the seed data, what a planner reading both documents and the curated links expects."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import nullcontext
from typing import Any

import pytest

from plangraph import analysis
from plangraph.errors import InputError, NotFoundError, UnsafeInputError
from plangraph.store import PlanStore, open_store
from tests.helpers import (
    BACKENDS,
    DATA,
    REPORTED_ANALYSES,
    open_backend,
    record_queries,
    tracer_paused,
)

T = "https://example.org/t/"
ID = "https://w3id.org/plangraph/id/"


_OPENED: dict[str, PlanStore] = {}
"""The fixture on each backend, opened once for the module (``store`` and the test comparing
the backends read the same stores; no test changes them)."""


def _fixture_on(backend: str) -> PlanStore:
    if backend not in _OPENED:
        _OPENED[backend] = open_backend(backend, data_dir=DATA / "analysis")
    return _OPENED[backend]


@pytest.fixture(scope="module", autouse=True)
def _forget_stores() -> Iterator[None]:
    yield
    _OPENED.clear()  # the SPARQL server's store is closed when the run ends (open_backend)


@pytest.fixture(scope="module", params=BACKENDS)
def store(request: pytest.FixtureRequest) -> PlanStore:
    """The fixture on each backend (shared by the module: do not change it in a test)."""
    return _fixture_on(request.param)


@pytest.fixture(scope="module")
def seed() -> PlanStore:
    return open_store("memory")


def short(value: Any) -> Any:
    """Nodes as their IRI without the fixture namespace, recursively, for compact expectations."""
    if isinstance(value, dict) and "iri" in value and "label" in value:
        rest = {k: short(v) for k, v in value.items() if k not in ("iri", "label")}
        name = value["iri"].removeprefix(T)
        return (name, rest) if rest else name
    if isinstance(value, dict):
        return {k: short(v) for k, v in value.items()}
    if isinstance(value, list):
        return [short(v) for v in value]
    return value


# -- coverage -----------------------------------------------------------------------------------


def test_uncovered_challenges(store: PlanStore) -> None:
    assert short(analysis.uncovered_challenges(store)) == [
        {
            "challenge": "challenge-a-3",
            "theme": "theme-a-digital",
            "organisation": "org-a",
            "plan": "plan-a-status",
            "parent": None,
        },
        {
            "challenge": "challenge-a-4",
            "theme": "theme-a-digital",
            "organisation": "org-a",
            "plan": "plan-a-status",
            "parent": None,
        },
        {
            "challenge": "challenge-b-3",
            "theme": "theme-b-tema",
            "organisation": "org-b",
            "plan": "plan-b-status",
            "parent": None,
        },
    ]


def test_uncovered_challenges_filters(store: PlanStore) -> None:
    def names(**kw: str) -> list[str]:
        return [r["challenge"] for r in short(analysis.uncovered_challenges(store, **kw))]

    assert names(theme=T + "theme-a-digital") == ["challenge-a-3", "challenge-a-4"]
    assert names(theme=T + "theme-a-beredskap") == []
    assert names(plan=T + "plan-b-status") == ["challenge-b-3"]
    assert names(org=T + "org-b") == ["challenge-b-3"]
    assert names(org=T + "org-b-hf") == []  # the trust states no challenges
    assert names(org=T + "org-a", theme=T + "theme-b-tema") == []


def test_labels_follow_the_language_with_fallback(store: PlanStore) -> None:
    rows = analysis.uncovered_challenges(store, theme=T + "theme-a-digital", lang="en")
    assert rows[0]["challenge"]["label"] == "Utfordring A3"  # only nb exists
    assert rows[0]["organisation"]["label"] == "Organisation A"
    pairs = analysis.overlapping_measures(store, lang="en")
    labels = {p["measure_a"]["label"] for p in pairs} | {p["measure_b"]["label"] for p in pairs}
    assert "Measure B1" in labels
    pairs = analysis.overlapping_measures(store, lang="nb")
    labels = {p["measure_a"]["label"] for p in pairs} | {p["measure_b"]["label"] for p in pairs}
    assert "Tiltak B1" in labels and "Measure B1" not in labels  # nn before en for nb


def test_weakly_covered_challenges(store: PlanStore) -> None:
    assert short(analysis.weakly_covered_challenges(store)) == [
        {
            "challenge": "challenge-a-2",
            "theme": "theme-a-beredskap",
            "organisation": "org-a",
            "plan": "plan-a-status",
            "measures": [
                ("measure-b-1", {"status": "https://w3id.org/plangraph/ns#StartingOrRunning"})
            ],
            "reason": "single-measure",
        },
        {
            "challenge": "challenge-a-3-1",
            "theme": "theme-a-digital",
            "organisation": "org-a",
            "plan": "plan-a-status",
            "measures": [
                ("measure-b-2", {"status": "https://w3id.org/plangraph/ns#UnderPlanning"}),
                ("measure-b-3", {"status": "https://w3id.org/plangraph/ns#Candidate"}),
            ],
            "reason": "only-planned",
        },
        {
            "challenge": "challenge-b-2",
            "theme": "theme-b-tema",
            "organisation": "org-b",
            "plan": "plan-b-status",
            "measures": [
                ("measure-a-1", {"status": "https://w3id.org/plangraph/ns#StartingOrRunning"})
            ],
            "reason": "single-measure",
        },
    ]
    # Statuses are nodes, labelled from the ontology.
    weak = analysis.weakly_covered_challenges(store, lang="en")
    assert weak[1]["measures"][0]["status"]["label"] == "Under planning"


def test_coverage_by_theme(store: PlanStore) -> None:
    assert short(analysis.coverage_by_theme(store)) == [
        {
            "theme": "theme-a-beredskap",
            "organisation": "org-a",
            "challenges": 2,
            "covered": 2,
            "share": 1.0,
        },
        {
            "theme": "theme-a-digital",
            "organisation": "org-a",
            "challenges": 3,
            "covered": 1,
            "share": pytest.approx(1 / 3),
        },
        {
            "theme": "theme-b-tema",
            "organisation": "org-b",
            "challenges": 3,
            "covered": 2,
            "share": pytest.approx(2 / 3),
        },
    ]
    assert short(analysis.coverage_by_theme(store, org=T + "org-b")) == [
        {
            "theme": "theme-b-tema",
            "organisation": "org-b",
            "challenges": 3,
            "covered": 2,
            "share": pytest.approx(2 / 3),
        }
    ]


def test_coverage_matrix(store: PlanStore) -> None:
    matrix = analysis.coverage_matrix(store)
    # Themes and organisations sorted by label: "Beredskap A" < "Digital A" < "Tema B";
    # "Helseforetak B1" < "Organisasjon A". B's measures are its trust's.
    assert short(matrix["themes"]) == ["theme-a-beredskap", "theme-a-digital", "theme-b-tema"]
    assert short(matrix["organisations"]) == ["org-b-hf", "org-a"]
    cells = {
        (c["theme"].removeprefix(T), c["organisation"].removeprefix(T)): (
            c["covered"],
            c["challenges"],
        )
        for c in matrix["cells"]
    }
    assert cells == {
        ("theme-a-beredskap", "org-b-hf"): (2, 2),
        ("theme-a-beredskap", "org-a"): (1, 2),
        ("theme-a-beredskap", "any"): (2, 2),
        ("theme-a-digital", "org-b-hf"): (1, 3),
        ("theme-a-digital", "org-a"): (0, 3),
        ("theme-a-digital", "any"): (1, 3),
        ("theme-b-tema", "org-b-hf"): (1, 3),
        ("theme-b-tema", "org-a"): (1, 3),
        ("theme-b-tema", "any"): (2, 3),
    }
    assert len(matrix["cells"]) == 9
    assert all(c["share"] == pytest.approx(c["covered"] / c["challenges"]) for c in matrix["cells"])


def test_goals_without_measures(store: PlanStore) -> None:
    assert short(analysis.goals_without_measures(store)) == [
        {"goal": "goal-a-2", "plan": "plan-a-strategy", "organisation": "org-a"},
        {"goal": "goal-b-2", "plan": "plan-b-strategy", "organisation": "org-b"},
    ]
    assert short(analysis.goals_without_measures(store, plan=T + "plan-b-strategy")) == [
        {"goal": "goal-b-2", "plan": "plan-b-strategy", "organisation": "org-b"},
    ]


def test_orphan_measures(store: PlanStore) -> None:
    assert short(analysis.orphan_measures(store)) == [
        {
            "measure": "measure-a-2",
            "plan": "plan-a-action",
            "organisation": "org-a",
            "theme": "theme-a-beredskap",
        }
    ]
    assert analysis.orphan_measures(store, org=T + "org-b") == []


def test_cross_region_gaps(store: PlanStore) -> None:
    # b-1 is addressed only by measures of B's own trust: not a cross-region gap.
    assert short(analysis.cross_region_gaps(store)) == [
        {
            "challenge": "challenge-a-2",
            "organisation": "org-a",
            "theme": "theme-a-beredskap",
            "covered_by": [("measure-b-1", {"organisation": "org-b-hf"})],
        },
        {
            "challenge": "challenge-a-3-1",
            "organisation": "org-a",
            "theme": "theme-a-digital",
            "covered_by": [
                ("measure-b-2", {"organisation": "org-b-hf"}),
                ("measure-b-3", {"organisation": "org-b-hf"}),
            ],
        },
        {
            "challenge": "challenge-b-2",
            "organisation": "org-b",
            "theme": "theme-b-tema",
            "covered_by": [("measure-a-1", {"organisation": "org-a"})],
        },
    ]


# -- overlaps -----------------------------------------------------------------------------------


def test_overlapping_measures(store: PlanStore) -> None:
    # Challenges per measure: a-1: 2, b-1: 3, b-2: 2, b-3: 1. Each pair shares one challenge.
    assert short(analysis.overlapping_measures(store)) == [
        {
            "measure_a": "measure-b-2",
            "measure_b": "measure-b-3",
            "shared": ["challenge-a-3-1"],
            "shared_count": 1,
            "jaccard": pytest.approx(1 / 2),
        },
        {
            "measure_a": "measure-a-1",
            "measure_b": "measure-b-1",
            "shared": ["challenge-a-1"],
            "shared_count": 1,
            "jaccard": pytest.approx(1 / 4),
        },
        {
            "measure_a": "measure-b-1",
            "measure_b": "measure-b-2",
            "shared": ["challenge-b-1"],
            "shared_count": 1,
            "jaccard": pytest.approx(1 / 4),
        },
    ]
    assert analysis.overlapping_measures(store, min_shared=2) == []


def test_overlaps_filtered_keep_pairs_touching_the_scope(store: PlanStore) -> None:
    def pairs(**kw: str) -> list[tuple[str, str]]:
        return [
            (r["measure_a"], r["measure_b"])
            for r in short(analysis.overlapping_measures(store, **kw))
        ]

    assert pairs(org=T + "org-a") == [("measure-a-1", "measure-b-1")]
    # B includes its trust, which publishes all of B's measures.
    assert len(pairs(org=T + "org-b")) == 3
    assert pairs(theme=T + "theme-a-beredskap") == [("measure-a-1", "measure-b-1")]


def test_overlapping_measures_refuses_a_bad_min_shared(store: PlanStore) -> None:
    with pytest.raises(InputError, match="min_shared"):
        analysis.overlapping_measures(store, min_shared=0)


def test_measures_sharing_goal_in_theme(store: PlanStore) -> None:
    assert short(analysis.measures_sharing_goal_in_theme(store)) == [
        {
            "measure_a": "measure-b-1",
            "measure_b": "measure-b-2",
            "theme": "theme-b-tema",
            "goal": "goal-b-1",
        }
    ]
    assert analysis.measures_sharing_goal_in_theme(store, org=T + "org-a") == []


# -- traceability and impact ----------------------------------------------------------------------


def test_trace_goal(store: PlanStore) -> None:
    assert short(analysis.trace(store, T + "goal-b-1")) == {
        "kind": "goal",
        "node": "goal-b-1",
        "challenges": [{"challenge": "challenge-b-1", "measures": ["measure-b-1", "measure-b-2"]}],
        "measures": ["measure-b-1", "measure-b-2"],
    }
    assert short(analysis.trace(store, T + "goal-a-2")) == {
        "kind": "goal",
        "node": "goal-a-2",
        "challenges": [{"challenge": "challenge-a-4", "measures": []}],
        "measures": [],
    }


def test_trace_measure(store: PlanStore) -> None:
    assert short(analysis.trace(store, T + "measure-b-2")) == {
        "kind": "measure",
        "node": "measure-b-2",
        "challenges": [
            {"challenge": "challenge-a-3-1", "goals": []},
            {"challenge": "challenge-b-1", "goals": ["goal-b-1"]},
        ],
        "goals": ["goal-b-1"],
    }


def test_trace_challenge(store: PlanStore) -> None:
    assert short(analysis.trace(store, T + "challenge-a-1")) == {
        "kind": "challenge",
        "node": "challenge-a-1",
        "goals": ["goal-a-3"],
        "measures": [
            {"measure": "measure-a-1", "goals": ["goal-a-1"]},
            {"measure": "measure-b-1", "goals": ["goal-b-1"]},
        ],
    }


def test_trace_and_impact_refuse_unknown_nodes(store: PlanStore) -> None:
    with pytest.raises(NotFoundError, match="no goal, challenge or measure"):
        analysis.trace(store, T + "nothing-here")
    with pytest.raises(NotFoundError, match="not a goal, challenge or measure"):
        analysis.trace(store, T + "theme-a-digital")
    with pytest.raises(NotFoundError, match="not a measure"):
        analysis.impact(store, T + "challenge-a-1")
    with pytest.raises(UnsafeInputError):
        analysis.trace(store, "javascript:alert(1)")
    with pytest.raises(InputError):
        analysis.impact(store, "not an iri")


def test_impact(store: PlanStore) -> None:
    assert short(analysis.impact(store, T + "measure-b-1")) == [
        {"challenge": "challenge-a-2", "other_measures": [], "loses_only_measure": True},
        {
            "challenge": "challenge-a-1",
            "other_measures": ["measure-a-1"],
            "loses_only_measure": False,
        },
        {
            "challenge": "challenge-b-1",
            "other_measures": ["measure-b-2"],
            "loses_only_measure": False,
        },
    ]
    assert analysis.impact(store, T + "measure-a-2") == []


# -- filters ------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["Organisasjon A", "javascript:alert(1)", "", "file:///etc/passwd"])
def test_a_filter_that_is_not_an_iri_is_refused(store: PlanStore, bad: str) -> None:
    with pytest.raises(InputError):
        analysis.uncovered_challenges(store, org=bad)
    with pytest.raises(InputError):
        analysis.overlapping_measures(store, theme=bad)


# -- networkx -----------------------------------------------------------------------------------


def test_centrality(store: PlanStore) -> None:
    result = analysis.centrality(store)
    # 5 covered challenges; a challenge addressed by k measures gives each 1/k.
    # b-1: a-1/2 + a-2 + b-1/2 = 2; a-1: a-1/2 + b-2 = 1.5; b-2: 1; b-3: 0.5.
    assert [
        (r["measure"], r["score"], r["challenges"], r["sole_challenges"])
        for r in short(result["measures"])
    ] == [
        ("measure-b-1", pytest.approx(2 / 5), 3, 1),
        ("measure-a-1", pytest.approx(1.5 / 5), 2, 1),
        ("measure-b-2", pytest.approx(1 / 5), 2, 0),
        ("measure-b-3", pytest.approx(0.5 / 5), 1, 0),
    ]
    # Only a-1 is addressed by measures of two themes; it joins {a-1, b-2} to the rest.
    bridging = short(result["bridging_challenges"])
    assert [(r["challenge"], r["themes"]) for r in bridging] == [
        ("challenge-a-1", ["theme-a-beredskap", "theme-b-tema"])
    ]
    assert bridging[0]["score"] > 0
    assert len(analysis.centrality(store, top=2)["measures"]) == 2


def test_communities(store: PlanStore) -> None:
    # The projection is the path a-1 - b-1 - b-2 - b-3; best split: {a-1, b-1}, {b-2, b-3}.
    assert short(analysis.communities(store)) == [
        {
            "community": 0,
            "measures": ["measure-a-1", "measure-b-1"],
            "themes": ["theme-a-beredskap", "theme-b-tema"],
            "crosses_themes": True,
        },
        {
            "community": 1,
            "measures": ["measure-b-2", "measure-b-3"],
            "themes": ["theme-b-tema"],
            "crosses_themes": False,
        },
    ]


def test_measure_projection_weights(store: PlanStore) -> None:
    projection = analysis.measure_projection(analysis.measure_graph(store))
    edges = {
        (a.removeprefix(T), b.removeprefix(T), d["weight"])
        for a, b, d in projection.edges(data=True)
    }
    assert {(*sorted(e[:2]), e[2]) for e in edges} == {
        ("measure-a-1", "measure-b-1", 1),
        ("measure-b-1", "measure-b-2", 1),
        ("measure-b-2", "measure-b-3", 1),
    }
    assert "https://example.org/t/measure-a-2" not in projection  # addresses nothing


def test_summary(store: PlanStore) -> None:
    assert analysis.summary(store) == {
        "challenges": 8,
        "covered": 5,
        "share": pytest.approx(5 / 8),
        "gaps": 3,
        "weak": 3,
        "overlaps": 3,
        "goals_without_measures": 2,
        "orphan_measures": 1,
        "measures": 5,
        "goals": 5,
        "themes": 3,
        "plans": 6,
    }


# Untraced: every line and branch of plangraph it runs, the other tests of this module run too
# (checked with coverage's per-test contexts); under the tracer, rdflib's SPARQL engine would
# take most of its time.
@pytest.mark.untraced
def test_every_backend_gives_the_same_rows() -> None:
    stores = [_fixture_on(url) for url in BACKENDS]
    for name in (
        "uncovered_challenges",
        "weakly_covered_challenges",
        "coverage_by_theme",
        "coverage_matrix",
        "overlapping_measures",
        "measures_sharing_goal_in_theme",
        "goals_without_measures",
        "orphan_measures",
        "cross_region_gaps",
        "centrality",
        "communities",
        "summary",
    ):
        results = [getattr(analysis, name)(s, lang="en") for s in stores]
        assert all(r == results[0] for r in results), name


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("scope", [{}, {"org": f"{T}org-b"}, {"theme": f"{T}theme-a-digital"}])
def test_shared_reads_give_the_rows_each_analysis_gives_alone(
    store: PlanStore, lang: str, scope: dict[str, str], request: pytest.FixtureRequest
) -> None:
    """A report's analyses share their reads (each query once, every label read once, queries
    run ahead in threads): the rows are those each analysis gives on its own, twice in a row."""
    # On the rdflib backend with coverage's tracer paused: the other tests of this module run
    # every line and branch of plangraph it runs there (checked with coverage's per-test
    # contexts); the tracer would only slow rdflib's SPARQL engine down.
    rdflib = request.node.callspec.params["store"] == "rdflib:memory"
    with tracer_paused() if rdflib else nullcontext():
        from plangraph.analysis._common import shared_reads

        alone = {
            name: getattr(analysis, name)(store, lang=lang, **scope) for name in REPORTED_ANALYSES
        }
        alone["goals"] = analysis.goals_without_measures(
            store, lang=lang, **{k: v for k, v in scope.items() if k != "theme"}
        )
        alone["considered"] = analysis.measures_considered(store, lang)
        prefetch = ("coverage_by_theme", "coverage_matrix", "weakly_covered", "orphan_measures")
        with shared_reads(store, lang, prefetch=prefetch):
            for _twice in range(2):
                for name in REPORTED_ANALYSES:
                    assert getattr(analysis, name)(store, lang=lang, **scope) == alone[name], name
                assert (
                    analysis.goals_without_measures(
                        store, lang=lang, **{k: v for k, v in scope.items() if k != "theme"}
                    )
                    == alone["goals"]
                )
                assert analysis.measures_considered(store, lang) == alone["considered"]
                # a language other than the shared labels' reads its own
                other = "nn" if lang != "nn" else "en"
                assert analysis.orphan_measures(store, lang=other) == analysis.orphan_measures(
                    open_store("memory", data_dir=DATA / "analysis"), lang=other
                )


def test_a_report_runs_each_query_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside ``shared_reads`` (as ``collect_report`` uses it) a query two analyses need runs
    once, and the labels come from one query rather than a lookup per node."""
    from plangraph.reports.data import collect_report

    store = open_store("memory", data_dir=DATA / "analysis")
    asked = record_queries(monkeypatch, store)  # plain rows and the engine's answers read directly
    collect_report(store)
    assert len(asked) == len(set(asked))  # coverage_by_theme: for the matrix and per theme


# -- the seed data: what a planner reading both documents expects ---------------------------------


def _labels(rows: list[dict[str, Any]], column: str) -> list[str]:
    return [r[column]["label"] for r in rows]


def test_seed_preparedness_is_covered_by_helse_vests_preparedness_measures(seed: PlanStore) -> None:
    gaps = _labels(analysis.uncovered_challenges(seed), "challenge")
    assert "Dimensjonering av beredskap" not in gaps
    # The other three Beredskap challenges have no measure (the curated links give none).
    beredskap = analysis.uncovered_challenges(seed, theme=ID + "theme/hmn/beredskap")
    assert _labels(beredskap, "challenge") == [
        "Krav og forventninger til beredskap",
        "Tydeliggjøring av roller og ansvar",
        "Kompetent og robust beredskapsledelse",
    ]
    trace = analysis.trace(seed, ID + "challenge/hmn-2021/beredskap-4")
    assert [m["measure"]["label"] for m in trace["measures"]] == [
        "Forsyningssikkerheit og lagerkapasitet",
        "Helseberedskap",
    ]
    # 000 says no strategy sets a direction for preparedness: no goal link.
    assert trace["goals"] == []


def test_seed_coverage_matches_the_data_model(seed: PlanStore) -> None:
    # docs/data-model.md: 17 challenges addressed, 24 not; every pg:addresses is cross-region.
    summary = analysis.summary(seed)
    assert (summary["challenges"], summary["covered"], summary["gaps"]) == (41, 17, 24)
    cross = analysis.cross_region_gaps(seed)
    assert len(cross) == 17
    assert {r["organisation"]["iri"] for r in cross} == {ID + "org/helse-midt-norge"}
    # "Informasjonssikkerhet" is addressed by the AI measure only (links-curated.ttl), so it is
    # weakly covered, not a gap.
    weak = {r["challenge"]["label"]: r for r in analysis.weakly_covered_challenges(seed)}
    assert [m["label"] for m in weak["Informasjonssikkerhet"]["measures"]] == [
        "Kunstig intelligens i helsetenestene"
    ]
    assert "Informasjonssikkerhet" not in _labels(analysis.uncovered_challenges(seed), "challenge")
    # Measures 11-15 are under planning: a challenge only they address is only-planned.
    assert weak["Samarbeid om forebygging"]["reason"] == "only-planned"


def test_seed_klima_is_an_orphan_and_helse_vest_states_no_challenges(seed: PlanStore) -> None:
    # docs/data-model.md: klima addresses no HMN challenge and contributes to no goal.
    assert _labels(analysis.orphan_measures(seed), "measure") == ["Klima og utslepp"]
    assert analysis.uncovered_challenges(seed, org=ID + "org/helse-vest") == []
    matrix = analysis.coverage_matrix(seed)
    assert [o["iri"] for o in matrix["organisations"]] == [ID + "org/helse-vest"]
    assert len(matrix["themes"]) == 6


def test_seed_the_two_preparedness_measures_overlap(seed: PlanStore) -> None:
    pairs = analysis.overlapping_measures(seed)
    first = pairs[0]
    assert {first["measure_a"]["label"], first["measure_b"]["label"]} == {
        "Helseberedskap",
        "Forsyningssikkerheit og lagerkapasitet",
    }
    assert _labels([{"c": c} for c in first["shared"]], "c") == ["Dimensjonering av beredskap"]
    assert first["jaccard"] == 1.0
    impact = analysis.impact(seed, ID + "measure/hv-tiltaksplan/helseberedskap")
    assert [(r["challenge"]["label"], r["loses_only_measure"]) for r in impact] == [
        ("Dimensjonering av beredskap", False)
    ]


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_labels_choose_as_label_of_does(seed: PlanStore, lang: str) -> None:
    from rdflib import URIRef

    from plangraph.nodes import label_of

    labels = analysis.Labels(seed, lang)
    iris = {r["node"] for r in seed.named_query("all_labels")}
    assert len(iris) > 100
    for iri in sorted(iris):
        assert labels(str(iri)) == label_of(seed, URIRef(iri), lang), iri
