"""What changed between two versions of a plan, and what that did to coverage.

``plan_diff`` compares two version files item by item (items keep their IRIs across versions,
see ``ingest.versions``): added, removed, changed (reworded, with a word-level diff of the
verbatim text; moved to another theme; status changed) and links added and removed.
``coverage_change`` says which challenges became uncovered, or newly covered, by the change.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from plangraph.errors import InputError, StoreError
from plangraph.ingest.versions import (
    PART_OF_PLAN,
    RDF_TYPE,
    SKOS_PREF,
    SOURCE_TEXT,
    Version,
    find_version,
    list_versions,
    read_version,
)
from plangraph.namespaces import SKOS_NS
from plangraph.store import PlanStore, atomic_write
from plangraph.vocab import GRAPH, NAMESPACE

__all__ = [
    "DIFF_FORMATS",
    "coverage_change",
    "pick_versions",
    "plan_diff",
    "render_diff",
    "word_diff",
]

PG = NAMESPACE
SKOS = SKOS_NS
IN_THEME = PG + "inTheme"
STATUS = PG + "measureStatus"
ADDRESSES = PG + "addresses"
CHALLENGE = PG + "Challenge"
LINK_PREDICATES = {
    PG + "addresses": "pg:addresses",
    PG + "contributesTo": "pg:contributesTo",
    SKOS + "closeMatch": "skos:closeMatch",
    SKOS + "exactMatch": "skos:exactMatch",
    SKOS + "relatedMatch": "skos:relatedMatch",
    SKOS + "broadMatch": "skos:broadMatch",
    SKOS + "narrowMatch": "skos:narrowMatch",
}
DIFF_FORMATS = ("table", "json", "csv", "md")


@dataclass
class _Snapshot:
    items: dict[str, dict[str, Any]]
    labels: dict[str, str]
    links: set[tuple[str, str, str]]
    all_labels: dict[str, list[list[str]]]
    """Every ``skos:prefLabel`` of a node as ``[language, text]``, sorted, each once (as kept in
    the snapshot file: equal lists are equal sets of labels, with nothing to convert)."""


_LANG_RANK = {"nb": "0", "nn": "1"}
_FACTS = frozenset({PART_OF_PLAN, RDF_TYPE, SOURCE_TEXT, IN_THEME, STATUS})


def _snapshot(quads: Iterable[ox.Quad]) -> _Snapshot:
    items: dict[str, dict[str, Any]] = {}
    labels: dict[str, str] = {}
    labels_lang: dict[str, str] = {}
    all_labels: dict[str, set[tuple[str, str]]] = {}
    links: set[tuple[str, str, str]] = set()
    facts: dict[str, dict[str, str]] = {}
    named = ox.NamedNode
    for q in quads:
        subject = q.subject
        if type(subject) is not named:
            continue
        s, p, o = subject.value, q.predicate.value, q.object
        if p == SKOS_PREF:
            value = str(getattr(o, "value", ""))
            lang = getattr(o, "language", None) or ""
            # One label per node, the same on every run: Bokmål before Nynorsk before others.
            rank = _LANG_RANK.get(lang, "2") + value
            if s not in labels or rank < labels_lang[s]:
                labels[s], labels_lang[s] = value, rank
            if s in all_labels:
                all_labels[s].add((lang, value))
            else:
                all_labels[s] = {(lang, value)}
        elif p in LINK_PREDICATES:
            if type(o) is named:
                links.add((s, p, o.value))
        elif p in _FACTS:
            f = facts.get(s)
            if f is None:
                facts[s] = {p: str(getattr(o, "value", ""))}
            elif p not in f:
                f[p] = str(getattr(o, "value", ""))
    for s, f in facts.items():
        if PART_OF_PLAN in f:
            items[s] = {
                "kind": f.get(RDF_TYPE, "").rsplit("#", 1)[-1],
                "text": f.get(SOURCE_TEXT, ""),
                "theme": f.get(IN_THEME),
                "status": f.get(STATUS),
            }
    every = {n: [list(pair) for pair in sorted(pairs)] for n, pairs in all_labels.items()}
    return _Snapshot(items, labels, links, every)


SNAPSHOT_FORMAT = 1
"""Bumped when ``_Snapshot`` changes: an older kept snapshot is then read again from its file."""


def version_snapshot(
    data_dir: str | Path, version: Version, quads: Iterable[ox.Quad] | None = None
) -> _Snapshot:
    """What a diff reads of one version, kept beside its file.

    A version file is written once and never changed, so what the diff reads of it (items,
    labels, links) is kept in ``.LABEL.snapshot.json`` in the plan's versions folder, under the
    file's size and modification time: a later diff reads that instead of parsing the TriG
    (a 10,000-item version: ~0.3 s of parsing against ~0.03 s). A snapshot that does not match
    its file, or cannot be read or written, is only slower: the file is parsed as before.
    ``quads``: the version's quads, just written to its file (the snapshot is made from them
    and kept, whatever was kept before).
    """
    trig = Path(data_dir) / "versions" / version.plan / f"{version.label}.trig"
    kept = trig.with_name(f".{version.label}.snapshot.json")
    try:
        st = trig.stat()
    except OSError:
        return _snapshot(read_version(data_dir, version))  # says which file is missing
    key = [SNAPSHOT_FORMAT, st.st_size, st.st_mtime_ns]
    if quads is None:
        try:
            found = json.loads(kept.read_bytes())
            if found.get("key") == key and isinstance(found["all_labels"], dict):
                return _Snapshot(
                    found["items"],
                    found["labels"],
                    {(a, b, c) for a, b, c in found["links"]},
                    found["all_labels"],
                )
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
        quads = read_version(data_dir, version)
    snap = _snapshot(quads)
    body = {
        "key": key,
        "items": snap.items,
        "labels": snap.labels,
        "links": sorted(snap.links),
        "all_labels": snap.all_labels,
    }
    with contextlib.suppress(OSError, StoreError):
        atomic_write(kept, json.dumps(body, ensure_ascii=False).encode("utf-8"))
    return snap


_TOKEN = re.compile(r"\S+")


def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """The word-level edits from ``old`` to ``new``: ``{"op", "old", "new"}`` per run of words,
    ``op`` one of equal, delete, insert, replace."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        out.append({"op": op, "old": " ".join(a[i1:i2]), "new": " ".join(b[j1:j2])})
    return out


