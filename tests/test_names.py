"""One way from what a user typed to a node: ``terms.parse_name`` and ``nodes.find_node``."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from plangraph import analysis
from plangraph.cli import app
from plangraph.errors import InputError, NotFoundError, UnsafeInputError
from plangraph.nodes import KINDS, find_node
from plangraph.store import PlanStore
from plangraph.terms import parse_name
from plangraph.vocab import DATA, PG

HMN = URIRef(f"{DATA}org/helse-midt-norge")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id:org/helse-vest", f"{DATA}org/helse-vest"),
        ("pg:Measure", str(PG.Measure)),
        ("<https://w3id.org/plangraph/ns#Measure>", str(PG.Measure)),
        ("  https://w3id.org/plangraph/ns#Measure ", str(PG.Measure)),
        ("Helse Vest RHF", None),
        ("Beredskap", None),
        ("", None),
    ],
)
def test_parse_name_reads_iris_prefixed_names_and_leaves_labels(
    text: str, expected: str | None
) -> None:
    found = parse_name(text)
    assert (str(found) if found is not None else None) == expected


@pytest.mark.parametrize(
    "text", ["pg:a>b", "<https://e.org/a b>", "javascript:alert(1)", "id:x{y}"]
)
def test_parse_name_refuses_what_is_no_iri(text: str) -> None:
    with pytest.raises(UnsafeInputError):
        parse_name(text)


def test_find_node_by_label_and_kind(seed_store: PlanStore) -> None:
    # "Helse Midt-Norge" is in the labels of a plan and a theme scheme too: the kind decides.
    with pytest.raises(NotFoundError, match="3 nodes match"):
        find_node(seed_store, "Helse Midt-Norge")
    assert find_node(seed_store, "Helse Midt-Norge", kind="organisation") == HMN
    assert find_node(seed_store, "id:org/helse-midt-norge", kind="organisation") == HMN
    with pytest.raises(NotFoundError, match="no plan"):
        find_node(seed_store, "id:org/helse-midt-norge", kind="plan")
    with pytest.raises(InputError, match="unknown kind 'org'; known kinds: organisation"):
        find_node(seed_store, "x", kind="org")
    assert set(KINDS) >= {"organisation", "plan", "theme", "goal", "challenge", "measure"}


def test_find_node_suggests_near_misses(seed_store: PlanStore) -> None:
    with pytest.raises(
        NotFoundError, match=r"did you mean 'Helse Midt-Norge RHF' \(id:org/helse-midt-norge\)"
    ):
        find_node(seed_store, "Helse Midt Norg", kind="organisation")
    with pytest.raises(NotFoundError, match="did you mean id:org/helse-midt-norge"):
        find_node(seed_store, "id:org/helse-midt-norg")


def test_the_analyses_take_prefixed_names(seed_store: PlanStore) -> None:
    goal = find_node(seed_store, "id:goal/hmn-s2030-4")
    by_iri = analysis.trace(seed_store, str(goal))
    assert analysis.trace(seed_store, "id:goal/hmn-s2030-4") == by_iri
    with pytest.raises(InputError, match="not an IRI or a prefixed name"):
        analysis.trace(seed_store, "Helse Vest RHF")


runner = CliRunner()


def test_show_with_a_broken_prefixed_name_is_a_clean_error() -> None:
    result = runner.invoke(app, ["show", "pg:a>b"])
    assert result.exit_code == 2
    assert (
        "error: IRI 'https://w3id.org/plangraph/ns#a>b' holds a character not allowed"
        in result.output
    )
    assert "Traceback" not in result.output


def test_org_option_resolves_to_the_organisation() -> None:
    result = runner.invoke(app, ["gaps", "--org", "Helse Midt-Norge", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert "Helse Midt-Norge RHF" in result.output
    near = runner.invoke(app, ["gaps", "--org", "Helse Midt Norg"])
    assert near.exit_code == 2
    assert "did you mean 'Helse Midt-Norge RHF'" in near.output
