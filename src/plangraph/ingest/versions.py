"""Plan versions: every loaded version kept, the current one in the store.

A plan (graph ``GRAPH[NAME]``, file ``DATA_DIR/NAME.ttl``) is a work with versions. Each version
is its own named graph ``GRAPH[NAME/version/LABEL]`` in its own file
``DATA_DIR/versions/NAME/LABEL.trig``; ``DATA_DIR/versions/NAME/versions.ttl`` describes them
(date, label, source file and its checksum, who loaded it, when, and how items were matched).

The store loads only the files directly in the data folder, so the default union the analyses
read holds the *current* version only (the one with the latest date) and older versions cost the
analyses nothing. ``plangraph diff``, ``--as-of`` and ``gaps --changes`` read the version files.

Items keep stable IRIs across versions: an item of the new version whose IRI is new, but whose
text equals an item of the current version that the new version no longer names, takes that
item's IRI; a reworded item is matched to its predecessor by text similarity (after folding
Nynorsk forms onto Bokmål ones), with the score recorded. Links in other graphs (curated links,
link decisions) name the item by IRI, so they follow it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from plangraph.errors import ConflictError, InputError, NotFoundError, ValidationFailed
from plangraph.faults import kill_point
from plangraph.namespaces import DCTERMS_NS, PREFIXES, SKOS_NS, XSD_NS
from plangraph.store import FORMATS, PlanStore, RdfFormat, atomic_write
from plangraph.vocab import DATA, GRAPH, NAMESPACE, PG

__all__ = [
    "MATCH_THRESHOLD",
    "LoadResult",
    "Version",
    "list_versions",
    "load_version",
    "match_items",
    "normalise",
    "read_version",
    "version_as_of",
]

PG_NS = NAMESPACE
DCT = DCTERMS_NS
RDF_TYPE = PREFIXES["rdf"] + "type"
XSD = XSD_NS
SKOS_PREF = SKOS_NS + "prefLabel"

# Terms of the version record (declared in ontology/plangraph.ttl; docs/data-model.md, "Plan
# versions"), through the closed namespace: a typo raises.
V_CLASS = str(PG.PlanVersion)
V_OF = str(PG.versionOf)
V_LABEL = str(PG.versionLabel)
V_GRAPH = str(PG.versionGraph)
V_CURRENT = str(PG.currentVersion)
V_LOADED_BY = str(PG.loadedBy)
V_ORDINAL = str(PG.loadOrder)
M_CLASS = str(PG.ItemMatch)
M_ITEM = str(PG.matchedItem)
M_WRITTEN = str(PG.writtenAs)
M_IN = str(PG.inVersion)
CONFIDENCE = str(PG.confidence)
METHOD = str(PG.method)
SOURCE_FILE = str(PG.sourceFile)
CHECKSUM = str(PG.sourceChecksum)
PART_OF_PLAN = str(PG.partOfPlan)
SOURCE_TEXT = str(PG.sourceText)

MATCH_THRESHOLD = 0.6
"""The least similarity (0-1, after normalising) at which a reworded item keeps its IRI."""

LOAD_TYPES: dict[str, RdfFormat] = {
    "text/turtle": FORMATS["ttl"],
    "application/x-turtle": FORMATS["ttl"],
    "application/trig": FORMATS["trig"],
    "application/ld+json": FORMATS["jsonld"],
}

_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

# Nynorsk -> Bokmål word forms: enough that a plan reworded from one written standard into the
# other still matches item by item (the similarity does the rest). Written here, not downloaded.
_NN_NB: dict[str, str] = {
    key: value
    for key, _, value in (
        pair.partition("=")
        for pair in (  # noqa: SIM905 - one string reads better than 70 quoted pairs
            "eit=et ein=en ei=en ikkje=ikke ho=hun dei=de desse=disse korleis=hvordan kva=hva "
            "kven=hvem heile=hele mykje=mye berre=bare frå=fra saman=sammen òg=også no=nå vere=være "
            "vore=vært vert=blir verte=bli sjukehus=sykehus sjukehusa=sykehusene sjuke=syke "
            "helseføretak=helseforetak helseføretaka=helseforetakene teneste=tjeneste "
            "tenester=tjenester tenestene=tjenestene medarbeidarar=medarbeidere "
            "medarbeidarane=medarbeiderne pasientane=pasientene meir=mer betre=bedre høgare=høyere "
            "høg=høy høgt=høyt nokre=noen nokon=noen noko=noe sidan=siden utan=uten difor=derfor "
            "særleg=særlig tilsette=ansatte gjere=gjøre gjer=gjør auke=øke aukar=øker auka=økt "
            "oppgåver=oppgaver oppgåve=oppgave ressursar=ressurser løysingar=løsninger "
            "løysing=løsning løysingane=løsningene utfordringar=utfordringer moglegheiter=muligheter "
            "mogleg=mulig hjå=hos fleire=flere tiltaka=tiltakene måla=målene vidare=videre "
            "innan=innen eigen=egen eige=eget eigne=egne verksemd=virksomhet verksemda=virksomheten "
            "tenkje=tenke byggje=bygge "
        ).split()
    )
}
_SUFFIXES = ("ingane", "ingar", "ane", "ene", "ar", "er", "leg", "lig", "inga", "ing", "a", "e")
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Text folded for matching: NFC, lower case, words only, Nynorsk forms onto Bokmål (the
    linking's ``canonical`` spellings, then a few more here), common inflection endings cut (so
    "løysingane" and "løsningene" meet)."""
    from plangraph.linking.text import canonical  # the linking's Nynorsk -> Bokmål spellings

    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    out = []
    for word in words:
        word = canonical(word)
        word = _NN_NB.get(word, word)
        for suffix in _SUFFIXES:
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        out.append(word)
    return " ".join(out)


