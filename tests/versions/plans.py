"""Small hand-made versions of one action plan, with known differences.

Version 1 (2023-01-01, Bokmål, the author's IRIs m/a .. m/d):
  a  journal solution          UnderPlanning   theme T1   addresses challenge C_DROP? no: C_A
  b  recruit nurses            UnderPlanning   theme T1
  c  joint procurement         Candidate       theme T1
  d  waiting times, children   UnderPlanning   theme T2   addresses C_D
Version 2 (2024-06-01, written as an importer would: new IRIs m/1 .. m/4):
  1  a reworded into Nynorsk                   -> keeps a's IRI (similar text)
  2  b unchanged                               -> keeps b's IRI (same text)
  3  c, status StartingOrRunning, theme T2     -> keeps c's IRI; status changed, theme moved
  4  new: home follow-up; addresses C_NEW      -> added
  d  dropped                                   -> removed; C_D becomes uncovered
"""

from __future__ import annotations

ID = "https://w3id.org/plangraph/id/"
PLAN = f"{ID}plan/versjonsplan"
T1 = f"{ID}theme/hv/teknologi-digitalisering-og-innovasjon"
T2 = f"{ID}theme/hv/kvalitet-og-prioritering"
C_A = f"{ID}challenge/hmn-2021/beredskap-1"
C_D = f"{ID}challenge/hmn-2021/beredskap-2"
C_NEW = f"{ID}challenge/hmn-2021/beredskap-3"

TEXT_A_NB = "Etablere en felles journalløsning for alle helseforetakene i regionen innen 2025."
# reworded, not only respelt: Nynorsk forms that fold onto the Bokmål text (ei/en, -løysing,
# helseføretaka, innan) and one word more ("heile"), so the match is by similar text, not the same
TEXT_A_NN = "Etablere ei felles journalløysing for alle helseføretaka i heile regionen innan 2025."
TEXT_B = "Styrke rekrutteringen av sykepleiere til sykehusene i distriktene."
TEXT_C = "Utrede felles innkjøp av medisinsk-teknisk utstyr."
TEXT_D = "Redusere ventetidene i psykisk helsevern for barn og unge."
TEXT_NEW = "Innføre digital heimeoppfølging for kronisk sjuke pasientar."

_HEAD = """@prefix pg: <https://w3id.org/plangraph/ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _plan(date: str, lang: str) -> str:
    return (
        f'<{PLAN}> a pg:ActionPlan ; skos:prefLabel "Versjonsplan"@{lang} ;\n'
        f'    dcterms:title "Versjonsplan"@{lang} ;\n'
        f"    dcterms:publisher <{ID}org/helse-vest> ;\n"
        f'    dcterms:modified "{date}"^^xsd:date .\n'
    )


def _measure(
    iri: str,
    label: str,
    text: str,
    lang: str,
    status: str,
    theme: str,
    pos: int,
    addresses: str | None = None,
) -> str:
    out = (
        f"<{iri}> a pg:Measure ;\n"
        f'    skos:prefLabel "{label}"@{lang} ;\n'
        f'    pg:sourceText "{text}"@{lang} ;\n'
        f"    pg:measureStatus pg:{status} ;\n"
        f"    pg:inTheme <{theme}> ;\n"
        f"    pg:partOfPlan <{PLAN}> ;\n"
        f"    pg:sourceDocument <{PLAN}> ;\n"
        f"    pg:sourcePosition {pos}"
    )
    if addresses:
        out += f" ;\n    pg:addresses <{addresses}>"
    return out + " .\n"


def m(slug: str) -> str:
    return f"{ID}measure/versjonsplan/{slug}"


def version_1(date: str = "2023-01-01") -> str:
    return (
        _HEAD
        + _plan(date, "nb")
        + _measure(m("a"), "Felles journalløsning", TEXT_A_NB, "nb", "UnderPlanning", T1, 1, C_A)
        + _measure(m("b"), "Rekruttere sykepleiere", TEXT_B, "nb", "UnderPlanning", T1, 2)
        + _measure(m("c"), "Felles innkjøp", TEXT_C, "nb", "Candidate", T1, 3)
        + _measure(m("d"), "Kortere ventetid", TEXT_D, "nb", "UnderPlanning", T2, 4, C_D)
    )


def version_2(date: str = "2024-06-01") -> str:
    return (
        _HEAD
        + _plan(date, "nn")
        + _measure(m("1"), "Felles journalløysing", TEXT_A_NN, "nn", "UnderPlanning", T1, 1, C_A)
        + _measure(m("2"), "Rekruttere sykepleiere", TEXT_B, "nb", "UnderPlanning", T1, 2)
        + _measure(m("3"), "Felles innkjøp", TEXT_C, "nb", "StartingOrRunning", T2, 3)
        + _measure(m("4"), "Digital heimeoppfølging", TEXT_NEW, "nn", "UnderPlanning", T2, 4, C_NEW)
    )
