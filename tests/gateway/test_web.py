"""The built web app at `/`: its files, the SPA fallback, and never in the platform's way."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.gateway.web import WEB_CSP
from tests.fixtures.identity import identity_only_gateway
from tests.fixtures.platform import make_settings

INDEX = '<!doctype html><div id="root"></div><script type="module" src="/assets/app-1a2b.js">'


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    folder = tmp_path / "dist"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "assets" / "app-1a2b.js").write_text("console.log('app')")
    (folder / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (folder / "manifest.webmanifest").write_text('{"name": "Mathpath"}')
    return folder


@pytest.fixture
async def web_client(data_dir: Path, dist: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with identity_only_gateway(make_settings(data_dir, web_dir=dist)) as gateway:
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


async def test_built_files_are_served_with_caching_by_kind(web_client: httpx.AsyncClient) -> None:
    page = await web_client.get("/")
    assert page.status_code == 200 and page.text == INDEX
    assert page.headers["cache-control"] == "no-cache"
    assert page.headers["content-security-policy"] == WEB_CSP
    asset = await web_client.get("/assets/app-1a2b.js")
    assert asset.status_code == 200 and "javascript" in asset.headers["content-type"]
    assert "immutable" in asset.headers["cache-control"]
    worker = await web_client.get("/sw.js")
    assert worker.status_code == 200 and worker.headers["cache-control"] == "no-cache"


async def test_app_routes_fall_back_to_the_shell(web_client: httpx.AsyncClient) -> None:
    for path in ("/teacher", "/billing/return?subscription=abc", "/a/b/c", "/apiary", "/docsy"):
        response = await web_client.get(path)
        assert response.status_code == 200, path
        assert response.text == INDEX, path


async def test_platform_paths_are_never_shadowed(web_client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/nothing", "/api", "/graphql/nothing", "/.well-known/nothing"):
        response = await web_client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json", path
    assert (await web_client.get("/healthz")).json() == {"status": "ok"}
    assert (await web_client.get("/openapi.json")).json()["openapi"].startswith("3.1")
    assert (await web_client.get("/.well-known/jwks.json")).json()["keys"]
    docs = await web_client.get("/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert (await web_client.post("/teacher")).status_code in (404, 405)


async def test_no_file_outside_the_build_is_served(web_client: httpx.AsyncClient) -> None:
    for path in ("/../dist/index.html", "/%2e%2e/secret", "/assets/..%2f..%2fsecret"):
        response = await web_client.get(path)
        assert response.text == INDEX or response.status_code == 404, path


async def test_without_a_build_the_gateway_serves_the_api_only(
    data_dir: Path, tmp_path: Path
) -> None:
    settings = make_settings(data_dir, web_dir=tmp_path / "missing")
    async with identity_only_gateway(settings) as gateway:
        assert isinstance(gateway, Gateway)
        transport = httpx.ASGITransport(app=gateway)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            response = await c.get("/")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_openapi_command_prints_the_gateways_document(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mathpath openapi` is what web/scripts/generate-api.mjs builds the typed client from."""
    import asyncio
    import json

    from typer.testing import CliRunner

    from mathpath.cli import app
    from mathpath.kit.settings import get_settings

    monkeypatch.setenv("MATHPATH_DATA_DIR", str(data_dir))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["openapi"])
        assert result.exit_code == 0, result.output
        printed = json.loads(result.stdout)

        async def served_document() -> dict[str, object]:
            gateway = Gateway(make_settings(data_dir))
            try:
                return await gateway.openapi_document()
            finally:
                await gateway.runtime.aclose()

        served = asyncio.run(served_document())
    finally:
        get_settings.cache_clear()
    assert printed == served
    assert "/api/v1/attempts/sync" in printed["paths"]
