"""The OpenAPI description is complete, and a schemathesis run over it finds no 5xx."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from plangraph.api import schemas
from tests.api.conftest import App, Server


def published(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's schema as a reader takes it: a ``$ref`` to a named schema spelled out, the
    keywords beside it (title, default, examples) applying too (OpenAPI 3.1, JSON Schema 2020-12).
    """
    reference = schema.get("$ref")
    if reference is None:
        return schema
    prefix = "#/components/schemas/"
    assert reference.startswith(prefix), reference
    named = spec["components"]["schemas"][reference.removeprefix(prefix)]
    siblings = {k: v for k, v in schema.items() if k != "$ref"}
    assert siblings.keys().isdisjoint(named), (siblings, named)  # nothing said twice
    return {**published(spec, named), **siblings}


def test_openapi_has_tags_examples_and_error_models(seed_app: App) -> None:
    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/challenges",
        "/api/subgraph",
        "/api/node",
        "/api/analysis/gaps",
        "/api/analysis/summary",
        "/sparql",
        "/api/plans/{name}",
        "/api/links/{link_id}/accept",
    ):
        assert path in paths, path
        for operation in paths[path].values():
            assert operation.get("tags"), path
            assert operation.get("description") or operation.get("summary"), path
    subgraph = paths["/api/subgraph"]["get"]
    root = next(p for p in subgraph["parameters"] if p["name"] == "root")
    assert root["schema"].get("examples") or root.get("examples") or root.get("example")
    media = subgraph["responses"]["200"]["content"]
    assert {
        "application/json",
        "application/ld+json",
        "text/turtle",
        "application/n-triples",
    } <= set(media)
    put = paths["/api/plans/{name}"]["put"]
    assert "text/turtle" in put["requestBody"]["content"]
    assert {"APIKeyHeader", "HTTPBearer"} <= set(spec["components"]["securitySchemes"])
    post = paths["/sparql"]["post"]["requestBody"]["content"]
    assert {"application/x-www-form-urlencoded", "application/sparql-query"} <= set(post)


