"""Administration: roles and account status, every action written to the audit log."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_events import USER_ROLE_CHANGED, UserRoleChanged
from mathpath.identity import audit, repository
from mathpath.identity.models import User
from mathpath.identity.revocations import revoke_access
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import BusinessRuleViolation, NotFound
from mathpath.kit.service import ServiceContext


async def target_user(session: AsyncSession, user_id: str) -> User:
    user = await repository.user_by_id(session, user_id)
    if user is None or user.status in ("erased", "erasing"):
        raise NotFound("There is no such user.")
    return user


async def change_role(
    session: AsyncSession, ctx: ServiceContext, actor_id: str, user_id: str, role: str, reason: str
) -> User:
    user = await target_user(session, user_id)
    if user.id == actor_id:
        raise BusinessRuleViolation("Ask another administrator to change your own role.")
    if user.role == role:
        return user
    old = user.role
    user.role = role
    user.updated_at = utcnow()
    # Existing sessions carry the old role in their tokens: end them.
    await repository.revoke_user_sessions(session, user.id, utcnow())
    await revoke_access(session, ctx, user.id, "role_changed")
    await audit.record(
        session,
        "user.role_changed",
        actor_id=actor_id,
        target_id=user.id,
        old_role=old,
        new_role=role,
        reason=reason,
    )
    event = UserRoleChanged(user_id=user.id, old_role=old, new_role=role, changed_by=actor_id)
    await ctx.emit(session, USER_ROLE_CHANGED, event.model_dump(mode="json"))
    return user


async def set_status(
    session: AsyncSession,
    ctx: ServiceContext,
    actor_id: str,
    user_id: str,
    status: str,
    reason: str,
) -> User:
    user = await target_user(session, user_id)
    if user.id == actor_id:
        raise BusinessRuleViolation("You cannot disable your own account.")
    old = user.status
    user.status = status
    user.updated_at = utcnow()
    if status == "disabled":
        await repository.revoke_user_sessions(session, user.id, utcnow())
        # Its access tokens too, in every service at once (re-enabling does not bring back
        # a token issued before this).
        await revoke_access(session, ctx, user.id, "disabled")
    await audit.record(
        session,
        "user.status_changed",
        actor_id=actor_id,
        target_id=user.id,
        old_status=old,
        new_status=status,
        reason=reason,
    )
    return user
