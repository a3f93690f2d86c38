"""Privacy: consent records, export and erasure across services, and their re-dispatch.

See ``mathpath.contracts.identity_events`` for the protocol other services follow.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_events import (
    USER_ERASE_REQUESTED,
    USER_ERASED,
    USER_EXPORT_REQUESTED,
    UserErased,
    UserEraseRequested,
    UserExportRequested,
)
from mathpath.identity import audit, repository, throttle
from mathpath.identity.models import (
    ClassMembership,
    Consent,
    EmailMessage,
    ExternalIdentity,
    OneTimeToken,
    ParentLink,
    PrivacyRequest,
    RecoveryCode,
    RefreshToken,
    SchoolClass,
    User,
)
from mathpath.identity.revocations import revoke_access
from mathpath.identity.schemas import ExportOut, PrivacyRequestOut
from mathpath.identity.state import IdentityState, state_of
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import NotFound
from mathpath.kit.events import Event
from mathpath.kit.ids import new_id
from mathpath.kit.service import ServiceContext


def request_out(row: PrivacyRequest) -> PrivacyRequestOut:
    return PrivacyRequestOut(
        id=row.id,
        kind=row.kind,
        status=row.status,
        expected=list(row.expected),
        answered=sorted(row.answers),
        created_at=row.created_at,
        completed_at=row.completed_at,
    )


async def record_marketing_choice(session: AsyncSession, user: User, opt_in: bool) -> None:
    session.add(
        Consent(
            id=new_id(),
            user_id=user.id,
            kind="marketing",
            version="",
            granted=opt_in,
            granted_by=user.id,
            created_at=utcnow(),
        )
    )
    await session.flush()


# --- erasure ---------------------------------------------------------------------------


async def request_erasure(
    session: AsyncSession,
    ctx: ServiceContext,
    state: IdentityState,
    user_id: str,
    *,
    requested_by: str,
) -> PrivacyRequest:
    existing = await session.scalar(
        select(PrivacyRequest).where(
            PrivacyRequest.user_id == user_id,
            PrivacyRequest.kind == "erasure",
        )
    )
    if existing is not None:
        return existing  # asking twice is one request
    user = await repository.user_by_id(session, user_id)
    if user is None:
        raise NotFound("There is no such user.")
    now = utcnow()
    row = PrivacyRequest(
        id=new_id(),
        kind="erasure",
        user_id=user_id,
        requested_by=requested_by,
        status="pending",
        expected=list(state.config.privacy_services),
        answers={},
        created_at=now,
        last_dispatched_at=now,
    )
    session.add(row)
    # Stop access at once; the data itself is erased by the event handler below.
    user.status = "erasing"
    await repository.revoke_user_sessions(session, user_id, now)
    await revoke_access(session, ctx, user_id, "erased")
    await audit.record(session, "user.erase_requested", actor_id=requested_by, target_id=user_id)
    payload = UserEraseRequested(request_id=row.id, user_id=user_id, requested_by=requested_by)
    await ctx.emit(session, USER_ERASE_REQUESTED, payload.model_dump(mode="json"))
    return row


async def erase_identity_data(session: AsyncSession, ctx: ServiceContext, event: Event) -> None:
    """Consumer of ``user.erase_requested``: anonymise what identity holds, then tell every
    other service with ``user.erased``. Safe to run twice."""
    request = UserEraseRequested.model_validate(event.payload)
    row = await session.get(PrivacyRequest, request.request_id)
    user = await repository.user_by_id(session, request.user_id)
    if row is None or user is None:
        return
    now = utcnow()
    email = user.email
    classes = (
        await session.scalars(select(SchoolClass.id).where(SchoolClass.teacher_id == user.id))
    ).all()
    await session.execute(
        update(SchoolClass).where(SchoolClass.teacher_id == user.id).values(archived_at=now)
    )
    for table_filter in (
        delete(ClassMembership).where(ClassMembership.student_id == user.id),
        delete(ParentLink).where(
            (ParentLink.parent_id == user.id) | (ParentLink.child_id == user.id)
        ),
        delete(ExternalIdentity).where(ExternalIdentity.user_id == user.id),
        delete(RecoveryCode).where(RecoveryCode.user_id == user.id),
        delete(OneTimeToken).where(OneTimeToken.user_id == user.id),
        delete(RefreshToken).where(RefreshToken.user_id == user.id),
        delete(Consent).where(Consent.user_id == user.id),
        # An export's archive holds everything every service knew: it goes with the account.
        delete(PrivacyRequest).where(
            PrivacyRequest.user_id == user.id, PrivacyRequest.kind == "export"
        ),
    ):
        await session.execute(table_filter)
    if email:
        await session.execute(delete(EmailMessage).where(EmailMessage.to_address == email))
        await throttle.forget_email(session, state_of(ctx).secret_key, email)
    user.email = None
    user.display_name = ""
    user.password_hash = None
    user.date_of_birth = None
    user.mfa_secret = None
    user.mfa_enabled_at = None
    user.status = "erased"
    user.erased_at = user.erased_at or now
    user.updated_at = now
    for class_id in classes:
        await ctx.runtime.cache.delete_prefix(f"identity:crel:{class_id}:")
    await dispatch_erased(session, ctx, row)


async def dispatch_erased(session: AsyncSession, ctx: ServiceContext, row: PrivacyRequest) -> None:
    row.last_dispatched_at = utcnow()
    payload = UserErased(request_id=row.id, user_id=row.user_id, expected_services=row.expected)
    await ctx.emit(session, USER_ERASED, payload.model_dump(mode="json"))


async def record_answer(
    session: AsyncSession, request_id: str, service: str, data: dict[str, Any] | None
) -> PrivacyRequest:
    # Lock the row before reading it (a no-op update: SQLite's write lock, PostgreSQL's row
    # lock): services answer at the same time, and each would otherwise add its answer to
    # the `answers` it read, the last write dropping the others.
    await session.execute(
        update(PrivacyRequest)
        .where(PrivacyRequest.id == request_id)
        .values(status=PrivacyRequest.status)
    )
    row = await session.get(PrivacyRequest, request_id, populate_existing=True)
    if row is None:
        raise NotFound("There is no such request.")
    if service not in row.answers:
        answers = dict(row.answers)
        answers[service] = data if data is not None else {"confirmed_at": utcnow().isoformat()}
        row.answers = answers
    if row.status == "pending" and all(s in row.answers for s in row.expected):
        if row.kind == "export" or await _identity_erased(session, row):
            row.status = "complete"
            row.completed_at = utcnow()
    return row


async def _identity_erased(session: AsyncSession, row: PrivacyRequest) -> bool:
    user = await repository.user_by_id(session, row.user_id)
    return user is None or user.status == "erased"


# --- export ----------------------------------------------------------------------------


async def identity_part(session: AsyncSession, user: User) -> dict[str, Any]:
    consents = (await session.scalars(select(Consent).where(Consent.user_id == user.id))).all()
    classes = await repository.classes_of_student(session, user.id)
    taught = await repository.classes_of_teacher(session, user.id)
    links = await repository.links_of(session, user.id)
    sessions = (
        await session.scalars(select(RefreshToken).where(RefreshToken.user_id == user.id))
    ).all()
    return {
        "profile": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "status": user.status,
            "date_of_birth": user.date_of_birth.isoformat() if user.date_of_birth else None,
            "email_verified_at": _iso(user.email_verified_at),
            "mfa_enabled": user.mfa_enabled_at is not None,
            "created_at": _iso(user.created_at),
            "last_sign_in_at": _iso(user.last_sign_in_at),
        },
        "consents": [
            {"kind": c.kind, "version": c.version, "granted": c.granted, "at": _iso(c.created_at)}
            for c in consents
        ],
        "classes": [{"id": c.id, "name": c.name} for c in classes],
        "classes_taught": [{"id": c.id, "name": c.name} for c in taught],
        "parent_links": [
            {"parent_id": link.parent_id, "child_id": link.child_id, "status": link.status}
            for link in links
        ],
        "sessions": [
            {"started_at": _iso(s.created_at), "ended": s.revoked_at is not None} for s in sessions
        ],
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


async def request_export(
    session: AsyncSession, ctx: ServiceContext, state: IdentityState, user: User
) -> PrivacyRequest:
    now = utcnow()
    row = PrivacyRequest(
        id=new_id(),
        kind="export",
        user_id=user.id,
        requested_by=user.id,
        status="pending",
        expected=list(state.config.privacy_services),
        answers={"identity": await identity_part(session, user)},
        created_at=now,
        last_dispatched_at=now,
    )
    session.add(row)
    await session.flush()
    payload = UserExportRequested(
        request_id=row.id, user_id=user.id, expected_services=row.expected
    )
    await ctx.emit(session, USER_EXPORT_REQUESTED, payload.model_dump(mode="json"))
    if not row.expected:
        row.status = "complete"
        row.completed_at = now
    return row


async def export_of(session: AsyncSession, user_id: str, request_id: str) -> ExportOut:
    row = await session.get(PrivacyRequest, request_id)
    if row is None or row.user_id != user_id or row.kind != "export":
        raise NotFound("There is no such export.")
    base = request_out(row)
    return ExportOut(**base.model_dump(), archive=dict(row.answers))


# --- re-dispatch (retention job) --------------------------------------------------------


async def redispatch_pending(
    session: AsyncSession, ctx: ServiceContext, state: IdentityState
) -> int:
    """Re-send requests some service has not answered, so one that was down finishes."""
    cutoff = utcnow() - timedelta(seconds=state.config.privacy_redispatch_s)
    count = 0
    for row in await repository.pending_privacy_requests(session, cutoff):
        count += 1
        row.last_dispatched_at = utcnow()
        if row.kind == "export":
            payload = UserExportRequested(
                request_id=row.id, user_id=row.user_id, expected_services=row.expected
            )
            await ctx.emit(session, USER_EXPORT_REQUESTED, payload.model_dump(mode="json"))
        elif await _identity_erased(session, row):
            await dispatch_erased(session, ctx, row)
        else:
            again = UserEraseRequested(
                request_id=row.id, user_id=row.user_id, requested_by=row.requested_by
            )
            await ctx.emit(session, USER_ERASE_REQUESTED, again.model_dump(mode="json"))
    return count
