"""The link suggestions do not depend on Python's string hash seed: two processes with different
``PYTHONHASHSEED`` rank the seed data's items the same (same pairs, same order, same scores to
the last bit, same evidence). A set's iteration order once decided the order in which a word's
thesaurus concepts were added, and so the last bits of the sums that break ties."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

_RANK = """
import json
from plangraph.linking.items import read_items
from plangraph.linking.rank import rank
from plangraph.store import open_store

store = open_store("memory")
for path in sorted((ROOT / "data").glob("*.ttl")):
    store.load_file(path)
items = read_items(store)
ranking = rank(items, k=10, relations=["addresses"], thesaurus=True)
print(json.dumps([
    [c.subject.iri, c.object.iri, c.score.hex(), c.evidence] for c in ranking.candidates
]))
"""


@pytest.mark.slow
def test_two_hash_seeds_rank_alike() -> None:
    outputs = []
    for seed in ("1", "5"):  # seeds that ranked two tied candidates apart before
        env = {**os.environ, "PYTHONHASHSEED": seed}
        code = f"from pathlib import Path\nROOT = Path({str(ROOT)!r})\n{_RANK}"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
        )
        assert done.returncode == 0, done.stderr
        outputs.append(json.loads(done.stdout))
    assert outputs[0], "no suggestions on the seed data"
    assert outputs[0] == outputs[1]
