"""Bearer tokens checked at the gateway, before any service sees the request.

Identity signs access tokens; the gateway and every service verify them (DESIGN.md,
Security). The gateway uses the services' own verifier, :func:`mathpath.access.token_verifier`
(identity's JWKS fetched once and kept, refetched on an unknown ``kid``, so a key rotation
reaches it as it reaches the services); in embedded mode it is the very same instance.

- A bearer token that does not verify (bad signature, unknown key, expired, not yet valid,
  another audience or issuer, malformed) is answered here: 401 problem+json with
  ``WWW-Authenticate: Bearer error="invalid_token"``. The service is not called.
- A request without a bearer token passes: public routes and sign-in need none, and the
  service's policy answers 401 where its route needs one.
- A valid token passes unchanged, so each service still verifies it and applies its route's
  policy (defence in depth; services run alone too). The access line gets its ``user_id``.

Not checked: paths under ``/api/v1/auth`` (sign-in, refresh, sign-out, registration,
password reset), where a client arrives holding an expired access token precisely to replace
it and where the routes ignore it anyway, and the gateway's own non-API paths.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from mathpath.access import TokenVerifier
from mathpath.kit.context import user_id_var
from mathpath.kit.errors import MathpathError, problem_response

CHECKED_PREFIXES: tuple[str, ...] = ("/api", "/graphql")
UNCHECKED_PREFIXES: tuple[str, ...] = ("/api/v1/auth",)
_CHALLENGE = 'Bearer realm="mathpath", error="invalid_token"'  # RFC 6750 section 3


def _under(path: str, prefixes: Sequence[str]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


def bearer_token(scope: Scope) -> str | None:
    """The credentials of an ``Authorization: Bearer <token>`` header, read exactly as the
    services read it (FastAPI's ``HTTPBearer``), so both judge the same string."""
    for key, value in scope.get("headers", []):
        if key == b"authorization":
            header: str = value.decode("latin-1")
            scheme, _, credentials = header.partition(" ")
            credentials = credentials.strip()
            return credentials if scheme.lower() == "bearer" and credentials else None
    return None


class BearerTokenMiddleware:
    """Refuse a request whose bearer token does not verify (see the module doc)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        verifier: Callable[[], TokenVerifier],
        checked_prefixes: Sequence[str] = CHECKED_PREFIXES,
        unchecked_prefixes: Sequence[str] = UNCHECKED_PREFIXES,
    ) -> None:
        self.app = app
        self._verifier_factory = verifier
        self._verifier: TokenVerifier | None = None
        self.checked_prefixes = tuple(checked_prefixes)
        self.unchecked_prefixes = tuple(unchecked_prefixes)

    @property
    def verifier(self) -> TokenVerifier:
        # Built on first use: in embedded mode identity's in-process app must exist first.
        if self._verifier is None:
            self._verifier = self._verifier_factory()
        return self._verifier

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        token = bearer_token(scope)
        if (
            token is None
            or not _under(path, self.checked_prefixes)
            or _under(path, self.unchecked_prefixes)
        ):
            await self.app(scope, receive, send)
            return
        try:
            claims = await self.verifier.verify(token)
        except MathpathError as exc:
            # InvalidToken (401), or identity unreachable for its keys (503).
            response = problem_response(
                exc.status,
                type_slug=exc.type_slug,
                title=exc.title,
                detail=exc.detail,
                request=Request(scope),
                extra=exc.extra,
                headers={"WWW-Authenticate": _CHALLENGE} if exc.status == 401 else None,
            )
            await response(scope, receive, send)
            return
        user_id_var.set(str(claims["sub"]))
        await self.app(scope, receive, send)
