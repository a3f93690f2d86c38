"""Rate limiting at the gateway: fixed one-minute windows, per client address and per user.

Two layers, each with its own budgets (settings ``MATHPATH_RATE_LIMIT_*``):

- **per address**, before any token check (a flood of bad tokens costs little). Generous,
  because a whole school can sit behind one address (NAT): by default 6,000 requests a
  minute, 300 to ``/api/v1/auth`` (sign-in, refresh, registration; failed sign-ins are
  also throttled per account by identity).
- **per user**, keyed by the verified token's subject, after the token check: what one
  account may send whatever its address, by default 1,200 a minute and 60 to the tutor.

With Redis configured every gateway replica shares the counters; embedded mode counts in
process. Every 429 carries ``Retry-After`` (seconds to the end of the window).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from redis.asyncio import Redis
from starlette.types import ASGIApp, Receive, Scope, Send

from mathpath.kit.context import user_id_var
from mathpath.kit.errors import problem_response


@dataclass(frozen=True)
class Limit:
    prefix: str
    per_minute: int


class WindowCounter:
    def __init__(self, redis: Redis | None) -> None:
        self.redis = redis
        self._local: dict[str, tuple[int, int]] = {}

    async def hit(self, key: str, window: int) -> int:
        if self.redis is not None:
            full = f"mathpath:rl:{key}:{window}"
            pipe = self.redis.pipeline()
            pipe.incr(full)
            pipe.expire(full, 120)
            count, _ = await pipe.execute()
            return int(count)
        seen_window, count = self._local.get(key, (window, 0))
        count = count + 1 if seen_window == window else 1
        self._local[key] = (window, count)
        if len(self._local) > 100_000:
            self._local = {k: v for k, v in self._local.items() if v[0] == window}
        return count


def client_address(scope: Scope) -> str | None:
    return str((scope.get("client") or ("unknown", 0))[0])


def token_subject(scope: Scope) -> str | None:
    """The subject of the request's verified token (set by the gateway's token check)."""
    del scope
    return user_id_var.get()


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: Sequence[Limit],
        default_per_minute: int,
        redis: Redis | None = None,
        key: Callable[[Scope], str | None] = client_address,
        scope_name: str = "address",
    ) -> None:
        self.app = app
        self.limits = sorted(limits, key=lambda lim: len(lim.prefix), reverse=True)
        self.default_per_minute = default_per_minute
        self.counter = WindowCounter(redis)
        self.key = key
        self.scope_name = scope_name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        who = self.key(scope)
        if who is None:  # per user, and no verified token: the address layer counted it
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = next((lim for lim in self.limits if path.startswith(lim.prefix)), None)
        per_minute = limit.per_minute if limit else self.default_per_minute
        bucket = limit.prefix if limit else "api"
        window = int(time.time() // 60)
        count = await self.counter.hit(f"{self.scope_name}:{bucket}:{who}", window)
        if count > per_minute:
            retry_after = str(60 - int(time.time()) % 60)
            whose = "this account" if self.scope_name == "user" else "this address"
            response = problem_response(
                429,
                type_slug="rate-limited",
                title="Too many requests",
                detail=f"Too many requests from {whose}: try again in {retry_after} seconds.",
                headers={"Retry-After": retry_after},
                extra={"limit": per_minute, "per": self.scope_name},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