def similarity(a: str, b: str) -> float:
    """How alike two normalised texts are, 0..1 (difflib's ratio, word order kept)."""
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


# -- the version records ----------------------------------------------------------------------


@dataclass
class Version:
    """One loaded version of a plan."""

    plan: str
    label: str
    date: dt.date
    source_file: str
    checksum: str
    loaded_by: str
    loaded_at: str
    order: int
    current: bool = False
    matches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def graph(self) -> str:
        return str(GRAPH[f"{self.plan}/version/{self.label}"])

    @property
    def node(self) -> str:
        return str(DATA[f"version/{self.plan}/{self.label}"])

    def as_json(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "label": self.label,
            "date": self.date.isoformat(),
            "current": self.current,
            "source_file": self.source_file,
            "checksum": self.checksum,
            "loaded_by": self.loaded_by,
            "loaded_at": self.loaded_at,
            "graph": self.graph,
            "matched_items": len(self.matches),
        }


def _folder(data_dir: str | Path, plan: str) -> Path:
    return Path(data_dir) / "versions" / plan


def _lit(value: str, datatype: str | None = None) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)


def _write_records(data_dir: str | Path, plan: str, versions: list[Version]) -> None:
    triples: list[ox.Triple] = []
    nn = ox.NamedNode
    plan_graph = nn(str(GRAPH[plan]))
    for v in versions:
        node = nn(v.node)
        triples += [
            ox.Triple(node, nn(RDF_TYPE), nn(V_CLASS)),
            ox.Triple(node, nn(V_OF), plan_graph),
            ox.Triple(node, nn(V_LABEL), _lit(v.label)),
            ox.Triple(node, nn(DCT + "date"), _lit(v.date.isoformat(), XSD + "date")),
            ox.Triple(node, nn(V_GRAPH), nn(v.graph)),
            ox.Triple(node, nn(SOURCE_FILE), _lit(v.source_file)),
            ox.Triple(node, nn(CHECKSUM), _lit(v.checksum)),
            ox.Triple(node, nn(V_LOADED_BY), _lit(v.loaded_by)),
            ox.Triple(node, nn(DCT + "created"), _lit(v.loaded_at, XSD + "dateTime")),
            ox.Triple(node, nn(V_ORDINAL), _lit(str(v.order), XSD + "integer")),
            ox.Triple(node, nn(V_CURRENT), _lit("true" if v.current else "false", XSD + "boolean")),
        ]
        for i, m in enumerate(v.matches, 1):
            mnode = nn(f"{v.node}/match/{i}")
            triples += [
                ox.Triple(mnode, nn(RDF_TYPE), nn(M_CLASS)),
                ox.Triple(mnode, nn(M_IN), node),
                ox.Triple(mnode, nn(M_ITEM), nn(m["item"])),
                ox.Triple(mnode, nn(M_WRITTEN), nn(m["written_as"])),
                ox.Triple(mnode, nn(CONFIDENCE), _lit(f"{m['score']:.3f}", XSD + "decimal")),
                ox.Triple(mnode, nn(METHOD), _lit(m["method"])),
            ]
    text = ox.serialize(
        triples,
        format=ox.RdfFormat.TURTLE,
        prefixes={"pg": PG_NS, "dcterms": DCT, "xsd": XSD},
    )
    assert isinstance(text, bytes)
    header = (
        f"# plangraph: the versions of plan {plan} (written by plangraph; one file per version "
        "beside this one).\n"
    ).encode()
    atomic_write(_folder(data_dir, plan) / "versions.ttl", header + text)


