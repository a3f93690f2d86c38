"""The gateway verifies bearer tokens before routing (DESIGN.md, Security), with the services'
own verifier; services still verify what reaches them.

Each case is judged by what reached the service: a :class:`Recorder` wraps the service's app
behind the gateway (in process, or served over HTTP in proxied mode).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from mathpath.access import token_verifier
from mathpath.gateway.app import Gateway
from mathpath.identity.state import state_of
from mathpath.kit.service import ServiceContext
from mathpath.kit.settings import Settings
from tests.fixtures.identity import create_user, identity_ctx, identity_only_gateway
from tests.gateway.support import Recorder, proxying_gateway, remote_identity

PROBLEM = "application/problem+json"


@pytest.fixture
async def gateway(settings: Settings) -> AsyncIterator[Gateway]:
    """Only identity is started: nothing here needs the other services to run."""
    async with identity_only_gateway(settings) as gw:
        yield gw


def record_service(gateway: Gateway, name: str) -> Recorder:
    route = next(r for r in gateway.router.routes if r.name == name)
    assert route.app is not None
    recorder = Recorder(route.app)
    route.app = recorder
    return recorder


@pytest.fixture
def identity_seen(gateway: Gateway) -> Recorder:
    return record_service(gateway, "identity")


async def sign(ctx: ServiceContext, sub: str, **overrides: Any) -> str:
    """A token signed with identity's current key; ``overrides`` change or (None) drop claims."""
    state = state_of(ctx)
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": state.config.issuer,
        "aud": state.config.audience,
        "sub": sub,
        "roles": ["student"],
        "amr": ["pwd"],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
    }
    claims.update(overrides)
    signer = await state.keys.signer()
    return signer.sign({k: v for k, v in claims.items() if v is not None})


async def bad_tokens(ctx: ServiceContext, sub: str) -> dict[str, str]:
    now = int(time.time())
    kid = (await state_of(ctx).keys.signer()).kid
    good_claims = jwt.decode(await sign(ctx, sub), options={"verify_signature": False})
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        "expired": await sign(ctx, sub, iat=now - 3600, nbf=now - 3600, exp=now - 60),
        "not yet valid": await sign(ctx, sub, nbf=now + 600, exp=now + 1200),
        "wrong audience": await sign(ctx, sub, aud="another-app"),
        "wrong issuer": await sign(ctx, sub, iss="https://evil.example"),
        "another key, our kid": jwt.encode(
            good_claims, other_key, algorithm="RS256", headers={"kid": kid}
        ),
        "malformed": "not.a.jwt",
    }


def assert_refused_at_gateway(response: httpx.Response, case: str) -> None:
    assert response.status_code == 401, (case, response.text)
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"].startswith("Bearer ")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    body = response.json()
    assert body["type"].endswith("/invalid-token"), case
    assert body["request_id"] == response.headers["x-request-id"]


async def test_invalid_tokens_get_401_at_the_gateway_and_never_reach_a_service(
    client: httpx.AsyncClient, gateway: Gateway, identity_seen: Recorder
) -> None:
    billing_seen = record_service(gateway, "billing")
    user = await create_user(client)
    identity_seen.requests.clear()
    for case, token in (await bad_tokens(identity_ctx(client), user.id)).items():
        headers = {"Authorization": f"Bearer {token}"}
        assert_refused_at_gateway(await client.get("/api/v1/me", headers=headers), case)
        plans = await client.get("/api/v1/billing/plans", headers=headers)
        assert_refused_at_gateway(plans, case)
    assert identity_seen.requests == []
    assert billing_seen.requests == []


async def test_a_valid_token_is_forwarded_and_the_service_verifies_it_again(
    client: httpx.AsyncClient, gateway: Gateway, identity_seen: Recorder
) -> None:
    user = await create_user(client)
    identity_seen.requests.clear()
    response = await client.get("/api/v1/me", headers=user.headers)
    assert response.status_code == 200 and response.json()["id"] == user.id
    ((path, headers),) = identity_seen.requests
    assert path == "/api/v1/me"
    assert headers["authorization"] == f"Bearer {user.token}"
    # Defence in depth: the service refuses a bad token by itself, without the gateway.
    expired = (await bad_tokens(identity_ctx(client), user.id))["expired"]
    direct = httpx.ASGITransport(app=gateway.local_apps["identity"])
    async with httpx.AsyncClient(transport=direct, base_url="http://identity") as c:
        alone = await c.get("/api/v1/me", headers={"Authorization": f"Bearer {expired}"})
    assert alone.status_code == 401
    assert "www-authenticate" not in alone.headers  # the service's answer, not the gateway's


