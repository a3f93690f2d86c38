"""Every query of the identity service."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity.models import (
    AuditEntry,
    ClassMembership,
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


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    result: User | None = await session.scalar(select(User).where(User.email == email))
    return result


async def user_by_id(session: AsyncSession, user_id: str) -> User | None:
    return await session.get(User, user_id)


async def user_by_external(session: AsyncSession, provider: str, subject: str) -> User | None:
    result: User | None = await session.scalar(
        select(User)
        .join(ExternalIdentity, ExternalIdentity.user_id == User.id)
        .where(ExternalIdentity.provider == provider, ExternalIdentity.subject == subject)
    )
    return result


async def search_users(
    session: AsyncSession, *, query: str | None, role: str | None, limit: int, offset: int
) -> tuple[Sequence[User], int]:
    stmt = select(User).where(User.status != "erased")
    if query:
        like = f"%{query.lower()}%"
        stmt = stmt.where(or_(User.email.like(like), func.lower(User.display_name).like(like)))
    if role:
        stmt = stmt.where(User.role == role)
    total = await session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = (await session.scalars(stmt.order_by(User.id).limit(limit).offset(offset))).all()
    return rows, int(total or 0)


# --- refresh tokens -------------------------------------------------------------------


async def refresh_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    result: RefreshToken | None = await session.scalar(
        select(RefreshToken).where(RefreshToken.token_hash == token_hash)
    )
    return result


async def revoke_family(session: AsyncSession, family_id: str, at: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


async def family_revoked(session: AsyncSession, family_id: str) -> bool:
    """True once any token of the family was revoked: a family ends as a whole, so a token
    minted by a rotation that raced the revocation is refused too."""
    found = await session.scalar(
        select(RefreshToken.id)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_not(None))
        .limit(1)
    )
    return found is not None


async def revoke_user_sessions(session: AsyncSession, user_id: str, at: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


async def one_time_token(
    session: AsyncSession, token_hash: str, purpose: str
) -> OneTimeToken | None:
    result: OneTimeToken | None = await session.scalar(
        select(OneTimeToken).where(
            OneTimeToken.token_hash == token_hash, OneTimeToken.purpose == purpose
        )
    )
    return result


async def unused_recovery_codes(session: AsyncSession, user_id: str) -> Sequence[RecoveryCode]:
    return (
        await session.scalars(
            select(RecoveryCode).where(
                RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None)
            )
        )
    ).all()


async def delete_recovery_codes(session: AsyncSession, user_id: str) -> None:
    await session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))


# --- classes and links ----------------------------------------------------------------


async def class_by_code(session: AsyncSession, join_code: str) -> SchoolClass | None:
    result: SchoolClass | None = await session.scalar(
        select(SchoolClass).where(
            SchoolClass.join_code == join_code, SchoolClass.archived_at.is_(None)
        )
    )
    return result


async def classes_of_teacher(session: AsyncSession, teacher_id: str) -> Sequence[SchoolClass]:
    return (
        await session.scalars(
            select(SchoolClass)
            .where(SchoolClass.teacher_id == teacher_id, SchoolClass.archived_at.is_(None))
            .order_by(SchoolClass.created_at)
        )
    ).all()


async def classes_of_student(session: AsyncSession, student_id: str) -> Sequence[SchoolClass]:
    return (
        await session.scalars(
            select(SchoolClass)
            .join(ClassMembership, ClassMembership.class_id == SchoolClass.id)
            .where(ClassMembership.student_id == student_id, SchoolClass.archived_at.is_(None))
            .order_by(SchoolClass.created_at)
        )
    ).all()


async def roster(session: AsyncSession, class_id: str) -> Sequence[User]:
    return (
        await session.scalars(
            select(User)
            .join(ClassMembership, ClassMembership.student_id == User.id)
            .where(ClassMembership.class_id == class_id)
            .order_by(User.display_name, User.id)
        )
    ).all()


async def membership(
    session: AsyncSession, class_id: str, student_id: str
) -> ClassMembership | None:
    return await session.get(ClassMembership, (class_id, student_id))


async def teaches(session: AsyncSession, teacher_id: str, student_id: str) -> bool:
    found = await session.scalar(
        select(SchoolClass.id)
        .join(ClassMembership, ClassMembership.class_id == SchoolClass.id)
        .where(
            SchoolClass.teacher_id == teacher_id,
            SchoolClass.archived_at.is_(None),
            ClassMembership.student_id == student_id,
        )
        .limit(1)
    )
    return found is not None


async def taught_among(
    session: AsyncSession, teacher_id: str, student_ids: Sequence[str]
) -> set[str]:
    """Which of ``student_ids`` are in a live class of ``teacher_id``."""
    rows = await session.scalars(
        select(ClassMembership.student_id)
        .join(SchoolClass, ClassMembership.class_id == SchoolClass.id)
        .where(
            SchoolClass.teacher_id == teacher_id,
            SchoolClass.archived_at.is_(None),
            ClassMembership.student_id.in_(list(student_ids)),
        )
    )
    return set(rows)


async def linked_among(session: AsyncSession, parent_id: str, child_ids: Sequence[str]) -> set[str]:
    """Which of ``child_ids`` have an active link to ``parent_id``."""
    rows = await session.scalars(
        select(ParentLink.child_id).where(
            ParentLink.parent_id == parent_id,
            ParentLink.status == "active",
            ParentLink.child_id.in_(list(child_ids)),
        )
    )
    return {r for r in rows if r is not None}


async def live_classes(session: AsyncSession, class_ids: Sequence[str]) -> Sequence[SchoolClass]:
    return (
        await session.scalars(
            select(SchoolClass).where(
                SchoolClass.id.in_(list(class_ids)), SchoolClass.archived_at.is_(None)
            )
        )
    ).all()


async def rosters(session: AsyncSession, class_ids: Sequence[str]) -> dict[str, list[User]]:
    """The students of each class, by display name (one query for every class)."""
    found: dict[str, list[User]] = {c: [] for c in class_ids}
    rows = await session.execute(
        select(ClassMembership.class_id, User)
        .join(User, ClassMembership.student_id == User.id)
        .where(ClassMembership.class_id.in_(list(class_ids)))
        .order_by(User.display_name, User.id)
    )
    for class_id, user in rows:
        found[class_id].append(user)
    return found


async def display_names(session: AsyncSession, user_ids: Sequence[str]) -> dict[str, str]:
    rows = await session.execute(
        select(User.id, User.display_name).where(User.id.in_(list(set(user_ids))))
    )
    return {user_id: name for user_id, name in rows}


async def active_link(session: AsyncSession, parent_id: str, child_id: str) -> ParentLink | None:
    result: ParentLink | None = await session.scalar(
        select(ParentLink).where(
            ParentLink.parent_id == parent_id,
            ParentLink.child_id == child_id,
            ParentLink.status == "active",
        )
    )
    return result


async def link_by_invite(session: AsyncSession, invite_hash: str) -> ParentLink | None:
    result: ParentLink | None = await session.scalar(
        select(ParentLink).where(ParentLink.invite_hash == invite_hash)
    )
    return result


async def links_of(session: AsyncSession, user_id: str) -> Sequence[ParentLink]:
    return (
        await session.scalars(
            select(ParentLink)
            .where(
                or_(ParentLink.parent_id == user_id, ParentLink.child_id == user_id),
                ParentLink.status != "revoked",
            )
            .order_by(ParentLink.created_at)
        )
    ).all()


# --- audit, email, privacy ------------------------------------------------------------


async def audit_entries(
    session: AsyncSession, *, target_id: str | None, limit: int, offset: int
) -> Sequence[AuditEntry]:
    stmt = select(AuditEntry)
    if target_id:
        stmt = stmt.where(AuditEntry.target_id == target_id)
    return (
        await session.scalars(
            stmt.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
            .limit(limit)
            .offset(offset)
        )
    ).all()


async def emails_to(session: AsyncSession, to: str | None, limit: int) -> Sequence[EmailMessage]:
    stmt = select(EmailMessage)
    if to:
        stmt = stmt.where(EmailMessage.to_address == to.lower())
    return (await session.scalars(stmt.order_by(EmailMessage.created_at.desc()).limit(limit))).all()


async def pending_privacy_requests(
    session: AsyncSession, older_than: datetime
) -> Sequence[PrivacyRequest]:
    return (
        await session.scalars(
            select(PrivacyRequest).where(
                PrivacyRequest.status == "pending",
                PrivacyRequest.last_dispatched_at < older_than,
            )
        )
    ).all()
