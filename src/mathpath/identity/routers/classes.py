"""Classes and join codes: ``/api/v1/classes``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, status

from mathpath.access import (
    Principal,
    StudentOnly,
    TeacherOfClass,
    TeacherOnly,
    identity_client,
    require_roles,
)
from mathpath.contracts.billing_client import PlanLimitReached, billing_client, require_within
from mathpath.identity import relationships, repository
from mathpath.identity.dependencies import MeDep, load_user
from mathpath.identity.models import SchoolClass
from mathpath.identity.schemas import (
    ClassDetailOut,
    ClassIn,
    ClassOut,
    ClassRostersOut,
    JoinIn,
    StudentOut,
)
from mathpath.identity.serialise import class_out, class_outs
from mathpath.kit.errors import NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep

router = APIRouter(tags=["classes"])

TeacherOrAdmin = Annotated[Principal, Depends(require_roles("teacher", "admin"))]
MAX_ROSTERS = 50


@router.post(
    "/api/v1/classes",
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(PlanLimitReached),
    summary="Create a class (as many as the teacher's plan includes)",
)
async def create_class(
    body: ClassIn, teacher: TeacherOnly, session: SessionDep, ctx: ContextDep
) -> ClassOut:
    # Asked before this request takes a database connection: billing may be slow. As a
    # service: billing answers a teacher's own entitlements only under /me.
    bearer = await identity_client(ctx.runtime).service_token(
        "identity", ctx.settings.secret_key.get_secret_value()
    )
    ent = await billing_client(ctx.runtime).entitlements(
        teacher.user_id, headers={"Authorization": f"Bearer {bearer}"}
    )
    user = await load_user(session, teacher)
    require_within(
        ent, "teacher_classes", len(await repository.classes_of_teacher(session, user.id))
    )
    row = await relationships.create_class(session, user, body.name)
    return class_out(row, with_code=True, teacher_name=user.display_name)


@router.get("/api/v1/classes", summary="My classes (a teacher's own, or a student's joined)")
async def my_classes(user: MeDep, session: SessionDep) -> list[ClassOut]:
    if user.role == "teacher":
        rows = await repository.classes_of_teacher(session, user.id)
        return [class_out(r, with_code=True, teacher_name=user.display_name) for r in rows]
    rows = await repository.classes_of_student(session, user.id)
    return await class_outs(session, rows, with_code=False)


# Before /classes/{class_id}, which would otherwise take "rosters" for a class id.
@router.get(
    "/api/v1/classes/rosters",
    summary="Several classes with their students, in one call (their teacher, or an admin)",
)
async def rosters(
    caller: TeacherOrAdmin,
    session: SessionDep,
    class_id: Annotated[list[str], Query(min_length=1, max_length=MAX_ROSTERS)],
) -> ClassRostersOut:
    wanted = list(dict.fromkeys(class_id))
    rows = [
        r
        for r in await repository.live_classes(session, wanted)
        if r.teacher_id == caller.user_id or caller.is_admin
    ]
    members = await repository.rosters(session, [r.id for r in rows])
    found = {r.id for r in rows}
    classes = [
        ClassDetailOut(
            **base.model_dump(),
            students=[StudentOut(id=s.id, display_name=s.display_name) for s in members[base.id]],
        )
        for base in await class_outs(session, rows, with_code=True)
    ]
    return ClassRostersOut(classes=classes, denied=[c for c in wanted if c not in found])


@router.post(
    "/api/v1/classes/join",
    responses=error_responses(NotFound),
    summary="Join a class with its join code",
)
async def join(
    body: JoinIn, student: StudentOnly, session: SessionDep, ctx: ContextDep
) -> ClassOut:
    row = await relationships.join_class(
        session, ctx, await load_user(session, student), body.join_code
    )
    (out,) = await class_outs(session, [row], with_code=False)
    return out


@router.get(
    "/api/v1/classes/{class_id}",
    responses=error_responses(NotFound),
    summary="A class and its students (its teacher only)",
)
async def get_class(scope: TeacherOfClass, session: SessionDep) -> ClassDetailOut:
    row = await session.get(SchoolClass, scope.class_id)
    if row is None or row.archived_at is not None:
        raise NotFound("There is no such class.")
    students = await repository.roster(session, row.id)
    (base,) = await class_outs(session, [row], with_code=True)
    return ClassDetailOut(
        **base.model_dump(),
        students=[StudentOut(id=s.id, display_name=s.display_name) for s in students],
    )


@router.post(
    "/api/v1/classes/{class_id}/join-code",
    responses=error_responses(NotFound),
    summary="Replace the class's join code (the old one stops working)",
)
async def new_code(scope: TeacherOfClass, session: SessionDep) -> ClassOut:
    row = await relationships.rotate_join_code(session, scope.class_id)
    (out,) = await class_outs(session, [row], with_code=True)
    return out


@router.delete(
    "/api/v1/classes/{class_id}/students/{student_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotFound),
    summary="Remove a student from the class",
)
async def remove_student(
    student_id: str, scope: TeacherOfClass, session: SessionDep, ctx: ContextDep
) -> None:
    await relationships.remove_student(
        session, ctx, scope.principal.user_id, scope.class_id, student_id
    )


@router.delete(
    "/api/v1/classes/{class_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(NotFound),
    summary="Archive the class (its students leave it)",
)
async def archive(scope: TeacherOfClass, session: SessionDep, ctx: ContextDep) -> None:
    await relationships.archive_class(session, ctx, scope.principal.user_id, scope.class_id)
