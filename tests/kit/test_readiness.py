"""Readiness checks what a service process really needs, and a call to a service that this
process can reach neither in process nor by URL is a clear 503 (not a bare 500)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from mathpath.kit.logging import configure_logging
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext
from mathpath.kit.settings import Settings
from tests.fixtures.platform import make_settings
from tests.kit.sample_service import Base, create_sample_app
from tests.local_server import free_port, served

PROBLEM = "application/problem+json"


@asynccontextmanager
async def sample_client(
    settings: Settings,
    *,
    calls: Sequence[str] = (),
    checks: Mapping[str, Callable[[ServiceContext], Awaitable[None]]] | None = None,
) -> AsyncIterator[httpx.AsyncClient]:
    runtime = Runtime(settings)
    app = create_sample_app(runtime, calls=calls, checks=checks)
    await app.state.ctx.db.create_all(Base.metadata)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield client
        await runtime.aclose()


async def test_calling_a_service_with_no_url_is_a_503_naming_the_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    configure_logging("INFO", json=True)
    try:
        async with sample_client(make_settings(tmp_path)) as client:
            capsys.readouterr()
            response = await client.get("/api/v1/sample/identity-jwks")
        lines = [json.loads(raw) for raw in capsys.readouterr().err.splitlines() if raw]
    finally:
        configure_logging("WARNING", json=True)
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/service-not-configured")
    assert "MATHPATH_IDENTITY_URL" in body["detail"]
    logged = [line for line in lines if line["event"] == "service_not_configured"]
    assert logged and logged[0]["called"] == "identity"
    assert logged[0]["setting"] == "MATHPATH_IDENTITY_URL"
    assert not [line for line in lines if line["event"] == "unhandled_error"]


async def test_readyz_fails_while_a_called_service_is_not_configured(tmp_path: Path):
    async with sample_client(make_settings(tmp_path), calls=["identity"]) as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["sample.database"] == "ok"
    assert checks["sample->identity"] == "failed: not configured (set MATHPATH_IDENTITY_URL)"


async def test_readyz_asks_a_called_service_at_its_url(tmp_path: Path):
    nobody = f"http://127.0.0.1:{free_port()}"
    async with sample_client(
        make_settings(tmp_path / "down", identity_url=nobody), calls=["identity"]
    ) as client:
        down = await client.get("/readyz")
    assert down.status_code == 503
    assert down.json()["checks"]["sample->identity"] == "failed: ConnectError"

    identity = FastAPI()

    @identity.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    async with served(identity) as url:
        async with sample_client(
            make_settings(tmp_path / "up", identity_url=url), calls=["identity"]
        ) as client:
            up = await client.get("/readyz")
    assert up.status_code == 200
    assert up.json()["checks"] == {"sample.database": "ok", "sample->identity": "ok"}


async def test_readyz_runs_the_service_checks(tmp_path: Path):
    async def store_down(_ctx: ServiceContext) -> None:
        raise ConnectionRefusedError("checkpoint store")

    async with sample_client(make_settings(tmp_path), checks={"sample.store": store_down}) as c:
        response = await c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "sample.database": "ok",
        "sample.store": "failed: ConnectionRefusedError",
    }


async def test_redis_cache_keys_carry_the_deployment_prefix(tmp_path: Path):
    settings = make_settings(
        tmp_path,
        redis_url="redis://127.0.0.1:6379/0",
        cache_backend="redis",
        redis_stream_prefix="cluster-a",
    )
    runtime = Runtime(settings)
    try:
        assert runtime.cache.namespace == "cluster-a:cache:"  # type: ignore[attr-defined]
    finally:
        await runtime.aclose()
