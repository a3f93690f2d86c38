from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from mathpath.kit.events import Event, InMemoryBus
from mathpath.kit.logging import configure_logging
from mathpath.kit.middleware import RequestContextMiddleware
from mathpath.kit.runtime import Runtime
from tests.fixtures.platform import make_settings
from tests.kit.sample_service import Base, create_sample_app

PROBLEM = "application/problem+json"


@pytest.fixture
async def sample(tmp_path: Path) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    settings = make_settings(tmp_path)
    runtime = Runtime(settings)
    app = create_sample_app(runtime)
    await app.state.ctx.db.create_all(Base.metadata)
    async with app.router.lifespan_context(app):
        await runtime.start_bus()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield app, client
        await runtime.aclose()


async def test_write_is_committed_before_the_response(sample: tuple[FastAPI, httpx.AsyncClient]):
    _app, client = sample
    response = await client.post("/api/v1/sample/notes", json={"id": "n1", "text": "hi"})
    assert response.status_code == 201
    # A fresh session sees the row: the commit happened before the answer.
    assert (await client.get("/api/v1/sample/notes")).json() == ["n1"]


async def test_error_after_write_rolls_back_and_answers_problem_500(
    sample: tuple[FastAPI, httpx.AsyncClient],
):
    app, client = sample
    response = await client.post(
        "/api/v1/sample/notes", json={"id": "n2", "text": "fail-after-write"}
    )
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == 500 and body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text and "boom" not in response.text
    assert (await client.get("/api/v1/sample/notes")).json() == []
    # The event staged in the rolled-back transaction is gone too.
    assert await app.state.ctx.relay.relay_once() == 0


async def test_domain_error_is_problem_json(sample: tuple[FastAPI, httpx.AsyncClient]):
    _, client = sample
    await client.post("/api/v1/sample/notes", json={"id": "n3", "text": "a"})
    response = await client.post("/api/v1/sample/notes", json={"id": "n3", "text": "b"})
    assert response.status_code == 409
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/conflict")
    assert response.json()["detail"] == "note n3 exists"


async def test_validation_error_names_the_field(sample: tuple[FastAPI, httpx.AsyncClient]):
    _, client = sample
    response = await client.post("/api/v1/sample/notes", json={"id": "n4"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/validation")
    assert "text" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "text"]


async def test_emitted_event_reaches_subscribers_once(sample: tuple[FastAPI, httpx.AsyncClient]):
    app, client = sample
    ctx = app.state.ctx
    seen: list[str] = []

    async def apply(_session: object, event: Event) -> None:
        seen.append(event.payload["id"])

    ctx.on(["note.created"], "counter", apply)
    await client.post("/api/v1/sample/notes", json={"id": "n5", "text": "x"})
    await ctx.relay.relay_once()
    bus = ctx.bus
    assert isinstance(bus, InMemoryBus)
    await bus.drain()
    assert seen == ["n5"]


async def test_readyz_reports_the_database(sample: tuple[FastAPI, httpx.AsyncClient]):
    _, client = sample
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"sample.database": "ok"}


async def test_locked_database_is_a_retryable_503(sample: tuple[FastAPI, httpx.AsyncClient]):
    _, client = sample
    response = await client.post("/api/v1/sample/notes", json={"id": "n6", "text": "locked"})
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["retry-after"] == "1"
    assert response.json()["type"].endswith("/busy")
    assert (await client.get("/api/v1/sample/notes")).json() == []


async def test_behind_an_in_process_edge_the_service_adopts_the_request(
    sample: tuple[FastAPI, httpx.AsyncClient], capsys: pytest.CaptureFixture[str]
):
    """An outer RequestContextMiddleware in the same process (the embedded gateway) owns the
    request: one access line (its own), and the service's unhandled error still becomes a
    problem 500 carrying the owner's request id."""
    app, _ = sample
    edge = RequestContextMiddleware(app, service="edge")
    configure_logging("INFO", json=True)
    try:
        transport = httpx.ASGITransport(app=edge)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            capsys.readouterr()
            ok = await client.get("/api/v1/sample/notes", headers={"X-Request-ID": "edge-req-001"})
            failed = await client.post(
                "/api/v1/sample/notes",
                json={"id": "n7", "text": "fail-after-write"},
                headers={"X-Request-ID": "edge-req-002"},
            )
        lines = [json.loads(raw) for raw in capsys.readouterr().err.splitlines() if raw]
    finally:
        configure_logging("WARNING", json=True)
    assert ok.status_code == 200 and ok.headers["x-request-id"] == "edge-req-001"
    assert failed.status_code == 500 and failed.headers["content-type"] == PROBLEM
    assert failed.json()["request_id"] == "edge-req-002"
    access = [(line["service"], line["request_id"]) for line in lines if line["event"] == "request"]
    assert access == [("edge", "edge-req-001"), ("edge", "edge-req-002")]
    errors = [line for line in lines if line["event"] == "unhandled_error"]
    assert [(e["service"], e["request_id"]) for e in errors] == [("sample", "edge-req-002")]
