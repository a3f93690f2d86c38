"""Settings, read from the environment (prefix ``MATHPATH_``) and an optional ``.env`` file.

One settings object describes both sizes of the platform: the embedded defaults (SQLite
files under ``var/``, in-process bus and cache, no keys) and a distributed deployment
(PostgreSQL, Redis, service URLs, providers). Production refuses unsafe defaults.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

SERVICES: tuple[str, ...] = ("identity", "learning", "tutor", "billing")
ServiceName = Literal["identity", "learning", "tutor", "billing"]

DEFAULT_SECRET = "dev-insecure-secret-change-me"  # noqa: S105 - the value production refuses


class Environment(StrEnum):
    development = "development"
    test = "test"
    staging = "staging"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MATHPATH_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="__",
        extra="ignore",
    )

    environment: Environment = Environment.development
    debug: bool = False
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    data_dir: Path = Path("var")

    # One database per service. Empty means an SQLite file under data_dir.
    identity_database_url: str = ""
    learning_database_url: str = ""
    tutor_database_url: str = ""
    billing_database_url: str = ""
    sqlite_busy_timeout_ms: int = 5000
    # Two connections per SQLite database: measured in benchmarks/db_layer, more connections
    # only add writers fighting for SQLite's single write lock (p99 of a write ~1.2 s with 10).
    sqlite_pool_size: int = 2
    db_pool_size: int = 10
    # How long a request waits for a pool connection before it answers 503 (retry).
    db_pool_timeout_s: float = 15.0
    db_echo: bool = False

    # Redis: when set, the cache, rate limits and event bus may use it.
    redis_url: str = ""
    event_bus: Literal["memory", "redis"] = "memory"
    cache_backend: Literal["memory", "redis"] = "memory"
    redis_stream_prefix: str = "mathpath"

    # Distributed mode: where the gateway (and service clients) find each service.
    # Empty means the service runs in this process.
    identity_url: str = ""
    learning_url: str = ""
    tutor_url: str = ""
    billing_url: str = ""

    # Gateway rate limits, requests a minute (mathpath.gateway.ratelimit). Per address: a
    # school behind one NAT address is hundreds of pupils. Per user: one account's share.
    rate_limit_per_address: int = 6000
    rate_limit_auth_per_address: int = 300
    rate_limit_per_user: int = 1200
    rate_limit_tutor_per_user: int = 60

    host: str = "127.0.0.1"
    port: int = 8000
    cors_origins: list[str] = Field(default_factory=lambda: ["http://localhost:5173"])
    public_base_url: str = "http://127.0.0.1:8000"
    # The built web app (web/dist), served by the gateway at `/`; None or missing: API only.
    web_dir: Path | None = Path("web/dist")
    outbox_poll_interval_s: float = 0.5
    otel_exporter_endpoint: str = ""  # OTLP/HTTP traces endpoint; empty: tracing off
    log_level: str = "INFO"
    log_json: bool = True

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is not Environment.production:
            return self
        problems: list[str] = []
        if (
            self.secret_key.get_secret_value() == DEFAULT_SECRET
            or len(self.secret_key.get_secret_value()) < 32
        ):
            problems.append("MATHPATH_SECRET_KEY must be set to a random value of 32+ characters")
        if self.debug:
            problems.append("MATHPATH_DEBUG must be off")
        for service in SERVICES:
            if self.database_url(service).startswith("sqlite"):
                problems.append(f"MATHPATH_{service.upper()}_DATABASE_URL must not be SQLite")
        if problems:
            raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    def database_url(self, service: str) -> str:
        url: str = getattr(self, f"{service}_database_url", "")
        if url:
            return normalise_database_url(url)
        return f"sqlite+aiosqlite:///{self.data_dir / f'{service}.sqlite'}"

    def service_url(self, service: str) -> str:
        url: str = getattr(self, f"{service}_url", "")
        return url.rstrip("/")

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.production


def normalise_database_url(url: str) -> str:
    """Give plain ``postgresql://`` and ``sqlite://`` URLs their async driver."""
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+asyncpg://" + url.split("://", 1)[1]
    if url.startswith("sqlite://") and not url.startswith("sqlite+"):
        return "sqlite+aiosqlite://" + url.split("://", 1)[1]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
