"""``/docs``: Swagger UI for the platform's OpenAPI document, with its assets served here.

FastAPI's default page loads Swagger UI's JavaScript, CSS and favicon from a CDN, so it is
blank offline (embedded mode needs no network) and tells a third party who reads the docs.
The ``fastapi-offline`` package ships Swagger UI 5's dist files (and a favicon); they are
served under ``/docs/static``. Swagger UI 5 is needed: the merged document is OpenAPI 3.1,
which Swagger UI 4 cannot render. The online validator badge (an image from
validator.swagger.io that would carry our document's URL) is turned off.

Without the package installed the page falls back to the CDN and says so in the log.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import structlog
from fastapi import FastAPI
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

log = structlog.get_logger("mathpath.gateway")

DOCS_PATH = "/docs"
STATIC_PATH = "/docs/static"
_ASSETS_PACKAGE = "fastapi_offline"
_SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "favicon.png")
SWAGGER_UI_PARAMETERS: dict[str, Any] = {"validatorUrl": None}


def swagger_assets_dir() -> Path | None:
    """The folder holding Swagger UI's dist files, or None when the package is missing."""
    spec = importlib.util.find_spec(_ASSETS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static"
    if all((folder / name).is_file() for name in _SWAGGER_FILES):
        return folder
    return None


def install_docs(app: FastAPI, *, openapi_url: str, title: str) -> None:
    assets = swagger_assets_dir()
    if assets is not None:
        app.mount(STATIC_PATH, StaticFiles(directory=assets), name="docs-static")
    else:
        log.warning("docs_assets_missing", detail=f"{_ASSETS_PACKAGE} is not installed")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def docs() -> HTMLResponse:
        if assets is None:  # FastAPI's defaults: the CDN
            return get_swagger_ui_html(
                openapi_url=openapi_url, title=title, swagger_ui_parameters=SWAGGER_UI_PARAMETERS
            )
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=title,
            swagger_js_url=f"{STATIC_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{STATIC_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{STATIC_PATH}/favicon.png",
            swagger_ui_parameters=SWAGGER_UI_PARAMETERS,
        )
