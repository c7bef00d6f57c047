"""The CLI starts without its heavy parts: they load only in the commands that use them.

Behaviour, not timing: each check runs a fresh interpreter and looks at ``sys.modules``.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import loaded_after, run_fresh

HEAVY = (
    "rdflib",
    "rdflib.plugins.sparql",
    "networkx",
    "pyshacl",
    "fastapi",
    "starlette",
    "uvicorn",
    "pyvis",
    "openpyxl",
    "jinja2",
    "pydantic_settings",
    "pydantic",
)
"""What ``import plangraph.cli`` and ``plangraph --help`` must not load."""


def _loaded_after(code: str) -> set[str]:
    """The HEAVY modules a fresh interpreter holds after running ``code`` (no PLANGRAPH_*)."""
    return loaded_after(code, HEAVY)


def _loaded_after_each(*steps: str) -> list[set[str]]:
    """The HEAVY modules one fresh interpreter (no PLANGRAPH_*) holds after each of ``steps``,
    run one after the other in it: after a step, what a fresh interpreter that ran the steps up
    to it would hold (a module, once imported, stays)."""
    code = "import json as _json, sys as _sys\n_held = []\n"
    for step in steps:
        code += textwrap.dedent(step)
        code += f"\n_held.append([m for m in {HEAVY!r} if m in _sys.modules])\n"
    printed, _loaded = run_fresh(code + "print(_json.dumps(_held))\n", HEAVY)
    return [set(held) for held in json.loads(printed.splitlines()[-1])]


HELP = """
import contextlib, io
from plangraph.cli import app
with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
    app(["--help"], prog_name="plangraph")
assert "gaps" in out.getvalue()
"""


@pytest.fixture(scope="module")
def cli_then_help() -> list[set[str]]:
    """What one fresh interpreter holds after ``import plangraph.cli``, then after the app's
    ``--help`` (two tests, one interpreter)."""
    return _loaded_after_each("import plangraph.cli", HELP)


def test_importing_the_cli_loads_nothing_heavy(cli_then_help: list[set[str]]) -> None:
    assert cli_then_help[0] == set()


def test_importing_plangraph_loads_nothing_heavy_until_a_name_is_used() -> None:
    # The re-exported names still work, loading their module on first use: the store needs
    # no rdflib until rdflib terms are asked for; the vocabulary is made of them (one
    # interpreter, each name used after the one before: nothing heavy held until PG).
    imported, store, vocabulary = _loaded_after_each(
        "import plangraph", "plangraph.open_store", "plangraph.PG"
    )
    assert imported == set()
    assert store == set()
    assert "rdflib" in vocabulary


def test_help_loads_nothing_heavy(cli_then_help: list[set[str]]) -> None:
    assert cli_then_help[1] == set()


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["gaps", "--format", "json"], set()),
        (["coverage", "--format", "json"], set()),
        (["overlaps", "--format", "json"], set()),
    ],
)
def test_analysis_commands_load_only_what_they_use(
    args: list[str], allowed: set[str], question_runs: Any
) -> None:
    """The set analyses read plain values from pyoxigraph: no rdflib (not even its terms),
    networkx or SHACL. The whole app runs the command (``app(args)``, the default cache), first
    thing in the fresh interpreter its question's runs below share (``question_runs``): what it
    printed and the HEAVY modules held right after it are this test's."""
    runs = question_runs(args[0])
    assert args == [args[0], "--format", "json"]  # the command line the interpreter ran
    assert runs.whole.lstrip().startswith(("[", "{")), runs.whole[:200]
    loaded = runs.heavy_after_whole
    assert loaded <= allowed, loaded - allowed


QUESTIONS = ("gaps", "overlaps", "coverage")

_ANSWER = """
import contextlib, io, os, sys
from plangraph.cli import main
whole, heavy = None, None
if WHOLE is not None:
    from plangraph.cli import app
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
        app(WHOLE, prog_name="plangraph")
    whole, heavy = out.getvalue(), [m for m in HEAVY if m in sys.modules]
answers = []
for cache, argv in RUNS:
    os.environ.pop("PLANGRAPH_CACHE_DIR", None)
    os.environ.update(cache)
    sys.argv = ["plangraph", *argv, "--format", "json"]
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.suppress(SystemExit):
        main()
    answers.append(out.getvalue())
print(json.dumps({"whole": whole, "heavy": heavy, "answers": answers}))
"""
"""Runs ``WHOLE`` (a command line, unless ``None``) on the whole app, then each
``(PLANGRAPH_CACHE_DIR setting, command line)`` of ``RUNS`` in turn through ``main``, in one
fresh interpreter; prints what the first printed and the HEAVY modules held right after it,
and the outputs of the runs as a JSON list."""


@dataclass
class _Runs:
    """What one fresh interpreter of ``_ANSWER`` printed and held."""

    whole: str
    heavy_after_whole: set[str]
    answers: list[Any]
    loaded: set[str]
    """The modules asked about that it held at the end (after every run)."""


