"""Cache port with an in-process TTL adapter and a Redis adapter. Values are JSON."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from typing import Any, Protocol

from redis.asyncio import Redis


class Cache(Protocol):
    async def get(self, key: str) -> Any | None: ...

    async def set(self, key: str, value: Any, ttl_s: float) -> None: ...

    async def delete(self, *keys: str) -> None: ...

    async def delete_prefix(self, prefix: str) -> None: ...


class MemoryCache:
    """A bounded LRU with per-entry expiry, for one process."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._data: OrderedDict[str, tuple[float, str]] = OrderedDict()
        self.max_entries = max_entries

    async def get(self, key: str) -> Any | None:
        entry = self._data.get(key)
        if entry is None:
            return None
        expires, raw = entry
        if expires < time.monotonic():
            self._data.pop(key, None)
            return None
        self._data.move_to_end(key)
        return json.loads(raw)

    async def set(self, key: str, value: Any, ttl_s: float) -> None:
        self._data[key] = (time.monotonic() + ttl_s, json.dumps(value))
        self._data.move_to_end(key)
        while len(self._data) > self.max_entries:
            self._data.popitem(last=False)

    async def delete(self, *keys: str) -> None:
        for key in keys:
            self._data.pop(key, None)

    async def delete_prefix(self, prefix: str) -> None:
        for key in [k for k in self._data if k.startswith(prefix)]:
            del self._data[key]


class RedisCache:
    def __init__(self, redis: Redis, *, namespace: str = "mathpath:cache:") -> None:
        self.redis = redis
        self.namespace = namespace

    async def get(self, key: str) -> Any | None:
        raw = await self.redis.get(self.namespace + key)
        return None if raw is None else json.loads(raw)

    async def set(self, key: str, value: Any, ttl_s: float) -> None:
        await self.redis.set(self.namespace + key, json.dumps(value), px=max(1, int(ttl_s * 1000)))

    async def delete(self, *keys: str) -> None:
        if keys:
            await self.redis.delete(*(self.namespace + k for k in keys))

    async def delete_prefix(self, prefix: str) -> None:
        batch: list[Any] = []
        async for key in self.redis.scan_iter(match=f"{self.namespace}{prefix}*", count=500):
            batch.append(key)
            if len(batch) >= 500:
                await self.redis.delete(*batch)
                batch.clear()
        if batch:
            await self.redis.delete(*batch)
