"""Access-token verification against identity's published keys (JWKS).

Keys are fetched once and kept in process; a token signed with an unknown ``kid`` triggers
a refetch (a few at most per refresh interval), which is how key rotation reaches every
service without logging anyone out. The algorithm comes from our key, never from the
token's header, so ``alg: none`` and algorithm-confusion tokens are refused.

The hot path is written out rather than delegated to ``jwt.decode``: the header segment of
a token is identical for every token signed by one key, so its parsing and key lookup are
cached; what remains per token is one signature check, one JSON parse and the claim checks
(measured in ``benchmarks/identity``).
"""

from __future__ import annotations

import base64
import binascii
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

import jwt
import orjson

from mathpath.kit.errors import Unauthorized

REQUIRED_CLAIMS = ("exp", "iat", "nbf", "sub", "iss", "aud")
_MAX_HEADER_CACHE = 64
_MAX_TOKEN_LENGTH = 8192


class RevocationCheck(Protocol):
    async def check(self, claims: dict[str, Any]) -> None: ...


class InvalidToken(Unauthorized):
    type_slug = "invalid-token"
    title = "The access token is not valid"


def _b64decode(segment: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidToken("The access token is malformed.") from exc


def _json(segment: str) -> dict[str, Any]:
    try:
        value = orjson.loads(_b64decode(segment))
    except orjson.JSONDecodeError as exc:
        raise InvalidToken("The access token is malformed.") from exc
    if not isinstance(value, dict):
        raise InvalidToken("The access token is malformed.")
    return value


class TokenVerifier:
    def __init__(
        self,
        fetch_jwks: Callable[[], Awaitable[dict[str, Any]]],
        *,
        issuer: str,
        audience: str,
        leeway_s: float = 5.0,
        max_age_s: float = 600.0,
        min_refresh_s: float = 10.0,
        required_claims: tuple[str, ...] = REQUIRED_CLAIMS,
        revocations: RevocationCheck | None = None,
    ) -> None:
        self.fetch_jwks = fetch_jwks
        # Refuses tokens of users revoked since (mathpath.access.revocation).
        self.revocations = revocations
        self.required_claims = required_claims
        self.issuer = issuer
        self.audience = audience
        self.leeway_s = leeway_s
        self.max_age_s = max_age_s
        self.min_refresh_s = min_refresh_s
        self.keys: dict[str, jwt.PyJWK] = {}
        self._by_header: dict[str, jwt.PyJWK] = {}
        self._fetched_at = 0.0
        # Unknown kids already looked up since the last regular refresh: a flood of made-up
        # kids costs one fetch each at most, and only a few per refresh interval.
        self._tried: set[str] = set()
        self.max_forced_per_interval = 5

    def load(self, jwks: dict[str, Any]) -> None:
        keys: dict[str, jwt.PyJWK] = {}
        for entry in jwks.get("keys", []):
            kid = entry.get("kid")
            if not kid or not entry.get("alg"):
                continue
            try:
                keys[str(kid)] = jwt.PyJWK(entry)
            except jwt.PyJWTError:
                continue
        self.keys = keys
        self._by_header = {}
        self._fetched_at = time.monotonic()

    async def refresh(self, *, force: bool = False, kid: str | None = None) -> None:
        age = time.monotonic() - self._fetched_at
        if age >= self.min_refresh_s:
            self._tried.clear()
        elif not force:
            # A key rotated moments ago: look it up once, unless too many already were.
            if (
                kid is None
                or kid in self._tried
                or len(self._tried) >= self.max_forced_per_interval
            ):
                return
            self._tried.add(kid)
        self.load(await self.fetch_jwks())

    async def verify(self, token: str) -> dict[str, Any]:
        stale = time.monotonic() - self._fetched_at > self.max_age_s
        header_segment = token.split(".", 1)[0]
        if stale or header_segment not in self._by_header:
            kid = _kid_of(header_segment)
            if stale or kid not in self.keys:
                await self.refresh(force=stale, kid=kid)
        claims = self.verify_cached(token)
        if self.revocations is not None:
            await self.revocations.check(claims)
        return claims

    def _key_for(self, header_segment: str) -> jwt.PyJWK:
        key = self._by_header.get(header_segment)
        if key is not None:
            return key
        header = _json(header_segment)
        kid = header.get("kid")
        key = self.keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise InvalidToken("The token was signed with a key we do not know.")
        if header.get("alg") != key.algorithm_name:
            raise InvalidToken("The token's algorithm does not match its key.")
        if len(self._by_header) >= _MAX_HEADER_CACHE:
            self._by_header.clear()
        self._by_header[header_segment] = key
        return key

    def verify_cached(self, token: str) -> dict[str, Any]:
        """Verify with the keys already loaded (no I/O)."""
        if len(token) > _MAX_TOKEN_LENGTH or token.count(".") != 2:
            raise InvalidToken("The access token is malformed.")
        header_segment, payload_segment, signature_segment = token.split(".")
        key = self._key_for(header_segment)
        signing_input = f"{header_segment}.{payload_segment}".encode()
        if not key.Algorithm.verify(signing_input, key.key, _b64decode(signature_segment)):
            raise InvalidToken("The access token could not be verified.")
        claims = _json(payload_segment)
        self._check_claims(claims)
        return claims

    def _check_claims(self, claims: dict[str, Any]) -> None:
        for name in self.required_claims:
            if name not in claims:
                raise InvalidToken(f"The access token has no '{name}' claim.")
        now = time.time()
        # Outside providers' ID tokens may omit nbf; then iat bounds the start.
        exp, iat = claims["exp"], claims["iat"]
        nbf = claims.get("nbf", iat)
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (exp, nbf, iat)):
            raise InvalidToken("The access token's times are malformed.")
        if exp <= now - self.leeway_s:
            raise InvalidToken("The access token has expired.")
        if nbf > now + self.leeway_s or iat > now + self.leeway_s:
            raise InvalidToken("The access token is not valid yet.")
        if claims["iss"] != self.issuer:
            raise InvalidToken("The access token was issued by someone else.")
        aud = claims["aud"]
        if not (aud == self.audience or (isinstance(aud, list) and self.audience in aud)):
            raise InvalidToken("The access token is for another audience.")
        if not isinstance(claims["sub"], str) or not claims["sub"]:
            raise InvalidToken("The access token has no subject.")


def _kid_of(header_segment: str) -> str:
    kid = _json(header_segment).get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidToken("The access token has no key id.")
    return kid
