"""Scoring candidate pairs: TF-IDF vectors in sparse matrices, cosine similarity, top-k per subject.

Subjects are scored against objects in blocks of rows, so memory stays bounded by
``block x objects`` whatever the number of subjects; only the best ``k`` objects of each subject
are kept. The evidence for a kept pair is the features both sides share, heaviest first, with
the spans where each side says it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from plangraph.linking.features import Doc

__all__ = ["Match", "Vectors", "evidence_terms", "top_k"]

BLOCK_ROWS = 512


@dataclass(frozen=True)
class Match:
    """One scored pair: subject and object positions, the cosine score."""

    subject: int
    object: int
    score: float


class Vectors:
    """TF-IDF (sublinear tf, smoothed idf) rows for a list of docs, L2-normalised."""

    def __init__(self, docs: Sequence[Doc], idf: dict[str, float], index: dict[str, int]):
        import numpy as np
        from scipy import sparse

        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        content: list[float] = []
        self.weights: list[dict[str, float]] = []
        for r, doc in enumerate(docs):
            vec = {
                f: (1.0 + math.log(w) if w >= 1 else w) * idf[f]
                for f, w in doc.weights.items()
                if f in index
            }
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            # the item's length counts every feature in full; a muted one (a sector's name)
            # counts less in a match only
            vec = {f: v / norm * doc.match_share(f) for f, v in vec.items()}
            self.weights.append(vec)
            for f, v in vec.items():
                rows.append(r)
                cols.append(index[f])
                vals.append(v)
                content.append(v if f in doc.content else 0.0)
        self.matrix = sparse.csr_matrix(
            (np.asarray(vals, dtype=np.float32), (rows, cols)),
            shape=(len(docs), len(index)),
        )
        self.content = sparse.csr_matrix(
            (np.asarray(content, dtype=np.float32), (rows, cols)),
            shape=(len(docs), len(index)),
        )
        """The same rows with only the features each doc says as a concern (``Doc.content``):
        their product is the part of a pair's score that a concern both share carries."""


def idf_weights(docs: Sequence[Doc]) -> tuple[dict[str, float], dict[str, int]]:
    """Smoothed idf of every feature over ``docs``, and a column index."""
    df: dict[str, int] = {}
    for doc in docs:
        for f in doc.weights:
            df[f] = df.get(f, 0) + 1
    n = len(docs)
    idf = {f: math.log((1 + n) / (1 + d)) + 1.0 for f, d in df.items()}
    return idf, {f: i for i, f in enumerate(sorted(df))}


def top_k(
    subjects: Vectors,
    objects: Vectors,
    k: int,
    *,
    min_score: float = 0.0,
    allowed: Callable[[int, Any], Any] | None = None,
    weigh: Callable[[int, Any], Any] | None = None,
) -> list[Match]:
    """The best ``k`` objects of each subject with a score above ``min_score``.

    ``allowed(row_start, block)`` may return a boolean mask (block rows x objects) of the pairs
    that may be suggested (for example goals of the subject's own organisation only);
    ``weigh(row_start, block)`` factors (block rows x objects) the scores are multiplied by
    before the best are chosen (pairs whose roles disagree weigh less).
    """
    import numpy as np

    out: list[Match] = []
    if k <= 0 or subjects.matrix.shape[0] == 0 or objects.matrix.shape[0] == 0:
        return out
    objects_t = objects.matrix.T.tocsc()
    n_obj = objects.matrix.shape[0]
    kk = min(k, n_obj)
    for start in range(0, subjects.matrix.shape[0], BLOCK_ROWS):
        block = subjects.matrix[start : start + BLOCK_ROWS]
        scores = (block @ objects_t).toarray()
        if allowed is not None:
            mask = allowed(start, scores)
            scores = np.where(mask, scores, 0.0)
        if weigh is not None:
            scores = scores * weigh(start, scores)
        if kk < n_obj:
            idx = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
        else:
            idx = np.tile(np.arange(n_obj), (scores.shape[0], 1))
        picked = np.take_along_axis(scores, idx, axis=1)
        order = np.argsort(-picked, axis=1, kind="stable")
        idx = np.take_along_axis(idx, order, axis=1)
        picked = np.take_along_axis(picked, order, axis=1)
        for r in range(scores.shape[0]):
            for c, s in zip(idx[r].tolist(), picked[r].tolist(), strict=True):
                if s > min_score:
                    out.append(Match(start + r, c, float(s)))
    return out


def evidence_terms(
    subject: dict[str, float], obj: dict[str, float], limit: int = 8
) -> list[tuple[str, float]]:
    """The features both vectors share, by their share of the score, heaviest first."""
    shared = [(f, subject[f] * obj[f]) for f in subject.keys() & obj.keys()]
    shared.sort(key=lambda e: (-e[1], e[0]))
    return shared[:limit]
