from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SpanExporter, SpanExportResult
from opentelemetry.trace import SpanKind

from mathpath.gateway.app import Gateway
from mathpath.kit import telemetry


class MemoryExporter(SpanExporter):
    def __init__(self) -> None:
        self.spans: list[ReadableSpan] = []

    def export(self, spans: object) -> SpanExportResult:
        self.spans.extend(spans)  # type: ignore[arg-type]
        return SpanExportResult.SUCCESS


@pytest.fixture
def exporter() -> Iterator[MemoryExporter]:
    telemetry.reset_tracing()
    exporter = MemoryExporter()
    provider = telemetry.configure_tracing("mathpath-test", exporter=exporter)
    assert provider is not None
    yield exporter
    telemetry.reset_tracing()


async def test_incoming_traceparent_continues_the_trace_through_gateway_and_service(
    exporter: MemoryExporter, gateway: Gateway
):
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    transport = httpx.ASGITransport(app=gateway)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get(
            "/api/v1/tutor/unknown",
            headers={"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"},
        )
    assert response.status_code == 404
    telemetry.reset_tracing()  # flushes the batch processor
    names = {span.name: span for span in exporter.spans}
    assert {"gateway GET", "tutor GET"} <= names.keys()
    for span in names.values():
        assert format(span.context.trace_id, "032x") == trace_id
    tutor, gw = names["tutor GET"], names["gateway GET"]
    assert tutor.parent is not None and tutor.parent.span_id == gw.context.span_id
    # In process the service span is internal to the gateway's server span, not a second one.
    assert gw.kind == SpanKind.SERVER and tutor.kind == SpanKind.INTERNAL
    assert tutor.attributes is not None and tutor.attributes["http.response.status_code"] == 404


def test_tracing_is_off_without_an_endpoint():
    telemetry.reset_tracing()
    assert telemetry.configure_tracing("x", endpoint="") is None
    assert not telemetry.tracer().start_span("s").get_span_context().is_valid