def _runs(
    runs: list[tuple[dict[str, str], list[str]]],
    modules: tuple[str, ...],
    whole: list[str] | None = None,
) -> _Runs:
    printed, loaded = run_fresh(
        f"import json\nWHOLE = {whole!r}\nHEAVY = {HEAVY!r}\nRUNS = {runs!r}\n" + _ANSWER,
        modules,
        timeout=300,
    )
    out = json.loads(printed.splitlines()[-1])
    return _Runs(
        out["whole"] or "",
        set(out["heavy"] or ()),
        [json.loads(a) for a in out["answers"]],
        loaded,
    )


@pytest.fixture(scope="module")
def rdflib_answers() -> dict[str, Any]:
    """Each question's answer from the rdflib backend (which does load rdflib), all three in
    one fresh interpreter: the reference the pyoxigraph runs are compared with."""
    runs = _runs([({}, ["--store", "rdflib:memory", q]) for q in QUESTIONS], ("rdflib",))
    assert "rdflib" in runs.loaded
    return dict(zip(QUESTIONS, runs.answers, strict=True))


@pytest.fixture(scope="module")
def question_runs(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """For a question: one fresh interpreter that runs it on the whole app with the default
    cache (``test_analysis_commands_load_only_what_they_use``), then as whole processes would,
    through ``main``: the first (loading the seed data into a new cache store), the second
    (opening it), and with the cache off (loading into memory)
    (``test_analyses_on_the_seed_data_never_import_rdflib``). Made once per question for both
    tests: a fresh interpreter that loads the seed data costs ~0.5 s of CPU."""
    made: dict[str, _Runs] = {}

    def runs_for(question: str) -> _Runs:
        if question not in made:
            cache = {"PLANGRAPH_CACHE_DIR": str(tmp_path_factory.mktemp("cache") / "cache")}
            runs = [
                (cache, [question]),
                (cache, [question]),
                ({"PLANGRAPH_CACHE_DIR": "off"}, [question]),
            ]
            made[question] = _runs(runs, HEAVY, whole=[question, "--format", "json"])
        return made[question]

    return runs_for


@pytest.mark.parametrize("question", QUESTIONS)
def test_analyses_on_the_seed_data_never_import_rdflib(
    question: str, rdflib_answers: dict[str, Any], question_runs: Any
) -> None:
    """Whole processes, as a user runs them: the first (loading the seed data into a new cache
    store), the second (opening it), and with the cache off (loading into memory), one after
    the other in one fresh interpreter per question (rdflib, once imported, stays in
    ``sys.modules``: absent at the end, none of the three imported it, nor the whole app's run
    before them). The answer is the one the rdflib backend gives, which does load rdflib."""
    runs = question_runs(question)
    assert "rdflib" not in runs.loaded, question
    assert runs.answers == [rdflib_answers[question]] * 3


def test_the_commands_that_need_a_heavy_part_still_load_it() -> None:
    """The check above could pass by never running anything: here a command does load its part."""
    code = """
    import contextlib, io
    from plangraph.cli import app
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        app(["validate"], prog_name="plangraph")
    """
    assert "pyshacl" in _loaded_after(code)


def test_constants_spelt_out_for_help_match_the_core() -> None:
    from plangraph import generate, viz
    from plangraph.cli import core as cli_core
    from plangraph.cli import generate as cli_generate
    from plangraph.cli import viz as cli_viz
    from plangraph.store import FORMATS

    assert tuple(FORMATS) == cli_core.RDF_FORMAT_NAMES
    assert (cli_generate.MIN_TRIPLES, cli_generate.MAX_TRIPLES, cli_generate.MAX_VERSIONS) == (
        generate.MIN_TRIPLES,
        generate.MAX_TRIPLES,
        generate.MAX_VERSIONS,
    )
    assert cli_viz.KINDS == viz.KINDS
    assert cli_viz.DEFAULT_MAX_NODES == viz.DEFAULT_MAX_NODES


def test_store_defaults_without_settings_match_the_settings() -> None:
    """The CLI opens the store without pydantic-settings when no PLANGRAPH_* is set."""
    from plangraph.cli._common import STORE_DEFAULTS
    from plangraph.config import Settings

    fields = Settings.model_fields
    assert (
        fields["store"].default,
        fields["data_dir"].default,
        fields["load_seed"].default,
        fields["skip_bad_plans"].default,
        fields["cache_dir"].default,
    ) == STORE_DEFAULTS


def test_the_environment_still_chooses_the_store(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    empty = run_cli("info", "--format", "json", env={"PLANGRAPH_LOAD_SEED": "false"})
    seeded = run_cli("info", "--format", "json")
    assert empty.returncode == seeded.returncode == 0, empty.stderr + seeded.stderr
    assert json.loads(empty.stdout)["plans"] == []
    assert json.loads(seeded.stdout)["plans"] != []


def test_plain_setting_variables_are_text_settings() -> None:
    """The variables the CLI reads itself (without pydantic-settings) are text in ``Settings``,
    taken as they are there too (or not settings at all)."""
    from plangraph.cli._common import _PLAIN_VARIABLES
    from plangraph.config import Settings

    fields = Settings.model_fields
    for name in _PLAIN_VARIABLES - {"PLANGRAPH_QUIET"}:
        assert fields[name.removeprefix("PLANGRAPH_").lower()].annotation is str


def test_typer_values_without_pydantic_are_typer_values(tmp_path: Path) -> None:
    """Values the CLI reads without pydantic mean what Typer makes of them; the others still
    get Typer's own checks and messages."""
    from tests.helpers import run_cli

    env = {"PLANGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    # --format ignores case, --lang does not (as declared): the same answers as Typer's.
    upper = run_cli("gaps", "--format", "JSON", "--lang", "nn", env=env)
    lower = run_cli("gaps", "--format", "json", "--lang", "nn", env=env)
    assert upper.returncode == lower.returncode == 0, upper.stderr
    assert upper.stdout == lower.stdout and upper.stdout.lstrip().startswith("[")
    for wrong in (("--format", "xml"), ("--lang", "NN")):
        refused = run_cli("gaps", *wrong, env=env)
        assert refused.returncode == 2 and "is not one of" in refused.stderr
    counted = run_cli("overlaps", "--min-shared", "2", "--format", "json", env=env)
    assert counted.returncode == 0
    assert all(r["shared_count"] >= 2 for r in json.loads(counted.stdout))
    bad_number = run_cli("overlaps", "--min-shared", "two", env=env)
    assert bad_number.returncode == 2 and "--min-shared" in bad_number.stderr


def test_report_reads_its_values_and_settings_without_pydantic(tmp_path: Path) -> None:
    """``plangraph report -o DIR --data-dir D`` (a path, a number, a folder setting) loads
    neither pydantic (Typer's coercion of the path) nor pydantic-settings (the data folder
    for the changes section), nor rdflib (a report on everything names no filter node; the
    store is loaded and counted first, as a second command finds it), and still writes the
    report."""
    from plangraph import resources
    from tests.helpers import run_cli

    filled = run_cli(
        "--data-dir",
        str(resources.data_dir()),
        "info",
        env={"PLANGRAPH_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert filled.returncode == 0, filled.stderr
    out = tmp_path / "out"
    code = f"""
    import os, sys
    os.environ["PLANGRAPH_CACHE_DIR"] = {str(tmp_path / "cache")!r}
    from plangraph import resources
    from plangraph.cli import main
    sys.argv = ["plangraph", "-q", "--data-dir", str(resources.data_dir()), "report",
                "-o", {str(out)!r}, "--max-rows", "5"]
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, exc.code
    """
    _printed, loaded = run_fresh(code, ("pydantic", "pydantic_settings", "rdflib"), timeout=300)
    assert loaded == set()
    assert sorted(p.name for p in out.iterdir()) == ["dekningsrapport.html", "dekningsrapport.xlsx"]


def test_numbers_outside_their_declared_range_are_refused(tmp_path: Path) -> None:
    """A number option's ``min``/``max`` hold for the values read without pydantic too:
    ``--max-rows 0`` is refused as Typer refuses it (it was taken as it is), with nothing
    written; within the range it is taken."""
    from tests.helpers import run_cli

    env = {"PLANGRAPH_CACHE_DIR": str(tmp_path / "cache")}
    refused = run_cli("report", "-o", str(tmp_path / "none"), "--max-rows", "0", env=env)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "--max-rows" in refused.stderr and "greater than or equal to 1" in refused.stderr
    assert not (tmp_path / "none").exists()
    too_many = run_cli("review", "--limit", "501", env=env)
    assert too_many.returncode == 2 and "less than or equal to 500" in too_many.stderr
    taken = run_cli("review", "--limit", "500", "--format", "json", env=env)
    assert taken.returncode == 0, taken.stderr


def test_paths_read_without_pydantic_get_typers_checks(tmp_path: Path) -> None:
    """A path value read without pydantic is the ``Path`` Typer makes, and Typer's own checks
    of it still run (here ``dir_okay=False``: a folder is refused, a file taken)."""
    from typer.models import OptionInfo

    from plangraph.cli._common import _QuickValues

    class Descriptor:  # (what Typer's coercion reads of a parameter)
        def __init__(self, info: OptionInfo) -> None:
            self.annotation = Path
            self.parameter_info = info

    class Param:
        multiple = False
        nargs = 1
        name = "out"
        opts = ("--out",)
        secondary_opts = ()
        human_readable_name = "--out"

        def get_error_hint(self, _ctx: object) -> str:
            return "'--out'"

    plain = _QuickValues(Descriptor(OptionInfo()))
    made = plain.coerce(str(tmp_path / "x y"), Param(), None)
    assert made == tmp_path / "x y" and type(made) is type(tmp_path)
    assert plain.coerce("", Param(), None) == Path(".")
    files_only = _QuickValues(Descriptor(OptionInfo(dir_okay=False)))
    (tmp_path / "f").write_text("x")
    assert files_only.coerce(str(tmp_path / "f"), Param(), None) == tmp_path / "f"
    with pytest.raises(Exception, match="is a directory"):
        files_only.coerce(str(tmp_path), Param(), None)
