"""A student's progress, for the student, their teachers and parents, admins and services."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mathpath.access import CanViewStudent
from mathpath.contracts.learning_client import SkillState
from mathpath.kit.service import SessionDep
from mathpath.learning import progress
from mathpath.learning.dependencies import CurriculumDep

router = APIRouter(tags=["progress"])


@router.get(
    "/api/v1/students/{student_id}/mastery",
    summary="Mastery per skill (all practised skills, or the ones asked for)",
)
async def student_mastery(
    scope: CanViewStudent,
    session: SessionDep,
    curriculum: CurriculumDep,
    skills: Annotated[str | None, Query(max_length=4000)] = None,
) -> list[SkillState]:
    wanted = [s for s in skills.split(",") if s] if skills else None
    return await progress.mastery(session, curriculum, scope.student_id, wanted)
