"""Access tokens: only well-formed, current, correctly signed tokens for our audience pass."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from mathpath.gateway.app import Gateway
from mathpath.identity.state import state_of
from mathpath.kit.settings import Settings
from tests.fixtures.identity import TestUser, create_user, identity_ctx, identity_only_gateway


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    """Only identity is started: these tests never reach the other services."""
    async with identity_only_gateway(settings) as gw:
        yield gw


async def signed(client: httpx.AsyncClient, **overrides: Any) -> str:
    state = state_of(identity_ctx(client))
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": state.config.issuer,
        "aud": state.config.audience,
        "sub": overrides.pop("sub"),
        "roles": ["student"],
        "amr": ["pwd"],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    claims = {k: v for k, v in claims.items() if v is not None}
    signer = await state.keys.signer()
    return signer.sign(claims)


async def me_status(client: httpx.AsyncClient, token: str) -> int:
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 401:
        assert response.headers["content-type"].startswith("application/problem+json")
    return response.status_code


async def test_a_token_we_signed_is_accepted(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    assert await me_status(client, await signed(client, sub=user.id)) == 200


async def test_expired_token_is_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    now = int(time.time())
    token = await signed(client, sub=user.id, iat=now - 3600, nbf=now - 3600, exp=now - 60)
    assert await me_status(client, token) == 401


async def test_not_yet_valid_token_is_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    now = int(time.time())
    token = await signed(client, sub=user.id, nbf=now + 600, exp=now + 1200)
    assert await me_status(client, token) == 401


async def test_wrong_audience_is_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    assert await me_status(client, await signed(client, sub=user.id, aud="another-app")) == 401


async def test_wrong_issuer_is_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    token = await signed(client, sub=user.id, iss="https://evil.example")
    assert await me_status(client, token) == 401


async def test_missing_expiry_is_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    assert await me_status(client, await signed(client, sub=user.id, exp=None)) == 401


async def test_token_signed_with_another_key_is_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    real_kid = (await state_of(identity_ctx(client)).keys.signer()).kid
    now = int(time.time())
    claims = {
        "iss": "https://identity.mathpath.dev",
        "aud": "mathpath",
        "sub": user.id,
        "roles": ["admin"],
        "amr": ["pwd", "mfa"],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other_key, algorithm="RS256", headers={"kid": real_kid})
    assert await me_status(client, forged) == 401
    unknown_kid = jwt.encode(
        claims, ed25519.Ed25519PrivateKey.generate(), algorithm="EdDSA", headers={"kid": "nope"}
    )
    assert await me_status(client, unknown_kid) == 401


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def test_alg_none_is_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    kid = (await state_of(identity_ctx(client)).keys.signer()).kid
    real = await signed(client, sub=user.id)
    payload = jwt.decode(real, options={"verify_signature": False})
    unsigned = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': kid})}.{_b64(payload)}."
    assert await me_status(client, unsigned) == 401


async def test_hs256_with_the_public_key_is_refused(client: httpx.AsyncClient) -> None:
    """Algorithm confusion: an HMAC token keyed with our published public key."""
    user = await create_user(client)
    jwks = (await client.get("/.well-known/jwks.json")).json()["keys"][0]
    payload = jwt.decode(await signed(client, sub=user.id), options={"verify_signature": False})
    header = _b64({"alg": "HS256", "typ": "JWT", "kid": jwks["kid"]})
    body = _b64(payload)
    import hashlib
    import hmac

    public_pem = jwt.PyJWK(jwks).key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    sig = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    token = f"{header}.{body}.{base64.urlsafe_b64encode(sig).rstrip(b'=').decode()}"
    assert await me_status(client, token) == 401


async def test_tampered_claims_are_refused(client: httpx.AsyncClient) -> None:
    user = await create_user(client)
    header, payload, signature = user.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["roles"] = ["admin"]
    claims["amr"] = ["pwd", "mfa"]
    tampered = f"{header}.{_b64(claims)}.{signature}"
    assert await me_status(client, tampered) == 401
    admin_list = await client.get(
        "/api/v1/admin/users", headers={"Authorization": f"Bearer {tampered}"}
    )
    assert admin_list.status_code == 401


async def test_garbage_and_wrong_scheme_are_refused(client: httpx.AsyncClient) -> None:
    for header in ("Bearer not.a.jwt", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a.b"):
        response = await client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401, header


async def test_revoked_refresh_family_is_refused(client: httpx.AsyncClient) -> None:
    user: TestUser = await create_user(client)
    rotated = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    newest = rotated.json()["refresh_token"]
    await client.post("/api/v1/auth/logout", json={"refresh_token": newest})
    for token in (user.refresh_token, newest):
        response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
        assert response.status_code == 401


async def test_key_rotation_keeps_old_tokens_valid_and_signs_with_the_new_key(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    state = state_of(identity_ctx(client))
    old_kid = jwt.get_unverified_header(user.token)["kid"]
    new_kid = await state.keys.rotate()
    assert new_kid != old_kid
    kids = {k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]}
    assert {old_kid, new_kid} <= kids
    # The old token still works (no one is logged out)...
    assert await me_status(client, user.token) == 200
    # ...and new sign-ins use the new key, which verifiers fetch on first sight.
    fresh = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    token = fresh.json()["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == new_kid
    assert await me_status(client, token) == 200


async def test_jwks_publishes_public_keys_only(client: httpx.AsyncClient) -> None:
    keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
    assert keys
    for key in keys:
        assert key["alg"] == "RS256" and key["kid"] and key["use"] == "sig"
        assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)  # no private parts
