"""What the coverage analyses counted: the plans whose measures can cover a challenge.

A gap ("no measure addresses this challenge") is only as wide as the measures in the graph: with
the seed data it means "not addressed by Helse Vest's regional action plan", because that is the
only plan whose measures plangraph holds. ``measures_considered`` says so, plan by plan.
"""

from __future__ import annotations

from typing import Any

from plangraph.analysis._common import Labels, select
from plangraph.store import PlanStore
from plangraph.store.index import derive

__all__ = ["considered_text", "measures_considered"]


def measures_considered(store: PlanStore, lang: str = "nb") -> dict[str, Any]:
    """Per plan: its measures and how many address a challenge; and the totals.

    >>> from plangraph.store import open_store
    >>> found = measures_considered(open_store())
    >>> found["measures"], [p["plan"]["label"] for p in found["plans"]]
    (16, ['Regional tiltaksplan'])
    """
    labels = Labels(store, lang)
    plans = []
    # Kept with the store's manifest while the files stay as they are (the count reads every
    # measure: ~0.3 s at 1M triples, on every `gaps`). Rows kept as JSON objects, by name.
    found = derive(
        store,
        "measures_considered.by-name",
        lambda: [row._asdict() for row in select(store, "measures_considered").rows],
    )
    for r in found:
        plans.append(
            {
                "plan": labels.node(r["plan"]) if r["plan"] else None,
                "organisation": labels.node(r["organisation"]) if r["organisation"] else None,
                "measures": int(r["measures"]),
                "measures_with_links": int(r["linked"]),
            }
        )
    return {
        "plans": plans,
        "measures": sum(p["measures"] for p in plans),
        "measures_with_links": sum(p["measures_with_links"] for p in plans),
    }


def considered_text(found: dict[str, Any]) -> str:
    """One Bokmål sentence saying which plans' measures were counted.

    >>> considered_text({"plans": [], "measures": 0, "measures_with_links": 0})
    'Ingen tiltak i grafen: alle utfordringer står uten tiltak.'
    """
    if not found["plans"]:
        return "Ingen tiltak i grafen: alle utfordringer står uten tiltak."
    parts = []
    for p in found["plans"]:
        plan = p["plan"]["label"] if p["plan"] else "uten plan"
        org = f" ({p['organisation']['label']})" if p["organisation"] else ""
        parts.append(
            f"{p['measures']} tiltak fra {plan}{org}, {p['measures_with_links']} av dem koblet "
            "til utfordringer"
        )
    return "Tiltak som er regnet med: " + "; ".join(parts) + "."
