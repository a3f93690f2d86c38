"""Rows to response models (kept out of routers so every router shapes data the same way)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity import repository
from mathpath.identity.models import AuditEntry, ParentLink, SchoolClass, User
from mathpath.identity.schemas import (
    AuditOut,
    ClassOut,
    LinkOut,
    MeOut,
    TokenOut,
    UserAdminOut,
)
from mathpath.identity.sessions import IssuedTokens


def token_out(issued: IssuedTokens) -> TokenOut:
    return TokenOut(
        access_token=issued.access_token,
        expires_in=issued.expires_in,
        refresh_token=issued.refresh_token,
        user_id=issued.user.id,
        roles=[issued.user.role],
        mfa_enrolment_required=issued.mfa_enrolment_required,
    )


def me_out(user: User) -> MeOut:
    return MeOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        status=user.status,
        email_verified=user.email_verified_at is not None,
        mfa_enabled=user.mfa_enabled_at is not None,
        created_at=user.created_at,
    )


def class_out(row: SchoolClass, *, with_code: bool, teacher_name: str) -> ClassOut:
    return ClassOut(
        id=row.id,
        name=row.name,
        teacher_id=row.teacher_id,
        teacher_name=teacher_name,
        join_code=row.join_code if with_code else None,
        created_at=row.created_at,
    )


async def class_outs(
    session: AsyncSession, rows: Sequence[SchoolClass], *, with_code: bool
) -> list[ClassOut]:
    names = await repository.display_names(session, [r.teacher_id for r in rows])
    return [
        class_out(r, with_code=with_code, teacher_name=names.get(r.teacher_id, "")) for r in rows
    ]


def link_out(row: ParentLink) -> LinkOut:
    return LinkOut(
        id=row.id,
        parent_id=row.parent_id,
        child_id=row.child_id,
        status=row.status,
        created_at=row.created_at,
    )


def user_admin_out(user: User) -> UserAdminOut:
    return UserAdminOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        role=user.role,
        status=user.status,
        mfa_enabled=user.mfa_enabled_at is not None,
        created_at=user.created_at,
        last_sign_in_at=user.last_sign_in_at,
    )


def audit_out(row: AuditEntry) -> AuditOut:
    return AuditOut(
        id=row.id,
        actor_id=row.actor_id,
        action=row.action,
        target_id=row.target_id,
        detail=row.detail,
        created_at=row.created_at,
    )
