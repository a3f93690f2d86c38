"""Identity's tests run against the gateway with only identity started."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from mathpath.gateway.app import Gateway
from mathpath.kit.settings import Settings
from tests.fixtures.identity import identity_only_gateway


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    async with identity_only_gateway(settings) as gw:
        yield gw
