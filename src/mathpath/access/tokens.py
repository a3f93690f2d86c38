"""Access-token verification against identity's published keys (JWKS).

Keys are fetched once and kept in process; a token signed with an unknown ``kid`` triggers
one refetch (at most every ``min_refresh_s``), which is how key rotation reaches every
service without logging anyone out. The algorithm comes from our key, never from the
token's header, so ``alg: none`` and algorithm-confusion tokens are refused.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

import jwt

from mathpath.kit.errors import Unauthorized

REQUIRED_CLAIMS = ["exp", "iat", "nbf", "sub", "iss", "aud"]


class InvalidToken(Unauthorized):
    type_slug = "invalid-token"
    title = "The access token is not valid"


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
    ) -> None:
        self.fetch_jwks = fetch_jwks
        self.issuer = issuer
        self.audience = audience
        self.leeway_s = leeway_s
        self.max_age_s = max_age_s
        self.min_refresh_s = min_refresh_s
        self.keys: dict[str, jwt.PyJWK] = {}
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
        kid = _kid_of(token)
        stale = time.monotonic() - self._fetched_at > self.max_age_s
        if kid not in self.keys or stale:
            await self.refresh(force=stale, kid=kid)
        return self.verify_cached(token)

    def verify_cached(self, token: str) -> dict[str, Any]:
        """Verify with the keys already loaded (no I/O)."""
        key = self.keys.get(_kid_of(token))
        if key is None:
            raise InvalidToken("The token was signed with a key we do not know.")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key.key,
                algorithms=[key.algorithm_name],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway_s,
                options={"require": REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("The access token has expired.") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken("The access token could not be verified.") from exc
        return claims


def _kid_of(token: str) -> str:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise InvalidToken("The access token is malformed.") from exc
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidToken("The access token has no key id.")
    return kid
