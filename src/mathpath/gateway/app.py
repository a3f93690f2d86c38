"""The gateway: the platform's single entry point.

Embedded mode builds every service in this process and calls it directly as ASGI (no
socket); a service whose URL is set in settings is proxied over HTTP instead. The gateway
adds request ids, security headers, CORS and rate limits, refuses bearer tokens that do
not verify (:mod:`mathpath.gateway.auth`), answers ``/healthz`` and ``/readyz``, and serves
one OpenAPI document for the whole platform with Swagger UI at ``/docs`` (assets served
locally, :mod:`mathpath.gateway.docs`), and the built web app at ``/``
(:mod:`mathpath.gateway.web`).

Each request writes one access line here; a service app called in process adopts the
gateway's request (id, trace) and writes none (``mathpath.kit.middleware``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from mathpath import __version__
from mathpath.access import subscribe_revocations, token_verifier
from mathpath.billing.app import PREFIXES as BILLING_PREFIXES
from mathpath.billing.app import create_app as create_billing
from mathpath.gateway.auth import BearerTokenMiddleware
from mathpath.gateway.docs import install_docs
from mathpath.gateway.graphql.router import graphql_router
from mathpath.gateway.openapi import merge_openapi
from mathpath.gateway.ratelimit import Limit, RateLimitMiddleware, token_subject
from mathpath.gateway.routing import HttpProxy, ServiceRoute, ServiceRouter
from mathpath.gateway.web import web_app
from mathpath.identity.app import PREFIXES as IDENTITY_PREFIXES
from mathpath.identity.app import create_app as create_identity
from mathpath.kit.errors import install_error_handlers
from mathpath.kit.ids import new_id
from mathpath.kit.logging import configure_logging
from mathpath.kit.middleware import RequestContextMiddleware, request_record
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import readiness_checks
from mathpath.kit.settings import Settings, get_settings
from mathpath.kit.telemetry import configure_tracing
from mathpath.learning.app import PREFIXES as LEARNING_PREFIXES
from mathpath.learning.app import create_app as create_learning
from mathpath.tutor.app import PREFIXES as TUTOR_PREFIXES
from mathpath.tutor.app import create_app as create_tutor

SERVICE_FACTORIES = {
    "identity": (create_identity, IDENTITY_PREFIXES),
    "learning": (create_learning, LEARNING_PREFIXES),
    "tutor": (create_tutor, TUTOR_PREFIXES),
    "billing": (create_billing, BILLING_PREFIXES),
}
DESCRIPTION = (
    "Mathpath: personalised maths practice, an AI tutor whose maths is checked by a computer "
    "algebra system, progress for teachers and parents, and subscriptions. Every error is "
    "`application/problem+json` (RFC 9457)."
)


class Gateway:
    """The ASGI entry point: service paths go to services, the rest to the gateway's app."""

    def __init__(self, settings: Settings, runtime: Runtime | None = None) -> None:
        self.settings = settings
        self.runtime = runtime or Runtime(settings)
        self.local_apps: dict[str, FastAPI] = {}
        self.proxies: dict[str, HttpProxy] = {}
        routes: list[ServiceRoute] = []
        for name, (factory, prefixes) in SERVICE_FACTORIES.items():
            url = settings.service_url(name)
            if url:
                proxy = HttpProxy(url)
                self.proxies[name] = proxy
                routes.append(ServiceRoute(name=name, prefixes=prefixes, app=proxy, url=url))
            else:
                app = factory(self.runtime)
                self.local_apps[name] = app
                routes.append(ServiceRoute(name=name, prefixes=prefixes, app=app))
        self.router = ServiceRouter(routes)
        self.app = self._build_app()
        self.site: ASGIApp = web_app(settings.web_dir, self.app)
        # Per user after the token check (keyed by its subject), per address before it (a
        # flood of bad tokens costs little): see mathpath.gateway.ratelimit.
        inner: ASGIApp = RateLimitMiddleware(
            self._dispatch,
            limits=[Limit("/api/v1/tutor", settings.rate_limit_tutor_per_user)],
            default_per_minute=settings.rate_limit_per_user,
            redis=self.runtime.redis,
            key=token_subject,
            scope_name="user",
        )
        inner = BearerTokenMiddleware(inner, verifier=lambda: token_verifier(self.runtime))
        inner = RateLimitMiddleware(
            inner,
            limits=[Limit("/api/v1/auth", settings.rate_limit_auth_per_address)],
            default_per_minute=settings.rate_limit_per_address,
            redis=self.runtime.redis,
        )
        inner = CORSMiddleware(
            inner,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "X-Request-ID",
                "Accept",
                "traceparent",
            ],
            expose_headers=["X-Request-ID", "Retry-After"],
        )
        self.asgi: ASGIApp = RequestContextMiddleware(inner, service="gateway")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.asgi(scope, receive, send)

    async def _dispatch(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            route = self.router.match(scope["path"])
            if route is not None and route.app is not None:
                record = request_record(scope)
                if record is not None:
                    record.upstream = route.name
                await route.app(scope, receive, send)
                return
        await self.site(scope, receive, send)

    @asynccontextmanager
    async def lifespan(self, _app: FastAPI) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            for app in self.local_apps.values():
                await stack.enter_async_context(app.router.lifespan_context(app))
            # The gateway refuses revoked users' tokens too; with every service proxied no
            # local service has subscribed this runtime to revocations yet.
            group = f"gateway.access-revocations.{new_id()[-12:]}"
            own_group = subscribe_revocations(self.runtime, group)
            await self.runtime.start_bus()
            try:
                yield
            finally:
                for proxy in self.proxies.values():
                    await proxy.aclose()
                if own_group:
                    with contextlib.suppress(Exception):  # best effort, as for services
                        await self.runtime.bus.drop_group(group)
                await self.runtime.aclose()

    def _build_app(self) -> FastAPI:
        app = FastAPI(
            title="Mathpath",
            version=__version__,
            description=DESCRIPTION,
            lifespan=self.lifespan,
            openapi_url=None,
            docs_url=None,
            redoc_url=None,
        )
        install_error_handlers(app)
        openapi_cache: dict[str, Any] = {}

        @app.get("/healthz", include_in_schema=False)
        async def healthz() -> dict[str, str]:
            return {"status": "ok"}

        @app.get("/readyz", include_in_schema=False)
        async def readyz() -> JSONResponse:
            checks: dict[str, str] = {}
            for app_ in self.local_apps.values():
                checks.update(await readiness_checks(app_.state.ctx))
            for name, proxy in self.proxies.items():
                checks[name] = await _remote_ready(proxy.client)
            ok = all(v == "ok" for v in checks.values())
            return JSONResponse(
                {"status": "ok" if ok else "unavailable", "checks": checks},
                status_code=200 if ok else 503,
            )

        @app.get("/openapi.json", include_in_schema=False)
        async def openapi() -> JSONResponse:
            if "doc" not in openapi_cache:
                openapi_cache["doc"] = await self.openapi_document()
            return JSONResponse(openapi_cache["doc"])

        install_docs(app, openapi_url="/openapi.json", title="Mathpath API")
        app.include_router(graphql_router(self.runtime), prefix="/graphql", include_in_schema=False)
        return app

    async def openapi_document(self) -> dict[str, Any]:
        documents: dict[str, dict[str, Any]] = {}
        for name, app in self.local_apps.items():
            documents[name] = app.openapi()
        for name, proxy in self.proxies.items():
            try:
                response = await proxy.client.get("/openapi.json")
                documents[name] = response.json()
            except httpx.HTTPError:
                continue
        return merge_openapi("Mathpath", __version__, DESCRIPTION, documents)


async def _remote_ready(client: httpx.AsyncClient) -> str:
    try:
        response = await asyncio.wait_for(client.get("/readyz"), timeout=3)
    except (httpx.HTTPError, TimeoutError) as exc:
        return f"failed: {type(exc).__name__}"
    return "ok" if response.status_code == 200 else f"failed: HTTP {response.status_code}"


def create_gateway(settings: Settings | None = None) -> Gateway:
    settings = settings or get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    configure_tracing("mathpath-gateway", settings.otel_exporter_endpoint)
    return Gateway(settings)


def create_app() -> Gateway:
    """Factory for ``uvicorn --factory mathpath.gateway.app:create_app``."""
    return create_gateway()
