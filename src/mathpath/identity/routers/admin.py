"""Administration: ``/api/v1/admin/users`` and ``/api/v1/admin/audit`` (admins with MFA)."""

from __future__ import annotations

from fastapi import APIRouter, Query, status

from mathpath.access import AdminOnly
from mathpath.identity import admin, audit, privacy, repository
from mathpath.identity.dependencies import StateDep
from mathpath.identity.schemas import (
    AuditOut,
    PrivacyRequestOut,
    RoleIn,
    StatusIn,
    UserAdminOut,
    UserPage,
)
from mathpath.identity.serialise import audit_out, user_admin_out
from mathpath.kit.errors import BusinessRuleViolation, NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep

router = APIRouter(tags=["admin"])


@router.get("/api/v1/admin/users", summary="Find users")
async def list_users(
    actor: AdminOnly,
    session: SessionDep,
    q: str | None = Query(default=None, max_length=100),
    role: str | None = Query(default=None, pattern="^(student|teacher|parent|admin)$"),
    limit: int = Query(default=50, ge=1, le=200),
    offset: int = Query(default=0, ge=0),
) -> UserPage:
    rows, total = await repository.search_users(
        session, query=q, role=role, limit=limit, offset=offset
    )
    # Reading personal data in bulk is itself a privileged action.
    await audit.record(session, "admin.list_users", actor_id=actor.user_id, query=q, role=role)
    return UserPage(items=[user_admin_out(u) for u in rows], total=total)


@router.get(
    "/api/v1/admin/users/{user_id}", responses=error_responses(NotFound), summary="One user"
)
async def get_user(user_id: str, actor: AdminOnly, session: SessionDep) -> UserAdminOut:
    user = await admin.target_user(session, user_id)
    await audit.record(session, "admin.view_user", actor_id=actor.user_id, target_id=user_id)
    return user_admin_out(user)


@router.put(
    "/api/v1/admin/users/{user_id}/role",
    responses=error_responses(NotFound, BusinessRuleViolation),
    summary="Change a user's role (their sessions end)",
)
async def set_role(
    user_id: str, body: RoleIn, actor: AdminOnly, session: SessionDep, ctx: ContextDep
) -> UserAdminOut:
    user = await admin.change_role(session, ctx, actor.user_id, user_id, body.role, body.reason)
    return user_admin_out(user)


@router.put(
    "/api/v1/admin/users/{user_id}/status",
    responses=error_responses(NotFound, BusinessRuleViolation),
    summary="Disable or re-enable an account",
)
async def set_status(
    user_id: str, body: StatusIn, actor: AdminOnly, session: SessionDep, ctx: ContextDep
) -> UserAdminOut:
    user = await admin.set_status(session, ctx, actor.user_id, user_id, body.status, body.reason)
    return user_admin_out(user)


@router.delete(
    "/api/v1/admin/users/{user_id}",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(NotFound),
    summary="Erase a user's account and data in every service",
)
async def erase_user(
    user_id: str, actor: AdminOnly, session: SessionDep, ctx: ContextDep, state: StateDep
) -> PrivacyRequestOut:
    await admin.target_user(session, user_id)
    row = await privacy.request_erasure(session, ctx, state, user_id, requested_by=actor.user_id)
    return privacy.request_out(row)


@router.get("/api/v1/admin/audit", summary="The audit log, newest first")
async def audit_log(
    actor: AdminOnly,
    session: SessionDep,
    target_id: str | None = Query(default=None, max_length=36),
    limit: int = Query(default=50, ge=1, le=500),
    offset: int = Query(default=0, ge=0),
) -> list[AuditOut]:
    rows = await repository.audit_entries(session, target_id=target_id, limit=limit, offset=offset)
    return [audit_out(r) for r in rows]
