"""Link suggestions between a hospital's quality and risk report and a competence service's
programme of projects: the report writes deviations, record reviews and indicators in clinical
terms (transisjon, uteblir, endometriose, bekkensmerter, overgangsalderen, dysfagi, IDDSI,
laryngektomi, blodgivere, hemoglobin, trombocyttkonsentrat, identitetskontroll, glaukom,
neovaskulær AMD); the programme in everyday Nynorsk (vaksenlegen, åleine med legen, vonde mensar,
vondt i underlivet, hetetokter, vasstest, mjuk mat og tjukk drikke, operere bort strupen,
tappebuss, lågt jern, blodplater, armband, grøn stær, sprøyter i auget). And the words that
reach too far: *mens* (while), food that goes out of date, a youth team that is no transition,
a record review that is no concern with the record. Texts written for these tests."""

from __future__ import annotations

import pytest

from tests.linking_cases import concepts as _concepts
from tests.linking_cases import first_of_pair

# (measure in a programme's everyday words, the challenge it answers in a quality report's
# words, a challenge that shares words with the measure but not its concern)
CASES = {
    "transition-first-adult-visit": (
        "Ungdommar med revmatisk sjukdom får ein første time hos vaksenlegen medan dei enno går "
        "på barneklinikken.",
        "Mange med epilepsi møter ikke til første time på voksenpoliklinikken etter at de er "
        "overført.",
        "Barneklinikken har for lange ventelister for utredning av astma og allergi hos småbarn.",
    ),
    "alone-with-the-doctor": (
        "Frå 15 år får ungdommane tid åleine med legen og øver på å fornye resepten sjølv.",
        "Ungdom med diabetes har sjelden samtaler uten foreldre til stede og mestrer ikke egen "
        "sykdom ved 18 år.",
        "Legen bruker for lite tid på hver time ved diabetespoliklinikken.",
    ),
    "period-pain": (
        "Helsesjukepleiarane lærer å sjå jenter med vonde mensar og å tilvise tidleg.",
        "Det går mange år fra første legebesøk for menstruasjonssmerter til diagnosen "
        "endometriose stilles.",
        "Helsesykepleierne henviser for sent ungdommer med angst.",
    ),
    "menopause-advice": (
        "Fastlegane får eit kort kurs om hetetokter og hormonplaster.",
        "Ventetiden for kvinner henvist med plager i overgangsalderen er lang.",
        "Mange fastleger mangler kunnskap om antibiotikabruk.",
    ),
    "pelvic-pain-team": (
        "Kvinner med vondt i underlivet får ei samla vurdering hos gynekolog og smertelege same "
        "dag.",
        "Pasienter med kroniske bekkensmerter får ikke tverrfaglig vurdering før kirurgi.",
        "Pasienter med ryggsmerter venter lenge på vurdering ved smerteklinikken.",
    ),
    "swallow-water-test": (
        "Sjukepleiarane gjer ein vasstest før pasientar som hostar ved måltid, får noko å drikke.",
        "Flere pasienter fikk aspirasjonspneumoni fordi svelgfunksjonen ikke var vurdert.",
        "Pasienter drikker for lite i varme perioder.",
    ),
    "texture-levels": (
        "Kjøkenet lagar mjuk mat og tjukk drikke etter dei same nivåa som sengepostane.",
        "Pasienter med dysfagi får servert mat med feil konsistens.",
        "Kjøkkenet leverer maten for sent til sengepostene.",
    ),
    "voice-after-larynx": (
        "Dei som skal operere bort strupen, møter logopeden før inngrepet og får ein talevensil.",
        "Etter laryngektomi venter pasientene lenge på stemmerehabilitering.",
        "Pasienter venter lenge på time hos anestesilegen før inngrepet.",
    ),
    "donor-bus": (
        "Tappebussen kjem til bygda kvar månad for å verve nye blodgjevarar.",
        "Antall aktive blodgivere har falt, og beredskapen av erytrocyttkonsentrat er lav.",
        "Bussen fra bygda til sykehuset går bare to ganger i måneden.",
    ),
    "iron-before-surgery": (
        "Pasientar med lågt jern får jerntilskot fire veker før dei skal opererast.",
        "Mange pasienter får blodtransfusjon ved hemoglobin over anbefalt grense.",
        "Pasienter som skal opereres, får for sent beskjed om faste.",
    ),
    "platelets-shared": (
        "Blodbanken sender blodplatene til nabosjukehuset før dei blir for gamle.",
        "Kassasjonen av trombocyttkonsentrater er over målet.",
        "Pasienter fra nabosykehuset venter lenge på overflytting.",
    ),
    "wristband-scan": (
        "Sjukepleiarane skannar armbandet til pasienten før blodoverføringa.",
        "Det er registrert feil ved identitetskontroll før transfusjon.",
        "Sykepleierne bruker mye tid på skanning av papirskjema.",
    ),
    "glaucoma-not-amd": (
        "Sjukepleiarar målar augetrykket ved dei faste kontrollane for grøn stær.",
        "Pasienter med glaukom står for lenge på ventelisten.",
        "Pasienter med våt AMD møter ikke til de faste kontrollene.",
    ),
    "amd-not-glaucoma": (
        "Sjukepleiarar set sprøyter i auget på pasientar med våt makulasjukdom.",
        "Pasienter med neovaskulær AMD får intravitreal injeksjon for sent.",
        "Pasienter med glaukom venter for lenge på sykepleier.",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_programmes_measure_meets_the_reports_words_before_one_that_shares_its_words(
    case: str,
) -> None:
    assert first_of_pair(*CASES[case]) == {"m": "right"}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Ungdommen blir overført til vaksenavdelinga.", "overgang-til-voksen"),
        ("Ungdommane får tid åleine med legen.", "ungdom-selvstendighet"),
        ("Mange uteblir fra første time.", "uteblitt"),
        ("Indikatoren tapt for oppfølging er over målet.", "uteblitt"),
        ("Barn med sammensatte behov får ein kontaktperson.", "koordinator-individuell-plan"),
        ("Jenter med vonde mensar.", "endometriose"),
        ("Mistanke om endo.", "endometriose"),
        ("Plager i klimakteriet.", "overgangsalder"),
        ("Vondt i underlivet.", "kvinnehelse"),
        ("Pasienten fikk aspirasjonspneumoni.", "svelgscreening"),
        ("Drikke med rett konsistens etter IDDSI.", "konsistenstilpasset-kost"),
        ("Pasienter med svelgvansker.", "dysfagi"),
        ("Logopeden kjem før operasjonen.", "tale-og-svelg"),
        ("Nye blodgjevarar.", "blodgivere"),
        ("Blodprosenten var låg.", "pasientblodbehandling"),
        ("Trombocyttar til nabosjukehuset.", "blodkassasjon"),
        ("Skanne armbandet.", "pasientidentifikasjon"),
        ("Kontroll av grøn stær.", "glaukom"),
        ("Sprøyter i auget.", "makuladegenerasjon"),
        ("Optikarane tilviser.", "oyehelse"),
    ],
)
def test_the_reports_and_the_programmes_words_name_the_concern(text: str, concept: str) -> None:
    assert concept in _concepts(text)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # "mens" is "while" in Bokmål
        ("Pasienten venter mens legen ringer.", "endometriose"),
        # food, medicines and equipment go out of date too
        ("Maten går ut på dato og blir kastet.", "blodkassasjon"),
        ("Utstyret har utløpt holdbarhet.", "blodkassasjon"),
        # a youth team is a service for young people, not their move to adult services
        ("Ungdomsteamet i BUP får flere henvisninger.", "overgang-til-voksen"),
        # parents' own coping is not the young person's independence
        ("Mor og far snakkar om eigen søvn og økonomi.", "ungdom-selvstendighet"),
        # an employer is no blood donor
        ("Arbeidsgiveren må legge til rette.", "blodgivere"),
        # a named coordinator is the pathway's (cancer, fractures), not the individual plan's
        ("Pakkeforløpet har en koordinator.", "koordinator-individuell-plan"),
        # a record review is how a report found a problem, not a concern with the record
        ("Journalgjennomgangen viste sju tilfeller.", "journal"),
        # in a quality report every finding is a deviation; the word says how it was found
        ("Det er registrert tolv avvik.", "pasientsikkerhet"),
        # coping with daily life is not rehabilitation
        ("Ungdommene mestrer ikke hverdagen.", "rehabilitering"),
        # a transfer note between any two services is not the move out of intensive care
        ("Overføringsnotatet manglet.", "utflytting-intensiv"),
    ],
)
def test_words_that_reach_too_far_are_not_the_concern(text: str, concept: str) -> None:
    assert concept not in _concepts(text)


def test_the_adult_doctor_is_a_doctor_not_any_adult() -> None:
    # nn "vaksenlege" read as the adjective ending -lege (-lig) was "voksenlige", stem "voksen":
    # the thesaurus term met every adult and never "vaksenlegen"
    from plangraph.linking.text import tokens

    def stems(text: str) -> list[str]:
        return [t.stem for t in tokens(text)]

    assert stems("vaksenlege") == stems("voksenlegen") == stems("vaksenlegane")
    assert stems("vaksenlege") != stems("voksen")
    assert "overgang-til-voksen" in _concepts("Første time hos vaksenlegen.")
    assert "overgang-til-voksen" not in _concepts("Kurs for voksne og voksen pasient.")
