"""The measures, challenges and goals of the store, as the matcher reads them."""

from __future__ import annotations

from plangraph import resources
from plangraph.linking.features import Item
from plangraph.store import PlanStore
from plangraph.vocab import PG

__all__ = ["KINDS", "read_items"]

KINDS = {str(PG.Measure): "measure", str(PG.Challenge): "challenge", str(PG.StrategicGoal): "goal"}


def read_items(store: PlanStore) -> list[Item]:
    """Every measure, challenge and goal, one ``Item`` each (first label/text if several)."""
    result = store.select_plain(resources.query_text("linking_items"))
    seen: dict[str, Item] = {}
    for r in result.rows:
        iri, label, text = r.item, r.label, r.text
        if iri in seen:
            continue
        context = " ".join(str(v) for v in (r.parent, r.theme) if v)
        lang = getattr(text, "lang", None) or getattr(label, "lang", None) or ""
        seen[iri] = Item(
            iri=str(iri),
            kind=KINDS[str(r.kind)],
            label=str(label or ""),
            text=str(text or ""),
            context=context,
            plan=str(r.plan or ""),
            org=str(r.organisation or ""),
            lang=str(lang),
        )
    return list(seen.values())