def list_versions(data_dir: str | Path | None, plan: str) -> list[Version]:
    """The plan's versions in date order (ties: load order); empty when it has none recorded."""
    if not data_dir:
        return []
    path = _folder(data_dir, plan) / "versions.ttl"
    if not path.is_file():
        return []
    store = ox.Store()
    store.load(path.read_bytes(), format=ox.RdfFormat.TURTLE)
    props: dict[str, dict[str, str]] = {}
    matches: dict[str, list[dict[str, Any]]] = {}
    mprops: dict[str, dict[str, str]] = {}
    for q in store:
        s, p, o = q.subject.value, q.predicate.value, q.object.value
        if "/match/" in s:
            mprops.setdefault(s, {})[p] = o
        else:
            props.setdefault(s, {})[p] = o
    for m in mprops.values():
        matches.setdefault(m[M_IN], []).append(
            {
                "item": m[M_ITEM],
                "written_as": m[M_WRITTEN],
                "score": float(m[CONFIDENCE]),
                "method": m[METHOD],
            }
        )
    versions = [
        Version(
            plan=plan,
            label=p[V_LABEL],
            date=dt.date.fromisoformat(p[DCT + "date"]),
            source_file=p[SOURCE_FILE],
            checksum=p[CHECKSUM],
            loaded_by=p[V_LOADED_BY],
            loaded_at=p[DCT + "created"],
            order=int(p[V_ORDINAL]),
            current=p[V_CURRENT] == "true",
            matches=matches.get(node, []),
        )
        for node, p in props.items()
        if p.get(RDF_TYPE) == V_CLASS
    ]
    return sorted(versions, key=lambda v: (v.date, v.order))


def find_version(data_dir: str | Path | None, plan: str, label: str | None) -> Version:
    """Version ``label`` of ``plan`` (``None``: the current one); a clear error if there is none."""
    versions = list_versions(data_dir, plan)
    if not versions:
        raise NotFoundError(f"plan {plan!r} has no recorded versions")
    if label is None:
        return next(v for v in versions if v.current)
    for v in versions:
        if v.label == label:
            return v
    known = ", ".join(v.label for v in versions)
    raise NotFoundError(f"plan {plan!r} has no version {label!r}; its versions: {known}")


