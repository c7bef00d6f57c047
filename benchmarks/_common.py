"""What the benchmark scripts share: cached synthetic data, machine info, timing, result files.

Not a test module: benchmarks report figures, they never assert on time.
"""

from __future__ import annotations

import datetime as _dt
import gc
import importlib.metadata
import multiprocessing
import os
import platform
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache"
RESULTS = HERE / "results"
QUERIES = HERE / "queries"
SEED = 0
DEFAULT_SIZES = (100_000, 1_000_000)

LIBRARIES = ("plangraph", "rdflib", "pyoxigraph", "oxrdflib", "networkx", "fastapi", "pyvis")


def parse_sizes(text: str) -> list[int]:
    """``"100k,1M"`` -> ``[100000, 1000000]``."""
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().replace("_", "")
        if not part:
            continue
        factor = 1
        if part.endswith("k"):
            factor, part = 1_000, part[:-1]
        elif part.endswith("m"):
            factor, part = 1_000_000, part[:-1]
        sizes.append(int(float(part) * factor))
    return sizes


def size_name(n: int) -> str:
    """``1000000`` -> ``"1M"``, ``100000`` -> ``"100k"``."""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def dataset_dir(triples: int, seed: int = SEED) -> Path:
    """A folder holding only the synthetic N-Quads file of that size, generated once and cached.

    ``open_store("memory", data_dir=...)`` loads the folder; raw engines read the file inside.
    """
    from plangraph.generate import write_plans

    folder = CACHE / f"synthetic-{size_name(triples)}-seed{seed}"
    path = folder / "synthetic.nq"
    if not path.exists():
        started = time.perf_counter()
        data = write_plans(path, triples, seed)
        print(
            f"generated {data.triple_count:,} triples into {path} "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    return folder


def dataset_file(triples: int, seed: int = SEED) -> Path:
    """The cached synthetic N-Quads file of that size."""
    return dataset_dir(triples, seed) / "synthetic.nq"


def rss() -> int:
    """Resident memory of this process in bytes (after a garbage collection)."""
    import psutil

    gc.collect()
    return int(psutil.Process().memory_info().rss)


def timed(func: Callable[[], Any], repeat: int = 3, once_above: float = 10.0) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls (seconds) and the last result.

    A call slower than ``once_above`` seconds is not repeated (its one time is reported).
    """
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - started)
        if times[-1] > once_above:
            break
    return statistics.median(times), result


def with_timeout(
    func: Callable[[], Any], timeout: float, repeat: int = 1
) -> tuple[float | None, Any]:
    """``timed(func, repeat)`` in a forked child killed after ``timeout`` seconds.

    Returns ``(None, None)`` on timeout. The child inherits what the parent loaded (fork), so a
    store is loaded once; the result must be picklable (return something small).
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def child() -> None:
        sender.send(timed(func, repeat))

    process = context.Process(target=child)
    process.start()
    if receiver.poll(timeout):
        elapsed, result = receiver.recv()
        process.join()
        return elapsed, result
    process.kill()
    process.join()
    return None, None


def fmt_seconds(value: float | None) -> str:
    """Seconds in a readable unit."""
    if value is None:
        return "n/a"
    if value < 0.001:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def fmt_mib(value: int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value / 2**20:.0f} MiB"


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine_info(command: Sequence[str] | None = None) -> list[str]:
    """Markdown lines: date, machine, Python and library versions, the exact command."""
    argv = list(command) if command is not None else [sys.executable, *sys.argv]
    # Paths relative to the checkout, so the results name no machine's folders.
    root = str(Path(__file__).resolve().parents[1]) + os.sep
    shown = " ".join(shlex.quote(a.replace(root, "")) for a in argv)
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        import psutil

        memory = f"{psutil.virtual_memory().total / 2**30:.1f} GiB"
    except ImportError:  # pragma: no cover
        memory = "unknown"
    versions = ", ".join(f"{name} {_version(name)}" for name in LIBRARIES)
    try:
        load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:  # pragma: no cover
        load = "unknown"
    return [
        f"- date: {_dt.datetime.now(_dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {os.cpu_count()} CPUs ({cpu}), {memory} RAM, {platform.system()} {platform.release()}",
        f"- load average when written (1, 5, 15 min): {load} (other jobs inflate the times)",
        f"- Python {platform.python_version()} ({platform.python_implementation()})",
        f"- libraries: {versions}",
        f"- command: `{shown}`",
    ]


def table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    """A markdown table, first column left-aligned, the others right-aligned."""
    out = ["| " + " | ".join(header) + " |"]
    out.append("|" + "|".join([":---", *["---:"] * (len(header) - 1)]) + "|")
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def write_results(name: str, title: str, body: list[str]) -> Path:
    """Write ``results/<name>.md``: the title, machine info, then the body."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.md"
    text = "\n".join([f"# {title}", "", *machine_info(), "", *body, ""])
    tmp = path.with_suffix(".md.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    print(f"wrote {path}", file=sys.stderr)
    return path


def compile_bytecode(src: Path | None = None) -> str:
    """Compile plangraph's modules to bytecode, as an installed package has them (those of
    ``src/plangraph`` when a checkout's ``src`` is given); a sentence for the results saying so.

    Timing whole processes needs it: with ``PYTHONDONTWRITEBYTECODE`` set (as on the shared
    benchmark machine) an editable install never keeps its ``__pycache__``, and every command
    would compile each module it imports again (~0.1-0.15 s of ``plangraph diff``), which a
    user's installed copy does not do.
    """
    import compileall

    import plangraph

    package = (src / "plangraph") if src is not None else Path(plangraph.__file__).resolve().parent
    compileall.compile_dir(str(package), quiet=1)
    kept = "set" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "not set"
    return (
        f"plangraph's modules compiled to bytecode first (`compileall`), as an installed copy "
        f"has them (PYTHONDONTWRITEBYTECODE is {kept} here)."
    )
