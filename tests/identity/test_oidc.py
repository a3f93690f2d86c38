"""School single sign-on: ID tokens from a local OpenID Connect issuer (a real HTTP server
on 127.0.0.1 publishing its JWKS), verified against that JWKS."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from mathpath.identity.config import IdentityConfig, OidcIssuer
from mathpath.kit.settings import Settings
from tests.fixtures.identity import identity_only_gateway

AUDIENCE = "mathpath-school-client"


class LocalIssuer:
    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "school-key-1"
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        self.jwks = {"keys": [{**jwk, "kid": self.kid, "alg": "RS256", "use": "sig"}]}
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/jwks":
                    body = json.dumps(issuer.jwks).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                else:
                    self.send_response(404)
                    self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def token(self, key: Any = None, **claims: Any) -> str:
        now = int(time.time())
        body = {
            "iss": self.url,
            "aud": AUDIENCE,
            "sub": "school-user-1",
            "email": "pupil@school.example",
            "email_verified": True,
            "name": "Pat Pupil",
            "iat": now,
            "exp": now + 300,
        }
        body.update(claims)
        return jwt.encode(body, key or self.key, algorithm="RS256", headers={"kid": self.kid})


@pytest.fixture
def issuer() -> Iterator[LocalIssuer]:
    local = LocalIssuer()
    thread = threading.Thread(target=local.server.serve_forever, daemon=True)
    thread.start()
    yield local
    local.server.shutdown()
    local.server.server_close()
    thread.join(timeout=5)


@pytest.fixture
async def sso_client(settings: Settings, issuer: LocalIssuer) -> AsyncIterator[httpx.AsyncClient]:
    async with identity_only_gateway(
        settings,
        {
            "identity.config": IdentityConfig(
                oidc_issuers=[
                    OidcIssuer(
                        name="school",
                        issuer=issuer.url,
                        audience=AUDIENCE,
                        jwks_url=f"{issuer.url}/jwks",
                    )
                ]
            )
        },
    ) as gateway:
        transport = httpx.ASGITransport(app=gateway, client=("203.0.113.9", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c


async def sso(client: httpx.AsyncClient, token: str, consent: bool = True) -> httpx.Response:
    return await client.post(
        "/api/v1/auth/oidc/school",
        json={"id_token": token, "accept_terms": consent, "accept_privacy": consent},
    )


async def test_first_sign_in_creates_the_account(
    sso_client: httpx.AsyncClient, issuer: LocalIssuer
) -> None:
    first = await sso(sso_client, issuer.token())
    assert first.status_code == 200, first.text
    me = await sso_client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {first.json()['access_token']}"}
    )
    assert me.json()["email"] == "pupil@school.example"
    assert me.json()["role"] == "student"
    assert me.json()["email_verified"] is True
    again = await sso(sso_client, issuer.token(), consent=False)
    assert again.json()["user_id"] == first.json()["user_id"]


async def test_first_sign_in_needs_consent(
    sso_client: httpx.AsyncClient, issuer: LocalIssuer
) -> None:
    response = await sso(sso_client, issuer.token(), consent=False)
    assert response.status_code == 422


async def test_teacher_claim_maps_to_teacher(
    sso_client: httpx.AsyncClient, issuer: LocalIssuer
) -> None:
    token = issuer.token(sub="staff-9", email="staff@school.example", roles=["Teacher"])
    response = await sso(sso_client, token)
    assert response.json()["roles"] == ["teacher"]


async def test_tokens_the_issuer_did_not_sign_are_refused(
    sso_client: httpx.AsyncClient, issuer: LocalIssuer
) -> None:
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert (await sso(sso_client, issuer.token(key=impostor))).status_code == 401
    assert (await sso(sso_client, issuer.token(aud="someone-else"))).status_code == 401
    assert (await sso(sso_client, issuer.token(iss="https://other.example"))).status_code == 401
    expired = issuer.token(iat=int(time.time()) - 900, exp=int(time.time()) - 600)
    assert (await sso(sso_client, expired)).status_code == 401


async def test_unverified_email_cannot_take_over_a_local_account(
    sso_client: httpx.AsyncClient, issuer: LocalIssuer
) -> None:
    from tests.fixtures.identity import create_user

    local = await create_user(sso_client, email="victim@school.example", verified=True)
    token = issuer.token(sub="attacker", email=local.email, email_verified=False)
    assert (await sso(sso_client, token)).status_code == 409


async def test_unknown_provider_is_404(sso_client: httpx.AsyncClient, issuer: LocalIssuer) -> None:
    response = await sso_client.post("/api/v1/auth/oidc/nowhere", json={"id_token": issuer.token()})
    assert response.status_code == 404
