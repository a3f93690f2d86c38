"""Teachers: assignments to a class and the class's progress."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mathpath.access import TeacherOfClass
from mathpath.kit.errors import BusinessRuleViolation, NotFound, error_responses
from mathpath.kit.service import SessionDep
from mathpath.learning import teaching
from mathpath.learning.dependencies import CurriculumDep, IdempotencyKey
from mathpath.learning.schemas import (
    AssignmentClassProgress,
    AssignmentIn,
    AssignmentOut,
    ClassOverviewOut,
)

router = APIRouter(tags=["teaching"])


@router.post(
    "/api/v1/teaching/classes/{class_id}/assignments",
    status_code=201,
    summary="Assign a module, skills or items to a class with a due date",
    responses=error_responses(BusinessRuleViolation),
)
async def create_assignment(
    scope: TeacherOfClass,
    session: SessionDep,
    curriculum: CurriculumDep,
    key: IdempotencyKey,
    body: AssignmentIn,
    response: Response,
) -> AssignmentOut:
    out, created = await teaching.create_assignment(
        session, curriculum, scope.class_id, scope.principal.user_id, key, body
    )
    if not created:
        response.status_code = 200
    return out


@router.get("/api/v1/teaching/classes/{class_id}/assignments", summary="A class's assignments")
async def list_assignments(
    scope: TeacherOfClass, session: SessionDep, curriculum: CurriculumDep
) -> list[AssignmentOut]:
    return await teaching.class_assignments(session, curriculum, scope.class_id)


@router.get(
    "/api/v1/teaching/classes/{class_id}/assignments/{assignment_id}/progress",
    summary="Each student's progress on one assignment (attempts on any of its items count)",
    responses=error_responses(NotFound),
)
async def assignment_progress(
    scope: TeacherOfClass, session: SessionDep, curriculum: CurriculumDep, assignment_id: str
) -> AssignmentClassProgress:
    return await teaching.class_assignment_progress(
        session, curriculum, scope.class_id, assignment_id
    )


@router.get(
    "/api/v1/teaching/classes/{class_id}/overview",
    summary="Mastery per student and skill, who is stuck, the commonest misconceptions",
)
async def class_overview(
    scope: TeacherOfClass, session: SessionDep, curriculum: CurriculumDep
) -> ClassOverviewOut:
    return await teaching.overview(session, curriculum, scope.class_id)
