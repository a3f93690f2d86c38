"""The signed-in user's own account: ``/api/v1/me`` and its second factor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Request, status

from mathpath.access import AnyUser
from mathpath.contracts.identity_events import USER_PROFILE_CHANGED, UserProfileChanged
from mathpath.identity import mfa, privacy, sessions
from mathpath.identity.dependencies import MeDep, StateDep, client_address
from mathpath.identity.errors import AlreadyDone, BadSecondFactor, ReauthenticationRequired
from mathpath.identity.schemas import (
    CodeIn,
    ExportOut,
    MeOut,
    MePatch,
    PrivacyRequestOut,
    ReauthIn,
    RecoveryCodesOut,
    TotpStartOut,
)
from mathpath.identity.serialise import me_out
from mathpath.identity.throttle import SignInLocked
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import BusinessRuleViolation, NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep

router = APIRouter(tags=["me"])


@router.get("/api/v1/me", summary="Who am I")
async def me(user: MeDep) -> MeOut:
    return me_out(user)


@router.patch("/api/v1/me", summary="Change my display name or marketing choice")
async def patch_me(body: MePatch, user: MeDep, session: SessionDep, ctx: ContextDep) -> MeOut:
    if body.display_name is not None and body.display_name != user.display_name:
        user.display_name = body.display_name
        changed = UserProfileChanged(user_id=user.id)
        await ctx.emit(session, USER_PROFILE_CHANGED, changed.model_dump(mode="json"))
    if body.marketing_opt_in is not None:
        await privacy.record_marketing_choice(session, user, body.marketing_opt_in)
    user.updated_at = utcnow()
    return me_out(user)


@router.post(
    "/api/v1/me/mfa/totp",
    responses=error_responses(AlreadyDone),
    summary="Start two-step sign-in: a TOTP secret to add to an authenticator app",
)
async def start_totp(user: MeDep, session: SessionDep, state: StateDep) -> TotpStartOut:
    secret, uri = await mfa.start_enrolment(session, state, user)
    return TotpStartOut(secret=secret, otpauth_uri=uri)


@router.post(
    "/api/v1/me/mfa/totp/confirm",
    responses=error_responses(AlreadyDone, BadSecondFactor, BusinessRuleViolation),
    summary="Turn two-step sign-in on with a first code; returns one-time recovery codes",
)
async def confirm_totp(
    body: CodeIn, user: MeDep, session: SessionDep, state: StateDep
) -> RecoveryCodesOut:
    codes = await mfa.confirm_enrolment(session, state, user, body.code)
    return RecoveryCodesOut(recovery_codes=codes)


@router.post(
    "/api/v1/me/mfa/recovery-codes",
    responses=error_responses(BadSecondFactor),
    summary="Replace my recovery codes (needs a current TOTP code)",
)
async def regenerate_codes(
    body: CodeIn, user: MeDep, session: SessionDep, state: StateDep
) -> RecoveryCodesOut:
    if user.mfa_enabled_at is None or not mfa.accept_totp(state, user, body.code):
        raise BadSecondFactor("That code is not valid.")
    return RecoveryCodesOut(recovery_codes=await mfa.new_recovery_codes(session, user))


@router.post(
    "/api/v1/me/mfa/disable",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(AlreadyDone, BadSecondFactor, BusinessRuleViolation),
    summary="Turn two-step sign-in off (not allowed for administrators)",
)
async def disable_mfa(body: CodeIn, user: MeDep, session: SessionDep, state: StateDep) -> None:
    await mfa.disable(session, state, user, body.code)


@router.delete(
    "/api/v1/me",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(ReauthenticationRequired, SignInLocked),
    summary="Erase my account and my data in every service (needs my current password)",
)
async def erase_me(
    user: MeDep,
    principal: AnyUser,
    request: Request,
    session: SessionDep,
    ctx: ContextDep,
    state: StateDep,
    body: Annotated[ReauthIn | None, Body()] = None,
) -> PrivacyRequestOut:
    await sessions.reauthenticate(
        session,
        ctx.db,
        state,
        user,
        password=body.password if body else None,
        issued_at=float(principal.claims.get("iat", 0)),
        address=client_address(request),
    )
    erasure = await privacy.request_erasure(session, ctx, state, user.id, requested_by=user.id)
    return privacy.request_out(erasure)


@router.post(
    "/api/v1/me/export",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start an export of all my data (JSON archive assembled from every service)",
)
async def export_me(
    user: MeDep, session: SessionDep, ctx: ContextDep, state: StateDep
) -> PrivacyRequestOut:
    request = await privacy.request_export(session, ctx, state, user)
    return privacy.request_out(request)


@router.get(
    "/api/v1/me/export/{request_id}",
    responses=error_responses(NotFound),
    summary="My export: its status and the archive (complete once every service answered)",
)
async def get_export(request_id: str, user: MeDep, session: SessionDep) -> ExportOut:
    return await privacy.export_of(session, user.id, request_id)