def inline_diff(edits: list[dict[str, str]]) -> str:
    """The word diff as one line: ``[-removed-]{+added+}`` (the wdiff convention)."""
    parts = []
    for e in edits:
        if e["op"] == "equal":
            parts.append(e["old"])
        if e["op"] in ("delete", "replace"):
            parts.append(f"[-{e['old']}-]")
        if e["op"] in ("insert", "replace"):
            parts.append(f"{{+{e['new']}+}}")
    return " ".join(parts)


def pick_versions(
    data_dir: str | Path | None, plan: str, from_label: str | None, to_label: str | None
) -> tuple[Version, Version]:
    """The two versions to compare: as given, else the two latest (by date)."""
    versions = list_versions(data_dir, plan)
    if len(versions) < 2 and not (from_label and to_label):
        raise InputError(
            f"plan {plan!r} has {len(versions)} recorded version(s); a diff needs two "
            "(load a new version with `plangraph import`)"
        )
    for label in (from_label, to_label):
        _check_label(label, plan, versions)
    new = find_version(data_dir, plan, to_label) if to_label else versions[-1]
    if from_label:
        old = find_version(data_dir, plan, from_label)
    else:
        before = [v for v in versions if (v.date, v.order) < (new.date, new.order)]
        if not before:
            raise InputError(f"version {new.label!r} is the first version of {plan!r}; give --from")
        old = before[-1]
    return old, new


def _check_label(label: str | None, plan: str, versions: list[Version]) -> None:
    """A version of another plan (``OTHER/LABEL`` or its graph IRI) is a clear error."""
    if label is None:
        return
    text = label
    if text.startswith(str(GRAPH)):
        text = text[len(str(GRAPH)) :].replace("/version/", "/", 1)
    if "/" in text:
        other = text.split("/", 1)[0]
        if other != plan:
            raise InputError(
                f"version {label!r} belongs to plan {other!r}, not {plan!r}: a diff compares two "
                "versions of one plan"
            )


