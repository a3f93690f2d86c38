from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.gateway.routing import ServiceRoute, ServiceRouter
from mathpath.kit.runtime import Runtime
from mathpath.tutor.app import create_app as create_tutor
from tests.fixtures.platform import make_settings
from tests.local_server import served

PROBLEM = "application/problem+json"


async def test_healthz_and_readyz(client: httpx.AsyncClient):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    ready = await client.get("/readyz")
    assert ready.status_code == 200
    assert set(ready.json()["checks"]) == {
        "identity.database",
        "learning.database",
        "tutor.database",
        "tutor.checkpoints",
        "billing.database",
    }


async def test_unknown_path_and_wrong_method_are_problem_json(client: httpx.AsyncClient):
    missing = await client.get("/api/v1/nothing-here")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    assert missing.json()["request_id"] == missing.headers["x-request-id"]
    wrong = await client.delete("/healthz")
    assert wrong.status_code == 405 and wrong.headers["content-type"] == PROBLEM
    assert set(wrong.json()) >= {"type", "title", "status", "detail", "request_id"}


async def test_incoming_request_id_is_kept_end_to_end(client: httpx.AsyncClient):
    response = await client.get(
        "/api/v1/tutor/does-not-exist", headers={"X-Request-ID": "abc-123-request"}
    )
    assert response.headers["x-request-id"] == "abc-123-request"
    assert response.json()["request_id"] == "abc-123-request"


async def test_security_headers_on_every_response(client: httpx.AsyncClient):
    for path in ("/healthz", "/api/v1/billing/nope", "/openapi.json"):
        headers = (await client.get(path)).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" in headers


async def test_cors_allows_configured_origin_only(client: httpx.AsyncClient):
    allowed = await client.options(
        "/api/v1/billing/plans",
        headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET"},
    )
    assert allowed.headers.get("access-control-allow-origin") == "http://localhost:5173"
    denied = await client.options(
        "/api/v1/billing/plans",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in denied.headers


async def test_one_openapi_document_for_the_platform(client: httpx.AsyncClient):
    doc = (await client.get("/openapi.json")).json()
    assert doc["info"]["title"] == "Mathpath"
    assert doc["openapi"].startswith("3.")
    docs = await client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_longest_prefix_wins_and_duplicates_are_refused():
    a = ServiceRoute("a", ["/api/v1/admin"])
    b = ServiceRoute("b", ["/api/v1/admin/analytics"])
    router = ServiceRouter([a, b])
    assert router.match("/api/v1/admin/analytics/items") is b
    assert router.match("/api/v1/admin/users") is a
    assert router.match("/api/v1/administer") is None
    with pytest.raises(ValueError, match="claimed by"):
        ServiceRouter([a, ServiceRoute("c", ["/api/v1/admin"])])


async def test_auth_paths_are_rate_limited(gateway: Gateway):
    budget = gateway.settings.rate_limit_auth_per_address
    transport = httpx.ASGITransport(app=gateway, client=("198.51.100.9", 1))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        statuses = [
            (await c.get("/api/v1/auth/rate-limit-probe")).status_code for _ in range(budget + 1)
        ]
    assert 429 not in statuses[:budget]
    assert statuses[budget] == 429


@pytest.fixture
async def remote_tutor(tmp_path: Path) -> AsyncIterator[str]:
    """The tutor service alone, served over real HTTP on a loopback port."""
    settings = make_settings(tmp_path / "tutor-side")
    from mathpath.kit.migrate import upgrade

    await asyncio.to_thread(upgrade, "tutor", settings.database_url("tutor"))
    async with served(create_tutor(Runtime(settings))) as url:
        yield url


async def test_gateway_proxies_to_a_service_given_by_url(
    tmp_path: Path, remote_tutor: str, data_dir: Path
):
    settings = make_settings(data_dir, tutor_url=remote_tutor)
    gw = Gateway(settings)
    assert "tutor" not in gw.local_apps
    async with gw.app.router.lifespan_context(gw.app):
        transport = httpx.ASGITransport(app=gw)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            response = await c.get(
                "/api/v1/tutor/no-such-route", headers={"X-Request-ID": "proxied-req-1"}
            )
            ready = await c.get("/readyz")
            doc = (await c.get("/openapi.json")).json()
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM
    # The remote service saw the gateway's request id.
    assert response.json()["request_id"] == "proxied-req-1"
    # The gateway reports the remote service's own readiness: this tutor was started alone
    # with no URL for the services it calls, and says so.
    assert ready.json()["checks"]["tutor"] == "failed: HTTP 503"
    async with httpx.AsyncClient(base_url=remote_tutor) as direct:
        tutor_checks = (await direct.get("/readyz")).json()["checks"]
    assert tutor_checks["tutor->identity"] == "failed: not configured (set MATHPATH_IDENTITY_URL)"
    assert doc["info"]["title"] == "Mathpath"
