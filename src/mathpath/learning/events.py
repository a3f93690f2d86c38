"""Events the learning service consumes.

- ``class.membership_changed`` and ``parent_link.changed``: keep local rosters and links, so
  class overviews and a parent's list of children are local queries;
- ``user.erased``: delete the user's learning data (idempotent by user id, since identity
  re-dispatches pending erasures) and confirm;
- ``user.export_requested``: answer with learning's part of the export (``export.py``);
- ``content.published``: every process loads the new version (``catalog.py``);
- ``subscription.changed``: drop cached entitlements of the subscription's members.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.billing_client import subscribe_entitlements_invalidation
from mathpath.contracts.identity_client import subscribe_relationship_invalidation
from mathpath.contracts.identity_events import (
    CLASS_MEMBERSHIP_CHANGED,
    PARENT_LINK_CHANGED,
    USER_ERASED,
    USER_ERASURE_CONFIRMED,
    USER_EXPORT_REQUESTED,
    ClassMembershipChanged,
    ParentLinkChanged,
    UserErased,
    UserErasureConfirmed,
)
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext
from mathpath.learning import catalog, export
from mathpath.learning import repository as repo
from mathpath.learning.documents import documents
from mathpath.learning.documents.feeds import subscribe_feeds
from mathpath.learning.models import Assignment, ClassMember, ParentLink

NAME = "learning"


async def apply_membership(session: AsyncSession, event: Event) -> None:
    change = ClassMembershipChanged.model_validate(event.payload)
    if change.change == "class_archived":
        await session.execute(delete(ClassMember).where(ClassMember.class_id == change.class_id))
        return
    for student_id in change.student_ids:
        existing = await session.get(ClassMember, (change.class_id, student_id))
        if change.change == "joined":
            if existing is None:
                session.add(
                    ClassMember(
                        class_id=change.class_id,
                        student_id=student_id,
                        teacher_id=change.teacher_id,
                    )
                )
        elif existing is not None:
            await session.delete(existing)
    await session.flush()


async def apply_parent_link(session: AsyncSession, event: Event) -> None:
    change = ParentLinkChanged.model_validate(event.payload)
    existing = await session.get(ParentLink, (change.parent_id, change.child_id))
    if change.change == "linked" and existing is None:
        session.add(ParentLink(parent_id=change.parent_id, child_id=change.child_id))
    elif change.change == "unlinked" and existing is not None:
        await session.delete(existing)
    await session.flush()


def erasure_handler(ctx: ServiceContext) -> Callable[[AsyncSession, Event], Awaitable[None]]:
    async def apply(session: AsyncSession, event: Event) -> None:
        erased = UserErased.model_validate(event.payload)
        user_id = erased.user_id
        await repo.delete_student(session, user_id)
        docs = documents(ctx)
        notes = docs.feedback(session)
        await notes.erase_student(user_id)
        await docs.attempt_log(session).erase_student(user_id)
        await docs.progress(session).erase_student(user_id)
        # As an author or a teacher: their notes and assignments name them.
        await notes.erase_author(user_id)
        await session.execute(delete(Assignment).where(Assignment.teacher_id == user_id))
        await session.execute(delete(ClassMember).where(ClassMember.student_id == user_id))
        await session.execute(delete(ParentLink).where(ParentLink.parent_id == user_id))
        await session.execute(delete(ParentLink).where(ParentLink.child_id == user_id))
        confirmed = UserErasureConfirmed(
            request_id=erased.request_id, user_id=user_id, service=NAME
        )
        await ctx.emit(session, USER_ERASURE_CONFIRMED, confirmed.model_dump(mode="json"))

    return apply


async def subscribe(ctx: ServiceContext) -> None:
    ctx.on([CLASS_MEMBERSHIP_CHANGED], "rosters", apply_membership)
    ctx.on([PARENT_LINK_CHANGED], "parent-links", apply_parent_link)
    ctx.on([USER_ERASED], "erasure", erasure_handler(ctx))
    ctx.on([USER_EXPORT_REQUESTED], "export", export.export_handler(ctx))
    catalog.subscribe_refresh(ctx)
    subscribe_feeds(ctx)
    subscribe_entitlements_invalidation(ctx.bus, ctx.runtime.cache, group="learning.billing-cache")
    subscribe_relationship_invalidation(ctx.bus, ctx.runtime.cache, group="learning.rel-cache")