def plan_diff(
    data_dir: str | Path,
    plan: str,
    from_label: str | None = None,
    to_label: str | None = None,
    store: PlanStore | None = None,
) -> dict[str, Any]:
    """The differences between two versions of ``plan`` (default: the two latest)."""
    from_label = _strip_plan(from_label, plan)
    to_label = _strip_plan(to_label, plan)
    old_v, new_v = pick_versions(data_dir, plan, from_label, to_label)
    old = version_snapshot(data_dir, old_v)
    new = version_snapshot(data_dir, new_v)
    labels = {**old.labels, **new.labels}
    if store is not None:
        wanted = {t[2] for t in old.links | new.links}
        for snap in (old, new):
            wanted.update(item["theme"] for item in snap.items.values())
            wanted.update(item["status"] for item in snap.items.values())
        wanted.discard(None)
        labels |= _store_labels(store, sorted(w for w in wanted if w not in labels))

    def node(iri: str | None) -> dict[str, str] | None:
        if iri is None:
            return None
        label = labels.get(iri) or _item_label(old, new, iri) or iri.rstrip("/").rsplit("/", 1)[-1]
        return {"iri": iri, "label": label}

    added = [
        {**_n(node(i)), "kind": new.items[i]["kind"]}
        for i in sorted(new.items.keys() - old.items.keys())
    ]
    removed = [
        {**_n(node(i)), "kind": old.items[i]["kind"]}
        for i in sorted(old.items.keys() - new.items.keys())
    ]
    changed = []
    for iri in sorted(old.items.keys() & new.items.keys()):
        a, b = old.items[iri], new.items[iri]
        what: dict[str, Any] = {}
        if a["text"] != b["text"]:
            edits = word_diff(a["text"], b["text"])
            what["reworded"] = {
                "old": a["text"],
                "new": b["text"],
                "words": [e for e in edits if e["op"] != "equal"],
                "inline": inline_diff(edits),
            }
        if old.all_labels.get(iri) != new.all_labels.get(iri):
            what["label"] = _label_change(old, new, iri)
        if a["theme"] != b["theme"]:
            what["theme"] = {"old": node(a["theme"]), "new": node(b["theme"])}
        if a["status"] != b["status"]:
            what["status"] = {"old": node(a["status"]), "new": node(b["status"])}
        if what:
            changed.append({**_n(node(iri)), "kind": b["kind"], "changes": what})

    def link(t: tuple[str, str, str]) -> dict[str, Any]:
        return {"subject": node(t[0]), "predicate": LINK_PREDICATES[t[1]], "object": node(t[2])}

    return {
        "plan": plan,
        "from": _version_json(old_v),
        "to": _version_json(new_v),
        "added": added,
        "removed": removed,
        "changed": changed,
        "links_added": [link(t) for t in sorted(new.links - old.links)],
        "links_removed": [link(t) for t in sorted(old.links - new.links)],
    }


def _label_change(old: _Snapshot, new: _Snapshot, iri: str) -> dict[str, str | None]:
    """A changed ``skos:prefLabel`` as ``{"old", "new"}``: the preferred label (Bokmål first);
    every label with its language when the preferred one stayed and another one changed."""
    a, b = old.labels.get(iri), new.labels.get(iri)
    if a != b:
        return {"old": a, "new": b}

    def every(snap: _Snapshot) -> str:
        found = sorted(snap.all_labels.get(iri, ()))
        return "; ".join(f"{v}@{lang}" if lang else v for lang, v in found)

    return {"old": every(old), "new": every(new)}


def _n(value: dict[str, str] | None) -> dict[str, str]:
    assert value is not None
    return value


def _item_label(old: _Snapshot, new: _Snapshot, iri: str) -> str | None:
    item = new.items.get(iri) or old.items.get(iri)
    if item and item["text"]:
        text: str = item["text"].split("\n")[0]
        return text if len(text) <= 80 else text[:77] + "..."
    return None


def _strip_plan(label: str | None, plan: str) -> str | None:
    """``PLAN/LABEL`` or the version graph IRI, as just ``LABEL`` (another plan: a clear error)."""
    if label is None:
        return None
    _check_label(label, plan, [])
    text = label
    if text.startswith(str(GRAPH)):
        text = text[len(str(GRAPH)) :].replace("/version/", "/", 1)
    return text.split("/", 1)[1] if "/" in text else text


