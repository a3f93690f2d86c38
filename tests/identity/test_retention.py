"""The retention job deletes what is past its purpose."""

from __future__ import annotations

from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from mathpath.identity.models import AccessRevocation, RefreshToken, User
from mathpath.identity.retention import run_retention
from mathpath.kit.clock import utcnow
from tests.fixtures.identity import PASSWORD, create_user, identity_ctx


async def test_expired_sessions_and_unconsented_children_are_purged(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    await client.post(
        "/api/v1/auth/register",
        json={
            "email": "never-consented@example.org",
            "password": PASSWORD,
            "display_name": "Waiting",
            "role": "student",
            "date_of_birth": "2017-02-02",
            "accept_terms": True,
            "accept_privacy": True,
            "parent_email": "absent-parent@example.org",
        },
    )
    ctx = identity_ctx(client)
    long_ago = utcnow() - timedelta(days=60)
    async with ctx.db.transaction() as session:
        await session.execute(update(RefreshToken).values(expires_at=long_ago))
        await session.execute(
            update(User).where(User.status == "pending_consent").values(created_at=long_ago)
        )
    report = await run_retention(ctx)
    assert report.refresh_tokens >= 1
    assert report.unconsented_accounts == 1
    async with ctx.db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(RefreshToken)) == 0
        gone = await session.scalar(select(User).where(User.email == "never-consented@example.org"))
        assert gone is None
        assert await session.get(User, user.id) is not None  # active accounts stay


async def test_fresh_data_is_kept(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    report = await run_retention(identity_ctx(client))
    assert report.refresh_tokens == 0
    refreshed = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": user.refresh_token}
    )
    assert refreshed.status_code == 200


async def test_spent_access_revocations_are_purged(client: httpx.AsyncClient) -> None:
    ctx = identity_ctx(client)
    now = utcnow()
    async with ctx.db.transaction() as session:
        for user_id, expires in (
            ("spent", now - timedelta(minutes=1)),
            ("live", now + timedelta(minutes=5)),
        ):
            session.add(
                AccessRevocation(
                    user_id=user_id, not_before=now, reason="disabled", expires_at=expires
                )
            )
    report = await run_retention(ctx)
    assert report.revocations == 1
    async with ctx.db.transaction() as session:
        assert await session.get(AccessRevocation, "spent") is None
        assert await session.get(AccessRevocation, "live") is not None