def parse_date(value: str, what: str = "date") -> dt.date:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (the first day of it), or a clear error."""
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:]), 1)
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        raise InputError(f"{what} {value!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None


def version_as_of(data_dir: str | Path | None, plan: str, when: str | dt.date) -> Version:
    """The version in force on ``when``: the latest dated on or before it; a clear error before
    the first version."""
    day = parse_date(when, "--as-of") if isinstance(when, str) else when
    versions = list_versions(data_dir, plan)
    if not versions:
        raise NotFoundError(f"plan {plan!r} has no recorded versions")
    earlier = [v for v in versions if v.date <= day]
    if not earlier:
        first = versions[0]
        raise NotFoundError(
            f"plan {plan!r} had no version on {day.isoformat()}: its first version, "
            f"{first.label!r}, is dated {first.date.isoformat()}"
        )
    return earlier[-1]


def read_version(data_dir: str | Path, version: Version) -> list[ox.Quad]:
    """The quads of one version (in its own graph)."""
    path = _folder(data_dir, version.plan) / f"{version.label}.trig"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise NotFoundError(f"cannot read version file {path}: {exc.strerror}") from None
    return list(ox.parse(data, format=ox.RdfFormat.TRIG))


# -- matching items across versions ------------------------------------------------------------


@dataclass
class Item:
    iri: str
    kind: str
    text: str


def _value(term: Any) -> str:
    return str(getattr(term, "value", ""))


def items_of(quads: Iterable[ox.Quad]) -> dict[str, Item]:
    """The plan's items (nodes with ``pg:partOfPlan``): kind and text (verbatim, else label)."""
    parts: set[str] = set()
    kinds: dict[str, str] = {}
    texts: dict[str, str] = {}
    labels: dict[str, str] = {}
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode):
            continue
        s, p = q.subject.value, q.predicate.value
        if p == PART_OF_PLAN:
            parts.add(s)
        elif p == RDF_TYPE:
            kinds.setdefault(s, _value(q.object))
        elif p == SOURCE_TEXT:
            texts.setdefault(s, _value(q.object))
        elif p == SKOS_PREF:
            labels.setdefault(s, _value(q.object))
    return {s: Item(s, kinds.get(s, ""), texts.get(s) or labels.get(s, "")) for s in sorted(parts)}


def match_items(
    old: dict[str, Item], new: dict[str, Item], threshold: float = MATCH_THRESHOLD
) -> list[dict[str, Any]]:
    """Which item of the old version each new item continues, where that changes its IRI or
    its text.

    An item with the same IRI and the same (normalised) text is unchanged and keeps its IRI.
    The others are matched to the old items not so kept, of the same kind: first by the same
    normalised text, then by similarity at or above ``threshold``, greedily by score (the same
    IRI wins a tie). A new item left unmatched whose IRI an old item passed on to another item
    gets a fresh IRI. Returns ``{"item": IRI it keeps, "written_as": IRI in the file, "score",
    "method"}``.
    """
    kept = {
        iri
        for iri, item in new.items()
        if iri in old and normalise(old[iri].text) == normalise(item.text)
    }
    free = {iri: item for iri, item in old.items() if iri not in kept}
    pending = [item for iri, item in new.items() if iri not in kept]
    if not pending:
        return []
    matches: list[dict[str, Any]] = []
    norm_old = {iri: normalise(item.text) for iri, item in free.items()}
    by_text: dict[tuple[str, str], list[str]] = {}
    for iri, text in norm_old.items():
        by_text.setdefault((free[iri].kind, text), []).append(iri)
    rest: list[tuple[Item, str]] = []
    for item in pending:
        text = normalise(item.text)
        same = [i for i in by_text.get((item.kind, text), []) if i in free]
        if same and text:
            iri = item.iri if item.iri in same else same[0]
            del free[iri]
            exact = old[iri].text == item.text
            matches.append(
                {
                    "item": iri,
                    "written_as": item.iri,
                    "score": 1.0,
                    "method": "same text" if exact else "same normalised text",
                }
            )
        else:
            rest.append((item, text))
    scored: list[tuple[float, float, str, str]] = []
    for item, text in rest:
        for iri in free:
            if old[iri].kind != item.kind:
                continue
            sm = difflib.SequenceMatcher(None, text, norm_old[iri], autojunk=False)
            if sm.real_quick_ratio() < threshold or sm.quick_ratio() < threshold:
                continue
            score = sm.ratio()
            if score >= threshold:
                bonus = 0.02 if iri == item.iri else 0.0
                scored.append((score + bonus, score, item.iri, iri))
    taken_new: set[str] = set()
    for _rank, score, new_iri, old_iri in sorted(scored, key=lambda t: (-t[0], t[2], t[3])):
        if new_iri in taken_new or old_iri not in free:
            continue
        taken_new.add(new_iri)
        del free[old_iri]
        matches.append(
            {
                "item": old_iri,
                "written_as": new_iri,
                "score": round(score, 3),
                "method": "similar text",
            }
        )
    claimed = {m["item"] for m in matches} | kept
    used = set(old) | set(new)
    for item, _text in rest:
        if item.iri in taken_new or item.iri not in claimed:
            continue
        n = 2
        while f"{item.iri}-{n}" in used:
            n += 1
        fresh = f"{item.iri}-{n}"
        used.add(fresh)
        matches.append(
            {"item": fresh, "written_as": item.iri, "score": 0.0, "method": "new item, IRI taken"}
        )
    return matches


