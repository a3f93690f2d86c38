"""The shared runtime of one process: settings, event bus, cache, Redis and service clients.

In embedded mode one runtime serves every service in the process (one in-process bus, one
cache); a service started alone builds its own. Adapters are chosen by settings.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import structlog
from redis.asyncio import Redis
from starlette.types import ASGIApp

from mathpath.kit.cache import Cache, MemoryCache, RedisCache
from mathpath.kit.context import request_id_var
from mathpath.kit.errors import ServiceUnavailable
from mathpath.kit.events import EventBus, InMemoryBus
from mathpath.kit.redis_bus import RedisStreamsBus
from mathpath.kit.settings import Settings
from mathpath.kit.telemetry import inject_headers

log = structlog.get_logger("mathpath.runtime")


class ServiceNotConfigured(ServiceUnavailable):
    """This process calls a service that it neither runs nor has a URL for: a deployment
    mistake (each service run alone needs ``MATHPATH_<SERVICE>_URL`` of those it calls)."""

    type_slug = "service-not-configured"
    title = "A service this one needs is not configured"

    def __init__(self, name: str) -> None:
        self.service = name
        self.setting = f"MATHPATH_{name.upper()}_URL"
        super().__init__(
            f"The {name} service is not reachable from here: set {self.setting} "
            "(or run it in this process)."
        )


class ServiceDirectory:
    """Where each service is: an in-process ASGI app (embedded) or a base URL (distributed).

    Clients built here are ``httpx.AsyncClient``s: over ``ASGITransport`` for an in-process
    service (no socket, same code path) or over the network for a remote one.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._local: dict[str, ASGIApp] = {}
        self._factories: dict[str, Callable[[], ASGIApp]] = {}
        self._clients: dict[str, httpx.AsyncClient] = {}

    def register_local(self, name: str, app: ASGIApp) -> None:
        self._local[name] = app

    def register_factory(self, name: str, factory: Callable[[], ASGIApp]) -> None:
        """An app to build in-process on first use when ``name`` has neither URL nor app."""
        self._factories[name] = factory

    def is_remote(self, name: str) -> bool:
        return bool(self.settings.service_url(name))

    def is_local(self, name: str) -> bool:
        return name in self._local or name in self._factories

    def where(self, name: str) -> str:
        """``"remote"``, ``"local"`` or ``"missing"`` (no URL and no app in this process)."""
        if self.is_remote(name):
            return "remote"
        return "local" if self.is_local(name) else "missing"

    def client(self, name: str, *, timeout_s: float = 10.0) -> httpx.AsyncClient:
        if name in self._clients:
            return self._clients[name]
        url = self.settings.service_url(name)
        if url:
            client = httpx.AsyncClient(
                base_url=url, timeout=timeout_s, event_hooks={"request": [_propagate_trace]}
            )
        else:
            app = self._local.get(name)
            if app is None and name in self._factories:
                app = self._local[name] = self._factories[name]()
            if app is None:
                error = ServiceNotConfigured(name)
                log.error("service_not_configured", called=name, setting=error.setting)
                raise error
            client = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url=f"http://{name}.internal",
                timeout=timeout_s,
                event_hooks={"request": [_propagate_trace]},
            )
        self._clients[name] = client
        return client

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
        self._clients.clear()


async def _propagate_trace(request: httpx.Request) -> None:
    """Carry the trace and the request id of the request being served to the service called,
    so one user action is one trace and one request id in every service's log."""
    carrier: dict[str, str] = {}
    inject_headers(carrier)
    request.headers.update(carrier)
    request_id = request_id_var.get()
    if request_id and "x-request-id" not in request.headers:
        request.headers["X-Request-ID"] = request_id


class Runtime:
    def __init__(
        self, settings: Settings, *, bus: EventBus | None = None, cache: Cache | None = None
    ) -> None:
        self.settings = settings
        self.redis: Redis | None = (
            Redis.from_url(settings.redis_url) if settings.redis_url else None
        )
        self.bus: EventBus = bus or self._make_bus()
        self.cache: Cache = cache or self._make_cache()
        self.directory = ServiceDirectory(settings)
        self.extras: dict[str, Any] = {}
        self._bus_started = False

    def _make_bus(self) -> EventBus:
        if self.settings.event_bus == "redis":
            if self.redis is None:
                raise ValueError("MATHPATH_EVENT_BUS=redis needs MATHPATH_REDIS_URL")
            return RedisStreamsBus(self.redis, prefix=self.settings.redis_stream_prefix)
        return InMemoryBus()

    def _make_cache(self) -> Cache:
        if self.settings.cache_backend == "redis":
            if self.redis is None:
                raise ValueError("MATHPATH_CACHE_BACKEND=redis needs MATHPATH_REDIS_URL")
            # The stream prefix names this deployment's keys: two beside each other on one
            # Redis (concurrent test clusters) do not read each other's cache.
            return RedisCache(self.redis, namespace=f"{self.settings.redis_stream_prefix}:cache:")
        return MemoryCache()

    async def start_bus(self) -> None:
        if not self._bus_started:
            await self.bus.start()
            self._bus_started = True

    async def aclose(self) -> None:
        if self._bus_started:
            await self.bus.stop()
            self._bus_started = False
        await self.directory.aclose()
        if self.redis is not None:
            await self.redis.aclose()
