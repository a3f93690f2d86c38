"""What verifying bearer tokens at the gateway costs, in CPU time.

    .venv/bin/python -m benchmarks.gateway_auth.bench [--seconds 3] [--requests 400]

1. The middleware alone (``mathpath.gateway.auth.BearerTokenMiddleware`` in front of an app
   that answers 204 at once), keys loaded, one core: CPU microseconds per request with no
   token, a valid token, a valid token behind ``verify_cached`` only (the identity benchmark's
   path), an expired token and a forged signature.
2. The embedded gateway end to end (identity started, SQLite, over ASGI): CPU per request to
   ``/api/v1/me`` with a valid token (for a subject without an account, so identity answers
   401 after verifying it and one query), with the gateway's check on and off (the service
   verifies the token either way).

Uses no data set. CPU time (``time.process_time``) is independent of other load on the
machine; wall times are not reported.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mathpath.access import AUDIENCE, ISSUER, TokenVerifier, token_verifier
from mathpath.gateway.app import Gateway
from mathpath.gateway.auth import BearerTokenMiddleware
from mathpath.gateway.ratelimit import RateLimitMiddleware
from mathpath.identity.keys import Signer, generate_private_key, public_jwk
from mathpath.identity.state import state_of
from mathpath.kit.logging import configure_logging
from mathpath.kit.migrate import upgrade
from mathpath.kit.settings import Settings


async def _no_fetch() -> dict[str, Any]:
    raise AssertionError("keys are preloaded")


async def _answer_204(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def _claims(now: int, **overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "user-1",
        "roles": ["student"],
        "amr": ["pwd"],
        "iat": now,
        "nbf": now,
        "exp": now + 900,
    }
    claims.update(overrides)
    return claims


async def _cpu_us_per_call(call: Callable[[], Awaitable[object]], seconds: float) -> float:
    calls = 0
    started = time.process_time()
    while time.process_time() - started < seconds:
        for _ in range(100):
            await call()
        calls += 100
    return (time.process_time() - started) / calls * 1e6


async def bench_middleware(seconds: float) -> dict[str, float]:
    key = generate_private_key("RS256")
    signer = Signer("bench", "RS256", key)
    verifier = TokenVerifier(_no_fetch, issuer=ISSUER, audience=AUDIENCE)
    verifier.load({"keys": [public_jwk(key, "RS256", "bench")]})
    middleware = BearerTokenMiddleware(_answer_204, verifier=lambda: verifier)
    now = int(time.time())
    valid = signer.sign(_claims(now))
    forged = Signer("bench", "RS256", rsa.generate_private_key(65537, 2048)).sign(_claims(now))
    tokens = {
        "no token": None,
        "valid token": valid,
        "expired token (401)": signer.sign(_claims(now, exp=now - 60)),
        "forged signature (401)": forged,
    }
    results: dict[str, float] = {}

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        return None

    for name, token in tokens.items():
        headers = [(b"authorization", f"Bearer {token}".encode())] if token else []
        scope: Scope = {"type": "http", "method": "GET", "path": "/api/v1/me", "headers": headers}

        async def one(scope: Scope = scope) -> None:
            await middleware(scope, receive, send)

        results[name] = await _cpu_us_per_call(one, seconds)

    async def cached_only() -> None:
        verifier.verify_cached(valid)

    results["verify_cached alone (identity benchmark path)"] = await _cpu_us_per_call(
        cached_only, seconds
    )
    return results


def _find_middleware(app: ASGIApp) -> BearerTokenMiddleware:
    while not isinstance(app, BearerTokenMiddleware):
        if isinstance(app, RateLimitMiddleware):
            app.default_per_minute = 10**9  # one client address sends every request
        app = app.app  # type: ignore[attr-defined]
    return app


async def bench_gateway(requests: int) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="mathpath-bench-"))
    # A slow outbox poll: its background CPU would count against the requests otherwise.
    settings = Settings(environment="test", data_dir=folder, outbox_poll_interval_s=60)
    await asyncio.to_thread(upgrade, "identity", settings.database_url("identity"))
    gateway = Gateway(settings)
    identity = gateway.local_apps["identity"]
    results: dict[str, float] = {}
    async with identity.router.lifespan_context(identity):
        signer = await state_of(identity.state.ctx).keys.signer()
        token = signer.sign(_claims(int(time.time())))
        headers = {"Authorization": f"Bearer {token}"}
        check = _find_middleware(gateway.asgi)
        transport = httpx.ASGITransport(app=gateway, client=("192.0.2.1", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            for _ in range(20):  # warm up: keys fetched, caches filled
                await client.get("/api/v1/me", headers=headers)
            assert token_verifier(gateway.runtime).keys
            rounds: dict[str, list[float]] = {"gateway check on": [], "gateway check off": []}
            on = check.checked_prefixes
            for _ in range(5):  # alternate, so drifting load on the machine hits both alike
                for label, prefixes in (("gateway check on", on), ("gateway check off", ())):
                    check.checked_prefixes = tuple(prefixes)
                    started = time.process_time()
                    for _ in range(requests):
                        response = await client.get("/api/v1/me", headers=headers)
                        # Verified, then refused by identity: the subject has no account.
                        assert "no longer active" in response.text, response.text
                    rounds[label].append((time.process_time() - started) / requests * 1e6)
            results = {label: statistics.median(values) for label, values in rounds.items()}
        await gateway.runtime.aclose()
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    configure_logging("WARNING")  # no access line per request
    print("BearerTokenMiddleware alone, CPU per request (one core):")
    for name, us in (await bench_middleware(args.seconds)).items():
        print(f"  {name}: {us:.1f} us  ({1e6 / us:,.0f}/s)")
    print("Embedded gateway, GET /api/v1/me with a valid token, CPU per request:")
    for name, us in (await bench_gateway(args.requests)).items():
        print(f"  {name}: {us:.0f} us (median of 5 rounds)")


if __name__ == "__main__":
    asyncio.run(main())