def _rename(quads: list[ox.Quad], renames: dict[str, str]) -> list[ox.Quad]:
    if not renames:
        return quads
    nodes = {k: ox.NamedNode(v) for k, v in renames.items()}

    def term(t: Any) -> Any:
        return nodes.get(t.value, t) if isinstance(t, ox.NamedNode) else t

    return [ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name) for q in quads]


# -- loading a version -----------------------------------------------------------------------


@dataclass
class LoadResult:
    """What loading a version did: ``status`` is created, new-version, older-version or
    unchanged; ``message`` says it in a sentence."""

    status: str
    version: Version
    message: str
    matches: list[dict[str, Any]]
    triples: int
    warnings: list[Any]


def _parse(data: bytes, fmt: RdfFormat, target: str, source: str) -> list[ox.Quad]:
    """The data's quads, all in graph ``target``; a file naming several graphs is refused."""
    from plangraph.ingest.plans import check_jsonld_safe
    from plangraph.store import empty_store

    if fmt.name == "jsonld":
        check_jsonld_safe(data)
    scratch = empty_store()
    count = scratch.load_data(data, fmt, GRAPH["_incoming"], source=source)
    if count == 0:
        raise InputError(f"{source}: no triples in the data")
    names = {str(g) for g in scratch.graph_names()}
    incoming = str(GRAPH["_incoming"])
    if fmt.name != "trig" and names != {incoming}:
        others = sorted(names - {incoming})
        raise InputError(
            f"{source}: the data names other graphs ({', '.join(others[:5])}); a plan is one "
            "graph (a TriG file may name the one graph it holds)"
        )
    if len(names) > 1:
        raise InputError(
            f"{source}: the data names several graphs ({', '.join(sorted(names)[:5])}); a plan "
            "version is one graph"
        )
    g = ox.NamedNode(target)
    return [ox.Quad(q.subject, q.predicate, q.object, g) for q in scratch.ox_quads()]


def _plan_date(quads: list[ox.Quad]) -> tuple[dt.date, str] | None:
    """The plan node's own date (dcterms:modified, else dcterms:issued) and its text."""
    for prop in (DCT + "modified", DCT + "issued"):
        for q in quads:
            if q.predicate.value == prop and isinstance(q.object, ox.Literal):
                try:
                    return parse_date(q.object.value), q.object.value.strip()[:10]
                except InputError:
                    continue
    return None


def _label_for(base: str, taken: set[str]) -> str:
    label = base
    n = 2
    while label in taken:
        label = f"{base}-{n}"
        n += 1
    return label


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _save_version_file(data_dir: str | Path, v: Version, quads: list[ox.Quad]) -> None:
    graph = ox.NamedNode(v.graph)
    text = ox.serialize(
        [ox.Quad(q.subject, q.predicate, q.object, graph) for q in quads],
        format=ox.RdfFormat.TRIG,
    )
    assert isinstance(text, bytes)
    atomic_write(_folder(data_dir, v.plan) / f"{v.label}.trig", text)
    # What a diff reads of the version, kept beside it now (from the quads in hand), so the
    # first diff does not parse the file.
    from plangraph.ingest.diff import version_snapshot

    version_snapshot(data_dir, v, quads)


def _validate_alone(store: PlanStore, plan_graph: str, quads: list[ox.Quad]) -> list[Any]:
    """SHACL over the store with the plan's graph replaced by ``quads`` (nothing stored): the
    nodes the change can affect, as every write validates them (``plans.validate_change``)."""
    from plangraph.ingest.plans import validate_change

    report = validate_change(store, {plan_graph}, quads)
    if not report.conforms:
        raise ValidationFailed(
            f"the version would break {len(report.violations)} SHACL constraint(s); nothing was "
            "stored",
            report,
        )
    return []


def _triple_keys(quads: Iterable[ox.Quad]) -> tuple[int, set[tuple[str, str, str]]]:
    """How many triples, and those without blank nodes, as strings: enough to tell whether
    two readings of a plan hold the same content (blank nodes are renamed on every parse)."""
    count = 0
    keys: set[tuple[str, str, str]] = set()
    for q in quads:
        count += 1
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            continue
        keys.add((str(q.subject), str(q.predicate), str(q.object)))
    return count, keys


