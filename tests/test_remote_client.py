"""The remote SPARQL store's HTTP client: one TLS context per process, certificates checked."""

from __future__ import annotations

import ssl
from typing import Any

import httpx
import pytest

from plangraph.store import remote


def test_remote_stores_share_one_tls_context_that_checks_certificates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given: list[Any] = []

    class Recording(httpx.Client):
        def __init__(self, **kwargs: Any) -> None:
            given.append(kwargs.get("verify"))
            super().__init__(**kwargs)

    monkeypatch.setattr(httpx, "Client", Recording)
    stores = [
        remote.SparqlEndpointStore("http://127.0.0.1:9/query"),
        remote.SparqlEndpointStore("https://127.0.0.1:9/sparql"),
    ]
    try:
        assert len(given) == 2 and given[0] is given[1]
        context = given[0]
        assert isinstance(context, ssl.SSLContext)
        assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    finally:
        for store in stores:
            store.close()
