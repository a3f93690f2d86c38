"""Rate limits per address and per user (issue 14: a school behind one NAT address got 429s,
and one account could use a whole address's budget)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mathpath.gateway.app import Gateway
from mathpath.kit.settings import Settings
from tests.fixtures.identity import create_user, identity_only_gateway
from tests.fixtures.platform import make_settings

SCHOOL = ("192.0.2.50", 443)  # one NAT address for a whole school


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    async with identity_only_gateway(settings) as gw:
        yield gw


def school_client(gateway: Gateway) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=gateway, client=SCHOOL)
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_a_class_behind_one_address_can_all_sign_up_and_in(gateway: Gateway) -> None:
    async with school_client(gateway) as school:
        pupils = [await create_user(school) for _ in range(32)]  # 64 sign-up and sign-in calls
        for pupil in pupils:
            me = await school.get("/api/v1/me", headers=pupil.headers)
            assert me.status_code == 200, me.text


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return make_settings(data_dir, rate_limit_per_user=5)


async def test_one_account_is_limited_without_limiting_its_neighbours(gateway: Gateway) -> None:
    async with school_client(gateway) as school:
        greedy = await create_user(school)
        neighbour = await create_user(school)
        # Fixed one-minute windows: of 11 requests in a few seconds one window holds 6.
        answers = [await school.get("/api/v1/me", headers=greedy.headers) for _ in range(11)]
        limited = [a for a in answers if a.status_code == 429]
        assert limited, [a.status_code for a in answers]
        assert 1 <= int(limited[0].headers["Retry-After"]) <= 60
        assert limited[0].json()["per"] == "user"
        assert (await school.get("/api/v1/me", headers=neighbour.headers)).status_code == 200
