"""``plangraph generate``: write synthetic national-scale plan data for benchmarks and demos."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from plangraph.cli._common import command

# plangraph.generate (rdflib) loads inside the command; the bounds the help shows are spelt out
# here (tests/test_cli_imports.py compares them with plangraph.generate's).
MIN_TRIPLES = 10_000
MAX_TRIPLES = 50_000_000
MAX_VERSIONS = 10

__all__: list[str] = []


@command("generate")
def generate(
    triples: Annotated[
        int,
        typer.Option(
            "--triples",
            "-n",
            help=f"How many triples to generate (a target, met within 10 %; "
            f"{MIN_TRIPLES:,} to {MAX_TRIPLES:,}).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="File to write. The extension picks the format: .nq or .trig keep one named "
            "graph per plan; .ttl or .nt put everything in one graph.",
        ),
    ],
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed: the same seed writes the same file.")
    ] = 0,
    fmt: Annotated[
        str | None,
        typer.Option("--format", "-f", help="nq, trig, ttl or nt (default: from the extension)."),
    ] = None,
    versions: Annotated[
        int,
        typer.Option(
            "--versions",
            help=f"Write each organisation's action plan as one plan with this many versions "
            f"(2 to {MAX_VERSIONS}, a year apart; each derived from the one before: measures "
            "dropped, completed, added, reworded, advanced a status, moved to another theme), "
            "stored beside --out as `plangraph import` keeps versions: NAME.ttl and "
            "versions/NAME/. 0: none.",
        ),
    ] = 0,
) -> None:
    """Write synthetic plan data in the shapes of the seed data (4 RHFs, their trusts, plan
    versions, themes, challenges, measures, links). Every plan says it is synthetic.

    Load it with ``plangraph --data-dir DIR info`` (put the file in DIR). With --versions,
    DIR is the folder of --out: ``plangraph versions NAME`` and ``plangraph diff NAME`` read
    the plan versions there.
    """
    from plangraph.generate import output_format, write_plans
    from plangraph.progress import progress

    chosen = output_format(fmt or out.suffix or "?")
    started = time.perf_counter()
    with progress(f"Generating {triples:,} triples"):
        data = write_plans(out, triples, seed, chosen, versions)
    elapsed = time.perf_counter() - started
    held = (
        f"in {len(data.graphs)} named graphs"
        if chosen in ("nq", "trig")
        else f"from {len(data.graphs)} plan graphs merged into one graph ({chosen} has no named graphs)"
    )
    typer.echo(
        f"wrote {data.flat_triple_count:,} triples {held} "
        f"(target {triples:,}, seed {seed}) to {out} as {chosen} in {elapsed:.1f} s",
        err=True,
    )
    if data.versions:
        counts = data.change_counts()
        names = sorted(data.versions)
        typer.echo(
            f"and {data.triple_count - data.flat_triple_count:,} triples in {len(names)} "
            f"versioned action plans (their current versions) beside it, {versions} versions "
            f"each (e.g. `plangraph --data-dir {out.parent} diff {names[0]}`); from one version "
            f"to the next, in all: {counts['added']:,} measures added, {counts['dropped']:,} "
            f"dropped, {counts['completed']:,} completed (left the plan), "
            f"{counts['reworded']:,} reworded, {counts['status']:,} advanced a status, "
            f"{counts['theme']:,} moved to another theme",
            err=True,
        )
