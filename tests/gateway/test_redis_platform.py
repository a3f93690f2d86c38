"""The whole platform on the Redis Streams bus and Redis cache (distributed adapters)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from mathpath.gateway.app import Gateway
from tests.fixtures.identity import create_user
from tests.fixtures.platform import make_settings
from tests.fixtures.servers import REDIS_URL

pytestmark = [pytest.mark.redis, pytest.mark.integration]


async def test_events_cross_services_over_redis_streams_and_shutdown_is_clean(
    data_dir: Path, redis_client: Any, redis_prefix: str
):
    settings = make_settings(
        data_dir,
        redis_url=REDIS_URL,
        event_bus="redis",
        cache_backend="redis",
        redis_stream_prefix=redis_prefix,
    )
    gw = Gateway(settings)

    async def scenario() -> list[bytes]:
        async with gw.app.router.lifespan_context(gw.app):
            transport = httpx.ASGITransport(app=gw)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                await create_user(client, role="student")
                for app in gw.local_apps.values():
                    await app.state.ctx.relay.relay_once()
        return [key async for key in redis_client.scan_iter(match=f"{redis_prefix}:events:*")]

    try:
        streams = await asyncio.wait_for(scenario(), timeout=120)
        assert any(b"user.registered" in key for key in streams)
    finally:
        keys = [k async for k in redis_client.scan_iter(match=f"{redis_prefix}*")]
        if keys:
            await redis_client.delete(*keys)
