"""Outside identity providers behind one port: verify their ID token, say who it names.

- :class:`OidcProvider`: any OpenID Connect issuer (Google Workspace, Microsoft Entra, a
  school's own), verified against the issuer's JWKS;
- :class:`FirebaseProvider`: Firebase Authentication ID tokens, verified against Google's
  published keys; with the Auth emulator configured (never in production) the emulator's
  unsigned tokens are accepted, checked for everything but the signature.

Neither provider can make anyone an administrator: roles map to student, teacher or parent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import jwt

from mathpath.access.tokens import InvalidToken, TokenVerifier
from mathpath.identity.config import OidcIssuer
from mathpath.identity.errors import ExternalTokenRejected

ID_TOKEN_CLAIMS = ("exp", "iat", "sub", "iss", "aud")
FIREBASE_JWKS_URL = (
    "https://www.googleapis.com/service_accounts/v1/jwk/securetoken@system.gserviceaccount.com"
)
EXTERNAL_ROLES = ("student", "teacher", "parent")


@dataclass(frozen=True)
class ExternalIdentityClaims:
    provider: str
    subject: str
    email: str | None
    email_verified: bool
    display_name: str
    role: str


class IdentityProvider(Protocol):
    name: str

    async def verify(self, id_token: str) -> ExternalIdentityClaims: ...


async def _fetch_json(http: httpx.AsyncClient, url: str) -> dict[str, Any]:
    try:
        response = await http.get(url)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise ExternalTokenRejected("The identity provider's keys could not be fetched.") from exc
    return data


def _email(claims: dict[str, Any]) -> str | None:
    email = claims.get("email")
    return email.strip().lower() if isinstance(email, str) and "@" in email else None


class OidcProvider:
    def __init__(self, issuer: OidcIssuer, http: httpx.AsyncClient) -> None:
        self.issuer = issuer
        self.name = f"oidc:{issuer.name}"
        self.http = http
        self.verifier = TokenVerifier(
            self._jwks,
            issuer=issuer.issuer,
            audience=issuer.audience,
            required_claims=ID_TOKEN_CLAIMS,
            leeway_s=30,
        )

    async def _jwks(self) -> dict[str, Any]:
        return await _fetch_json(self.http, self.issuer.jwks_url)

    async def verify(self, id_token: str) -> ExternalIdentityClaims:
        try:
            claims = await self.verifier.verify(id_token)
        except InvalidToken as exc:
            raise ExternalTokenRejected(exc.detail) from exc
        values = claims.get(self.issuer.teacher_claim, [])
        values = values if isinstance(values, list) else [values]
        role = "teacher" if any(v in self.issuer.teacher_values for v in values) else "student"
        return ExternalIdentityClaims(
            provider=self.name,
            subject=str(claims["sub"]),
            email=_email(claims),
            email_verified=claims.get("email_verified") is True,
            display_name=str(claims.get("name") or claims.get("given_name") or "")[:100],
            role=role,
        )


class FirebaseProvider:
    name = "firebase"

    def __init__(self, project_id: str, http: httpx.AsyncClient, *, emulator: bool = False) -> None:
        self.project_id = project_id
        self.http = http
        self.emulator = emulator
        self.issuer = f"https://securetoken.google.com/{project_id}"
        self.verifier = TokenVerifier(
            self._jwks,
            issuer=self.issuer,
            audience=project_id,
            required_claims=ID_TOKEN_CLAIMS,
            leeway_s=30,
        )

    async def _jwks(self) -> dict[str, Any]:
        return await _fetch_json(self.http, FIREBASE_JWKS_URL)

    async def _claims(self, id_token: str) -> dict[str, Any]:
        if not self.emulator:
            try:
                return await self.verifier.verify(id_token)
            except InvalidToken as exc:
                raise ExternalTokenRejected(exc.detail) from exc
        # The emulator does not sign its tokens; everything else is still checked.
        try:
            header = jwt.get_unverified_header(id_token)
            claims: dict[str, Any] = jwt.decode(
                id_token,
                options={
                    "verify_signature": False,
                    "verify_exp": True,
                    "verify_iat": True,
                    "verify_aud": True,
                    "verify_iss": True,
                    "require": list(ID_TOKEN_CLAIMS),
                },
                audience=self.project_id,
                issuer=self.issuer,
                leeway=30,
            )
        except jwt.PyJWTError as exc:
            raise ExternalTokenRejected("The Firebase token is not valid.") from exc
        if header.get("alg") != "none":
            # A signed token in emulator mode is not from the emulator.
            raise ExternalTokenRejected("Expected an emulator token.")
        return claims

    async def verify(self, id_token: str) -> ExternalIdentityClaims:
        claims = await self._claims(id_token)
        role = claims.get("role")
        if role not in EXTERNAL_ROLES:
            roles = claims.get("roles")
            role = (
                next((r for r in roles if r in EXTERNAL_ROLES), None)
                if isinstance(roles, list)
                else None
            )
        return ExternalIdentityClaims(
            provider=self.name,
            subject=str(claims.get("user_id") or claims["sub"]),
            email=_email(claims),
            email_verified=claims.get("email_verified") is True,
            display_name=str(claims.get("name") or "")[:100],
            role=role or "student",
        )