async def test_requests_without_a_token_pass_to_the_service(
    client: httpx.AsyncClient, identity_seen: Recorder
) -> None:
    me = await client.get("/api/v1/me")
    # The service's own policy answers: sign in first.
    assert me.status_code == 401 and "Sign in" in me.json()["detail"]
    user = await create_user(client)
    assert identity_seen.paths()[-1] == "/api/v1/auth/token"  # sign-in went through
    basic = await client.get("/api/v1/me", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401
    assert identity_seen.paths().count("/api/v1/me") == 2
    assert user.token


async def test_sign_in_paths_ignore_a_stale_access_token(
    client: httpx.AsyncClient, identity_seen: Recorder
) -> None:
    """A client refreshing its expired access token may still send it along."""
    user = await create_user(client)
    expired = (await bad_tokens(identity_ctx(client), user.id))["expired"]
    refreshed = await client.post(
        "/api/v1/auth/refresh",
        json={"refresh_token": user.refresh_token},
        headers={"Authorization": f"Bearer {expired}"},
    )
    assert refreshed.status_code == 200, refreshed.text
    assert identity_seen.paths()[-1] == "/api/v1/auth/refresh"


async def test_graphql_with_an_invalid_token_is_refused_at_the_gateway(
    client: httpx.AsyncClient,
) -> None:
    user = await create_user(client)
    expired = (await bad_tokens(identity_ctx(client), user.id))["expired"]
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { id } }"},
        headers={"Authorization": f"Bearer {expired}"},
    )
    assert_refused_at_gateway(response, "graphql")


async def test_a_rotated_key_is_fetched_by_the_gateway_on_first_sight(
    client: httpx.AsyncClient, gateway: Gateway, identity_seen: Recorder
) -> None:
    user = await create_user(client)
    assert (await client.get("/api/v1/me", headers=user.headers)).status_code == 200
    new_kid = await state_of(identity_ctx(client)).keys.rotate()
    verifier = token_verifier(gateway.runtime)
    assert new_kid not in verifier.keys
    fresh = await client.post("/api/v1/auth/refresh", json={"refresh_token": user.refresh_token})
    token = fresh.json()["access_token"]
    assert jwt.get_unverified_header(token)["kid"] == new_kid
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert new_kid in verifier.keys
    # The old key is retired but still published: its tokens still pass.
    assert (await client.get("/api/v1/me", headers=user.headers)).status_code == 200


# --- proxied mode: identity in its own server, the gateway fetches its JWKS over HTTP ------


async def test_proxied_gateway_verifies_with_keys_fetched_over_http(data_dir: Path) -> None:
    async with (
        remote_identity(data_dir) as identity,
        proxying_gateway(data_dir, identity_url=identity.url) as gw,
    ):
        assert "identity" not in gw.local_apps
        transport = httpx.ASGITransport(app=gw)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            user = await create_user(client)
            ok = await client.get("/api/v1/me", headers=user.headers)
            assert ok.status_code == 200 and ok.json()["id"] == user.id
            # The gateway fetched the keys from the remote identity, then forwarded the token.
            assert "/.well-known/jwks.json" in identity.seen.paths()
            me_calls = [h for p, h in identity.seen.requests if p == "/api/v1/me"]
            assert [h["authorization"] for h in me_calls] == [f"Bearer {user.token}"]
            before = len(identity.seen.requests)
            for case, token in (await bad_tokens(identity.ctx, user.id)).items():
                response = await client.get(
                    "/api/v1/me", headers={"Authorization": f"Bearer {token}"}
                )
                assert_refused_at_gateway(response, case)
            assert identity.seen.paths()[before:] == []
