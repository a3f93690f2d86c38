"""The distributed pieces of the client: entitlements cached in Redis, dropped by a
``subscription.changed`` event consumed from Redis Streams."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from redis.asyncio import Redis

from mathpath.access import identity_client
from mathpath.contracts.billing_client import (
    CACHE_PREFIX,
    BillingClient,
    subscribe_entitlements_invalidation,
)
from mathpath.gateway.app import Gateway
from mathpath.kit.cache import RedisCache
from mathpath.kit.events import Event
from mathpath.kit.ids import new_id
from mathpath.kit.redis_bus import RedisStreamsBus
from tests.fixtures.billing import checkout_directly, pay_on_sandbox_page

pytestmark = [pytest.mark.redis, pytest.mark.integration]


async def test_entitlements_cached_in_redis_are_dropped_by_a_streamed_event(
    gateway: Gateway, client: httpx.AsyncClient, redis_client: Redis, redis_prefix: str
) -> None:
    cache = RedisCache(redis_client, namespace=f"{redis_prefix}:cache:")
    bus = RedisStreamsBus(redis_client, prefix=redis_prefix)
    subscribe_entitlements_invalidation(bus, cache, group="tutor.billing-cache")
    token = await identity_client(gateway.runtime).service_token(
        "tutor", gateway.settings.secret_key.get_secret_value()
    )
    auth = {"Authorization": f"Bearer {token}"}
    billing = BillingClient(gateway.runtime.directory.client("billing"), cache)
    payer = new_id()
    assert (await billing.entitlements(payer, headers=auth)).plan == "free"
    assert await cache.get(CACHE_PREFIX + payer) is not None

    changed: list[Event] = []

    async def keep(event: Event) -> None:
        changed.append(event)

    gateway.runtime.bus.subscribe("test.changed", ["subscription.changed"], keep)
    await pay_on_sandbox_page(client, await checkout_directly(gateway, payer=payer))
    for _ in range(400):  # up to 20 s: the relay is slow on a loaded two-core machine
        if changed:
            break
        await asyncio.sleep(0.05)
    # Billing's outbox event, as the distributed relay would put it on the stream.
    await bus.start()
    try:
        await bus.publish(changed[0])
        for _ in range(200):
            if await cache.get(CACHE_PREFIX + payer) is None:
                break
            await asyncio.sleep(0.05)
    finally:
        await bus.stop()
    assert (await billing.entitlements(payer, headers=auth)).plan == "premium"
    await cache.delete_prefix("")
