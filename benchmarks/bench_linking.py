"""Speed and memory of link suggestion: N measures against N challenges, top-k per measure.

The texts are made from the seed documents' own sentences, shuffled and recombined (measures get
2-5 sentences of 003 and 000, challenges one bullet-length phrase), so the vocabulary, compounds
and thesaurus hits are those of real plans. Timed: the whole ``rank`` call (vocabulary, compound
splitting, features, TF-IDF matrices, blockwise sparse products, top-k); then, separately,
building the evidence (shared terms and their spans) of every kept pair, which ``suggest`` does
only for the rows it shows or stores. Memory: the peak resident set of the process (``ru_maxrss``) and the peak traced by
``tracemalloc`` inside ``rank``.

Run: .venv/bin/python benchmarks/bench_linking.py --n 10000 [--k 5]
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import time
import tracemalloc
from pathlib import Path

from plangraph.linking.features import Item
from plangraph.linking.rank import rank

SEEDS = Path(__file__).resolve().parents[1] / "data" / "sources"


def sentences() -> tuple[list[str], list[str]]:
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    nn = [s.strip() for t in texts.values() for s in re.split(r"(?<=[.!?])\s+", t) if len(s) > 40]
    bullets = [
        line.strip(" -\t")
        for t in texts.values()
        for line in t.splitlines()
        if line.strip().startswith("-") and len(line.strip()) > 8
    ]
    return nn, bullets


def make_items(n: int, seed: int = 7) -> list[Item]:
    rnd = random.Random(seed)
    long, short = sentences()
    words = [w for s in long for w in s.split()]
    items: list[Item] = []
    for i in range(n):
        text = " ".join(rnd.sample(long, rnd.randint(2, 5)))
        items.append(
            Item(
                f"https://example.org/bench/measure/{i}",
                "measure",
                " ".join(rnd.sample(words, 4)),
                text,
                plan=f"https://example.org/bench/plan/m{i % 50}",
                org="https://example.org/bench/org/a",
            )
        )
    for i in range(n):
        label = rnd.choice(short) + " " + " ".join(rnd.sample(words, 3))
        items.append(
            Item(
                f"https://example.org/bench/challenge/{i}",
                "challenge",
                label,
                label,
                plan=f"https://example.org/bench/plan/c{i % 50}",
                org="https://example.org/bench/org/b",
            )
        )
    return items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--trace", action="store_true", help="also trace Python allocations (slow)")
    args = parser.parse_args()
    t0 = time.perf_counter()
    items = make_items(args.n)
    t1 = time.perf_counter()
    c1 = time.process_time()
    if args.trace:
        tracemalloc.start()
    ranking = rank(items, k=args.k, relations=["addresses"])
    _current, peak = tracemalloc.get_traced_memory() if args.trace else (0, 0)
    if args.trace:
        tracemalloc.stop()
    t2 = time.perf_counter()
    c2 = time.process_time()
    terms = sum(len(c.evidence) for c in ranking.candidates)
    t3 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"measures={args.n} challenges={args.n} k={args.k} candidates={len(ranking.candidates)} "
        f"make_items={t1 - t0:.1f}s rank={t2 - t1:.1f}s (cpu {c2 - c1:.1f}s) evidence_all={t3 - t2:.1f}s "
        f"evidence_terms={terms} traced_peak={peak / 2**20:.0f}MiB "
        f"max_rss={rss:.0f}MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
