"""Two-step sign-in: TOTP enrolment, sign-in with a code or a recovery code, admins."""

from __future__ import annotations

import httpx
import pyotp

from tests.fixtures.identity import create_user, enrol_totp, next_totp


async def test_enrolled_user_needs_a_code_to_sign_in(client: httpx.AsyncClient) -> None:
    user = await create_user(client, mfa=True)
    bare = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": user.password}
    )
    assert bare.status_code == 401
    assert bare.json()["type"].endswith("/mfa-required")
    wrong = await client.post(
        "/api/v1/auth/token",
        json={"email": user.email, "password": user.password, "totp_code": "000000"},
    )
    assert wrong.status_code == 401
    assert wrong.json()["type"].endswith("/bad-second-factor")


async def test_a_totp_code_cannot_be_replayed(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    await enrol_totp(client, user)  # the fixture signed in with next_totp(secret)
    assert user.totp_secret is not None
    replay = await client.post(
        "/api/v1/auth/token",
        json={
            "email": user.email,
            "password": user.password,
            "totp_code": next_totp(user.totp_secret),
        },
    )
    assert replay.status_code == 401


async def test_recovery_code_signs_in_once(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    codes = await enrol_totp(client, user)
    assert len(codes) == 10 and len(set(codes)) == 10
    body = {"email": user.email, "password": user.password, "recovery_code": codes[3]}
    first = await client.post("/api/v1/auth/token", json=body)
    assert first.status_code == 200
    second = await client.post("/api/v1/auth/token", json=body)
    assert second.status_code == 401


async def test_token_after_second_factor_carries_mfa(client: httpx.AsyncClient) -> None:
    import jwt

    user = await create_user(client, mfa=True)
    claims = jwt.decode(user.token, options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "mfa"]


async def test_admin_without_mfa_cannot_use_admin_routes(client: httpx.AsyncClient) -> None:
    from mathpath.identity.accounts import bootstrap_admin
    from mathpath.identity.state import state_of
    from tests.fixtures.identity import PASSWORD, identity_ctx, sign_in

    ctx = identity_ctx(client)
    async with ctx.db.transaction() as session:
        await bootstrap_admin(session, state_of(ctx), "root@example.org", PASSWORD, "Root")
    tokens = await sign_in(client, "root@example.org")
    assert tokens["mfa_enrolment_required"] is True
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    refused = await client.get("/api/v1/admin/users", headers=headers)
    assert refused.status_code == 403
    # ...but may enrol, then sign in with a code and administer.
    start = await client.post("/api/v1/me/mfa/totp", headers=headers)
    secret = start.json()["secret"]
    confirm = await client.post(
        "/api/v1/me/mfa/totp/confirm", json={"code": pyotp.TOTP(secret).now()}, headers=headers
    )
    assert confirm.status_code == 200
    again = await sign_in(client, "root@example.org", totp_code=next_totp(secret))
    allowed = await client.get(
        "/api/v1/admin/users", headers={"Authorization": f"Bearer {again['access_token']}"}
    )
    assert allowed.status_code == 200


async def test_admins_cannot_turn_mfa_off(client: httpx.AsyncClient) -> None:
    admin = await create_user(client, "admin")
    assert admin.totp_secret is not None
    response = await client.post(
        "/api/v1/me/mfa/disable",
        json={"code": admin.extra["recovery_codes"][0]},
        headers=admin.headers,
    )
    assert response.status_code == 422


async def test_student_can_turn_mfa_off_with_a_code(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    codes = await enrol_totp(client, user)
    off = await client.post("/api/v1/me/mfa/disable", json={"code": codes[0]}, headers=user.headers)
    assert off.status_code == 204
    me = await client.get("/api/v1/me", headers=user.headers)
    assert me.json()["mfa_enabled"] is False
    plain = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": user.password}
    )
    assert plain.status_code == 200
