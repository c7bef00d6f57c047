"""The remote backend: an existing SPARQL 1.1 server over the SPARQL and Graph Store Protocols."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from plangraph.errors import (
    InputError,
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

UPDATE_CHUNK = 2000
"""Triples per ``INSERT DATA`` when writing through SPARQL Update."""

SERVER_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
)
"""Prefixes of named graphs a server keeps for itself (Virtuoso's own mappings, LDP terms and
service description): never part of plangraph's dataset, never written or removed."""


def parse_endpoint(text: str) -> tuple[str, str | None, str | None]:
    """``QUERY_URL[;update=URL][;store=URL]`` -> (query URL, update URL, Graph Store URL).

    >>> parse_endpoint("http://h:8890/sparql;update=http://h:8890/sparql")
    ('http://h:8890/sparql', 'http://h:8890/sparql', None)
    """
    query_url, *options = text.split(";")
    found: dict[str, str] = {}
    for option in options:
        key, sep, value = option.partition("=")
        if not sep or key not in ("update", "store") or not value or key in found:
            raise InputError(
                f"bad SPARQL store option {option!r}: use ;update=URL and/or ;store=URL "
                "after the query URL"
            )
        found[key] = value
    return query_url, found.get("update"), found.get("store")


def with_values(query: str, values: str) -> str:
    """``query`` with the ``VALUES`` block ``values`` first in its WHERE group.

    Not as a trailing ``VALUES`` after the query: Virtuoso 7 does not join a trailing block
    with a ``DISTINCT`` query over ``UNION``s (it returned every node's labels for one node's).
    Inside the group the block joins with the pattern before grouping; for variables that are
    projected (the rule for bindings) the rows are the same.

    >>> with_values("SELECT ?x WHERE { ?x ?p ?o }", "VALUES (?x) { (<a:b>) }")
    'SELECT ?x WHERE { VALUES (?x) { (<a:b>) } ?x ?p ?o }'
    >>> with_values("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", "VALUES ?x { <a:b> }")
    'CONSTRUCT { ?x ?p ?o } WHERE { VALUES ?x { <a:b> } ?x ?p ?o }'
    >>> with_values("SELECT * { ?x ?p '{where' } # {", "VALUES ?x { <a:b> }")
    "SELECT * { VALUES ?x { <a:b> } ?x ?p '{where' } # {"
    """
    brace = _where_brace(query)
    return f"{query[: brace + 1]} {values}{query[brace + 1 :]}"


_LONG_QUOTES = ("'''", '"""')


def _where_brace(query: str) -> int:
    """Where the query's WHERE group opens: the ``{`` after a top-level ``WHERE``, else (a
    SELECT or ASK without the keyword) the first top-level ``{``. Strings, IRIs and comments
    are skipped."""
    depth = 0
    first: int | None = None
    after_where = False
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            i = n if end < 0 else end
        elif c in "'\"":
            quote = query[i : i + 3] if query[i : i + 3] in _LONG_QUOTES else c
            i += len(quote)
            while i < n and not query.startswith(quote, i):
                i += 2 if query[i] == "\\" else 1
            i += len(quote) - 1
        elif c == "<":
            end = query.find(">", i)
            if end > 0 and not any(ch.isspace() for ch in query[i:end]):
                i = end  # an IRI; otherwise the less-than operator
        elif c == "{":
            if depth == 0:
                if after_where:
                    return i
                if first is None:
                    first = i
            depth += 1
        elif c == "}":
            depth -= 1
        elif (
            depth == 0
            and query[i : i + 5].upper() == "WHERE"
            and (i == 0 or not (query[i - 1].isalnum() or query[i - 1] in "_?$:"))
        ):
            after_where = True
            i += 4
        i += 1
    if first is None:
        raise QueryInputError("the query has no WHERE group to bind values in")
    return first


@functools.cache
def _tls_context() -> Any:
    """One TLS context per process for every remote store's HTTP client: httpx's default
    (its CA bundle loaded, certificates and host names checked), which httpx would otherwise
    make again for every new client (~65 ms of CPU each)."""
    import httpx

    return httpx.create_ssl_context()


