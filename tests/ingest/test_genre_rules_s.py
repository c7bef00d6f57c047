"""Genre rules of round s, from the development documents 13 and 14: lower-case details under a
measure (who, when, how) are kept on it, not made measures; adverse events named in a background
section are a challenge. The texts here are written for the tests."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload


def test_lower_case_details_under_a_measure_are_kept_on_it_not_made_measures() -> None:
    draft = read_upload(
        "plan.md",
        """# Handlingsplan 2026

## Tiltak

- Etablere ambulante rehabiliteringsteam i alle distrikt
  - team med fysioterapeut og ergoterapeut
  - kartleggje behovet i kommunane
- Auke talet på praksisplassar
""".encode(),
    )
    measures = [i for i in draft.items if i.kind == "measure"]
    assert [m.text for m in measures] == [
        "Etablere ambulante rehabiliteringsteam i alle distrikt",
        "kartleggje behovet i kommunane",  # a verb: a measure under the measure, as before
        "Auke talet på praksisplassar",
    ]
    assert measures[1].parent == measures[0].id
    assert any("team med fysioterapeut og ergoterapeut" in n for n in measures[0].notes)


def test_adverse_events_in_a_background_section_are_a_challenge() -> None:
    draft = read_upload(
        "plan.md",
        """# Tiltaksplan for legemiddelsikkerhet

## Bakgrunn

Feil i legemiddellister er den vanligste årsaken til uønskede hendelser i foretaket.
""".encode(),
    )
    assert [i.text for i in draft.items if i.kind == "challenge"] == [
        "Feil i legemiddellister er den vanligste årsaken til uønskede hendelser i foretaket."
    ]
