"""The remote backend: an existing SPARQL 1.1 server over the SPARQL and Graph Store Protocols."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from plangraph.errors import (
    QueryInputError,
    StoreError,
)
from plangraph.store.base import (
    Bindings,
    PlanStore,
    SelectResult,
    _from_ox_triples,
    _graph_of,
    _query_error,
)
from plangraph.store.formats import RdfFormat
from plangraph.store.oxigraph import OxigraphStore
from plangraph.terms import (
    PlainResult,
    check_iri,
    plain_from_json,
    to_ox,
)


class SparqlEndpointStore(PlanStore):
    """An existing SPARQL 1.1 server, through the SPARQL 1.1 Protocol and Graph Store Protocol.

    Works with any server that speaks both (Oxigraph server, Apache Jena Fuseki, GraphDB, ...).
    Every query is sent with the store's named graphs as ``default-graph-uri`` (their union) and
    ``named-graph-uri``, so nothing depends on a server's union-default-graph setting. Bindings
    travel as a trailing ``VALUES`` block, which is why bound variables must be projected (the
    same rule as for pyoxigraph's substitutions).
    """

    backend = "sparql"

    @property
    def generation(self) -> int | None:
        """``None``: other clients of the server can change the data; nothing may be cached."""
        return None

    def __init__(
        self,
        query_url: str,
        *,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        super().__init__()
        import httpx  # only this backend needs an HTTP client

        check_iri(query_url)
        base = query_url[: -len("/query")] if query_url.endswith("/query") else None
        self.query_url = query_url
        self.update_url = update_url or (f"{base}/update" if base else None)
        self.graph_store_url = graph_store_url or (f"{base}/store" if base else None)
        self._http = httpx.Client(timeout=timeout, follow_redirects=False)
        self._graphs: list[URIRef] | None = None

    def close(self) -> None:
        self._http.close()

    # -- protocol ----------------------------------------------------------------------------

    def _post_query(self, query: str, accept: str, *, dataset: bool = True) -> Any:
        form: list[tuple[str, str]] = [("query", query)]
        if dataset:
            names = [str(g) for g in self.graph_names()]
            form += [("default-graph-uri", g) for g in names]
            form += [("named-graph-uri", g) for g in names]
        try:
            response = self._http.post(
                self.query_url,
                content=urlencode(form),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
            )
        except Exception as exc:
            raise StoreError(f"SPARQL endpoint {self.query_url} unreachable: {exc}") from None
        if response.status_code == 400:
            raise QueryInputError(f"the SPARQL endpoint refused the query: {response.text[:300]}")
        if response.status_code >= 300:
            raise StoreError(
                f"SPARQL endpoint {self.query_url} answered {response.status_code}: "
                f"{response.text[:200]}"
            )
        return response

    def _with_values(self, query: str, bindings: Bindings | None) -> str:
        if not bindings:
            return query
        names = " ".join(f"?{name}" for name in bindings)
        values = " ".join(term.n3() for term in bindings.values())
        return f"{query}\nVALUES ({names}) {{ ({values}) }}"

    def _check_syntax(self, query: str) -> None:
        # Parse locally first: the same syntax errors as the embedded store, with line and
        # column, and nothing malformed goes over the wire.
        try:
            ox.Store().query(query)
        except SyntaxError as exc:
            raise _query_error(exc, query) from None

    def _select_json(self, query: str, bindings: Bindings | None) -> Any:
        """The SPARQL JSON results of a SELECT query, checked locally first."""
        self._check_syntax(query)
        response = self._post_query(
            self._with_values(query, bindings), "application/sparql-results+json"
        )
        payload = response.json()
        if "results" not in payload:
            raise QueryInputError("expected a SELECT query")
        return payload

    def select(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> SelectResult:
        payload = self._select_json(query, bindings)
        variables = list(payload["head"].get("vars", []))
        out = SelectResult(variables)
        cache: dict[str, URIRef] = {}
        for binding in payload["results"]["bindings"]:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append({v: _from_json_term(binding.get(v), cache) for v in variables})
        return out

    def select_plain(
        self, query: str, bindings: Bindings | None = None, *, limit: int | None = None
    ) -> PlainResult:
        payload = self._select_json(query, bindings)
        out = PlainResult(list(payload["head"].get("vars", [])))
        names = out.variables
        for binding in payload["results"]["bindings"]:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append(tuple(plain_from_json(binding.get(v)) for v in names))
        return out

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        self._check_syntax(query)
        payload = self._post_query(
            self._with_values(query, bindings), "application/sparql-results+json"
        ).json()
        if "boolean" not in payload:
            raise QueryInputError("expected an ASK query")
        return bool(payload["boolean"])

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        self._check_syntax(query)
        response = self._post_query(self._with_values(query, bindings), "application/n-triples")
        return _graph_of(
            _from_ox_triples(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        )

    # -- graphs ------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        if self._graphs is None:
            response = self._post_query(
                "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                "application/sparql-results+json",
                dataset=False,
            )
            self._graphs = sorted(
                URIRef(b["g"]["value"])
                for b in response.json()["results"]["bindings"]
                if b["g"]["type"] == "uri"
            )
        return list(self._graphs)

    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        if graph is not None:
            query += f"\nVALUES ?g {{ {graph.n3()} }}"
        response = self._post_query(query, "application/sparql-results+json", dataset=False)
        cache: dict[str, URIRef] = {}
        for b in response.json()["results"]["bindings"]:
            s, p, o = (_from_json_term(b[v], cache) for v in "spo")
            assert s is not None and p is not None and o is not None
            yield s, p, o, URIRef(b["g"]["value"])

    def __len__(self) -> int:
        response = self._post_query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "application/sparql-results+json",
            dataset=False,
        )
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    def _graph_store(self, method: str, graph: URIRef, body: bytes | None = None) -> None:
        if self.graph_store_url is None:
            raise StoreError("this SPARQL store has no Graph Store Protocol URL: it is read-only")
        try:
            response = self._http.request(
                method,
                self.graph_store_url,
                params={"graph": str(graph)},
                content=body,
                headers={"Content-Type": "application/n-triples"} if body is not None else {},
            )
        except Exception as exc:
            raise StoreError(f"graph store {self.graph_store_url} unreachable: {exc}") from None
        if response.status_code == 404 and method == "DELETE":
            return
        if response.status_code >= 300:
            raise StoreError(
                f"graph store {self.graph_store_url} answered {response.status_code} to {method}"
            )

    def _insert(self, quads: Iterable[ox.Quad]) -> None:
        by_graph: dict[str, list[ox.Triple]] = {}
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode):
                by_graph.setdefault(q.graph_name.value, []).append(q.triple)
        for name, triples in by_graph.items():
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            assert isinstance(body, bytes)
            self._graph_store("POST", URIRef(name), body)
        self._graphs = None

    def _clear_graph(self, graph: URIRef) -> None:
        self._graph_store("DELETE", graph)
        self._graphs = None

    def serialize(self, fmt: str | RdfFormat, graph: URIRef | None = None) -> bytes:
        scratch = OxigraphStore()
        scratch._insert(
            [
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))
                for s, p, o, g in self.quads(graph)
            ]
        )
        return scratch.serialize(fmt, graph)


def _from_json_term(value: dict[str, str] | None, cache: dict[str, URIRef]) -> Node | None:
    """An rdflib term from a SPARQL 1.1 JSON results term."""
    if value is None:
        return None
    kind = value["type"]
    if kind == "uri":
        text = value["value"]
        cached = cache.get(text)
        if cached is None:
            cached = cache[text] = URIRef(text)
        return cached
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != str(XSD.string):
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])