def _record_stored(
    store: PlanStore,
    folder: Path,
    plan: str,
    versions: list[Version],
    checksum: str,
    day: dt.date,
    day_text: str,
    now: str,
) -> list[Version] | LoadResult:
    """Make sure the plan the store holds is a recorded version, the current one.

    A plan stored before versions were recorded becomes version 1; a plan file changed outside
    the records (edited by hand, or a write cut off before its record was written) becomes a
    recovered version. Returns the versions, or ``unchanged`` when the file being loaded is the
    very file the plan was stored from and nothing needs recording.
    """
    graph = GRAPH[plan]
    stored = list(store.ox_quads(graph))
    current = next((v for v in versions if v.current), None)
    if current is not None and _triple_keys(stored) == _triple_keys(read_version(folder, current)):
        return versions
    files = [p for p in folder.glob(f"{plan}.*") if p.suffix.lstrip(".") in FORMATS]
    file_sum = "sha256:" + hashlib.sha256(files[0].read_bytes()).hexdigest() if files else ""
    own = _plan_date(stored)
    first_day, first_text = own or (day, day_text)
    if current is not None and first_day < current.date:
        first_day, first_text = dt.date.today(), dt.date.today().isoformat()
    record = Version(
        plan,
        _label_for(first_text, {v.label for v in versions}),
        first_day,
        files[0].name if files else "unknown",
        file_sum or "unknown",
        "existing data (before versions were recorded)"
        if not versions
        else "found in the data folder (not in the version records)",
        now,
        max((v.order for v in versions), default=0) + 1,
        current=True,
    )
    if not versions and file_sum == checksum:
        # the file the plan was stored from, loaded again: nothing to record
        return LoadResult(
            "unchanged",
            record,
            f"unchanged: {plan} already holds this file; no new version",
            [],
            0,
            [],
        )
    for v in versions:
        v.current = False
    _save_version_file(folder, record, stored)
    versions = [*versions, record]
    if len(versions) > 1:  # a recovery: recorded now, whatever happens to the load
        _write_records(folder, plan, versions)
    return versions


_plan_locks: dict[tuple[str, str], threading.Lock] = {}
_plan_locks_guard = threading.Lock()


def _plan_lock(data_dir: str | Path, plan: str) -> threading.Lock:
    """One lock per plan's version records: two loads of one plan run one after the other."""
    key = (str(Path(data_dir).resolve()), plan)
    with _plan_locks_guard:
        return _plan_locks.setdefault(key, threading.Lock())


def load_version(
    store: PlanStore,
    data_dir: str,
    plan: str,
    data: bytes,
    media_type: str,
    *,
    date: str | None = None,
    label: str | None = None,
    loaded_by: str = "unknown",
    source_file: str | None = None,
    checksum: str | None = None,
) -> LoadResult:
    """Load ``data`` as a version of plan ``plan``: a new plan, a new current version, or an
    older version kept in date order. The same file again changes nothing; a version that
    fails SHACL stores nothing."""
    from plangraph.ingest.plans import check_plan_name, data_folder

    data_folder(data_dir)
    check_plan_name(plan)
    with _plan_lock(data_dir, plan):
        return _load_version(
            store,
            data_dir,
            plan,
            data,
            media_type,
            date=date,
            label=label,
            loaded_by=loaded_by,
            source_file=source_file,
            checksum=checksum,
        )


