"""Sign-in through outside providers: OpenID Connect issuers and Firebase Authentication."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mathpath.access import Public
from mathpath.identity import external
from mathpath.identity.dependencies import StateDep
from mathpath.identity.errors import AccountNotActive, ConsentRequired, ExternalTokenRejected
from mathpath.identity.schemas import ExternalTokenIn, TokenOut
from mathpath.identity.serialise import token_out
from mathpath.identity.state import IdentityState
from mathpath.kit.errors import Conflict, NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep

router = APIRouter(tags=["auth"])
ERRORS = error_responses(
    ExternalTokenRejected, AccountNotActive, ConsentRequired, Conflict, NotFound
)


async def _sign_in(
    name: str,
    body: ExternalTokenIn,
    response: Response,
    session: SessionDep,
    ctx: ContextDep,
    state: IdentityState,
) -> TokenOut:
    provider = state.providers.get(name)
    if provider is None:
        raise NotFound("This sign-in provider is not configured.")
    claims = await provider.verify(body.id_token)
    issued = await external.sign_in_external(
        session,
        ctx,
        state,
        claims,
        accept_terms=body.accept_terms,
        accept_privacy=body.accept_privacy,
    )
    response.headers["Cache-Control"] = "no-store"
    return token_out(issued)


@router.post(
    "/api/v1/auth/oidc/{provider}",
    responses=ERRORS,
    summary="Sign in with a school's OpenID Connect ID token (account made on first sight)",
)
async def oidc(
    provider: str,
    body: ExternalTokenIn,
    response: Response,
    _: Public,
    session: SessionDep,
    ctx: ContextDep,
    state: StateDep,
) -> TokenOut:
    return await _sign_in(f"oidc:{provider}", body, response, session, ctx, state)


@router.post(
    "/api/v1/auth/firebase",
    responses=ERRORS,
    summary="Sign in with a Firebase Authentication ID token (account made on first sight)",
)
async def firebase(
    body: ExternalTokenIn,
    response: Response,
    _: Public,
    session: SessionDep,
    ctx: ContextDep,
    state: StateDep,
) -> TokenOut:
    return await _sign_in("firebase", body, response, session, ctx, state)
