"""Sign-in and refresh under real concurrency (issue 14): identity's SQLite pool has two
connections, and a request that held one while it waited for a second starved everyone (two
simultaneous sign-ins answered 503 after the pool timeout). One request holds at most one
connection at a time, and of parallel uses of one refresh token exactly one wins while the
family ends for every holder, on SQLite and on PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mathpath.kit.migrate import upgrade
from mathpath.kit.settings import Settings
from tests.fixtures.identity import PASSWORD, create_user, identity_only_gateway
from tests.fixtures.platform import make_settings

# Short enough that a starved request fails the test quickly, long enough for any honest
# wait on two cores.
POOL_TIMEOUT_S = 4.0


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return make_settings(data_dir, db_pool_timeout_s=POOL_TIMEOUT_S)


def _sign_in(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> object:
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


async def concurrent_sign_ins_succeed(client: httpx.AsyncClient) -> None:
    users = [await create_user(client) for _ in range(4)]
    attempts = [_sign_in(client, u.email) for u in users]
    # Failures too: each is counted in a transaction of its own.
    attempts += [_sign_in(client, u.email, "not-the-password-1") for u in users]
    answers = await asyncio.gather(*attempts)  # type: ignore[call-overload]
    assert [a.status_code for a in answers] == [200] * 4 + [401] * 4, [a.text for a in answers]


async def parallel_refreshes_let_one_win_and_end_the_family(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    other = await create_user(client)
    refreshes = [
        client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
        for _ in range(8)
    ]
    # Someone else's sign-in at the same moment is served, not starved.
    *answers, bystander = await asyncio.gather(*refreshes, _sign_in(client, other.email))  # type: ignore[call-overload]
    assert bystander.status_code == 200, bystander.text
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] + [401] * 7, [a.text for a in answers]
    # Seven reuses of a rotated token: the family ends, the winner's new token included.
    (won,) = [a for a in answers if a.status_code == 200]
    again = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": won.json()["refresh_token"]}
    )
    assert again.status_code == 401, again.text
    # The bystander's own session is untouched.
    theirs = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": bystander.json()["refresh_token"]}
    )
    assert theirs.status_code == 200, theirs.text


async def test_concurrent_sign_ins_are_all_served(client: httpx.AsyncClient) -> None:
    await concurrent_sign_ins_succeed(client)


async def test_parallel_refreshes_of_one_token_let_exactly_one_win(
    client: httpx.AsyncClient,
) -> None:
    await parallel_refreshes_let_one_win_and_end_the_family(client)


@pytest.fixture
async def pg_client(data_dir: Path, pg_database: str) -> AsyncIterator[httpx.AsyncClient]:
    await asyncio.to_thread(upgrade, "identity", pg_database)
    settings = make_settings(
        data_dir, identity_database_url=pg_database, db_pool_timeout_s=POOL_TIMEOUT_S
    )
    async with identity_only_gateway(settings) as gateway:
        assert gateway.local_apps["identity"].state.ctx.db.url.startswith("postgresql")
        transport = httpx.ASGITransport(app=gateway, client=("203.0.113.9", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


@pytest.mark.postgres
@pytest.mark.integration
async def test_concurrent_sign_ins_and_refreshes_on_postgres(
    pg_client: httpx.AsyncClient,
) -> None:
    await concurrent_sign_ins_succeed(pg_client)
    await parallel_refreshes_let_one_win_and_end_the_family(pg_client)
