"""An area's opening prose before a "Tiltak:" lead-in and its list: a sentence saying what is
lacking in a subordinate clause ("... at dei ikkje får ...") is the area's challenge."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import texts_of

TEXT = """# Plan for kvardagsrehabilitering i Vassbygd (fiktiv)

## Opplæring av heimetenesta

Assistentane fortel at dei ikkje får opplæring i å rettleie brukarar som trenar heime. \
I 2026 fekk 14 tilsette kurs.

Tiltak:

- Lage ein opplæringsdag for assistentar kvart halvår.
"""


def test_a_subordinate_negation_before_the_lead_in_is_the_challenge() -> None:
    draft = read_upload("plan.md", TEXT.encode("utf-8"))
    assert texts_of(draft, "challenge") == [
        "Assistentane fortel at dei ikkje får opplæring i å rettleie brukarar som trenar heime."
    ]  # the figure beside it ("I 2026 fekk 14 tilsette kurs.") stays context
    assert texts_of(draft, "measure") == ["Lage ein opplæringsdag for assistentar kvart halvår."]
