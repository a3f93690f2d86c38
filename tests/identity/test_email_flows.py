"""Email verification, password reset and parental consent through the email port."""

from __future__ import annotations

import httpx

from tests.fixtures.identity import (
    PASSWORD,
    code_in,
    create_user,
    read_outbox,
    sign_in,
    verify_email,
)

NEW_PASSWORD = "a-Brand-new-passphrase-77"


async def test_verification_code_verifies_once(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    await verify_email(client, user.email)
    me = await client.get("/api/v1/me", headers=user.headers)
    assert me.json()["email_verified"] is True
    message = next(m for m in await read_outbox(client, user.email) if "Confirm" in m["subject"])
    again = await client.post("/api/v1/auth/verify-email", json={"token": code_in(message)})
    assert again.status_code == 422


async def test_password_reset_changes_password_and_ends_sessions(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    asked = await client.post("/api/v1/auth/password-reset", json={"email": user.email})
    assert asked.status_code == 202
    message = next(m for m in await read_outbox(client, user.email) if "Reset" in m["subject"])
    done = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": code_in(message), "password": NEW_PASSWORD},
    )
    assert done.status_code == 204
    old_session = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": user.refresh_token}
    )
    assert old_session.status_code == 401
    old_password = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": PASSWORD}
    )
    assert old_password.status_code == 401
    await sign_in(client, user.email, NEW_PASSWORD)
    reused = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": code_in(message), "password": "yet-another-Passphrase-5"},
    )
    assert reused.status_code == 422


async def test_reset_for_unknown_email_answers_the_same_and_sends_nothing(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/api/v1/auth/password-reset", json={"email": "ghost@example.org"})
    assert response.status_code == 202
    assert await read_outbox(client, "ghost@example.org") == []


async def test_expired_reset_code_is_refused(client: httpx.AsyncClient) -> None:
    from datetime import timedelta

    from sqlalchemy import update

    from mathpath.identity.models import OneTimeToken
    from mathpath.kit.clock import utcnow
    from tests.fixtures.identity import identity_ctx

    user = await create_user(client)
    await client.post("/api/v1/auth/password-reset", json={"email": user.email})
    message = next(m for m in await read_outbox(client, user.email) if "Reset" in m["subject"])
    async with identity_ctx(client).db.transaction() as session:
        await session.execute(
            update(OneTimeToken).values(expires_at=utcnow() - timedelta(seconds=1))
        )
    response = await client.post(
        "/api/v1/auth/password-reset/confirm",
        json={"token": code_in(message), "password": NEW_PASSWORD},
    )
    assert response.status_code == 422


async def register_child(client: httpx.AsyncClient, parent_email: str) -> str:
    email = "young-learner@example.org"
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": email,
            "password": PASSWORD,
            "display_name": "Young",
            "role": "student",
            "date_of_birth": "2016-03-01",
            "accept_terms": True,
            "accept_privacy": True,
            "marketing_opt_in": True,
            "parent_email": parent_email,
        },
    )
    assert response.status_code == 202, response.text
    return email


async def test_under_13_needs_a_parent_email(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/register",
        json={
            "email": "kid@example.org",
            "password": PASSWORD,
            "display_name": "Kid",
            "role": "student",
            "date_of_birth": "2017-01-01",
            "accept_terms": True,
            "accept_privacy": True,
        },
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("/consent-required")


async def test_under_13_account_waits_for_verified_parental_consent(
    client: httpx.AsyncClient,
) -> None:
    parent = await create_user(client, "parent", verified=True)
    child_email = await register_child(client, parent.email)
    waiting = await client.post(
        "/api/v1/auth/token", json={"email": child_email, "password": PASSWORD}
    )
    assert waiting.status_code == 403
    assert waiting.json()["type"].endswith("/account-not-active")
    message = next(m for m in await read_outbox(client, parent.email) if "child" in m["subject"])
    consent = await client.post(
        "/api/v1/auth/parental-consent", json={"token": code_in(message)}, headers=parent.headers
    )
    assert consent.status_code == 200, consent.text
    child = await sign_in(client, child_email)
    # The parent is now linked and can see the child.
    links = await client.get("/api/v1/links", headers=parent.headers)
    assert [link["child_id"] for link in links.json()] == [child["user_id"]]
    relations = await client.get(
        f"/api/v1/identity/relations/students/{child['user_id']}", headers=parent.headers
    )
    assert relations.json()["relations"] == ["parent"]


async def test_consent_needs_the_parent_named_by_the_child(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent", verified=True)
    other = await create_user(client, "parent", verified=True)
    await register_child(client, parent.email)
    message = next(m for m in await read_outbox(client, parent.email) if "child" in m["subject"])
    response = await client.post(
        "/api/v1/auth/parental-consent", json={"token": code_in(message)}, headers=other.headers
    )
    assert response.status_code == 422


async def test_consent_needs_a_verified_parent_email(client: httpx.AsyncClient) -> None:
    parent = await create_user(client, "parent")
    await register_child(client, parent.email)
    message = next(m for m in await read_outbox(client, parent.email) if "child" in m["subject"])
    response = await client.post(
        "/api/v1/auth/parental-consent", json={"token": code_in(message)}, headers=parent.headers
    )
    assert response.status_code == 403


async def test_under_13_gets_no_marketing_whatever_the_form_said(
    client: httpx.AsyncClient,
) -> None:
    from sqlalchemy import select

    from mathpath.identity.models import Consent, User
    from tests.fixtures.identity import identity_ctx

    parent = await create_user(client, "parent", verified=True)
    child_email = await register_child(client, parent.email)
    async with identity_ctx(client).db.transaction() as session:
        child = await session.scalar(select(User).where(User.email == child_email))
        assert child is not None
        consents = (await session.scalars(select(Consent).where(Consent.user_id == child.id))).all()
    by_kind = {c.kind: c for c in consents}
    assert by_kind["marketing"].granted is False
    assert by_kind["terms"].granted and by_kind["privacy"].granted


async def test_the_development_outbox_is_for_administrators_only(
    client: httpx.AsyncClient,
) -> None:
    # It holds reset codes: whoever reads it can take over any account.
    victim = await create_user(client)
    await client.post("/api/v1/auth/password-reset", json={"email": victim.email})
    anonymous = await client.get("/api/v1/identity/dev/outbox", params={"to": victim.email})
    assert anonymous.status_code == 401
    assert "reset code" not in anonymous.text
    student = await client.get(
        "/api/v1/identity/dev/outbox", params={"to": victim.email}, headers=victim.headers
    )
    assert student.status_code == 403
    admin = await create_user(client, "admin")
    read = await client.get(
        "/api/v1/identity/dev/outbox", params={"to": victim.email}, headers=admin.headers
    )
    assert read.status_code == 200
    assert any("reset code" in m["body"] for m in read.json())
    audit = await client.get("/api/v1/admin/audit", headers=admin.headers)
    assert "admin.read_dev_outbox" in [entry["action"] for entry in audit.json()]
