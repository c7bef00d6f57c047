"""The cues that decide a list's kind, Bokmål and Nynorsk, one line each."""

from __future__ import annotations

import pytest

from plangraph.ingest.classify import _cue, _item_cue, detect_language

LEAD_INS = [
    ("Gruppen identifiserer følgende uløste utfordringer på området:", "challenge"),
    ("I tillegg er det en rekke nye behov som må vurderes:", "challenge"),
    ("Vi ser desse utfordringane:", "challenge"),
    ("Vi vil i planperioden prioritere:", "measure"),
    ("Helse Nord vil:", "measure"),
    ("Aktuelle tiltak for å nå måla er:", "measure"),
    ("For å møte framtidas behov vil vi:", "measure"),
    ("For å nå målene vil vi satse på disse innsatsområdene:", "theme"),
    ("Helse Testregion vil prioritere tre satsingsområder i planperioden:", "theme"),
    ("I planen har vi konkretisert fire mål:", "goal"),
    ("Våre målsettinger er:", "goal"),
]


@pytest.mark.parametrize(("text", "kind"), LEAD_INS)
def test_lead_ins(text: str, kind: str) -> None:
    assert _cue(text, heading=False)[0] == kind


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("Tiltak og initiativ under planlegging", "measure"),
        ("Mål og tiltak", "measure"),
        ("Utfordringar", "challenge"),
        ("Våre mål", "goal"),
        ("Innsatsområder", "theme"),
        ("Våre verdier", "skip"),
        ("Forslag til vedtak", "skip"),
        ("Om tiltaksplanen", "skip"),
        ("Vår visjon", "skip"),
        ("Beredskap", None),
    ],
)
def test_headings(heading: str, kind: str | None) -> None:
    assert _cue(heading)[0] == kind


@pytest.mark.parametrize(
    ("item", "kind"),
    [
        ("Etablere felles akutteam", "measure"),
        ("Auke bruken av digital heimeoppfølging", "measure"),
        ("Redusere ventetiden for barn og unge", "measure"),
        ("Mangel på spesialsjukepleiarar", "challenge"),
        ("For lang tid fra henvisning til diagnose", "challenge"),
        ("Vi skal vere leiande på forsking", "goal"),
        ("Kompetanseplanlegging", None),
    ],
)
def test_item_cues(item: str, kind: str | None) -> None:
    assert _item_cue(item)[0] == kind


def test_language() -> None:
    assert detect_language("Pasientane skal ikkje vente lenge på tenestene frå sjukehuset.") == "nn"
    assert detect_language("Pasientene skal ikke vente lenge på tjenestene fra sykehuset.") == "nb"
    assert detect_language("Flere pasienter skal starte behandling innen forløpstiden.") == "nb"
