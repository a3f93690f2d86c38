"""Failed sign-ins lock briefly, per pair first, without revealing who has an account."""

from __future__ import annotations

import httpx

from mathpath.gateway.app import Gateway
from tests.fixtures.identity import create_user, gateway_of


def client_at(gateway: Gateway, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=gateway, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def fail(client: httpx.AsyncClient, email: str, times: int) -> list[int]:
    statuses = []
    for _ in range(times):
        response = await client.post(
            "/api/v1/auth/token", json={"email": email, "password": "wrong-password-123"}
        )
        statuses.append(response.status_code)
    return statuses


async def test_repeated_failures_lock_the_attacker_out(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    statuses = await fail(client, user.email, 6)
    assert statuses[:5] == [401] * 5
    assert statuses[5] == 429
    # Even the right password is refused from this address while locked.
    locked = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": user.password}
    )
    assert locked.status_code == 429
    assert locked.json()["retry_after_s"] > 0
    # Every 429 says when to come back (RFC 9110 Retry-After), not only in its body.
    assert locked.headers["Retry-After"] == str(locked.json()["retry_after_s"])


async def test_lockout_looks_the_same_for_unknown_emails(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    known = await fail(client, user.email, 6)
    unknown = await fail(client, "no-such-person@example.org", 6)
    assert known == unknown


async def test_attacker_cannot_lock_the_victim_out_from_elsewhere(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    gateway = gateway_of(client)
    async with client_at(gateway, "192.0.2.66") as attacker:
        assert (await fail(attacker, user.email, 6))[-1] == 429
    async with client_at(gateway, "192.0.2.10") as victim:
        ok = await victim.post(
            "/api/v1/auth/token", json={"email": user.email, "password": user.password}
        )
    assert ok.status_code == 200


async def test_lockout_is_short_and_bounded(client: httpx.AsyncClient) -> None:
    from datetime import timedelta

    from mathpath.identity.models import SignInThrottle
    from mathpath.identity.state import state_of
    from mathpath.identity.throttle import Keys
    from mathpath.kit.clock import utcnow
    from tests.fixtures.identity import identity_ctx

    user = await create_user(client)
    pair = Keys.of(state_of(identity_ctx(client)).secret_key, user.email, "203.0.113.7").pair
    for _ in range(4):  # four rounds of lockouts
        await fail(client, user.email, 5)
        ctx = identity_ctx(client)
        async with ctx.db.transaction() as session:
            row = await session.get(SignInThrottle, pair)
            assert row is not None and row.locked_until is not None
            row.locked_until = utcnow() - timedelta(seconds=1)  # let it expire
    config = state_of(identity_ctx(client)).config
    async with identity_ctx(client).db.transaction() as session:
        row = await session.get(SignInThrottle, pair)
        assert row is not None and row.lockouts == 4
    await fail(client, user.email, 5)
    async with identity_ctx(client).db.transaction() as session:
        row = await session.get(SignInThrottle, pair)
        assert row is not None and row.locked_until is not None
        from mathpath.identity.times import aware

        wait = (aware(row.locked_until) - utcnow()).total_seconds()
    assert 0 < wait <= config.max_lockout_s


async def test_success_clears_the_failure_count(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    await fail(client, user.email, 4)
    ok = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": user.password}
    )
    assert ok.status_code == 200
    assert (await fail(client, user.email, 4)) == [401] * 4