def _version_json(v: Version) -> dict[str, Any]:
    return {"label": v.label, "date": v.date.isoformat(), "graph": v.graph}


# -- rendering --------------------------------------------------------------------------------


def _describe(change: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    c = change["changes"]
    if "reworded" in c:
        rows.append(("reworded", c["reworded"]["inline"]))
    if "label" in c:
        old, new = c["label"]["old"] or "(none)", c["label"]["new"] or "(none)"
        rows.append(("label", f"{old} -> {new}"))
    if "theme" in c:
        rows.append(("theme", f"{_lbl(c['theme']['old'])} -> {_lbl(c['theme']['new'])}"))
    if "status" in c:
        rows.append(("status", f"{_lbl(c['status']['old'])} -> {_lbl(c['status']['new'])}"))
    return rows


def _lbl(n: dict[str, str] | None) -> str:
    return n["label"] if n else "(none)"


def diff_rows(diff: dict[str, Any]) -> list[dict[str, str]]:
    """The diff as flat rows (change, kind, iri, label, detail): for tables and CSV."""
    rows: list[dict[str, str]] = []
    for entry in diff["added"]:
        rows.append(
            {
                "change": "added",
                "kind": entry["kind"],
                "iri": entry["iri"],
                "label": entry["label"],
                "detail": "",
            }
        )
    for entry in diff["removed"]:
        rows.append(
            {
                "change": "removed",
                "kind": entry["kind"],
                "iri": entry["iri"],
                "label": entry["label"],
                "detail": "",
            }
        )
    for entry in diff["changed"]:
        for what, detail in _describe(entry):
            rows.append(
                {
                    "change": what,
                    "kind": entry["kind"],
                    "iri": entry["iri"],
                    "label": entry["label"],
                    "detail": detail,
                }
            )
    for key, change in (("links_added", "link added"), ("links_removed", "link removed")):
        for link in diff[key]:
            rows.append(
                {
                    "change": change,
                    "kind": link["predicate"],
                    "iri": link["subject"]["iri"],
                    "label": link["subject"]["label"],
                    "detail": f"{link['predicate']} {link['object']['label']} <{link['object']['iri']}>",
                }
            )
    return rows


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _named(v: dict[str, Any]) -> str:
    """A version as ``LABEL`` or ``LABEL (DATE)`` when the label is not the date."""
    return v["label"] if v["label"] == v["date"] else f"{v['label']} ({v['date']})"


def render_markdown(diff: dict[str, Any], lang: str = "nb") -> str:
    """The diff in Markdown, to paste into a case document (saksframlegg); Bokmål by default,
    the words from the i18n catalogue."""
    from plangraph.i18n import catalogue, text

    words = catalogue(lang)

    def t(key: str, **fields: Any) -> str:
        return text(f"diff.md.{key}", lang, **fields)

    f, to = diff["from"], diff["to"]
    lines = [
        "## " + t("title", plan=diff["plan"], old=_named(f), new=_named(to)),
        "",
        "- " + t("count.added", n=len(diff["added"])),
        "- " + t("count.removed", n=len(diff["removed"])),
        "- " + t("count.changed", n=len(diff["changed"])),
        "- " + t("count.links", added=len(diff["links_added"]), removed=len(diff["links_removed"])),
        "",
    ]

    def kind(name: str) -> str:
        return words.get(f"diff.md.kind.{name}", name)

    def section(key: str, entries: list[dict[str, Any]]) -> None:
        if not entries:
            return
        lines.extend([f"### {t(key)}", ""])
        for e in entries:
            lines.append(f"- {_md_escape(e['label'])} ({kind(e['kind'])})")
        lines.append("")

    section("added", diff["added"])
    section("removed", diff["removed"])
    if diff["changed"]:
        head = f"| {t('col.item')} | {t('col.change')} | {t('col.details')} |"
        lines.extend([f"### {t('changed')}", "", head, "|---|---|---|"])
        for e in diff["changed"]:
            for what, detail in _describe(e):
                detail = re.sub(r"\[-(.*?)-\]", r"~~\1~~", detail)
                detail = re.sub(r"\{\+(.*?)\+\}", r"**\1**", detail)
                lines.append(
                    f"| {_md_escape(e['label'])} | {t('change.' + what)} | {_md_escape(detail)} |"
                )
        lines.append("")
    for key in ("links_added", "links_removed"):
        if diff[key]:
            lines.extend([f"### {t(key)}", ""])
            for link in diff[key]:
                lines.append(
                    f"- {_md_escape(link['subject']['label'])} {link['predicate']} "
                    f"{_md_escape(link['object']['label'])}"
                )
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_diff(diff: dict[str, Any], fmt: str, lang: str = "nb") -> str:
    """The diff as ``table`` (plain text), ``json``, ``csv`` or ``md`` (in ``lang``)."""
    if fmt == "json":
        from plangraph.output import dumps  # json.dumps(indent=2)'s text, faster

        return dumps(diff)
    if fmt == "md":
        return render_markdown(diff, lang)
    rows = diff_rows(diff)
    columns = ["change", "kind", "iri", "label", "detail"]
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}; known: {', '.join(DIFF_FORMATS)}")
    f, t = diff["from"], diff["to"]
    head = (
        f"{diff['plan']}: {_named(f)} -> {_named(t)}: "
        f"{len(diff['added'])} added, {len(diff['removed'])} removed, {len(diff['changed'])} "
        f"changed, {len(diff['links_added'])} links added, {len(diff['links_removed'])} removed"
    )
    out = [head]
    for r in rows:
        label = r["label"] if len(r["label"]) <= 60 else r["label"][:57] + "..."
        detail = f"  {r['detail']}" if r["detail"] else ""
        out.append(f"{r['change']:<13} {r['kind']:<12} {label}{detail}")
    return "\n".join(out) + "\n"


