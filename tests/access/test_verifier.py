"""TokenVerifier on its own: key lookup, rotation refetch and its bound, claim checks."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from mathpath.access.tokens import InvalidToken, TokenVerifier
from mathpath.identity.keys import Signer, public_jwk

ISS = "https://identity.mathpath.dev"
AUD = "mathpath"


def new_signer(kid: str) -> Signer:
    return Signer(kid, "RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048))


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {
        "iss": ISS,
        "aud": AUD,
        "sub": "u1",
        "roles": ["student"],
        "iat": now,
        "nbf": now,
        "exp": now + 60,
    }
    base.update(overrides)
    return base


class FakeJwks:
    def __init__(self, *signers: Signer) -> None:
        self.signers = list(signers)
        self.fetches = 0

    async def __call__(self) -> dict[str, Any]:
        self.fetches += 1
        return {"keys": [public_jwk(s.key, s.algorithm, s.kid) for s in self.signers]}


async def test_verifies_and_fetches_keys_once() -> None:
    signer = new_signer("k1")
    jwks = FakeJwks(signer)
    verifier = TokenVerifier(jwks, issuer=ISS, audience=AUD)
    for i in range(5):
        assert (await verifier.verify(signer.sign(claims(sub=f"u{i}"))))["sub"] == f"u{i}"
    assert jwks.fetches == 1


async def test_a_rotated_key_is_fetched_at_first_sight() -> None:
    old, new = new_signer("k1"), new_signer("k2")
    jwks = FakeJwks(old)
    verifier = TokenVerifier(jwks, issuer=ISS, audience=AUD, min_refresh_s=3600)
    await verifier.verify(old.sign(claims()))
    jwks.signers.append(new)
    assert (await verifier.verify(new.sign(claims())))["sub"] == "u1"
    assert jwks.fetches == 2


async def test_made_up_kids_cannot_force_unbounded_fetches() -> None:
    signer = new_signer("k1")
    jwks = FakeJwks(signer)
    verifier = TokenVerifier(jwks, issuer=ISS, audience=AUD, min_refresh_s=3600)
    await verifier.verify(signer.sign(claims()))
    for i in range(50):
        forged = Signer(f"made-up-{i}", "RS256", signer.key).sign(claims())
        with pytest.raises(InvalidToken):
            await verifier.verify(forged)
    assert jwks.fetches <= 1 + verifier.max_forced_per_interval


async def test_header_algorithm_must_match_the_key() -> None:
    signer = new_signer("k1")
    verifier = TokenVerifier(FakeJwks(signer), issuer=ISS, audience=AUD)
    await verifier.refresh(force=True)
    hs = jwt.encode(
        claims(),
        "a-long-enough-hmac-secret-for-hs256-32b",
        algorithm="HS256",
        headers={"kid": "k1"},
    )
    with pytest.raises(InvalidToken):
        verifier.verify_cached(hs)


# Times are offsets from "now" at the test's run (the parameters are built at collection).
@pytest.mark.parametrize(
    "override",
    [
        {"exp": -100},
        {"nbf": 100},
        {"iat": 100},
        {"aud": "other"},
        {"iss": "other"},
        {"sub": ""},
        {"exp": "tomorrow"},
        {"exp": True},
    ],
)
async def test_bad_claims_are_refused(override: dict[str, Any]) -> None:
    now = int(time.time())
    values = {
        k: now + v if k in ("exp", "nbf", "iat") and type(v) is int else v
        for k, v in override.items()
    }
    signer = new_signer("k1")
    verifier = TokenVerifier(FakeJwks(signer), issuer=ISS, audience=AUD)
    with pytest.raises(InvalidToken):
        await verifier.verify(signer.sign(claims(**values)))


async def test_audience_list_containing_ours_is_accepted() -> None:
    signer = new_signer("k1")
    verifier = TokenVerifier(FakeJwks(signer), issuer=ISS, audience=AUD)
    assert await verifier.verify(signer.sign(claims(aud=["x", AUD])))


@pytest.mark.parametrize("token", ["", "a.b", "a.b.c.d", "!!!.@@@.###", "x" * 9000])
async def test_malformed_tokens_are_refused(token: str) -> None:
    signer = new_signer("k1")
    verifier = TokenVerifier(FakeJwks(signer), issuer=ISS, audience=AUD)
    with pytest.raises(InvalidToken):
        await verifier.verify(token)
