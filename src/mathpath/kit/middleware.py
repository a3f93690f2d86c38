"""ASGI middleware shared by the gateway and every service app.

:class:`RequestContextMiddleware` gives every request an id (a well-formed incoming
``X-Request-ID`` is kept and passed on downstream), binds it and the trace id to the
log context, adds security headers, writes one access log line, and turns anything
unhandled into a problem+json 500 without a stack trace.

One request, one access line per process. The outermost instance in a process owns the
request: it leaves a :class:`RequestRecord` in the ASGI scope. An instance that finds one
(a service app called in process by the embedded gateway) adopts that request: same id,
same trace, a child span named for its service, and no access line of its own; the owner's
line names it as ``upstream``. A service in its own process gets no record over HTTP, so it
logs its own line. Service-to-service calls are requests of their own (a fresh scope).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import structlog
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mathpath.kit import telemetry
from mathpath.kit.context import (
    accept_request_id,
    request_id_var,
    trace_id_from,
    trace_id_var,
    user_id_var,
)

log = structlog.get_logger("mathpath.http")

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"strict-transport-security", b"max-age=63072000; includeSubDomains"),
)
_DOCS_PATHS = ("/docs", "/redoc")
_API_CSP = b"default-src 'none'; frame-ancestors 'none'"


# The ASGI scope key of the request's :class:`RequestRecord`.
REQUEST_RECORD = "mathpath.request"


@dataclass
class RequestRecord:
    """The request as the outermost middleware of this process knows it; inner layers read
    it and add what the access line should say (the gateway's router: ``upstream``)."""

    request_id: str
    upstream: str | None = None


def request_record(scope: Scope) -> RequestRecord | None:
    record = scope.get(REQUEST_RECORD)
    return record if isinstance(record, RequestRecord) else None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, service: str) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        record = request_record(scope)
        if record is not None:
            await self._adopt(record, scope, receive, send)
            return
        request_id = accept_request_id(_header(scope, b"x-request-id"))
        carrier = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in scope.get("headers", [])
            if k in (b"traceparent", b"tracestate")
        }
        span = telemetry.tracer().start_span(
            f"{self.service} {scope.get('method', '')}",
            # A call from another service in this process (over ASGITransport): its span is
            # current, so this one is its child; otherwise continue the caller's traceparent.
            context=None
            if trace.get_current_span().get_span_context().is_valid
            else propagate.extract(carrier),
            kind=trace.SpanKind.SERVER,
            attributes={
                "http.request.method": scope.get("method", ""),
                "url.path": scope.get("path", ""),
                "mathpath.request_id": request_id,
                "mathpath.service": self.service,
            },
        )
        span_context = span.get_span_context()
        trace_id = (
            format(span_context.trace_id, "032x")
            if span_context.is_valid
            else trace_id_from(carrier.get("traceparent")) or request_id.replace("-", "")
        )
        headers = [(k, v) for k, v in scope.get("headers", []) if k != b"x-request-id"]
        headers.append((b"x-request-id", request_id.encode()))
        record = RequestRecord(request_id)
        scope = {**scope, "headers": headers, REQUEST_RECORD: record}
        tokens = (request_id_var.set(request_id), trace_id_var.set(trace_id), user_id_var.set(None))
        started = time.perf_counter()
        status: dict[str, Any] = {"status": 500, "started": False}
        is_docs = scope.get("path", "").startswith(_DOCS_PATHS)

        def with_headers(message: Message) -> Message:
            out = [(k, v) for k, v in message.get("headers", []) if k != b"x-request-id"]
            present = {k for k, _ in out}
            out.append((b"x-request-id", request_id.encode()))
            out.extend(h for h in SECURITY_HEADERS if h[0] not in present)
            if not is_docs and b"content-security-policy" not in present:
                out.append((b"content-security-policy", _API_CSP))
            return {**message, "headers": out}

        try:
            await self._serve(span, status, scope, receive, send, request_id, with_headers)
        finally:
            fields: dict[str, Any] = {"upstream": record.upstream} if record.upstream else {}
            log.info(
                "request",
                service=self.service,
                method=scope.get("method"),
                path=scope.get("path"),
                status=status["status"],
                ms=round((time.perf_counter() - started) * 1000, 2),
                **fields,
            )
            request_id_var.reset(tokens[0])
            trace_id_var.reset(tokens[1])
            user_id_var.reset(tokens[2])

    async def _adopt(
        self, record: RequestRecord, scope: Scope, receive: Receive, send: Send
    ) -> None:
        """Serve a request an outer middleware of this process owns (see the module doc)."""
        span = telemetry.tracer().start_span(
            f"{self.service} {scope.get('method', '')}",
            kind=trace.SpanKind.INTERNAL,
            attributes={
                "http.request.method": scope.get("method", ""),
                "url.path": scope.get("path", ""),
                "mathpath.request_id": record.request_id,
                "mathpath.service": self.service,
            },
        )
        status: dict[str, Any] = {"status": 500, "started": False}
        await self._serve(span, status, scope, receive, send, record.request_id)

    async def _serve(
        self, span: trace.Span, status: dict[str, Any], scope: Scope, receive: Receive,
        send: Send, request_id: str, on_start: Callable[[Message], Message] | None = None,
    ) -> None:  # fmt: skip
        """Run the app inside `span`, noting the response status in `status`; an unhandled
        error is logged and answered with a 500 problem if nothing was sent yet."""
        span_token = otel_context.attach(trace.set_span_in_context(span))

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["started"] = True
                status["status"] = message["status"]
                if on_start is not None:
                    message = on_start(message)
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:
            log.error(
                "unhandled_error",
                service=self.service,
                path=scope.get("path"),
                error_type=type(exc).__name__,
            )
            if not status["started"]:
                await _send_problem_500(send_wrapper, scope, request_id)
        finally:
            span.set_attribute("http.response.status_code", status["status"])
            if status["status"] >= 500:
                span.set_status(trace.Status(trace.StatusCode.ERROR))
            otel_context.detach(span_token)
            span.end()


async def _send_problem_500(send: Send, scope: Scope, request_id: str) -> None:
    import json

    body = json.dumps(
        {
            "type": "https://mathpath.dev/problems/internal",
            "title": "Internal server error",
            "status": 500,
            "detail": "Something went wrong on our side. It has been logged; please try again.",
            "instance": scope.get("path"),
            "request_id": request_id,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
