"""SHACL validation with pySHACL, reported so that a person can read it.

Structure problems are Violations (a measure without a label, a challenge without a theme);
coverage problems are Warnings (a challenge no measure addresses), so that validation itself
reports the gaps.
"""

from __future__ import annotations

import functools
import pickle
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from plangraph import resources
from plangraph.labels import curie, local_name, pick_label
from plangraph.rdflib_guard import guard_rdflib
from plangraph.store import PlanStore

__all__ = ["Finding", "ValidationReport", "validate_graph", "validate_store"]

_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Finding:
    """One SHACL result: which node, its label, what is wrong and how bad it is."""

    severity: str
    node: str
    label: str
    message: str
    path: str = ""
    value: str = ""
    shape: str = ""

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form: the node as an object with ``iri`` and ``label``."""
        return {
            "severity": self.severity,
            "node": {"iri": self.node, "label": self.label},
            "message": self.message,
            "path": self.path,
            "value": self.value,
        }


@dataclass
class ValidationReport:
    """The findings of one validation run. ``conforms`` is false only if there is a Violation."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def summary(self) -> str:
        """One line: how many violations and warnings."""
        return f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s): " + (
            "conforms" if self.conforms else "does not conform"
        )


@functools.cache
def _parsed(name: str) -> bytes:
    """``shapes`` or ``ontology`` parsed from its packaged Turtle once per process, kept pickled.

    pySHACL adds to the shapes graph it is given, so every validation gets a graph of its own:
    unpickling one (triples, prefixes) costs a third of parsing the Turtle again, which was a
    third of a start-up structure check of the seed data (one validation per plan file).
    """
    source = resources.shapes_file() if name == "shapes" else resources.ontology_file()
    return pickle.dumps(Graph().parse(data=source.read_bytes(), format="turtle"))


def _shapes_graph() -> Graph:
    graph: Graph = pickle.loads(_parsed("shapes"))  # noqa: S301 (our own bytes, made above)
    return graph


def _ontology_graph() -> Graph:
    graph: Graph = pickle.loads(_parsed("ontology"))  # noqa: S301 (our own bytes, made above)
    return graph


@functools.cache
def _inoculation() -> tuple[tuple[tuple[Node, Node, Node], ...], tuple[tuple[str, URIRef], ...]]:
    """What pySHACL mixes into a data graph from the ontology (``ont_graph``), once per process:
    the triples its ``inoculate`` adds, in the order it adds them (each once), and the
    ontology's prefixes, which it binds where the data lacks them.

    ``inoculate`` copies the ontology's class and property axioms node by node (``clone_node``),
    the same ~520 triples into every graph: ~50 ms of CPU a validation, a quarter of a small
    one. The ontology has no blank nodes (checked here), so every triple it adds is one of the
    ontology's own, and which ones and in what order does not depend on the data. Adding these
    triples in that order, skipping those the data holds (for which its ``add`` changes
    nothing), leaves the data graph exactly as ``inoculate`` leaves it: the same triples in the
    same order in rdflib's indexes, so the validation walks it in the same order.
    """
    from pyshacl.rdfutil.inoculate import inoculate

    ontology = _ontology_graph()
    added: dict[tuple[Node, Node, Node], None] = {}

    class _Recording(Graph):
        def add(self, triple: Any) -> Any:
            added.setdefault(tuple(triple))  # type: ignore[arg-type]
            return super().add(triple)

    inoculate(_Recording(), ontology)  # type: ignore[arg-type] # its own wrapper adds alike
    if any(isinstance(term, BNode) for triple in added for term in triple):
        raise AssertionError("the ontology has blank nodes: pySHACL would clone them anew")
    return tuple(added), tuple((str(p), URIRef(n)) for p, n in ontology.namespaces())


def _mix_in_ontology(data: Graph) -> list[tuple[Node, Node, Node]]:
    """``data`` as pySHACL's ``inoculate`` of the ontology leaves it (see ``_inoculation``);
    returns the triples it added, to take out again."""
    triples, prefixes = _inoculation()
    held = {p for p, _n in data.namespace_manager.namespaces()}
    for prefix, namespace in prefixes:
        if prefix not in held:
            data.namespace_manager.bind(prefix, namespace)
    added = [t for t in triples if t not in data]
    data.addN((s, p, o, data) for s, p, o in added)
    return added


def _text(term: Node | None, data: Graph, results: Graph | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, BNode) and results is not None:
        inverse = results.value(term, SH.inversePath)
        if inverse is not None:
            return "^" + _text(inverse, data)
    if isinstance(term, URIRef):
        return curie(term)
    return str(term)


def validate_graph(data: Graph, *, lang: str = "en", scratch: bool = False) -> ValidationReport:
    """Validate ``data`` against ``ontology/shapes.ttl``, with the ontology as class hierarchy.

    ``scratch``: ``data`` is a graph the caller made for this check alone (no other thread reads
    it meanwhile). The ontology is then mixed into ``data`` itself rather than into a copy of it
    (pySHACL's in-place mode; copying the data was ~25 % of a check's time), from triples worked
    out once per process (``_inoculation``: cloning them node by node was another ~25 %), and
    the triples it added are taken out again before the findings are read: ``data`` holds what
    it held before (its namespace bindings may gain the ontology's prefixes), and the findings
    are the same.

    >>> validate_graph(Graph()).conforms
    True
    """
    # pySHACL (imported here: a server that checks nothing at start-up never loads it until a
    # write) runs rdflib's SPARQL engine: parse under the lock, and no evaluation hook an
    # installed package registered runs here (the server's start-up check comes before the app).
    from pyshacl import validate as shacl_validate

    guard_rdflib()
    # In place, into a plain graph: the ontology mixed in here as pySHACL would
    # (``_mix_in_ontology``), its triples taken out again afterwards. Otherwise (a copy, or a
    # dataset, which pySHACL gives a graph of the ontology's own) pySHACL mixes it in.
    mix_here = scratch and not isinstance(data, ConjunctiveGraph)
    added: list[tuple[Node, Node, Node]] = []
    try:
        added = _mix_in_ontology(data) if mix_here else []
        _conforms, results, _text_report = shacl_validate(
            data,
            shacl_graph=_shapes_graph(),
            ont_graph=None if mix_here else _ontology_graph(),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            advanced=True,
            inplace=scratch,
        )
    finally:
        for triple in added:
            data.remove(triple)
    assert isinstance(results, Graph)
    findings = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        severity_term: Any = results.value(result, SH.resultSeverity)
        severity = _SEVERITY.get(severity_term, "Info")
        messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        message = pick_label(messages, lang, default="")
        if not message:
            component = results.value(result, SH.sourceConstraintComponent)
            message = f"fails {local_name(component) if component else 'a shape'}"
        labels = list(data.objects(focus, URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")))
        findings.append(
            Finding(
                severity=severity,
                node=str(focus),
                label=pick_label(labels, "nb", default=local_name(focus) if focus else ""),
                message=message,
                path=_text(results.value(result, SH.resultPath), data, results),
                value=_text(results.value(result, SH.value), data),
                shape=str(results.value(result, SH.sourceShape) or ""),
            )
        )
    findings.sort(key=lambda f: (_ORDER.get(f.severity, 3), f.node, f.message))
    return ValidationReport(findings)


def validate_store(store: PlanStore, graph: URIRef | None = None) -> ValidationReport:
    """Validate the plan data in ``store`` (one named graph, or all but the ontology)."""
    return validate_graph(store.to_graph(graph, ontology=False), scratch=True)
