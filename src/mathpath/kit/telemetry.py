"""OpenTelemetry tracing: a server span per request, context carried across services.

Off unless ``MATHPATH_OTEL_EXPORTER_ENDPOINT`` is set (an OTLP/HTTP traces endpoint such as
``http://collector:4318/v1/traces``); then spans are batched and exported. The W3C
``traceparent`` header is read from incoming requests and written on every outgoing call
between services, so one student action is one trace across the gateway and services.
"""

from __future__ import annotations

from collections.abc import MutableMapping

from opentelemetry import propagate, trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter

_provider: TracerProvider | None = None


def configure_tracing(
    service_name: str, endpoint: str = "", exporter: SpanExporter | None = None
) -> TracerProvider | None:
    """Start exporting spans (once per process); returns the provider, or None when off."""
    global _provider
    if _provider is not None:
        return _provider
    if exporter is None and endpoint:
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter(endpoint=endpoint)
    if exporter is None:
        return None
    provider = TracerProvider(resource=Resource.create({"service.name": service_name}))
    provider.add_span_processor(BatchSpanProcessor(exporter))
    _provider = provider
    return provider


def reset_tracing() -> None:
    """Flush and forget the provider (tests, shutdown)."""
    global _provider
    if _provider is not None:
        _provider.shutdown()
    _provider = None


def tracer() -> trace.Tracer:
    if _provider is None:
        return trace.NoOpTracer()
    return _provider.get_tracer("mathpath")


def inject_headers(headers: MutableMapping[str, str]) -> None:
    """Write the current trace context (``traceparent``) into outgoing headers."""
    propagate.inject(headers)
