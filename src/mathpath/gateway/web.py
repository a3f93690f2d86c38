"""The web app (``web/``, built to ``web/dist``) served at ``/``.

Files are served as built; any other GET is answered with ``index.html`` so that the app's
own routes (``/teacher``, ``/billing/return``) load on a reload or a shared link. The
fallback never answers for the platform's own paths: under those, a missing path stays the
platform's 404 problem. Hashed assets are cached for a year; the shell, the service worker
and the manifest are revalidated on every load so a new release is picked up.

The app's pages get their own Content-Security-Policy (the API's is ``default-src 'none'``):
everything from this origin only, inline styles allowed (KaTeX and MathLive position glyphs
with them), no inline scripts.
"""

from __future__ import annotations

import stat
from pathlib import Path

import structlog
from starlette.responses import FileResponse
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

log = structlog.get_logger("mathpath.gateway")

# The platform's own paths: each one and everything under it.
RESERVED = ("/api", "/graphql", "/docs", "/healthz", "/readyz", "/openapi.json", "/.well-known")
WEB_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "media-src 'self' data:; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
_IMMUTABLE = "public, max-age=31536000, immutable"
_REVALIDATE = "no-cache"


def is_reserved(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in RESERVED)


class WebApp:
    """Serves ``directory``; passes reserved paths and non-GET requests to ``fallback``."""

    def __init__(self, directory: Path, fallback: ASGIApp) -> None:
        self.directory = directory
        self.files = StaticFiles(directory=directory)
        self.index = directory / "index.html"
        self.fallback = fallback

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "/")
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("GET", "HEAD")
            or is_reserved(path)
        ):
            await self.fallback(scope, receive, send)
            return
        full, found = self.files.lookup_path(path.lstrip("/"))
        if found is not None and stat.S_ISREG(found.st_mode):
            cache = _IMMUTABLE if path.startswith("/assets/") else _REVALIDATE
            response = FileResponse(full, stat_result=found, headers=self._headers(cache))
        else:
            response = FileResponse(self.index, headers=self._headers(_REVALIDATE))
        await response(scope, receive, send)

    @staticmethod
    def _headers(cache: str) -> dict[str, str]:
        return {"Cache-Control": cache, "Content-Security-Policy": WEB_CSP}


def web_app(directory: Path | None, fallback: ASGIApp) -> ASGIApp:
    """The web app in front of ``fallback``, or ``fallback`` alone when there is no build."""
    if directory is None:
        return fallback
    if not (directory / "index.html").is_file():
        log.warning(
            "web_app_missing",
            detail=f"no built web app at {directory}: serving the API only "
            "(build it with `make web`, which needs npm)",
        )
        return fallback
    log.info("web_app_served", directory=str(directory))
    return WebApp(directory.resolve(), fallback)
