"""Run every benchmark script in this folder (``bench_*.py``), one after another.

Each script writes its figures to ``benchmarks/results/<name>.md``. Arguments after the script
names are passed to every script (for instance ``--sizes 100k``); scripts that do not take them
should ignore what they do not know, so by default none are passed.

    python benchmarks/run.py                      # all, at their default sizes (100k and 1M)
    python benchmarks/run.py bench_store          # one
    python benchmarks/run.py -- --sizes 100k      # all, passing --sizes 100k to each
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    names, extra = argv, []
    if "--" in argv:
        cut = argv.index("--")
        names, extra = argv[:cut], argv[cut + 1 :]
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        wanted = {n.removesuffix(".py") for n in names}
        unknown = wanted - {s.stem for s in scripts}
        if unknown:
            print(
                f"no benchmark named {', '.join(sorted(unknown))}; have: "
                + ", ".join(s.stem for s in scripts),
                file=sys.stderr,
            )
            return 2
        scripts = [s for s in scripts if s.stem in wanted]
    failed: list[str] = []
    for script in scripts:
        print(f"== {script.name}", file=sys.stderr, flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script), *extra], check=False)
        took = time.perf_counter() - started
        print(f"== {script.name}: exit {done.returncode} after {took:.0f} s", file=sys.stderr)
        if done.returncode != 0:
            failed.append(script.name)
    results = HERE / "results"
    print(f"results in {results}", file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
