"""A built wheel (``pip install .``, not editable) finds the ontology, data and queries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.mark.slow
def test_wheel_carries_ontology_data_and_queries(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    # The wheel from the build backend's PEP 517 hook, the one ``pip wheel --no-deps
    # --no-build-isolation .`` calls (in a process of its own, as pip runs it): the same bytes
    # (checked: the same sha1 both ways), without pip's own ~0.9 s of CPU around the hook.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from hatchling.build import build_wheel; build_wheel(sys.argv[1])",
            str(wheels),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    target = tmp_path / "site"
    wheel = next(wheels.glob("plangraph-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            # No bytecode for every module of the wheel (~0.6 s of CPU): the check below
            # compiles what it imports, as Python does for any module without its .pyc.
            "--no-compile",
            "--no-index",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import plangraph, json; from plangraph import resources; "
        "s = plangraph.open_store(); "
        "print(json.dumps({'file': plangraph.__file__, "
        "'ontology': resources.ontology_file().is_file(), "
        "'shapes': resources.shapes_file().is_file(), "
        "'queries': len(resources.query_names()), "
        "'graphs': len(s.graph_names()), "
        "'conforms': plangraph.validate_store(s).conforms, "
        "'viz': sorted(p.name for p in (resources.files('plangraph') / 'viz' / 'templates').iterdir()) "
        "+ sorted(p.name for p in (resources.files('plangraph') / 'viz' / 'assets').iterdir()), "
        "'words': __import__('plangraph.i18n', fromlist=['text']).text('report.title', 'en'), "
        "'report': 'Udekte utfordringar' in __import__('plangraph.reports', fromlist=['x'])"
        ".render_html(__import__('plangraph.reports', fromlist=['x']).collect_report(s, lang='nn')), "
        "'docs': sorted(p.name for p in (resources.files('plangraph') / 'api' / 'static' / 'docs')"
        ".iterdir())}))"
    )
    # The installed copy comes first on the path; run from a folder that is not the checkout.
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    import json

    found = json.loads(out.stdout)
    assert found["file"].startswith(str(target))
    assert found["ontology"] and found["shapes"]
    assert found["queries"] >= 5
    assert found["graphs"] > 5
    assert found["conforms"] is True
    # The page templates and the visualisation's own script and style travel in the wheel.
    assert any(name.endswith(".html") for name in found["viz"])
    assert {"viz.js", "viz.css"} <= set(found["viz"])
    # The word catalogues, the report's template and the OpenAPI pages' own files too.
    assert found["words"] == "Coverage report"
    assert found["report"] is True
    assert {"docs.html", "redoc.html", "docs.js", "redoc-start.js"} <= set(found["docs"])
