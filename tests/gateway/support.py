"""Test support for the gateway: a service app served over real HTTP on a loopback port, an
ASGI wrapper that records what reaches an app (to tell a gateway's answer from a
service's), spans kept in memory, and the access log read back as JSON."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from starlette.types import ASGIApp, Receive, Scope, Send

from mathpath.gateway.app import Gateway
from mathpath.identity.app import create_app as create_identity
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext
from tests.fixtures.platform import make_settings
from tests.local_server import served


@dataclass
class RemoteService:
    url: str
    seen: Recorder
    ctx: ServiceContext


@asynccontextmanager
async def remote_identity(data_dir: Path) -> AsyncIterator[RemoteService]:
    """Identity alone in its own server (as in distributed mode), on ``data_dir``'s database."""
    runtime = Runtime(make_settings(data_dir))
    app = create_identity(runtime)
    recorder = Recorder(app)
    await runtime.start_bus()
    try:
        async with served(recorder) as url:
            yield RemoteService(url, recorder, app.state.ctx)
    finally:
        await runtime.aclose()


@asynccontextmanager
async def proxying_gateway(data_dir: Path, **urls: str) -> AsyncIterator[Gateway]:
    """A gateway that proxies to the services given by URL (``identity_url=...``); the others
    are built in process but not started."""
    gateway = Gateway(make_settings(data_dir, **urls))
    try:
        yield gateway
    finally:
        for proxy in gateway.proxies.values():
            await proxy.aclose()
        await gateway.runtime.aclose()


class Recorder:
    """Wraps an ASGI app and keeps the path and headers of each HTTP request it is given."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: list[tuple[str, dict[str, str]]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            self.requests.append((scope["path"], headers))
        await self.app(scope, receive, send)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


class MemoryExporter(SpanExporter):
    def __init__(self) -> None:
        self.spans: list[ReadableSpan] = []

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        self.spans.extend(spans)
        return SpanExportResult.SUCCESS


def access_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    """The JSON access lines (``event == "request"``) written to stderr since the last read."""
    lines = []
    for raw in capsys.readouterr().err.splitlines():
        try:
            line = json.loads(raw)
        except ValueError:
            continue
        if isinstance(line, dict) and line.get("event") == "request":
            lines.append(line)
    return lines


def where(lines: list[dict[str, Any]], **match: Any) -> list[dict[str, Any]]:
    return [line for line in lines if all(line.get(k) == v for k, v in match.items())]
