"""Route each request by path prefix to its service: in-process ASGI call or HTTP proxy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import httpx
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mathpath.kit.telemetry import inject_headers

# Hop-by-hop headers are for one connection only (RFC 9110 section 7.6.1).
_HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"transfer-encoding",
        b"upgrade",
        b"host",
        b"content-length",
    }
)


@dataclass
class ServiceRoute:
    name: str
    prefixes: Sequence[str]
    app: ASGIApp | None = None  # in-process
    url: str = ""  # remote


class ServiceRouter:
    """Longest-prefix table from path to service."""

    def __init__(self, routes: Sequence[ServiceRoute]) -> None:
        self.routes = list(routes)
        table: list[tuple[str, ServiceRoute]] = []
        seen: dict[str, str] = {}
        for route in routes:
            for prefix in route.prefixes:
                if prefix in seen:
                    raise ValueError(f"prefix {prefix} claimed by {seen[prefix]} and {route.name}")
                seen[prefix] = route.name
                table.append((prefix.rstrip("/"), route))
        self.table = sorted(table, key=lambda item: len(item[0]), reverse=True)

    def match(self, path: str) -> ServiceRoute | None:
        for prefix, route in self.table:
            if path == prefix or path.startswith(prefix + "/"):
                return route
        return None


class HttpProxy:
    """Forward a request to a remote service and stream its answer back."""

    def __init__(self, base_url: str, *, timeout_s: float = 30.0) -> None:
        self.client = httpx.AsyncClient(base_url=base_url, timeout=timeout_s)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = bytearray()
        while True:
            message = await receive()
            body.extend(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = [(k, v) for k, v in scope.get("headers", []) if k.lower() not in _HOP_BY_HOP]
        client_host = (scope.get("client") or ("", 0))[0]
        headers.append((b"x-forwarded-for", str(client_host).encode()))
        carrier: dict[str, str] = {}
        inject_headers(carrier)
        if carrier:
            headers = [
                (k, v) for k, v in headers if k.lower() not in (b"traceparent", b"tracestate")
            ]
            headers.extend((k.encode(), v.encode()) for k, v in carrier.items())
        path = scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        request = self.client.build_request(
            scope["method"],
            path,
            params=scope.get("query_string", b"").decode("latin-1"),
            headers=headers,
            content=bytes(body),
        )
        try:
            response = await self.client.send(request, stream=True)
        except httpx.HTTPError:
            await _send_bad_gateway(send, scope)
            return
        try:
            out_headers = [
                (k.lower(), v) for k, v in response.headers.raw if k.lower() not in _HOP_BY_HOP
            ]
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": out_headers,
                }
            )
            async for chunk in response.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        await self.client.aclose()


async def _send_bad_gateway(send: Send, scope: Scope) -> None:
    import json

    body = json.dumps(
        {
            "type": "https://mathpath.dev/problems/bad-gateway",
            "title": "Bad gateway",
            "status": 502,
            "detail": "A service behind the gateway did not answer. Please try again shortly.",
            "instance": scope.get("path"),
        }
    ).encode()
    start: Message = {
        "type": "http.response.start",
        "status": 502,
        "headers": [(b"content-type", b"application/problem+json")],
    }
    await send(start)
    await send({"type": "http.response.body", "body": body})
