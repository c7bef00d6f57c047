"""Settings from the environment (prefix ``PLANGRAPH_``), read once through ``get_settings()``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    """What plangraph reads from the environment.

    ``store``: where the graph lives. ``memory`` (the default) is an embedded Oxigraph store in
    memory; ``oxigraph:DIR`` keeps it on disk in DIR; ``rdflib:memory`` uses plain rdflib (slower,
    for comparison).
    ``data_dir``: the folder of plan files loaded at start; empty means the packaged seed data.
    ``skip_bad_plans``: start even if some plan files fail the start-up check, leaving them
    out (listed in the log, ``/api/health`` and ``plangraph info``); otherwise refuse to start.
    ``startup_check_max_quads``: files holding more quads than this skip the start-up SHACL
    structure check (logged); parsing, IRIs and emptiness are always checked.
    ``cache_dir``: where the command line keeps its on-disk store of the data folder (default
    ``$XDG_CACHE_HOME/plangraph`` or ``~/.cache/plangraph``); ``off`` loads into memory.
    """

    model_config = SettingsConfigDict(env_prefix="PLANGRAPH_", extra="ignore")

    store: str = "memory"
    data_dir: str = ""
    load_seed: bool = True
    skip_bad_plans: bool = False
    startup_check_max_quads: int = Field(default=200_000, ge=0)
    cache_dir: str = ""
    query_timeout: float = Field(default=5.0, gt=0)
    max_rows: int = Field(default=10_000, gt=0)
    api_key: str = ""
    cors_origins: list[str] = Field(default_factory=list)
    max_body_bytes: int = Field(default=5_000_000, gt=0)
    # The API (plangraph serve).
    subgraph_max_nodes: int = Field(default=500, gt=0)
    sparql_max_concurrent: int = Field(default=4, gt=0)
    sparql_max_result_bytes: int = Field(default=50_000_000, gt=0)
    # Subgraph and SPARQL answers kept in memory (MiB; 0 turns the cache off). Entries are filed
    # under the store's change counter, so a write makes every older answer unreachable.
    answer_cache_mb: int = Field(default=64, ge=0)
    # The HTTP edge (api/errors.py, api/limits.py). Host names the server answers for (empty:
    # localhost, 127.0.0.1, ::1, the address connected to and the machine's name; "*": any).
    allowed_hosts: list[str] = Field(default_factory=list)
    # Per client (IP address): requests per second and burst; 0 turns a limit off. The
    # benchmarks turn them off (PLANGRAPH_RATE_LIMIT=0 ...).
    rate_limit: float = Field(default=200.0, ge=0)
    rate_burst: int = Field(default=400, gt=0)
    sparql_rate_limit: float = Field(default=50.0, ge=0)
    sparql_rate_burst: int = Field(default=300, gt=0)
    failed_key_limit: float = Field(default=10.0, ge=0)  # wrong API keys per minute
    failed_key_burst: int = Field(default=10, gt=0)
    # SPARQL slots one client may hold at once (0: half of sparql_max_concurrent, at least 1),
    # and how many more of its queries may wait for one.
    sparql_client_share: int = Field(default=0, ge=0)
    sparql_client_queue: int = Field(default=64, ge=0)


@lru_cache
def get_settings() -> Settings:
    """The settings, read from the environment on first use."""
    return Settings()
