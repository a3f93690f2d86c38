"""Security headers on every response, and CORS limited to the configured origins."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.kit.settings import Settings
from tests.fixtures.identity import identity_only_gateway

EXPECTED = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "strict-transport-security": "max-age=63072000; includeSubDomains",
}
PATHS = [
    ("GET", "/api/v1/me"),  # 401 from identity
    ("GET", "/.well-known/jwks.json"),  # 200 from identity
    ("POST", "/api/v1/auth/token"),  # 422 validation
    ("GET", "/api/v1/nothing-here"),  # 404 from the gateway
    ("GET", "/healthz"),
]


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    """Only identity is started: these tests never reach the other services."""
    async with identity_only_gateway(settings) as gw:
        yield gw


@pytest.mark.parametrize(("method", "path"), PATHS)
async def test_security_headers_on_every_response(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path, json={} if method == "POST" else None)
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (path, name)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers.get("x-request-id")


async def test_token_responses_are_not_cached(client: httpx.AsyncClient) -> None:
    from tests.fixtures.identity import create_user

    user = await create_user(client)
    response = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": user.password}
    )
    assert response.headers["cache-control"] == "no-store"


async def test_cors_preflight_allows_the_configured_origin(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/api/v1/me",
        headers={
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "Authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "authorization" in response.headers["access-control-allow-headers"].lower()


async def test_cors_refuses_other_origins(client: httpx.AsyncClient) -> None:
    preflight = await client.options(
        "/api/v1/me",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    simple = await client.get("/api/v1/me", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


async def test_errors_are_problem_json_without_internals(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": "x"})
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert set(body) >= {"type", "title", "status", "detail"}
    assert "Traceback" not in response.text
