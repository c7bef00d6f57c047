"""Plan items written as blank nodes (``[] a pg:Challenge``) are reported, not a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import run_cli

PLAN = """\
@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/plangraph/id/measure/t1> a pg:Measure ;
    skos:prefLabel "Tiltak éin"@nn ;
    pg:addresses [ a pg:Challenge ; skos:prefLabel "Blank utfordring"@nb ] .
"""


# The default (the cached on-disk Oxigraph), Oxigraph in memory, plain rdflib.
@pytest.mark.parametrize("store", [None, "memory", "rdflib:memory"])
def test_report_on_a_blank_node_challenge_names_it(tmp_path: Path, store: str | None) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "plan.ttl").write_text(PLAN, encoding="utf-8")
    out = tmp_path / "out"
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    chosen = ["--store", store] if store else []
    result = run_cli(*chosen, "--data-dir", str(data), "report", "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    page = (out / "dekningsrapport.html").read_text(encoding="utf-8")
    assert "Tiltak éin" in page
    if store != "rdflib:memory":
        # The embedded store reads the blank node's own label (it crashed on the node's id
        # before); plain rdflib's label query reads IRIs only and names it by its id.
        assert "Blank utfordring" in page
