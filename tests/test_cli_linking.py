"""`plangraph suggest`, `review`, `accept`, `reject`, `link add/remove` and the gaps footer."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from plangraph.i18n import catalogue
from tests.helpers import ROOT, run_cli

M = "https://w3id.org/plangraph/id/measure/hv-tiltaksplan/"
C = "https://w3id.org/plangraph/id/challenge/hmn-2021/"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("cli-linking")
    for path in (ROOT / "data").glob("*.ttl"):
        shutil.copy(path, target / path.name)
    return target


def test_suggest_json_rows(folder: Path) -> None:
    done = run_cli(
        "--data-dir",
        str(folder),
        "suggest",
        "--format",
        "json",
        "--limit",
        "2",
        "--relation",
        "addresses",
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows
    for row in rows:
        assert set(row) >= {"subject", "predicate", "object", "score", "evidence", "status"}
        assert set(row["subject"]) >= {"iri", "label"} and set(row["object"]) >= {"iri", "label"}
        assert row["predicate"] == "pg:addresses"
    assert {r["status"] for r in rows} >= {"curated", "suggested"}
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert "stored" in done.stderr and (folder / "links-suggested.ttl").exists()


def test_suggest_only_new_and_csv(folder: Path) -> None:
    done = run_cli(
        "--data-dir",
        str(folder),
        "suggest",
        "--format",
        "csv",
        "--only-new",
        "--dry-run",
        "--relation",
        "addresses",
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {r["status"] for r in rows} <= {"suggested", "new"}


@pytest.mark.parametrize(
    "plan", ["hv-regional-tiltaksplan", "Regional tiltaksplan", "id:plan/hv-regional-tiltaksplan"]
)
def test_suggest_plan_by_slug_label_or_prefixed_name(plan: str) -> None:
    """--plan takes what the other commands take (nodes.find_node), a label with spaces too."""
    done = run_cli(
        "suggest", "--plan", plan, "--relation", "addresses", "--format", "json", "--dry-run"
    )
    assert done.returncode == 0, done.stderr
    assert "does not look like a valid URI" not in done.stderr
    rows = json.loads(done.stdout)
    assert rows and all("/measure/hv-" in r["subject"]["iri"] for r in rows)


def test_suggest_bad_options_exit_2() -> None:
    done = run_cli("suggest", "--plan", "no-such-plan", "--dry-run")
    assert done.returncode == 2 and "no-such-plan" in done.stderr
    done = run_cli("suggest", "--relation", "causes", "--dry-run")
    assert done.returncode == 2 and "relations" in done.stderr


def test_suggest_without_a_data_folder_prints_and_says_it_stored_nothing() -> None:
    done = run_cli("suggest", "--limit", "1", "--relation", "challenge-goal")
    assert done.returncode == 0, done.stderr
    assert "not stored" in done.stderr
    assert catalogue("nb")["review.relation.contributes"] in done.stdout  # pg:contributesTo


def test_review_accept_reject_and_links(folder: Path) -> None:
    run_cli("--data-dir", str(folder), "suggest", "--relation", "addresses", "--limit", "3")
    listed = run_cli("--data-dir", str(folder), "review", "--limit", "3")
    assert listed.returncode == 0, listed.stderr
    assert "koblinger med status «foreslått»" in listed.stdout  # Bokmål by default
    as_json = json.loads(
        run_cli("--data-dir", str(folder), "review", "--limit", "2", "--format", "json").stdout
    )
    first, second = as_json["rows"][0], as_json["rows"][1]
    assert as_json["total"] >= 2
    # both verbatim texts are in the table
    assert first["subject"]["label"][:20] in listed.stdout
    accepted = run_cli("--data-dir", str(folder), "accept", first["id"])
    assert accepted.returncode == 0, accepted.stderr
    assert json.loads(accepted.stdout)["status"] == "pg:Accepted"
    again = run_cli("--data-dir", str(folder), "accept", first["id"])
    assert again.returncode == 2 and "Accepted" in again.stderr
    no_reason = run_cli("--data-dir", str(folder), "reject", second["id"])
    assert no_reason.returncode == 2 and "reason" in no_reason.stderr
    rejected = run_cli(
        "--data-dir", str(folder), "reject", second["id"], "--reason", "ikke samme sak"
    )
    assert rejected.returncode == 0, rejected.stderr
    missing = run_cli("--data-dir", str(folder), "accept", "0123456789ab")
    assert missing.returncode == 2 and "no link record" in missing.stderr
    made = run_cli(
        "--data-dir",
        str(folder),
        "link",
        "add",
        M + "klima",
        C + "kvalitet-og-pasientsikkerhet-2",
        "--predicate",
        "addresses",
        "--rationale",
        "Omstilling i begge.",
    )
    assert made.returncode == 0, made.stderr
    link = json.loads(made.stdout)["link"]
    gone = run_cli("--data-dir", str(folder), "link", "remove", link, "--reason", "feil")
    assert gone.returncode == 0, gone.stderr
    bad = run_cli(
        "--data-dir", str(folder), "link", "add", M + "klima", C + "nope", "--rationale", "x"
    )
    assert bad.returncode == 2


def test_accept_without_a_data_folder_says_writes_are_off() -> None:
    done = run_cli("accept", "0123456789ab")
    assert done.returncode == 1 and "writes are off" in done.stderr


def test_gaps_print_a_total_and_what_was_counted() -> None:
    done = run_cli("gaps")
    assert done.returncode == 0, done.stderr
    assert "Totalt: 24." in done.stdout
    assert "16 tiltak fra Regional tiltaksplan (Helse Vest RHF)" in done.stdout
    as_json = run_cli("gaps", "--format", "json")
    assert len(json.loads(as_json.stdout)) == 24  # the data is unchanged; the footer on stderr
    assert "Totalt: 24." in as_json.stderr
