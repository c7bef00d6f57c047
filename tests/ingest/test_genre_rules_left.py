"""Rules of the genre from the leftovers of batches O and Q (stop 31, imp_left): a strategy's
spread per area ("Kvifor er dette viktig?", "Me vil" over lower-case completions, "Slik gjer
vi det" over the measures) as the text order a PDF extractor gives, its labels repeated on
every page; the follow-up section and its indicators."""

from __future__ import annotations

from plangraph.ingest.importer import read_upload
from tests.ingest.fixtures import labels_of, pdf_bytes, texts_of

AREAS = [
    (
        "1 Rask avklaring",
        "Mange pasientar ventar over fire veker på første samtale, og fleire gir opp før dei "
        "får time.",
        ["auke talet på samtalar i veka med ein tredel", "at ingen ventar meir enn to veker"],
        ["Me opnar ein ny poliklinikk i 2028", "Felles inntaksmøte kvar tysdag"],
    ),
    (
        "2 Fagfolk",
        "Det er vanskeleg å rekruttere psykologar til distrikta.",
        ["ha faste tilsette i alle stillingane"],
        ["Me tilbyr utdanningsstillingar", "Innføre mentorordning for nytilsette"],
    ),
    (
        "3 Samhandling",
        "Kommunane får ofte for seint melding om utskriving.",
        ["redusere talet på reinnleggingar til under ti prosent"],
        ["Me lagar ein felles sjekkliste for utskriving"],
    ),
]


def _spread_pdf(how: str = "Slik gjer me det", why_text: str | None = None) -> bytes:
    pages: list[list[tuple[str, str]]] = [
        [
            ("h1", "Strategi for psykisk helsevern 2027-2030"),
            ("p", "Strategien viser kva me vil oppnå og korleis me skal gjere det."),
        ]
    ]
    for title, why, goals, measures in AREAS:
        page: list[tuple[str, str]] = [("h2", title), ("p", "Kvifor er dette viktig?")]
        page.append(("p", why_text or why))
        page.append(("p", "Me vil"))
        page += [("p", f"- {g}") for g in goals]
        page.append(("p", how))
        page += [("p", f"- {m}") for m in measures]
        pages.append(page)
    pages.append(
        [
            ("h2", "Slik følgjer me opp strategien"),
            ("p", "Klinikkleiinga rapporterer kvart halvår. Desse indikatorane blir følgde:"),
            ("p", "- ventetid til første samtale (dagar)"),
            ("p", "- del reinnleggingar innan 30 dagar"),
        ]
    )
    return pdf_bytes(pages)


def test_a_spreads_labels_repeated_on_every_page_tell_goals_measures_and_challenges() -> None:
    draft = read_upload("strategi.pdf", _spread_pdf())
    goals = [g for _t, _w, gs, _m in AREAS for g in gs]
    measures = [m for _t, _w, _g, ms in AREAS for m in ms]
    # the lower-case completions of "Me vil" are goals, also those opening with a verb
    assert texts_of(draft, "goal") == goals
    # under "Slik gjer vi det" a noun phrase is a measure, though the plan is a strategy
    assert texts_of(draft, "measure") == measures
    assert texts_of(draft, "challenge") == [why for _t, why, _g, _m in AREAS]
    # the follow-up section is no area, its indicators no items
    assert labels_of(draft, "theme") == ["Rask avklaring", "Fagfolk", "Samhandling"]
    every = " ".join(i.text or i.label for i in draft.items)
    assert "ventetid til første samtale" not in every
    assert "Kvifor" not in every and "Me vil" not in every


def test_me_vil_without_a_how_label_beside_it_is_not_read_as_goals() -> None:
    # the same spread with no "Slik gjer vi det" column: "Me vil" over infinitives alone
    # is what the plan will do, as before
    draft = read_upload("strategi.pdf", _spread_pdf(how="Tiltaka under er prioriterte."))
    assert "auke talet på samtalar i veka med ein tredel" not in texts_of(draft, "goal")


def test_why_label_over_good_news_gives_no_challenge() -> None:
    draft = read_upload(
        "strategi.pdf",
        _spread_pdf(why_text="Tilbodet er godt, og pasientane er nøgde med behandlinga."),
    )
    assert texts_of(draft, "challenge") == []


def test_a_running_header_on_every_page_is_still_left_out() -> None:
    places = ["Nordvik", "Sørvik", "Austvik", "Vestvik"]
    pages = [
        [
            ("p", "Helse Nordvik HF - Tiltaksplan"),
            ("h2", f"Område {p}"),
            ("p", f"- Opprette team i {p}"),
        ]
        for p in places
    ]
    draft = read_upload("plan.pdf", pdf_bytes(pages))
    every = " ".join(i.text or i.label for i in draft.items)
    assert "Helse Nordvik HF - Tiltaksplan" not in every


def test_dates_and_ordinals_end_no_sentence() -> None:
    from plangraph.ingest.sentences import split_sentences

    def said(text: str) -> list[str]:
        return [text[a:b] for a, b in split_sentences(text)]

    assert said("Rapporten kom 12. Mars 2026 og vart godkjend. Så følgde høyringa.") == [
        "Rapporten kom 12. Mars 2026 og vart godkjend.",
        "Så følgde høyringa.",
    ]
    assert said("Planen gjeld frå 1. 1. 2027. Alle er med.") == [
        "Planen gjeld frå 1. 1. 2027.",
        "Alle er med.",
    ]
    # guard: a figure that ends a sentence still ends it
    assert said("Talet på senger er 12. Det er for få.") == [
        "Talet på senger er 12.",
        "Det er for få.",
    ]


def test_a_date_in_a_lead_in_does_not_hide_its_cue_words() -> None:
    text = (
        "# Strategi for psykisk helse 2027-2030\n\n## Ambulante tenester\n\n"
        "Styret vedtok desse tiltaka i møtet 1. mars 2027:\n\n"
        "- Ambulante team i alle opptaksområde\n"
        "- Felles inntaksteam med kommunane\n"
    )
    draft = read_upload("strategi.md", text.encode())
    assert texts_of(draft, "measure") == [
        "Ambulante team i alle opptaksområde",
        "Felles inntaksteam med kommunane",
    ]
    assert texts_of(draft, "goal") == []
