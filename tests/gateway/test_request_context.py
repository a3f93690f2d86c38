"""One request, one access line per process, one trace: embedded and proxied.

Embedded: the gateway owns the request; the service app it calls in process adopts the
request id and trace, makes a child span named for itself and writes no access line.
Proxied: each process writes its own line and the service's span continues the gateway's
trace through ``traceparent``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind

from mathpath.access import token_verifier
from mathpath.gateway.app import Gateway
from mathpath.kit import telemetry
from mathpath.kit.logging import configure_logging
from mathpath.kit.settings import Settings
from tests.fixtures.identity import create_user, identity_only_gateway
from tests.gateway.support import (
    MemoryExporter,
    access_lines,
    proxying_gateway,
    remote_identity,
    where,
)


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    async with identity_only_gateway(settings) as gw:
        yield gw


@pytest.fixture
def info_logs() -> Iterator[None]:
    configure_logging("INFO", json=True)
    yield
    configure_logging("WARNING", json=True)


@pytest.fixture
def exporter() -> Iterator[MemoryExporter]:
    telemetry.reset_tracing()
    exporter = MemoryExporter()
    assert telemetry.configure_tracing("mathpath-test", exporter=exporter) is not None
    yield exporter
    telemetry.reset_tracing()


def spans_of(exporter: MemoryExporter, request_id: str, path: str) -> dict[str, ReadableSpan]:
    telemetry.reset_tracing()  # flushes the batch processor
    found: dict[str, ReadableSpan] = {}
    for span in exporter.spans:
        attributes = span.attributes or {}
        if (
            attributes.get("mathpath.request_id") == request_id
            and attributes.get("url.path") == path
        ):
            assert span.name not in found, f"two spans named {span.name}"
            found[span.name] = span
    return found


@pytest.mark.usefixtures("info_logs")
async def test_embedded_request_has_one_access_line_and_a_child_span_for_the_service(
    client: httpx.AsyncClient, capsys: pytest.CaptureFixture[str], exporter: MemoryExporter
) -> None:
    user = await create_user(client)
    await client.get("/api/v1/me", headers=user.headers)  # the gateway fetches the keys once
    access_lines(capsys)
    request_id = "embedded-request-0001"
    response = await client.get("/api/v1/me", headers={**user.headers, "X-Request-ID": request_id})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == request_id
    (line,) = where(access_lines(capsys), request_id=request_id)
    assert line["service"] == "gateway" and line["upstream"] == "identity"
    assert line["path"] == "/api/v1/me" and line["status"] == 200
    assert line["user_id"] == user.id  # from the token the gateway verified

    spans = spans_of(exporter, request_id, "/api/v1/me")
    assert set(spans) == {"gateway GET", "identity GET"}
    edge, service = spans["gateway GET"], spans["identity GET"]
    assert edge.kind == SpanKind.SERVER and edge.parent is None
    assert service.kind == SpanKind.INTERNAL
    assert service.parent is not None and service.parent.span_id == edge.context.span_id
    assert service.context.trace_id == edge.context.trace_id
    assert line["trace_id"] == format(edge.context.trace_id, "032x")
    assert service.attributes is not None
    assert service.attributes["http.response.status_code"] == 200


@pytest.mark.usefixtures("info_logs")
async def test_a_call_between_services_in_process_is_a_request_of_its_own(
    client: httpx.AsyncClient, gateway: Gateway, capsys: pytest.CaptureFixture[str]
) -> None:
    """The gateway's first verification fetches identity's keys, then (with a service
    token) the access revocations, through the in-process client: identity serves those
    calls and logs them, under the same request id."""
    user = await create_user(client)
    assert token_verifier(gateway.runtime).keys == {}
    access_lines(capsys)
    request_id = "embedded-request-0002"
    await client.get("/api/v1/me", headers={**user.headers, "X-Request-ID": request_id})
    lines = where(access_lines(capsys), request_id=request_id)
    assert sorted((line["service"], line["path"]) for line in lines) == [
        ("gateway", "/api/v1/me"),
        ("identity", "/.well-known/jwks.json"),
        ("identity", "/api/v1/identity/revocations"),
        ("identity", "/api/v1/identity/service-token"),
    ]


@pytest.mark.usefixtures("info_logs")
async def test_proxied_request_has_one_access_line_per_process_and_one_trace(
    data_dir: Path, capsys: pytest.CaptureFixture[str], exporter: MemoryExporter
) -> None:
    async with (
        remote_identity(data_dir) as identity,
        proxying_gateway(data_dir, identity_url=identity.url) as gw,
    ):
        transport = httpx.ASGITransport(app=gw)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            user = await create_user(client)
            await client.get("/api/v1/me", headers=user.headers)
            access_lines(capsys)
            request_id = "proxied-request-0001"
            response = await client.get(
                "/api/v1/me", headers={**user.headers, "X-Request-ID": request_id}
            )
    assert response.status_code == 200
    lines = where(access_lines(capsys), request_id=request_id)
    by_service = {line["service"]: line for line in lines}
    assert len(lines) == 2 and set(by_service) == {"gateway", "identity"}
    assert by_service["gateway"]["upstream"] == "identity"
    assert "upstream" not in by_service["identity"]
    assert {line["user_id"] for line in lines} == {user.id}
    assert {line["path"] for line in lines} == {"/api/v1/me"}

    spans = spans_of(exporter, request_id, "/api/v1/me")
    assert set(spans) == {"gateway GET", "identity GET"}
    edge, service = spans["gateway GET"], spans["identity GET"]
    assert edge.kind == SpanKind.SERVER and service.kind == SpanKind.SERVER
    assert service.parent is not None and service.parent.is_remote
    assert service.parent.span_id == edge.context.span_id
    assert service.context.trace_id == edge.context.trace_id
    assert by_service["identity"]["trace_id"] == by_service["gateway"]["trace_id"]
