"""Sign-up and sign-in: ``/api/v1/auth/...``."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from mathpath.access import ParentOnly, Public
from mathpath.identity import accounts, sessions
from mathpath.identity.dependencies import StateDep, client_address, load_user
from mathpath.identity.errors import (
    AccountNotActive,
    BadCredentials,
    BadSecondFactor,
    ConsentRequired,
    InvalidOneTimeToken,
    InvalidRefreshToken,
    MfaRequired,
)
from mathpath.identity.passwords import WeakPassword
from mathpath.identity.schemas import (
    AcceptedOut,
    MeOut,
    OneTimeTokenIn,
    PasswordResetConfirmIn,
    PasswordResetIn,
    RefreshIn,
    RegisterIn,
    TokenIn,
    TokenOut,
)
from mathpath.identity.serialise import me_out, token_out
from mathpath.identity.throttle import SignInLocked
from mathpath.kit.errors import BusinessRuleViolation, Forbidden, error_responses
from mathpath.kit.service import ContextDep, SessionDep

router = APIRouter(tags=["auth"])


@router.post(
    "/api/v1/auth/register",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(WeakPassword, ConsentRequired, BusinessRuleViolation),
    summary="Create an account (the answer is the same whether or not the email is taken)",
)
async def register(
    body: RegisterIn, _: Public, session: SessionDep, ctx: ContextDep, state: StateDep
) -> AcceptedOut:
    await accounts.register(
        session,
        ctx,
        state,
        accounts.Registration(
            email=body.email,
            password=body.password,
            display_name=body.display_name,
            role=body.role,
            date_of_birth=body.date_of_birth,
            accept_terms=body.accept_terms,
            accept_privacy=body.accept_privacy,
            marketing_opt_in=body.marketing_opt_in,
            parent_email=body.parent_email,
        ),
    )
    return AcceptedOut(detail="Check your email to confirm your address, then sign in.")


@router.post(
    "/api/v1/auth/token",
    responses=error_responses(
        BadCredentials, MfaRequired, BadSecondFactor, AccountNotActive, SignInLocked
    ),
    summary="Sign in with email and password (and a TOTP or recovery code when MFA is on)",
)
async def token(
    body: TokenIn,
    request: Request,
    response: Response,
    _: Public,
    session: SessionDep,
    ctx: ContextDep,
    state: StateDep,
) -> TokenOut:
    issued = await sessions.sign_in(
        session,
        ctx.db,
        state,
        email=body.email,
        password=body.password,
        address=client_address(request),
        totp_code=body.totp_code,
        recovery_code=body.recovery_code,
    )
    response.headers["Cache-Control"] = "no-store"
    return token_out(issued)


@router.post(
    "/api/v1/auth/refresh",
    responses=error_responses(InvalidRefreshToken),
    summary="Exchange a refresh token for new tokens (rotation; reuse ends the session)",
)
async def refresh(
    body: RefreshIn,
    response: Response,
    _: Public,
    session: SessionDep,
    ctx: ContextDep,
    state: StateDep,
) -> TokenOut:
    issued = await sessions.refresh(session, ctx.db, state, body.refresh_token)
    response.headers["Cache-Control"] = "no-store"
    return token_out(issued)


@router.post(
    "/api/v1/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="End the session this refresh token belongs to",
)
async def logout(body: RefreshIn, _: Public, session: SessionDep) -> None:
    await sessions.sign_out(session, body.refresh_token)


@router.post(
    "/api/v1/auth/verify-email",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(InvalidOneTimeToken),
    summary="Confirm an email address with the code that was emailed",
)
async def verify_email(body: OneTimeTokenIn, _: Public, session: SessionDep) -> None:
    await accounts.verify_email(session, body.token)


@router.post(
    "/api/v1/auth/password-reset",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Email a password reset code (the same answer for unknown addresses)",
)
async def password_reset(
    body: PasswordResetIn, _: Public, session: SessionDep, state: StateDep
) -> AcceptedOut:
    await accounts.request_password_reset(session, state, body.email)
    return AcceptedOut(detail="If an account uses this address, we have emailed a reset code.")


@router.post(
    "/api/v1/auth/password-reset/confirm",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(InvalidOneTimeToken, WeakPassword),
    summary="Set a new password with a reset code; every session is signed out",
)
async def password_reset_confirm(
    body: PasswordResetConfirmIn, _: Public, session: SessionDep, ctx: ContextDep, state: StateDep
) -> None:
    await accounts.reset_password(session, ctx, state, body.token, body.password)


@router.post(
    "/api/v1/auth/parental-consent",
    responses=error_responses(InvalidOneTimeToken, Forbidden),
    summary="A parent consents to their under-13 child's account (activates it, links them)",
)
async def parental_consent(
    body: OneTimeTokenIn, parent: ParentOnly, session: SessionDep, ctx: ContextDep
) -> MeOut:
    parent_row = await load_user(session, parent)
    child = await accounts.give_parental_consent(session, ctx, parent_row, body.token)
    return me_out(child)