def _load_version(
    store: PlanStore,
    data_dir: str,
    plan: str,
    data: bytes,
    media_type: str,
    *,
    date: str | None,
    label: str | None,
    loaded_by: str,
    source_file: str | None,
    checksum: str | None,
) -> LoadResult:
    from plangraph.ingest.plans import check_plan_name, data_folder, import_quads

    folder = data_folder(data_dir)
    plan_graph = str(check_plan_name(plan))
    if media_type not in LOAD_TYPES:
        known = ", ".join(LOAD_TYPES)
        raise InputError(f"a plan version must be one of {known}, not {media_type!r}")
    fmt = LOAD_TYPES[media_type]
    if label is not None and not _LABEL.match(label):
        raise InputError(
            f"version label {label!r} is not allowed: use 1-64 ASCII letters, digits, '.', '-' "
            "or '_', starting with a letter or digit"
        )
    source_file = source_file or f"{plan}.{fmt.extension}"
    checksum = checksum or "sha256:" + hashlib.sha256(data).hexdigest()
    quads = _parse(data, fmt, plan_graph, source_file)
    versions = list_versions(folder, plan)
    if date:
        day, day_text = parse_date(date, "--date"), date.strip()[:10]
    else:
        day, day_text = _plan_date(quads) or (dt.date.today(), dt.date.today().isoformat())
    now = _now()
    graph = check_plan_name(plan)
    if store.has_graph(graph):
        recovered = _record_stored(store, folder, plan, versions, checksum, day, day_text, now)
        if isinstance(recovered, LoadResult):
            return recovered
        versions = recovered
    latest = next((v for v in versions if v.current), None)
    for v in versions:
        # The same file again is no new version: the current one, or an older one that would
        # not become current. An older version's file loaded to be the plan again (dated on or
        # after the current version) is a new version: the plan as it is now.
        if v.checksum == checksum and (v.current or (latest and day < latest.date)):
            return LoadResult(
                "unchanged",
                v,
                f"unchanged: this file is already version {v.label} ({v.date.isoformat()}) of "
                f"{plan}; no new version",
                [],
                0,
                [],
            )
    if label is not None and any(v.label == label for v in versions):
        raise ConflictError(f"plan {plan!r} already has a version labelled {label!r}")
    current = next((v for v in versions if v.current), None)
    renames: list[dict[str, Any]] = []
    if current is not None:
        old = items_of(read_version(folder, current))
        renames = match_items(old, items_of(quads))
        quads = _rename(
            quads, {m["written_as"]: m["item"] for m in renames if m["written_as"] != m["item"]}
        )
    becomes_current = current is None or day >= current.date
    taken = {v.label for v in versions}
    version = Version(
        plan,
        label or _label_for(day_text, taken),
        day,
        source_file,
        checksum,
        loaded_by,
        now,
        max((v.order for v in versions), default=0) + 1,
        current=becomes_current,
        matches=renames,
    )
    warnings: list[Any] = []
    triples = len(quads)
    if becomes_current:
        # validates, saves (the quads as parsed and renamed above, all in the plan's graph)
        result = import_quads(store, folder, graph, quads, f"{plan}.ttl")
        warnings = result.warnings
        for v in versions:
            v.current = False
    else:
        _validate_alone(store, plan_graph, quads)
    _save_version_file(folder, version, quads)
    kill_point(f"version-file-saved:{plan}")  # tests only (plangraph.faults)
    _write_records(folder, plan, [*versions, version])
    if current is None:
        status, message = "created", f"created: {plan}, version {version.label}"
    elif becomes_current:
        status = "new-version"
        message = (
            f"new version {version.label} ({day.isoformat()}) of {plan}; it is now the current "
            f"version (was {current.label})"
        )
    else:
        status = "older-version"
        message = (
            f"older version: {version.label} is dated {day.isoformat()}, before the current "
            f"version {current.label} ({current.date.isoformat()}); kept in date order, the "
            "current version is unchanged"
        )
    moved = sum(1 for m in renames if m["written_as"] != m["item"])
    if moved:
        message += f"; {moved} item(s) given their predecessor's IRI"
    return LoadResult(status, version, message, renames, triples, warnings)


# -- the store as it stood on a date ------------------------------------------------------------


def versioned_plans(data_dir: str | Path | None) -> list[str]:
    """The plans in the data folder that have recorded versions."""
    if not data_dir:
        return []
    root = Path(data_dir) / "versions"
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "versions.ttl").is_file())


