"""Classes with join codes, parent links by invitation, and relationship questions."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_client import (
    CLASS_REL_PREFIX,
    REL_PREFIX,
)
from mathpath.contracts.identity_events import (
    CLASS_MEMBERSHIP_CHANGED,
    PARENT_LINK_CHANGED,
    ClassMembershipChanged,
    ParentLinkChanged,
)
from mathpath.identity import audit, repository
from mathpath.identity.crypto import digest, new_secret_token
from mathpath.identity.errors import AlreadyDone, InvalidOneTimeToken
from mathpath.identity.models import ClassMembership, ParentLink, SchoolClass, User
from mathpath.identity.times import aware
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import BusinessRuleViolation, NotFound
from mathpath.kit.ids import new_id
from mathpath.kit.service import ServiceContext

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))


async def invalidate_student(ctx: ServiceContext, student_id: str) -> None:
    await ctx.runtime.cache.delete_prefix(f"{REL_PREFIX}{student_id}:")


async def invalidate_class(ctx: ServiceContext, class_id: str, student_ids: Sequence[str]) -> None:
    await ctx.runtime.cache.delete_prefix(f"{CLASS_REL_PREFIX}{class_id}:")
    for student_id in student_ids:
        await invalidate_student(ctx, student_id)


# --- questions other services ask (through mathpath.access) ----------------------------


async def relations(session: AsyncSession, viewer: User, student_id: str) -> list[str]:
    found: list[str] = []
    if viewer.id == student_id and viewer.role == "student":
        found.append("self")
    if viewer.role == "teacher" and await repository.teaches(session, viewer.id, student_id):
        found.append("teacher")
    if viewer.role == "parent" and await repository.active_link(session, viewer.id, student_id):
        found.append("parent")
    return found


async def relations_many(
    session: AsyncSession, viewer: User, student_ids: Sequence[str]
) -> dict[str, list[str]]:
    """:func:`relations` for many students in one query per relation kind."""
    found: dict[str, list[str]] = {s: [] for s in student_ids}
    if viewer.role == "student" and viewer.id in found:
        found[viewer.id].append("self")
    if viewer.role == "teacher":
        for s in await repository.taught_among(session, viewer.id, student_ids):
            found[s].append("teacher")
    if viewer.role == "parent":
        for s in await repository.linked_among(session, viewer.id, student_ids):
            found[s].append("parent")
    return found


async def class_relation(session: AsyncSession, viewer: User, class_id: str) -> str:
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None or school_class.archived_at is not None:
        return "none"
    if school_class.teacher_id == viewer.id:
        return "teacher"
    if await repository.membership(session, class_id, viewer.id) is not None:
        return "member"
    return "none"


# --- classes ---------------------------------------------------------------------------


async def create_class(session: AsyncSession, teacher: User, name: str) -> SchoolClass:
    for _ in range(5):
        school_class = SchoolClass(
            id=new_id(),
            teacher_id=teacher.id,
            name=name,
            join_code=new_join_code(),
            created_at=utcnow(),
        )
        try:
            async with session.begin_nested():
                session.add(school_class)
                await session.flush()
        except IntegrityError:
            continue  # join code collision: draw another
        return school_class
    raise RuntimeError("could not allocate a unique join code")


async def rotate_join_code(session: AsyncSession, class_id: str) -> SchoolClass:
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None or school_class.archived_at is not None:
        raise NotFound("There is no such class.")
    school_class.join_code = new_join_code()
    await session.flush()
    return school_class


async def join_class(
    session: AsyncSession, ctx: ServiceContext, student: User, join_code: str
) -> SchoolClass:
    school_class = await repository.class_by_code(session, join_code.strip().upper())
    if school_class is None:
        raise NotFound("No class has this join code. Check it with your teacher.")
    if await repository.membership(session, school_class.id, student.id) is None:
        session.add(
            ClassMembership(class_id=school_class.id, student_id=student.id, joined_at=utcnow())
        )
        await session.flush()
        await _membership_changed(session, ctx, school_class, [student.id], "joined")
    return school_class


async def remove_student(
    session: AsyncSession, ctx: ServiceContext, actor: str, class_id: str, student_id: str
) -> None:
    school_class = await session.get(SchoolClass, class_id)
    row = await repository.membership(session, class_id, student_id)
    if school_class is None or row is None:
        raise NotFound("This student is not in this class.")
    await session.delete(row)
    await session.flush()
    await audit.record(
        session, "class.remove_student", actor_id=actor, target_id=student_id, class_id=class_id
    )
    await _membership_changed(session, ctx, school_class, [student_id], "removed")


async def archive_class(
    session: AsyncSession, ctx: ServiceContext, actor: str, class_id: str
) -> None:
    school_class = await session.get(SchoolClass, class_id)
    if school_class is None or school_class.archived_at is not None:
        raise NotFound("There is no such class.")
    students = [u.id for u in await repository.roster(session, class_id)]
    school_class.archived_at = utcnow()
    await audit.record(session, "class.archive", actor_id=actor, target_id=class_id)
    await _membership_changed(session, ctx, school_class, students, "class_archived")


async def _membership_changed(
    session: AsyncSession,
    ctx: ServiceContext,
    school_class: SchoolClass,
    student_ids: list[str],
    change: str,
) -> None:
    event = ClassMembershipChanged(
        class_id=school_class.id,
        teacher_id=school_class.teacher_id,
        student_ids=student_ids,
        change=change,
        at=utcnow(),
    )
    await ctx.emit(session, CLASS_MEMBERSHIP_CHANGED, event.model_dump(mode="json"))
    await invalidate_class(ctx, school_class.id, student_ids)


# --- parent links ----------------------------------------------------------------------


async def invite_child(session: AsyncSession, parent: User, ttl_s: int) -> tuple[ParentLink, str]:
    """A parent asks to link; the child accepts with the returned code (shown once)."""
    raw = "PL-" + new_secret_token(9)
    now = utcnow()
    link = ParentLink(
        id=new_id(),
        parent_id=parent.id,
        child_id=None,
        invite_hash=digest(raw),
        status="pending",
        created_at=now,
        expires_at=now + timedelta(seconds=ttl_s),
    )
    session.add(link)
    await session.flush()
    return link, raw


async def accept_invitation(
    session: AsyncSession, ctx: ServiceContext, child: User, raw: str
) -> ParentLink:
    link = await repository.link_by_invite(session, digest(raw.strip()))
    now = utcnow()
    if link is None or link.status != "pending" or aware(link.expires_at) <= now:
        raise InvalidOneTimeToken("This invitation is not valid or has expired.")
    if link.parent_id == child.id:
        raise BusinessRuleViolation("You cannot link to yourself.")
    if await repository.active_link(session, link.parent_id, child.id) is not None:
        raise AlreadyDone("You are already linked to this parent.")
    link.child_id = child.id
    link.status = "active"
    link.accepted_at = now
    link.invite_hash = None
    await session.flush()
    await audit.record(session, "link.accept", actor_id=child.id, target_id=link.parent_id)
    event = ParentLinkChanged(parent_id=link.parent_id, child_id=child.id, change="linked", at=now)
    await ctx.emit(session, PARENT_LINK_CHANGED, event.model_dump(mode="json"))
    await invalidate_student(ctx, child.id)
    return link


async def unlink(session: AsyncSession, ctx: ServiceContext, actor: User, link_id: str) -> None:
    link = await session.get(ParentLink, link_id)
    # Either party may end a link; anyone else is told it does not exist.
    if link is None or actor.id not in (link.parent_id, link.child_id) or link.status == "revoked":
        raise NotFound("There is no such link.")
    was_active = link.status == "active"
    link.status = "revoked"
    link.invite_hash = None
    now = utcnow()
    await audit.record(session, "link.revoke", actor_id=actor.id, target_id=link.id)
    if was_active and link.child_id is not None:
        event = ParentLinkChanged(
            parent_id=link.parent_id, child_id=link.child_id, change="unlinked", at=now
        )
        await ctx.emit(session, PARENT_LINK_CHANGED, event.model_dump(mode="json"))
        await invalidate_student(ctx, link.child_id)