class SparqlEndpointStore(PlanStore):
    """An existing SPARQL 1.1 server, through the SPARQL 1.1 Protocol and either the Graph Store
    Protocol or SPARQL 1.1 Update for writes.

    Works with any server that speaks them (Oxigraph server, OpenLink Virtuoso, Apache Jena
    Fuseki, GraphDB, ...). Every query is sent with the store's named graphs as
    ``default-graph-uri`` (their union) and ``named-graph-uri``, so nothing depends on a server's
    union-default-graph setting. Bindings travel as a trailing ``VALUES`` block, which is why
    bound variables must be projected (the same rule as for pyoxigraph's substitutions).

    ``query_url`` may carry ``;update=URL`` and ``;store=URL`` (see ``parse_endpoint``); for an
    Oxigraph-style ``.../query`` URL both are derived. Writes go through the Graph Store
    Protocol when its URL is known, else through SPARQL Update (``INSERT DATA``, ``DROP
    GRAPH``); with neither the store is read-only. Graphs the server keeps for itself
    (``SERVER_GRAPHS``) are left out of everything.
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

        query_url, update_option, store_option = parse_endpoint(query_url)
        update_url = update_url or update_option
        graph_store_url = graph_store_url or store_option
        for url in (query_url, update_url, graph_store_url):
            if url is not None:
                check_iri(url)
        base = query_url[: -len("/query")] if query_url.endswith("/query") else None
        explicit = update_url is not None or graph_store_url is not None
        self.query_url = query_url
        self.update_url = update_url or (f"{base}/update" if base and not explicit else None)
        self.graph_store_url = graph_store_url or (
            f"{base}/store" if base and not explicit else None
        )
        self._http = httpx.Client(timeout=timeout, follow_redirects=False, verify=_tls_context())
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
        return with_values(query, f"VALUES ({names}) {{ ({values}) }}")

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
        make = out.row
        for binding in payload["results"]["bindings"]:
            if limit is not None and len(out.rows) >= limit:
                out.truncated = True
                break
            out.rows.append(make(plain_from_json(binding.get(v)) for v in names))
        return out

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        self._check_syntax(query)
        payload = self._post_query(
            self._with_values(query, bindings), "application/sparql-results+json"
        ).json()
        if "boolean" in payload:
            return bool(payload["boolean"])
        # Virtuoso 7 answers ASK in JSON as a one-column SELECT: no row for false, and a row
        # with __ASK_RETVAL = 1 for true.
        if payload.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
            rows = payload["results"]["bindings"]
            return any(r.get("__ASK_RETVAL", {}).get("value") not in (None, "0") for r in rows)
        raise QueryInputError("expected an ASK query")

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        self._check_syntax(query)
        response = self._post_query(self._with_values(query, bindings), "application/n-triples")
        return _graph_of(
            _from_ox_triples(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
        )

    # -- graphs ------------------------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        if self._graphs is None:
            # GROUP BY rather than DISTINCT: the same rows, and Virtuoso answers it from its
            # graph index (milliseconds) where DISTINCT reads every quad (seconds at 5k quads).
            response = self._post_query(
                "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                "application/sparql-results+json",
                dataset=False,
            )
            self._graphs = sorted(
                URIRef(b["g"]["value"])
                for b in response.json()["results"]["bindings"]
                if b["g"]["type"] == "uri" and not b["g"]["value"].startswith(SERVER_GRAPHS)
            )
        return list(self._graphs)

    def quads(self, graph: URIRef | None = None) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        names = self.graph_names() if graph is None else [graph]
        if not names:
            return
        query = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }\nVALUES ?g { "
        query += " ".join(g.n3() for g in names) + " }"
        response = self._post_query(query, "application/sparql-results+json", dataset=False)
        cache: dict[str, URIRef] = {}
        for b in response.json()["results"]["bindings"]:
            s, p, o = (_from_json_term(b[v], cache) for v in "spo")
            assert s is not None and p is not None and o is not None
            yield s, p, o, URIRef(b["g"]["value"])

    def __len__(self) -> int:
        names = self.graph_names()
        if not names:
            return 0
        response = self._post_query(
            "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } VALUES ?g { "
            + " ".join(g.n3() for g in names)
            + " } }",
            "application/sparql-results+json",
            dataset=False,
        )
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    def _update(self, text: str) -> None:
        """Run a SPARQL 1.1 Update on the update URL."""
        if self.update_url is None:
            raise StoreError(
                "this SPARQL store has neither a Graph Store Protocol URL nor an update URL: "
                "it is read-only (add ;store=URL or ;update=URL to the store URL)"
            )
        try:
            response = self._http.post(
                self.update_url,
                content=urlencode([("update", text)]),
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            )
        except Exception as exc:
            raise StoreError(f"SPARQL endpoint {self.update_url} unreachable: {exc}") from None
        if response.status_code >= 300:
            raise StoreError(
                f"SPARQL endpoint {self.update_url} answered {response.status_code} to an "
                f"update: {response.text[:200]}"
            )

    def _graph_store(self, method: str, graph: URIRef, body: bytes | None = None) -> None:
        if str(graph).startswith(SERVER_GRAPHS):
            raise StoreError(f"graph {graph} belongs to the SPARQL server itself")
        if self.graph_store_url is None:
            self._update_instead(method, graph, body)
            return
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

    def _update_instead(self, method: str, graph: URIRef, body: bytes | None) -> None:
        """The Graph Store Protocol request done with SPARQL Update (in parts of
        ``UPDATE_CHUNK`` triples, which servers such as Virtuoso need for large graphs)."""
        if method == "DELETE":
            self._update(f"DROP SILENT GRAPH {graph.n3()}")
            return
        assert method == "POST" and body is not None
        lines = body.decode("utf-8").splitlines()
        for start in range(0, len(lines), UPDATE_CHUNK):
            part = "\n".join(lines[start : start + UPDATE_CHUNK])
            self._update(f"INSERT DATA {{ GRAPH {graph.n3()} {{\n{part}\n}} }}")

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

    def _clear_graph(self, graph: URIRef | str) -> None:
        self._graph_store("DELETE", URIRef(str(graph)))
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