def as_of_store(store: PlanStore, data_dir: str | Path | None, when: str) -> PlanStore:
    """A scratch copy of ``store`` in which each versioned plan is the version in force on
    ``when`` (a plan whose first version is later is left out; plans without recorded versions
    stay as they are). A date before every plan's first version is a clear error."""
    day = parse_date(when, "--as-of")
    plans = versioned_plans(data_dir)
    if not plans:
        raise NotFoundError(
            "--as-of needs recorded plan versions, and the data folder has none (load a plan "
            "with `plangraph import FILE --plan NAME`)"
        )
    chosen: dict[str, Version | None] = {}
    firsts: list[Version] = []
    for plan in plans:
        versions = list_versions(data_dir, plan)
        firsts.append(versions[0])
        earlier = [v for v in versions if v.date <= day]
        chosen[plan] = earlier[-1] if earlier else None
    if all(v is None for v in chosen.values()):
        first = min(firsts, key=lambda v: v.date)
        raise NotFoundError(
            f"no plan had a version on {day.isoformat()}: the first recorded version is "
            f"{first.plan} {first.label!r}, dated {first.date.isoformat()}"
        )
    assert data_dir is not None
    scratch = store.scratch_copy(leave_out={str(GRAPH[p]) for p in chosen})
    for plan, version in chosen.items():
        if version is None:
            continue
        graph = ox.NamedNode(str(GRAPH[plan]))
        quads = [
            ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in read_version(data_dir, version)
        ]
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert isinstance(data, bytes)
        scratch.load_data(data, "nq", GRAPH[plan], source=f"{plan} {version.label}")
    return scratch


# -- a person corrects a match ----------------------------------------------------------------


def correct_match(
    store: PlanStore,
    data_dir: str,
    plan: str,
    item: str,
    predecessor: str | None,
    *,
    corrected_by: str = "unknown",
) -> dict[str, Any]:
    """Correct how an item of the current version was matched to the version before it.

    ``predecessor``: the IRI of the previous version's item it continues (an item the current
    version does not already use); ``None``: it continues none, and gets back the IRI its file
    gave it (or a fresh one). The current version is rewritten (SHACL-validated like any
    write); the correction is recorded with the match, method ``corrected by hand``.
    """
    from plangraph.ingest.plans import check_plan_name, data_folder, import_plan

    folder = data_folder(data_dir)
    check_plan_name(plan)
    with _plan_lock(folder, plan):
        return _correct(store, data_dir, folder, plan, item, predecessor, corrected_by, import_plan)


def _correct(
    store: PlanStore,
    data_dir: str,
    folder: Path,
    plan: str,
    item: str,
    predecessor: str | None,
    corrected_by: str,
    import_plan: Any,
) -> dict[str, Any]:
    versions = list_versions(folder, plan)
    current = next((v for v in versions if v.current), None)
    if current is None:
        raise NotFoundError(f"plan {plan!r} has no recorded versions")
    before = [v for v in versions if (v.date, v.order) < (current.date, current.order)]
    if not before:
        raise InputError(f"version {current.label!r} is the first of {plan!r}: nothing to match")
    quads = read_version(folder, current)
    items = items_of(quads)
    if item not in items:
        raise NotFoundError(f"the current version of {plan!r} has no item {item}")
    previous = items_of(read_version(folder, before[-1]))
    entry = next((m for m in current.matches if m["item"] == item), None)
    if predecessor is None:
        target = entry["written_as"] if entry and entry["written_as"] != item else item + "-new"
        while target in items or target in previous:
            target += "-new"
    else:
        if predecessor not in previous:
            raise InputError(f"the version before ({before[-1].label}) has no item {predecessor}")
        if predecessor in items:
            raise ConflictError(
                f"{predecessor} is already an item of the current version; correct that one first"
            )
        if previous[predecessor].kind != items[item].kind:
            raise InputError(f"{item} and {predecessor} are not the same kind of item")
        target = predecessor
    renamed = _rename(quads, {item: target})
    turtle = ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in renamed], format=ox.RdfFormat.TURTLE
    )
    assert isinstance(turtle, bytes)
    import_plan(store, data_dir, plan, turtle, "text/turtle")
    _save_version_file(folder, current, renamed)
    written_as = entry["written_as"] if entry else item
    current.matches = [m for m in current.matches if m["item"] != item]
    score = (
        similarity(normalise(items[item].text), normalise(previous[predecessor].text))
        if (predecessor)
        else 0.0
    )
    current.matches.append(
        {
            "item": target,
            "written_as": written_as,
            "score": round(score, 3),
            "method": f"corrected by hand ({corrected_by})",
        }
    )
    _write_records(folder, plan, versions)
    return {"plan": plan, "version": current.label, "item": item, "now": target, "score": score}
