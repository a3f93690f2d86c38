"""Redis Streams bus and Redis cache against the real Redis server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mathpath.kit.cache import MemoryCache, RedisCache
from mathpath.kit.events import Event
from mathpath.kit.redis_bus import RedisStreamsBus

pytestmark = [pytest.mark.redis, pytest.mark.integration]


async def _cleanup(redis: Any, prefix: str) -> None:
    keys = [k async for k in redis.scan_iter(match=f"{prefix}*")]
    if keys:
        await redis.delete(*keys)


async def test_published_event_is_consumed_and_acknowledged(redis_client: Any, redis_prefix: str):
    bus = RedisStreamsBus(redis_client, prefix=redis_prefix, block_ms=50)
    got: list[str] = []

    async def handler(event: Event) -> None:
        got.append(event.payload["n"])

    bus.subscribe("learning", ["attempt.recorded"], handler)
    await bus.ensure_groups()
    try:
        await bus.publish(Event(type="attempt.recorded", source="learning", payload={"n": "1"}))
        assert await bus.consume_once("learning") == 1
        assert got == ["1"]
        pending = await redis_client.xpending(bus.stream("attempt.recorded"), "learning")
        assert pending["pending"] == 0
    finally:
        await _cleanup(redis_client, redis_prefix)


async def test_message_of_a_consumer_that_died_is_redelivered(redis_client: Any, redis_prefix: str):
    stream_group = "tutor"
    survivor = RedisStreamsBus(
        redis_client, prefix=redis_prefix, consumer="survivor", block_ms=50, claim_idle_ms=100
    )
    got: list[str] = []

    async def handler(event: Event) -> None:
        got.append(event.id)

    survivor.subscribe(stream_group, ["content.published"], handler)
    await survivor.ensure_groups()
    try:
        event = Event(type="content.published", source="learning")
        await survivor.publish(event)
        # A consumer reads the message and dies before acknowledging it.
        stream = survivor.stream("content.published")
        read = await redis_client.xreadgroup(stream_group, "doomed", {stream: ">"}, count=10)
        assert len(read[0][1]) == 1
        assert await survivor.consume_once(stream_group) == 0  # nothing new to read
        await asyncio.sleep(0.2)
        assert await survivor.reclaim(stream_group) == 1
        assert got == [event.id]
        assert (await redis_client.xpending(stream, stream_group))["pending"] == 0
    finally:
        await _cleanup(redis_client, redis_prefix)


async def test_failing_handler_leaves_message_pending_for_retry(
    redis_client: Any, redis_prefix: str
):
    bus = RedisStreamsBus(redis_client, prefix=redis_prefix, block_ms=50, claim_idle_ms=50)
    calls: list[int] = []

    async def flaky(event: Event) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("temporary")

    bus.subscribe("billing", ["user.erased"], flaky)
    await bus.ensure_groups()
    try:
        await bus.publish(Event(type="user.erased", source="identity"))
        assert await bus.consume_once("billing") == 0
        await asyncio.sleep(0.1)
        assert await bus.reclaim("billing") == 1
        assert len(calls) == 2
    finally:
        await _cleanup(redis_client, redis_prefix)


async def test_redis_cache_round_trip_expiry_and_prefix_delete(
    redis_client: Any, redis_prefix: str
):
    cache = RedisCache(redis_client, namespace=f"{redis_prefix}:")
    try:
        await cache.set("ent:u1", {"tutor_turns_per_day": 5}, ttl_s=60)
        await cache.set("ent:u2", [1, 2], ttl_s=60)
        await cache.set("short", "x", ttl_s=0.05)
        assert await cache.get("ent:u1") == {"tutor_turns_per_day": 5}
        await asyncio.sleep(0.1)
        assert await cache.get("short") is None
        await cache.delete_prefix("ent:")
        assert await cache.get("ent:u1") is None and await cache.get("ent:u2") is None
    finally:
        await _cleanup(redis_client, redis_prefix)


async def test_memory_cache_expires_and_evicts_least_recent():
    cache = MemoryCache(max_entries=2)
    await cache.set("a", 1, ttl_s=60)
    await cache.set("b", 2, ttl_s=60)
    assert await cache.get("a") == 1
    await cache.set("c", 3, ttl_s=60)
    assert await cache.get("b") is None and await cache.get("a") == 1
    await cache.set("d", 4, ttl_s=0.01)
    await asyncio.sleep(0.02)
    assert await cache.get("d") is None