@pytest.mark.slow
def test_schemathesis_finds_no_failures_with_every_check(seed_live: Server, tmp_path: Path) -> None:
    """No 5xx, and conformance: statuses, content types, headers and bodies as documented; every
    request the description allows is accepted, every one it forbids refused; ``Allow`` right.

    Bounded by ``--max-time`` (schemathesis shares the budget out among its phases and
    operations; on a busy machine it covers less in that time, never more time).
    """
    here = Path(__file__).resolve().parent
    env = {**os.environ, "SCHEMATHESIS_HOOKS": "tests.api.schemathesis_hooks"}
    out = subprocess.run(
        [
            str(Path(sys.executable).parent / "schemathesis"),
            "--config-file",
            str(here / "schemathesis.toml"),
            "run",
            f"{seed_live.url}/openapi.json",
            # Every check is on by default; no --checks here, since checks named on the command
            # line win over the config file's one exception for /sparql.
            "--phases",
            "examples,coverage,fuzzing",
            "--max-examples",
            "5",
            # One worker: with several, hypothesis' ast-based repr sometimes crashes inside
            # schemathesis itself on Python 3.11 ("AST constructor recursion depth mismatch").
            "--workers",
            "1",
            # 15 s: with each character class built from its ranges (regex_classes), this covers
            # more than 25 s did before, in the same minutes at load ~10: 382 and 536 cases
            # (the coverage phase reaching all 37 operations, fuzzing 29) against 111, 136 and
            # 220 (coverage reaching 20 or 21, no fuzzing; half the old budget went to building
            # the IRI pattern's strategy). Every phase to its end would be 3,131 cases at seed 1
            # (32 examples, 2,918 coverage, 181 fuzzed), ~20 s of CPU in both processes.
            "--max-time",
            "15",
            "--suppress-health-check",
            "all",
            "--report-dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=here.parents[1],
    )
    assert out.returncode == 0, out.stdout[-8000:] + out.stderr[-2000:]
    assert "Traceback" not in seed_live.log_text()


def test_as_of_schema_admits_exactly_the_dates_the_server_reads(seed_app: App) -> None:
    """A value that fits the published ``as_of`` pattern is a date the server reads (no 400 for
    a schema-valid request), and a malformed one is refused by both."""
    import datetime as dt
    import re

    from plangraph.api.schemas import AS_OF_PATTERN
    from plangraph.errors import InputError
    from plangraph.ingest.versions import parse_date

    def reads(text: str) -> bool:
        try:
            parse_date(text)
        except InputError:
            return False
        return True

    pattern = re.compile(AS_OF_PATTERN)
    candidates = ["2023", "0000", "0001", "9999", "2023-00", "2023-13", "2023-1", "23-06-01", ""]
    for year in (1, 4, 100, 400, 1900, 2000, 2023, 2024, 9999):
        for month in range(0, 14):
            candidates.append(f"{year:04d}-{month:02d}")
            candidates += [f"{year:04d}-{month:02d}-{day:02d}" for day in range(0, 33)]
    for text in candidates:
        assert bool(pattern.fullmatch(text)) == reads(text), text
    assert reads("2024-02-29") and not reads("2023-02-29") and not reads("1900-02-29")
    assert dt.date(2000, 2, 29) == parse_date("2000-02-29")

    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
    for path in ("/api/analysis/gaps", "/api/analysis/orphan-measures"):
        parameter = next(
            p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == "as_of"
        )
        assert published(spec, parameter["schema"])["pattern"] == AS_OF_PATTERN, path


def test_iri_schema_admits_only_iris_the_server_reads(seed_app: App) -> None:
    """Every character the published IRI pattern allows in an IRI is one the server reads as
    part of an IRI: no white space (``terms.parse_name`` reads text with white space in it as a
    label), so no schema-valid request gets 400. Schemathesis found ``'mailto://Gw/?/\\xa0B'``."""
    import re

    from plangraph.api.deps import filter_iri
    from plangraph.api.schemas import iri_pattern
    from plangraph.errors import InputError
    from plangraph.namespaces import PREFIXES

    pattern = re.compile(iri_pattern(list(PREFIXES), required=True))
    admitted = 0
    for code in range(0x21, 0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        value = f"mailto://Gw/a{char}?/{char}B#{char}"  # in a path, a query and a fragment
        if not pattern.fullmatch(value):
            continue
        admitted += 1
        try:
            assert filter_iri(value, "iri") is not None, value
        except InputError as exc:
            raise AssertionError(f"{value!r} fits the schema but is refused: {exc}") from None
    assert admitted > 50_000  # the Unicode ranges are in: the check above is not empty

    found = "mailto://Gw/?/\xa0B//ŵ%D9ę?"
    assert not pattern.fullmatch(found)
    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
        coverage = spec["paths"]["/api/analysis/coverage"]["get"]["parameters"]
        plan = next(p for p in coverage if p["name"] == "plan")
        schema = published(spec, plan["schema"])
        assert schema["pattern"] == iri_pattern(list(PREFIXES), required=False)
        refused = client.get("/api/analysis/coverage", params={"plan": found})
    assert refused.status_code == 400 and "'plan'" in refused.text


def test_a_plan_or_organisation_not_in_the_store_is_404_as_declared(seed_app: App) -> None:
    """A well-formed name of a plan or organisation that is not there is not found (404, as
    ``/api/node`` answers a missing node), not bad input; the description declares it."""
    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
        for value in ("tag:nowhere.example,2026:plan", "id:plan/no-such-plan", "no-such-plan"):
            missing = client.get("/api/suggestions", params={"plan": value})
            assert missing.status_code == 404, (value, missing.text)
            assert missing.json()["error"]["message"].startswith("no plan"), missing.text
        org = client.get("/api/suggestions", params={"org": "id:org/no-such-org"})
        assert org.status_code == 404 and "no organisation" in org.text
        unsafe = client.get("/api/suggestions", params={"plan": "javascript:alert(1)"})
        assert unsafe.status_code == 400  # not a name at all: still bad input
    assert "404" in spec["paths"]["/api/suggestions"]["get"]["responses"]
    assert "404" in spec["paths"]["/api/suggestions/run"]["post"]["responses"]


def test_viz_node_language_schema_lists_the_languages_it_reads(seed_app: App) -> None:
    """``/viz/node.json``'s ``lang``: the published values are exactly those it answers."""
    from plangraph.labels import LANGUAGES

    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
        parameters = spec["paths"]["/viz/node.json"]["get"]["parameters"]
        lang = next(p for p in parameters if p["name"] == "lang")
        assert lang["schema"]["enum"] == list(LANGUAGES)
        node = "https://w3id.org/plangraph/id/org/helse-vest"
        for value in LANGUAGES:
            answer = client.get("/viz/node.json", params={"iri": node, "lang": value})
            assert answer.status_code in (200, 404), answer.text
        for value in ("", "de", "NB"):
            refused = client.get("/viz/node.json", params={"iri": node, "lang": value})
            assert refused.status_code == 400 and "unknown language" in refused.text


def test_every_plan_path_parameter_has_the_plan_name_pattern(seed_app: App) -> None:
    """Each ``/api/plans/{...}`` path parameter publishes the names ``check_plan_name`` takes."""
    import re

    from plangraph.api.schemas import PLAN_NAME_PATTERN
    from plangraph.errors import InputError
    from plangraph.ingest.plans import check_plan_name

    with seed_app.client() as client:
        spec = client.get("/openapi.json").json()
    seen = set()
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/plans/{"):
            continue
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path":
                    schema = published(spec, parameter["schema"])
                    assert schema.get("pattern") == PLAN_NAME_PATTERN, path
                    seen.add(path)
    assert {"/api/plans/{name}", "/api/plans/{plan}/versions", "/api/plans/{plan}/diff"} <= seen
    pattern = re.compile(PLAN_NAME_PATTERN)
    for name in ("hv-plan", "a", "0_x", "a" * 64, "a" * 65, "Hv", "-a", "\U000b7b21", "import"):
        try:
            check_plan_name(name)
            accepted = True
        except InputError:
            accepted = False
        assert bool(pattern.fullmatch(name)) == accepted, name


def test_org_is_checked_when_organisation_is_given_too(seed_app: App) -> None:
    """``org`` (the short spelling of ``organisation``) is checked even next to a good
    ``organisation``: a value the schema forbids is refused (schemathesis found it ignored)."""
    organisation = "https://w3id.org/plangraph/id/org/helse-vest"
    with seed_app.client() as client:
        both = client.get(
            "/api/themes", params={"organisation": organisation, "org": "\n\U00108ffa"}
        )
        assert both.status_code == 400 and "'org'" in both.text, both.text
        alone = client.get("/api/themes", params={"organisation": organisation}).json()
        same = client.get("/api/themes", params={"organisation": organisation, "org": organisation})
        short = client.get("/api/themes", params={"org": organisation}).json()
    assert alone["total"] > 0 and same.json() == alone == short


@pytest.mark.parametrize(
    "pattern",
    [
        # One IRI character as the published IRI pattern has it, ucschar's 55,000 code points.
        rf"^{schemas._IRI_CHAR}*$",
        r"[a-z0-9._~-]+",
        r"[^a-z0-9]",  # a negated class
        r"[\w.-][^\W\d]",  # categories, and a range with them
        r"(?i)[a-zß\u0130]",  # case folded: hypothesis' own way, characters that fold to two
        r"(?i:[k-m])[A-C]",  # case folding for one group only
    ],
)
def test_schemathesis_character_classes_are_hypothesis_own(
    pattern: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The schemathesis run's regex character classes (``regex_classes``, faster) hold the same
    characters as hypothesis' own builder makes, class by class, for both alphabets schemathesis
    gives: so its strategies draw the same values."""
    from hypothesis import strategies as st
    from hypothesis.strategies._internal import regex as hypothesis_regex

    from tests.api import regex_classes

    made: list[tuple[tuple[int, int], ...]] = []
    to_strategy = hypothesis_regex._intervals_to_strategy

    def recorded(intervals: Any, *, description: str) -> Any:
        made.append(intervals.intervals)
        return to_strategy(intervals, description=description)

    monkeypatch.setattr(hypothesis_regex, "_intervals_to_strategy", recorded)
    for alphabet in (st.characters(codec="utf-8"), st.characters(max_codepoint=0x2FFF)):
        classes = {}
        for builder in (regex_classes.HYPOTHESIS_BUILDER, regex_classes.RangeBuilder):
            before = regex_classes.install(builder)
            try:
                made.clear()
                hypothesis_regex.regex_strategy(re.compile(pattern), False, alphabet=alphabet)
                classes[builder] = list(made)
            finally:
                regex_classes.install(before)
        assert classes[regex_classes.RangeBuilder] == classes[regex_classes.HYPOTHESIS_BUILDER]
        assert classes[regex_classes.HYPOTHESIS_BUILDER]  # every pattern here has a class


def test_each_rule_is_said_once_and_applies_where_it_did(seed_app: App) -> None:
    """The IRI pattern (and each other parameter rule) is written once, as a named schema, and
    every parameter that follows it refers to it: read with its reference spelled out, each IRI
    parameter's schema is a string of the IRI pattern (empty allowed when it is optional), as
    ``deps.filter_iri`` reads it. Every reference in the description leads somewhere."""
    from plangraph.api.schemas import IRI_QUERY_PARAMETERS, OPTIONAL_IRI_SCHEMA, iri_pattern
    from plangraph.namespaces import PREFIXES

    with seed_app.client() as client:
        text = client.get("/openapi.json").text
    spec = json.loads(text)
    patterns = {
        True: iri_pattern(list(PREFIXES), required=True),
        False: iri_pattern(list(PREFIXES), required=False),
    }
    for pattern in (*patterns.values(), schemas.AS_OF_PATTERN, schemas.PLAN_NAME_PATTERN):
        assert text.count(json.dumps(pattern)) == 1, pattern  # said once
    named = spec["components"]["schemas"]
    assert named[OPTIONAL_IRI_SCHEMA]["pattern"] == patterns[False]
    iri_parameters = 0
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = published(spec, parameter["schema"])
                if parameter["in"] == "query" and parameter["name"] in IRI_QUERY_PARAMETERS:
                    if "enum" in schema or "anyOf" in schema:  # a Literal: names no node
                        continue
                    required = bool(parameter.get("required"))
                    assert schema["type"] == "string", (path, parameter)
                    assert schema["pattern"] == patterns[required], (path, parameter["name"])
                    iri_parameters += 1
                elif parameter["name"] == "predicate":
                    items = schema.get("items", schema)
                    # /api/subgraph's items: a node's name, or '*' (every link)
                    for item in items.get("anyOf", [items]):
                        item = published(spec, item)
                        assert item.get("pattern") in patterns.values() or item == {
                            "type": "string",
                            "enum": ["*"],
                        }, path
                    iri_parameters += 1
    assert iri_parameters >= 50

    def references(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for value in node.values():
                yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    seen = set(references(spec))
    assert "#/components/responses/TooManyRequests" in seen
    for reference in seen:
        target: Any = spec
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]
        assert isinstance(target, dict) and target, reference
