"""Right of access (export) and right to erasure, across services, surviving a crash."""

from __future__ import annotations

import time
from datetime import timedelta

import httpx
from sqlalchemy import func, select, update

from mathpath.contracts.identity_client import service_proof
from mathpath.identity.models import OUTBOX, Base, PrivacyRequest, SignInThrottle, User
from mathpath.identity.retention import TABLE_RULES, run_retention
from mathpath.identity.throttle import Keys
from mathpath.kit.clock import utcnow
from mathpath.kit.events import Event
from tests.fixtures.identity import (
    create_user,
    erase_account,
    gateway_of,
    identity_ctx,
    put_in_class,
)
from tests.fixtures.platform import drain_events


async def service_headers(client: httpx.AsyncClient, service: str) -> dict[str, str]:
    secret = gateway_of(client).settings.secret_key.get_secret_value()
    ts = int(time.time())
    response = await client.post(
        "/api/v1/identity/service-token",
        json={"service": service, "timestamp": ts, "proof": service_proof(secret, service, ts)},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_service_token_needs_a_valid_proof(client: httpx.AsyncClient) -> None:
    ts = int(time.time())
    bad = await client.post(
        "/api/v1/identity/service-token",
        json={"service": "learning", "timestamp": ts, "proof": "0" * 64},
    )
    assert bad.status_code == 401
    secret = gateway_of(client).settings.secret_key.get_secret_value()
    old = ts - 3600
    stale = await client.post(
        "/api/v1/identity/service-token",
        json={
            "service": "learning",
            "timestamp": old,
            "proof": service_proof(secret, "learning", old),
        },
    )
    assert stale.status_code == 401


async def test_export_collects_every_services_part(client: httpx.AsyncClient) -> None:
    teacher = await create_user(client, "teacher")
    user = await create_user(client)
    await put_in_class(client, teacher, user)
    started = await client.post("/api/v1/me/export", headers=user.headers)
    assert started.status_code == 202
    request_id = started.json()["id"]
    assert started.json()["status"] == "pending"
    for service in ("learning", "tutor", "billing"):
        contributed = await client.post(
            f"/api/v1/identity/privacy/{request_id}/contribute",
            json={"data": {"from": service}},
            headers=await service_headers(client, service),
        )
        assert contributed.status_code == 200, contributed.text
    export = await client.get(f"/api/v1/me/export/{request_id}", headers=user.headers)
    body = export.json()
    assert body["status"] == "complete"
    assert body["archive"]["identity"]["profile"]["email"] == user.email
    assert len(body["archive"]["identity"]["classes"]) == 1
    assert body["archive"]["tutor"] == {"from": "tutor"}
    # Nobody else may read it.
    other = await create_user(client)
    peek = await client.get(f"/api/v1/me/export/{request_id}", headers=other.headers)
    assert peek.status_code == 404


async def test_users_cannot_confirm_privacy_requests(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    started = await client.post("/api/v1/me/export", headers=user.headers)
    response = await client.post(
        f"/api/v1/identity/privacy/{started.json()['id']}/contribute",
        json={"data": {"forged": True}},
        headers=user.headers,
    )
    assert response.status_code == 403


async def test_erasure_anonymises_identity_and_completes_when_services_confirm(
    client: httpx.AsyncClient,
) -> None:
    gateway = gateway_of(client)
    erased_events: list[Event] = []

    async def collect(event: Event) -> None:
        erased_events.append(event)

    gateway.runtime.bus.subscribe("test.erased", ["user.erased"], collect)
    teacher = await create_user(client, "teacher")
    user = await create_user(client)
    await put_in_class(client, teacher, user)
    asked = await erase_account(client, user)
    assert asked.status_code == 202
    request_id = asked.json()["id"]
    # Access stops at once.
    assert (await client.get("/api/v1/me", headers=user.headers)).status_code == 401
    await drain_events(gateway)
    ctx = identity_ctx(client)
    async with ctx.db.transaction() as session:
        row = await session.get(User, user.id)
        assert row is not None
        assert (row.email, row.display_name, row.password_hash) == (None, "", None)
        assert row.status == "erased"
    assert {e.payload["request_id"] for e in erased_events} == {request_id}
    assert erased_events[0].payload["user_id"] == user.id
    roster = await client.get("/api/v1/classes", headers=teacher.headers)
    class_id = roster.json()[0]["id"]
    detail = await client.get(f"/api/v1/classes/{class_id}", headers=teacher.headers)
    assert detail.json()["students"] == []
    for service in ("learning", "tutor", "billing"):
        confirmed = await client.post(
            f"/api/v1/identity/privacy/{request_id}/confirm",
            headers=await service_headers(client, service),
        )
        assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "complete"
    signin = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": user.password}
    )
    assert signin.status_code == 401


async def test_erasure_is_redispatched_until_a_crashed_service_confirms(
    client: httpx.AsyncClient,
) -> None:
    gateway = gateway_of(client)
    erased: list[Event] = []

    async def collect(event: Event) -> None:
        erased.append(event)

    gateway.runtime.bus.subscribe("test.erased", ["user.erased"], collect)
    user = await create_user(client)
    request_id = (await erase_account(client, user)).json()["id"]
    await drain_events(gateway)
    for service in ("learning", "billing"):  # tutor crashed before confirming
        await client.post(
            f"/api/v1/identity/privacy/{request_id}/confirm",
            headers=await service_headers(client, service),
        )
    ctx = identity_ctx(client)
    report = await run_retention(ctx)
    assert report.privacy_redispatched == 0  # too soon to re-send
    async with ctx.db.transaction() as session:
        await session.execute(
            update(PrivacyRequest).values(last_dispatched_at=utcnow() - timedelta(hours=1))
        )
    report = await run_retention(ctx)
    assert report.privacy_redispatched == 1
    await drain_events(gateway)
    assert len({e.id for e in erased}) == 2  # the original and the re-dispatch
    assert {e.payload["request_id"] for e in erased} == {request_id}
    # The tutor, back up, handles the event and confirms through its own outbox.
    tutor_ctx = gateway.local_apps["tutor"].state.ctx
    async with tutor_ctx.db.transaction() as session:
        await tutor_ctx.emit(
            session,
            "user.erasure_confirmed",
            {"request_id": request_id, "user_id": user.id, "service": "tutor"},
        )
    await drain_events(gateway)
    async with ctx.db.transaction() as session:
        row = await session.scalar(select(PrivacyRequest).where(PrivacyRequest.id == request_id))
        assert row is not None and row.status == "complete"


async def test_erasure_asked_twice_is_one_request(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    admin = await create_user(client, "admin")
    first = await erase_account(client, user)
    second = await client.delete(f"/api/v1/admin/users/{user.id}", headers=admin.headers)
    # The account is already being erased, so the admin is told it is gone.
    assert second.status_code == 404
    assert first.status_code == 202


async def test_erasing_my_account_needs_my_current_password(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    # A stolen access token alone must not be able to erase the account.
    bare = await client.delete("/api/v1/me", headers=user.headers)
    assert bare.status_code == 403, bare.text
    assert bare.json()["type"].endswith("/reauthentication-required")
    wrong = await client.request(
        "DELETE", "/api/v1/me", json={"password": "not-my-password-9"}, headers=user.headers
    )
    assert wrong.status_code == 403
    assert (await client.get("/api/v1/me", headers=user.headers)).status_code == 200
    assert (await erase_account(client, user)).status_code == 202
    assert (await client.get("/api/v1/me", headers=user.headers)).status_code == 401


async def test_erasure_leaves_no_export_archive_and_no_sign_in_counters(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    started = await client.post("/api/v1/me/export", headers=user.headers)
    request_id = started.json()["id"]
    for service in ("learning", "tutor", "billing"):
        await client.post(
            f"/api/v1/identity/privacy/{request_id}/contribute",
            json={"data": {"messages": [f"{service}: my name is {user.email}"]}},
            headers=await service_headers(client, service),
        )
    failed = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "a-wrong-password-1"}
    )
    assert failed.status_code == 401
    ctx = identity_ctx(client)
    secret = gateway_of(client).settings.secret_key.get_secret_value()
    keys = Keys.of(secret, user.email, "203.0.113.7")
    async with ctx.db.transaction() as session:
        stored = set((await session.scalars(select(SignInThrottle.key))).all())
    assert {keys.pair, keys.account} <= stored
    assert not any(user.email in key or "203.0.113.7" in key for key in stored)

    assert (await erase_account(client, user)).status_code == 202
    await drain_events(gateway_of(client))
    async with ctx.db.transaction() as session:
        exports = (
            await session.scalars(
                select(PrivacyRequest).where(
                    PrivacyRequest.user_id == user.id, PrivacyRequest.kind == "export"
                )
            )
        ).all()
        assert exports == []
        left = set((await session.scalars(select(SignInThrottle.key))).all())
        assert keys.pair not in left and keys.account not in left
        # What is left holds no trace of the email anywhere.
        for row in (await session.scalars(select(PrivacyRequest))).all():
            assert user.email not in str(row.answers)


async def test_every_identity_table_has_a_retention_rule() -> None:
    assert set(Base.metadata.tables) == set(TABLE_RULES)


async def test_retention_purges_old_exports_and_published_events(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    started = await client.post("/api/v1/me/export", headers=user.headers)
    fresh = await client.post("/api/v1/me/export", headers=user.headers)
    await drain_events(gateway_of(client))
    ctx = identity_ctx(client)
    long_ago = utcnow() - timedelta(days=60)
    async with ctx.db.transaction() as session:
        await session.execute(
            update(PrivacyRequest)
            .where(PrivacyRequest.id == started.json()["id"])
            .values(created_at=long_ago)
        )
        await session.execute(
            update(OUTBOX.outbox)
            .where(OUTBOX.outbox.c.published_at.is_not(None))
            .values(published_at=long_ago)
        )
        await session.execute(update(OUTBOX.processed).values(processed_at=long_ago))
    report = await run_retention(ctx)
    assert report.exports == 1
    assert report.events >= 2  # at least user.registered and an export request
    async with ctx.db.transaction() as session:
        assert await session.get(PrivacyRequest, started.json()["id"]) is None
        assert await session.get(PrivacyRequest, fresh.json()["id"]) is not None
        aged = await session.scalar(
            select(func.count())
            .select_from(OUTBOX.outbox)
            .where(OUTBOX.outbox.c.published_at < utcnow() - timedelta(days=1))
        )
    assert aged == 0
