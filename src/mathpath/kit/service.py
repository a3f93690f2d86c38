"""Building a service app: the same shape for identity, learning, tutor and billing.

Each service package calls :func:`build_service_app` from its ``create_app()`` with a
:class:`ServiceSpec`. The app gets problem+json errors, request ids and security headers,
``/healthz`` and ``/readyz``, its own database and outbox relay, and the shared runtime
(event bus, cache, service directory).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from sqlalchemy import MetaData
from sqlalchemy import event as sa_event
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.kit.db import Database, is_sqlite
from mathpath.kit.errors import install_error_handlers
from mathpath.kit.events import Event, EventBus, Handler
from mathpath.kit.ids import new_id
from mathpath.kit.logging import configure_logging
from mathpath.kit.middleware import RequestContextMiddleware
from mathpath.kit.openapi import install_problem_openapi
from mathpath.kit.outbox import OutboxRelay, OutboxTables, handle_once, record_event
from mathpath.kit.runtime import Runtime, ServiceNotConfigured
from mathpath.kit.settings import Settings, get_settings
from mathpath.kit.telemetry import configure_tracing

log = structlog.get_logger("mathpath.service")


@dataclass
class ServiceContext:
    """Everything a service's code needs at run time, reachable from a request."""

    name: str
    settings: Settings
    runtime: Runtime
    db: Database
    outbox: OutboxTables
    relay: OutboxRelay
    state: dict[str, Any] = field(default_factory=dict)
    # Groups of `on_each_process` subscriptions, dropped when this process stops.
    process_groups: list[str] = field(default_factory=list)
    process_tag: str = field(default_factory=lambda: new_id()[-12:])
    calls: tuple[str, ...] = ()
    checks: dict[str, Callable[[ServiceContext], Awaitable[None]]] = field(default_factory=dict)

    @property
    def bus(self) -> EventBus:
        return self.runtime.bus

    async def emit(self, session: AsyncSession, event_type: str, payload: dict[str, Any]) -> Event:
        """Stage an event in this service's outbox, in the caller's transaction.

        The relay is woken as soon as the transaction commits.
        """
        event = Event(type=event_type, source=self.name, payload=payload)
        await record_event(session, self.outbox, event)
        relay = self.relay
        sa_event.listen(session.sync_session, "after_commit", lambda _s: relay.notify(), once=True)
        return event

    def on(
        self,
        event_types: Sequence[str],
        consumer: str,
        apply: Callable[[AsyncSession, Event], Awaitable[None]],
    ) -> None:
        """Subscribe an idempotent handler: each event id is applied once per consumer."""

        async def handler(event: Event) -> None:
            await handle_once(self.db, self.outbox, consumer, event, apply)

        self.bus.subscribe(f"{self.name}.{consumer}", event_types, handler)

    def on_each_process(self, event_types: Sequence[str], consumer: str, apply: Handler) -> None:
        """Subscribe a handler that every process of this service must run, for state each
        process holds itself (a loaded curriculum, an in-process search index): a consumer
        group of this process's own, without `on`'s once-per-service record. The handler
        must be idempotent. The group sees only events published after the process started
        (its state was built from the source then; replaying history could, for one, bring
        back an erased student's notes). It is dropped when the process stops."""
        group = f"{self.name}.{consumer}.{self.process_tag}"
        self.bus.subscribe(group, event_types, apply, from_start=False)
        self.process_groups.append(group)

    async def drop_process_groups(self) -> None:
        while self.process_groups:
            group = self.process_groups.pop()
            try:
                await self.bus.drop_group(group)
            except Exception as exc:  # best effort: a group left behind only costs memory
                log.warning("drop_group_failed", group=group, error_type=type(exc).__name__)


@dataclass
class ServiceSpec:
    name: str
    title: str
    description: str
    metadata: MetaData
    outbox: OutboxTables
    routers: Sequence[APIRouter]
    prefixes: Sequence[str]
    on_startup: Sequence[Callable[[ServiceContext], Awaitable[None]]] = ()
    on_shutdown: Sequence[Callable[[ServiceContext], Awaitable[None]]] = ()
    version: str = "1.0.0"
    # Other services this one calls over HTTP (typed clients): `/readyz` fails while one of
    # them is neither in this process nor reachable at its URL.
    calls: Sequence[str] = ()
    # Further readiness checks by name (e.g. the tutor's checkpoint store): each raises when
    # its dependency is not usable.
    checks: Mapping[str, Callable[[ServiceContext], Awaitable[None]]] = field(default_factory=dict)