# -- coverage over time -----------------------------------------------------------------------


def _coverage_sets(
    store: PlanStore, plan_graph: str, version_quads: list[ox.Quad]
) -> tuple[set[str], set[str]]:
    """(challenges, addressed challenges) in the store with the plan's graph swapped for a
    version. Read straight from the indexes where the store has them."""
    rdf_type = ox.NamedNode(RDF_TYPE)
    challenge = ox.NamedNode(CHALLENGE)
    addresses = ox.NamedNode(ADDRESSES)
    challenges: set[str] = set()
    addressed: set[str] = set()
    patterns = store.patterns
    if patterns is not None:
        for q in patterns(None, rdf_type, challenge, None):
            if q.graph_name.value != plan_graph:  # type: ignore[union-attr]
                challenges.add(q.subject.value)  # type: ignore[union-attr]
        for q in patterns(None, addresses, None, None):
            if q.graph_name.value != plan_graph:  # type: ignore[union-attr]
                addressed.add(q.object.value)  # type: ignore[union-attr]
    else:
        rows = store.select_plain(
            "SELECT ?c ?g WHERE { GRAPH ?g { ?c a <" + CHALLENGE + "> } }"
        ).rows
        challenges |= {str(r.c) for r in rows if str(r.g) != plan_graph}
        rows = store.select_plain(
            "SELECT ?c ?g WHERE { GRAPH ?g { ?m <" + ADDRESSES + "> ?c } }"
        ).rows
        addressed |= {str(r.c) for r in rows if str(r.g) != plan_graph}
    for q in version_quads:
        p = q.predicate.value
        if p == RDF_TYPE and q.object.value == CHALLENGE:  # type: ignore[union-attr]
            challenges.add(q.subject.value)  # type: ignore[union-attr]
        elif p == ADDRESSES:
            addressed.add(q.object.value)  # type: ignore[union-attr]
    return challenges, addressed


