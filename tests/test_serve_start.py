"""What a ``plangraph serve`` start loads: rdflib's SPARQL machinery only once something uses
it (a server on the embedded store may never), and guarded the moment it is loaded."""

from __future__ import annotations

from tests.helpers import run_fresh


def test_the_app_leaves_rdflib_sparql_unloaded_and_guards_it_once_loaded() -> None:
    printed, loaded = run_fresh(
        """
        import sys
        from plangraph.api import create_app
        from plangraph.store import open_store
        create_app(store=open_store())
        print("loaded at start:", "rdflib.plugins.sparql" in sys.modules)
        from rdflib import Graph
        print("rows:", len(Graph().query("SELECT * WHERE { ?s ?p ?o }")))
        import rdflib.plugins.sparql as rdflib_sparql
        from rdflib.plugins.sparql import parser, processor
        print(
            "guarded:",
            getattr(parser.parseQuery, "__plangraph_locked__", False),
            processor.parseQuery is parser.parseQuery,
            getattr(processor.SPARQLProcessor.query, "__plangraph_reusing__", False),
            rdflib_sparql.SPARQL_LOAD_GRAPHS,
        )
        rdflib_sparql.CUSTOM_EVALS["stranger"] = lambda ctx, part: None
        create_app(store=open_store())  # loaded now: guarded at once (the hook removed)
        print("hooks:", sorted(rdflib_sparql.CUSTOM_EVALS))
        """,
        ("rdflib.plugins.sparql",),
    )
    assert printed.splitlines() == [
        "loaded at start: False",
        "rows: 0",
        "guarded: True True True False",
        "hooks: []",
    ]
    assert loaded == {"rdflib.plugins.sparql"}
