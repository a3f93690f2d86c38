"""Rate limiting at the gateway: fixed windows per client address, on the cache port's store.

With Redis configured every gateway replica shares the counters; embedded mode counts in
process. Sign-in and registration paths get a tighter budget than the rest of the API.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from redis.asyncio import Redis
from starlette.types import ASGIApp, Receive, Scope, Send

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


class RateLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limits: Sequence[Limit],
        default_per_minute: int,
        redis: Redis | None = None,
    ) -> None:
        self.app = app
        self.limits = sorted(limits, key=lambda lim: len(lim.prefix), reverse=True)
        self.default_per_minute = default_per_minute
        self.counter = WindowCounter(redis)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = next((lim for lim in self.limits if path.startswith(lim.prefix)), None)
        per_minute = limit.per_minute if limit else self.default_per_minute
        bucket = limit.prefix if limit else "api"
        client = (scope.get("client") or ("unknown", 0))[0]
        window = int(time.time() // 60)
        count = await self.counter.hit(f"{bucket}:{client}", window)
        if count > per_minute:
            retry_after = str(60 - int(time.time()) % 60)
            response = problem_response(
                429,
                type_slug="rate-limited",
                title="Too many requests",
                detail=f"Slow down a little: try again in {retry_after} seconds.",
                headers={"Retry-After": retry_after},
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