def coverage_change(
    store: PlanStore,
    data_dir: str | Path,
    plan: str,
    from_label: str | None = None,
    to_label: str | None = None,
) -> dict[str, Any]:
    """Challenges that became uncovered, and newly covered, between two versions of ``plan``
    (the rest of the store as it is now)."""
    from_label = _strip_plan(from_label, plan)
    to_label = _strip_plan(to_label, plan)
    old_v, new_v = pick_versions(data_dir, plan, from_label, to_label)
    graph = str(GRAPH[plan])
    old_quads = read_version(data_dir, old_v)
    new_quads = read_version(data_dir, new_v)
    old_all, old_cov = _coverage_sets(store, graph, old_quads)
    new_all, new_cov = _coverage_sets(store, graph, new_quads)
    old_gaps = old_all - old_cov
    new_gaps = new_all - new_cov
    labels = version_snapshot(data_dir, old_v).labels | version_snapshot(data_dir, new_v).labels
    missing = [c for c in (old_gaps ^ new_gaps) if c not in labels]
    if missing:
        labels |= _store_labels(store, missing)

    def rows(iris: set[str]) -> list[dict[str, str]]:
        return [{"iri": i, "label": labels.get(i, i.rsplit("/", 1)[-1])} for i in sorted(iris)]

    return {
        "plan": plan,
        "from": _version_json(old_v),
        "to": _version_json(new_v),
        "newly_uncovered": rows((new_gaps - old_gaps) & new_all),
        "newly_covered": rows((old_gaps - new_gaps) & new_all),
        "challenges_removed": rows(old_all - new_all),
        "challenges_added": rows(new_all - old_all),
        "uncovered_before": len(old_gaps),
        "uncovered_after": len(new_gaps),
    }


def _store_labels(store: PlanStore, iris: list[str]) -> dict[str, str]:
    """Labels (skos:prefLabel, else rdfs:label; Bokmål first) of nodes from the store."""
    out: dict[str, str] = {}
    patterns = store.patterns
    props = [ox.NamedNode(SKOS_PREF), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")]
    for iri in iris:
        found: list[tuple[str, str]] = []
        for prop in props:
            if patterns is not None:
                for q in patterns(ox.NamedNode(iri), prop, None, None):
                    o = q.object
                    lang = getattr(o, "language", None) or ""
                    found.append(({"nb": "0", "nn": "1", "en": "2"}.get(lang, "3"), str(o.value)))  # type: ignore[union-attr]
            else:
                rows = store.select_plain(f"SELECT ?l WHERE {{ <{iri}> <{prop.value}> ?l }}").rows
                for r in rows:
                    lang = getattr(r.l, "lang", None) or ""
                    found.append(({"nb": "0", "nn": "1", "en": "2"}.get(lang, "3"), str(r.l)))
            if found:
                break
        if found:
            out[iri] = min(found)[1]
    return out


def diff_nodes(
    data_dir: str | Path,
    plan: str,
    from_label: str | None = None,
    to_label: str | None = None,
    store: PlanStore | None = None,
) -> dict[str, Any]:
    """Every item of either version with its state (added, removed, changed, unchanged) and
    theme: what a picture of the diff draws. Also the ``plan_diff`` itself, as ``diff``."""
    diff = plan_diff(data_dir, plan, from_label, to_label, store=store)
    old_v, new_v = pick_versions(
        data_dir, plan, _strip_plan(from_label, plan), _strip_plan(to_label, plan)
    )
    old = version_snapshot(data_dir, old_v)
    new = version_snapshot(data_dir, new_v)
    labels = {**old.labels, **new.labels}
    themes = {i["theme"] for s in (old, new) for i in s.items.values() if i["theme"]}
    missing = [t for t in themes if t not in labels]
    if store is not None and missing:
        labels |= _store_labels(store, missing)
    state = {e["iri"]: "added" for e in diff["added"]}
    state |= {e["iri"]: "removed" for e in diff["removed"]}
    state |= {e["iri"]: "changed" for e in diff["changed"]}
    nodes = []
    for iri in sorted(old.items.keys() | new.items.keys()):
        item = new.items.get(iri) or old.items[iri]
        theme = item["theme"]
        nodes.append(
            {
                "iri": iri,
                "label": labels.get(iri) or _item_label(old, new, iri) or iri.rsplit("/", 1)[-1],
                "kind": item["kind"],
                "state": state.get(iri, "unchanged"),
                "theme": {"iri": theme, "label": labels.get(theme, theme.rsplit("/", 1)[-1])}
                if theme
                else None,
            }
        )
    return {"diff": diff, "nodes": nodes}
