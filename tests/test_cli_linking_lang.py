"""`plangraph suggest` and `review` as a planner reads them: in Bokmål by default, Nynorsk or
English with --lang, a thesaurus concept marked as one; JSON keeps the raw values."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plangraph.i18n import catalogue
from tests.helpers import ROOT, run_cli

WIDE = {"COLUMNS": "400"}  # no wrapping: a phrase can be looked for whole


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cli-linking-lang")
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, target / path.name)
    stored = run_cli("--data-dir", str(target), "suggest", "--limit", "2", "-f", "json")
    assert stored.returncode == 0, stored.stderr
    return target


def _suggest(folder: Path, *extra: str) -> str:
    done = run_cli(
        "--data-dir", str(folder), "suggest", "--dry-run", "--limit", "2", *extra, env=WIDE
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def concept(folder: Path) -> dict[str, str]:
    """The labels of a concept a suggestion on the folder shares (one run, read by each
    language's test: the JSON does not depend on --lang)."""
    return _concept(folder)


@pytest.fixture(scope="module")
def open_total(folder: Path) -> int:
    """How many suggestions are open in the folder (one `review`, read by each language's
    test: reviewing changes nothing)."""
    return _open(folder)


def _concept(folder: Path) -> dict[str, str]:
    rows = json.loads(_suggest(folder, "-f", "json"))
    for row in rows:
        for e in row["evidence"]:
            if e["kind"] == "concept":
                assert e["term"] and set(e["labels"]) >= {"nb", "nn", "en"}
                return dict(e["labels"])
    raise AssertionError("no suggestion on the seed data shares a thesaurus concept")


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_suggest_table_speaks_the_language(
    folder: Path, lang: str, concept: dict[str, str]
) -> None:
    words = catalogue(lang)
    out = _suggest(folder, *(["--lang", lang] if lang != "nb" else []))
    header = out.splitlines()[0]
    for col in ("score", "subject", "predicate", "object", "evidence"):
        assert words[f"col.{col}"] in header, (col, header)
    assert words["review.relation.addresses"] in out
    label = concept[lang]
    assert words["review.concept"].format(label=label) in out
    others = {"nb", "nn", "en"} - {lang}
    for other in others:  # one language per view: no other language's column words
        assert catalogue(other)["col.evidence"] not in header


def test_suggest_json_keeps_raw_values(folder: Path) -> None:
    rows = json.loads(_suggest(folder, "-f", "json", "--lang", "nn"))
    assert {r["predicate"] for r in rows} <= {"pg:addresses", "pg:contributesTo", "skos:closeMatch"}
    assert {r["status"] for r in rows} <= {
        "new",
        "linked",
        "suggested",
        "accepted",
        "rejected",
        "curated",
    }


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_review_speaks_the_language(folder: Path, lang: str, open_total: int) -> None:
    words = catalogue(lang)
    done = run_cli("--data-dir", str(folder), "review", "--limit", "2", "--lang", lang, env=WIDE)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    status = words["link.status.suggested"]
    assert out.splitlines()[0].endswith(
        words["cli.review.count"].format(total=open_total, status=status, shown=2, start=1)
    )
    assert words["review.evidence"] in out and words["cli.review.decide"] in out
    assert words["review.kind.measure"] in out
    for other in {"nb", "nn", "en"} - {lang}:
        assert catalogue(other)["cli.review.decide"] not in out


def _open(folder: Path) -> int:
    done = run_cli("--data-dir", str(folder), "review", "--limit", "1", "-f", "json")
    assert done.returncode == 0, done.stderr
    return int(json.loads(done.stdout)["total"])


def test_a_word_that_names_its_concept_is_said_once() -> None:
    from plangraph.cli.linking import _said_terms

    labels = {"nb": "samhandling", "nn": "samhandling", "en": "collaboration"}
    row = {
        "evidence": [
            {"kind": "concept", "term": "samhandling", "labels": labels},
            {"kind": "word", "term": "samhandling", "labels": None},
            {"kind": "word", "term": "kommunene", "labels": None},
        ]
    }
    assert _said_terms(row, "nb") == "begrep: samhandling, kommunene"
    assert _said_terms(row, "en") == "concept: collaboration, kommunene"
