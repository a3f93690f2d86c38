"""/docs works offline: Swagger UI's files come from the gateway itself, never a CDN."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.gateway.docs import STATIC_PATH, swagger_assets_dir
from mathpath.kit.settings import Settings
from tests.fixtures.identity import identity_only_gateway

_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
_ASSET_TYPES = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    async with identity_only_gateway(settings) as gw:
        yield gw


async def test_docs_page_loads_only_local_assets_and_they_are_served(
    client: httpx.AsyncClient,
) -> None:
    assert swagger_assets_dir() is not None, "the fastapi-offline package is not installed"
    page = await client.get("/docs")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "http://" not in page.text and "https://" not in page.text
    assert '"validatorUrl": null' in page.text  # no badge image from validator.swagger.io
    references = _REFERENCE.findall(page.text)
    assert len(references) == 3  # the script, the stylesheet and the icon
    for url in references:
        assert url.startswith(STATIC_PATH + "/"), url
        asset = await client.get(url)
        assert asset.status_code == 200, url
        kind = _ASSET_TYPES[url[url.rindex(".") :]]
        assert asset.headers["content-type"].startswith(kind), url
        assert len(asset.content) > 1000, url
    bundle = (await client.get(f"{STATIC_PATH}/swagger-ui-bundle.js")).text
    assert "SwaggerUIBundle" in bundle
    # The platform's document is OpenAPI 3.1, which Swagger UI renders from version 5 on.
    assert (await client.get("/openapi.json")).json()["openapi"].startswith("3.1")
    version = re.search(r'PACKAGE_VERSION:"(\d+)\.', bundle)
    assert version is not None and int(version.group(1)) >= 5


async def test_docs_static_serves_only_its_own_files(client: httpx.AsyncClient) -> None:
    for path in (
        f"{STATIC_PATH}/core.py",
        f"{STATIC_PATH}/%2e%2e/core.py",
        f"{STATIC_PATH}/..%2fcore.py",
        f"{STATIC_PATH}/nothing.js",
    ):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == "application/problem+json"


async def test_graphql_offers_no_ide_that_would_load_from_a_cdn(
    client: httpx.AsyncClient,
) -> None:
    """Strawberry's GraphiQL page loads React and GraphiQL from unpkg.com; it stays off."""
    response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert "unpkg.com" not in response.text
    assert "<html" not in response.text.lower()
