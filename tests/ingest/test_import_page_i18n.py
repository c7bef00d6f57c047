"""The /import page's words come from the i18n catalogue in the language of its address
(?lang=nb, nn or en), as on the SPARQL page: every text of the page (``data-i18n``) and every
message its script shows (``t("import....")``) is in each catalogue and in the script the server
hands the page (``/static/i18n/messages.js``); the Bokmål the page holds before its script runs
is the catalogue's own."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from importlib.resources import files

import pytest

from plangraph.api.routes.pages import messages_script
from plangraph.i18n import catalogue

STATIC = files("plangraph.api").joinpath("static", "api")


class _Texts(HTMLParser):
    """The data-i18n key of each element and the text it holds in the page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        key = dict(attrs).get("data-i18n")
        if key:
            self._open.append([key, ""])

    def handle_data(self, data: str) -> None:
        if self._open:
            self._open[-1][1] += data

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag in (
            "title",
            "h1",
            "h3",
            "span",
            "a",
            "label",
            "summary",
            "option",
            "button",
            "th",
        ):
            key, text = self._open.pop()
            self.found.append((key, " ".join(text.split())))


def _page_texts() -> list[tuple[str, str]]:
    parser = _Texts()
    parser.feed(STATIC.joinpath("import.html").read_text("utf-8"))
    return parser.found


def _script_keys() -> set[str]:
    script = STATIC.joinpath("import.js").read_text("utf-8")
    keys = set(re.findall(r"""\bt\(["'](import\.[\w.]+)["']""", script))
    kinds = re.search(
        r"for \(const kind of (\[[^\]]+\])\) KINDS\[kind\] = t\(`import\.kind", script
    )
    assert kinds is not None
    keys |= {f"import.kind.{k}" for k in json.loads(kinds.group(1))}
    statuses = re.search(r"const known = (\[[^\]]+\])\.includes", script)
    assert statuses is not None
    keys |= {f"import.status.{s}" for s in json.loads(statuses.group(1))}
    return keys


def test_the_page_and_its_script_say_nothing_in_bokmaal_of_their_own() -> None:
    script = STATIC.joinpath("import.js").read_text("utf-8")
    code = "\n".join(line for line in script.splitlines() if not line.lstrip().startswith("//"))
    assert not re.search(r"[æøåÆØÅ]|\b(?:Fant|Lagret|Lagrer|Leser|Kunne|punkt|ingen)\b", code)
    keys = [key for key, _text in _page_texts()]
    assert {"import.heading", "import.lead", "import.save", "import.col.reason"} <= set(keys)
    assert len(_script_keys()) >= 15


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_every_word_of_the_import_page_is_in_the_catalogue_of(lang: str) -> None:
    messages = catalogue(lang)
    served = json.loads(
        messages_script().removeprefix("window.plangraphMessages = ").rstrip().rstrip(";")
    )[lang]
    wanted = {key for key, _text in _page_texts()} | _script_keys()
    for key in sorted(wanted):
        assert messages.get(key), f"{key} missing in the {lang} catalogue"
        assert served.get(key) == messages[key], f"{key} not served to the page in {lang}"
    if lang == "nb":
        # what the page shows before its script runs is the Bokmål of the catalogue
        for key, text in _page_texts():
            assert text == messages[key], key
    else:
        differ = {k for k in wanted if messages[k] != catalogue("nb")[k]}
        assert {"import.heading", "import.lead", "import.found", "import.col.name"} <= differ
