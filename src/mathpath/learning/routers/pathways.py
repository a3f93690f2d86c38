"""Learning pathways: list them, enrol, leave."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mathpath.access import AnyUser, StudentOnly
from mathpath.contracts.billing_client import PlanLimitReached, require_within
from mathpath.kit.errors import NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep
from mathpath.learning import students
from mathpath.learning.dependencies import CurriculumDep, billing
from mathpath.learning.pathways import PATHWAYS
from mathpath.learning.schemas import PathwayOut

router = APIRouter(tags=["pathways"])


@router.get("/api/v1/pathways", summary="Every learning pathway (and whether you are on it)")
async def list_pathways(
    user: AnyUser, session: SessionDep, curriculum: CurriculumDep
) -> list[PathwayOut]:
    mine = set(await students.enrolments(session, user.user_id))
    return [
        PathwayOut(
            id=p.id,
            title=p.title,
            description=p.description,
            levels=list(p.levels),
            skills=len(p.skills(curriculum)),
            modules=p.modules(curriculum),
            enrolled=p.id in mine,
        )
        for p in PATHWAYS.values()
    ]


@router.post(
    "/api/v1/pathways/{pathway_id}/enrolment",
    status_code=201,
    summary="Enrol on a pathway (idempotent: enrolling twice answers 200)",
    responses=error_responses(NotFound, PlanLimitReached),
)
async def enrol(
    student: StudentOnly,
    ctx: ContextDep,
    session: SessionDep,
    pathway_id: str,
    response: Response,
) -> list[str]:
    current = await students.enrolments(session, student.user_id)
    if pathway_id in current:
        response.status_code = 200
        return current
    if pathway_id not in PATHWAYS:
        raise NotFound(f"No pathway {pathway_id!r}.")
    ent = await billing(ctx).entitlements(
        student.user_id, headers={"Authorization": f"Bearer {student.token}"}
    )
    require_within(ent, "max_pathways", len(current))
    await students.enrol(session, student.user_id, pathway_id)
    return await students.enrolments(session, student.user_id)


@router.delete(
    "/api/v1/pathways/{pathway_id}/enrolment",
    status_code=204,
    summary="Leave a pathway (your progress is kept)",
)
async def leave(student: StudentOnly, session: SessionDep, pathway_id: str) -> None:
    await students.leave(session, student.user_id, pathway_id)