def build_service_app(spec: ServiceSpec, runtime: Runtime | None = None) -> FastAPI:
    owns_runtime = runtime is None
    settings = runtime.settings if runtime is not None else get_settings()
    runtime = runtime or Runtime(settings)
    if owns_runtime:
        configure_logging(settings.log_level, json=settings.log_json)
        configure_tracing(f"mathpath-{spec.name}", settings.otel_exporter_endpoint)
    url = settings.database_url(spec.name)
    db = Database(
        url,
        busy_timeout_ms=settings.sqlite_busy_timeout_ms,
        pool_size=settings.sqlite_pool_size if is_sqlite(url) else settings.db_pool_size,
        pool_timeout_s=settings.db_pool_timeout_s,
        echo=settings.db_echo,
    )
    relay = OutboxRelay(
        db, spec.outbox, runtime.bus, poll_interval_s=settings.outbox_poll_interval_s
    )
    ctx = ServiceContext(
        name=spec.name,
        settings=settings,
        runtime=runtime,
        db=db,
        outbox=spec.outbox,
        relay=relay,
        calls=tuple(spec.calls),
        checks=dict(spec.checks),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _warn_missing_services(ctx)
        for hook in spec.on_startup:
            await hook(ctx)
        relay.start()
        if owns_runtime:
            await runtime.start_bus()
        try:
            yield
        finally:
            for hook in spec.on_shutdown:
                await hook(ctx)
            await ctx.drop_process_groups()
            await relay.stop()
            if owns_runtime:
                await runtime.aclose()
            await db.dispose()

    app = FastAPI(
        title=spec.title,
        description=spec.description,
        version=spec.version,
        lifespan=lifespan,
        debug=False,
    )
    app.state.ctx = ctx
    app.state.spec = spec
    install_error_handlers(app)
    install_problem_openapi(app)
    app.add_middleware(RequestContextMiddleware, service=spec.name)
    app.include_router(health_router(spec.name))
    for router in spec.routers:
        app.include_router(router)
    runtime.directory.register_local(spec.name, app)
    return app


def health_router(name: str) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", summary=f"Liveness of {name}", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": name}

    @router.get("/readyz", summary=f"Readiness of {name}", include_in_schema=False)
    async def readyz(request: Request) -> JSONResponse:
        checks = await readiness_checks(request.app.state.ctx)
        ok = all(v == "ok" for v in checks.values())
        return JSONResponse(
            {"status": "ok" if ok else "unavailable", "checks": checks},
            status_code=200 if ok else 503,
        )

    return router


READINESS_TIMEOUT_S = 3.0


async def readiness_checks(ctx: ServiceContext) -> dict[str, str]:
    """Each dependency this process really needs, by name: ``"ok"`` or why it is not.

    Its database, Redis when configured, each service it calls (reachable at its URL, or
    in this process) and the service's own checks (``ServiceSpec.checks``). A service
    called over HTTP is asked for ``/healthz``, not ``/readyz``: its own dependencies are
    its own readiness, and services calling each other never wait on each other's checks.
    A service in this process is not listed: its own checks are reported beside these.
    """
    checks: dict[str, Callable[[], Awaitable[None]]] = {f"{ctx.name}.database": ctx.db.ping}
    redis = ctx.runtime.redis
    if redis is not None:

        async def ping_redis() -> None:
            await redis.ping()

        checks["redis"] = ping_redis
    for name, check in ctx.checks.items():
        checks[name] = functools.partial(check, ctx)
    for service in ctx.calls:
        if ctx.runtime.directory.where(service) != "local":  # in process: checked beside
            checks[f"{ctx.name}->{service}"] = functools.partial(_reach, ctx, service)
    results = await asyncio.gather(*(_outcome(check) for check in checks.values()))
    return dict(zip(checks, results, strict=True))


async def _outcome(check: Callable[[], Awaitable[None]]) -> str:
    try:
        await asyncio.wait_for(check(), timeout=READINESS_TIMEOUT_S)
    except ServiceNotConfigured as exc:
        return f"failed: not configured (set {exc.setting})"
    except TimeoutError:
        return "failed: no answer in time"
    except Exception as exc:
        return f"failed: {type(exc).__name__}"
    return "ok"


async def _reach(ctx: ServiceContext, service: str) -> None:
    directory = ctx.runtime.directory
    if directory.where(service) == "missing":
        raise ServiceNotConfigured(service)
    response = await directory.client(service).get("/healthz")
    response.raise_for_status()


def _warn_missing_services(ctx: ServiceContext) -> None:
    for service in ctx.calls:
        if ctx.runtime.directory.where(service) == "missing":
            log.error(
                "service_not_configured",
                service=ctx.name,
                called=service,
                setting=f"MATHPATH_{service.upper()}_URL",
            )


def get_context(request: Request) -> ServiceContext:
    ctx: ServiceContext = request.app.state.ctx
    return ctx


async def _session(request: Request) -> AsyncIterator[AsyncSession]:
    async with get_context(request).db.transaction() as session:
        yield session


ContextDep = Annotated[ServiceContext, Depends(get_context)]
# scope="function": the commit happens before the response is sent, so a 2xx is durable.
SessionDep = Annotated[AsyncSession, Depends(_session, scope="function")]

IdempotencyKeyHeader = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        description="A new random key (8-200 characters) for each write; a retry sends the same.",
    ),
]
"""The header every client-retried write requires; a missing or malformed one is a 422
``idempotency-key-required`` problem (see `mathpath.kit.errors`)."""
