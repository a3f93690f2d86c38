"""Service-to-service routes for the tutor: answers, solutions and hints live here only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mathpath.access import ServiceOnly
from mathpath.contracts.learning_client import (
    FEEDBACK_PATH,
    STUDENT_CONTEXT_PATH,
    TUTOR_ITEM_PATH,
    FeedbackNoteOut,
    StudentContext,
    TutorItem,
)
from mathpath.kit.errors import BusinessRuleViolation, NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep
from mathpath.learning import catalog, practice, progress
from mathpath.learning.dependencies import FeedbackNotesDep

router = APIRouter(tags=["internal"])


def _skill_list(skills: str | None) -> list[str] | None:
    if skills is None:
        return None
    return [s for s in (x.strip() for x in skills.split(",")) if s][:200]


@router.get(
    TUTOR_ITEM_PATH,
    summary="An item with its answer, worked solution and hints (services only)",
    responses=error_responses(NotFound, BusinessRuleViolation),
)
async def tutor_item(
    _service: ServiceOnly,
    ctx: ContextDep,
    session: SessionDep,
    item_id: str,
    seed: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
    version: Annotated[str | None, Query(max_length=120)] = None,
) -> TutorItem:
    curriculum = await catalog.version(ctx, session, version) if version else catalog.current(ctx)
    item = practice.require(curriculum.items.get(item_id), item_id)
    return progress.tutor_item(curriculum, item, seed)


@router.get(
    STUDENT_CONTEXT_PATH,
    summary="A student's mastery, misconceptions and feedback notes (services only)",
)
async def student_context(
    _service: ServiceOnly,
    ctx: ContextDep,
    session: SessionDep,
    notes: FeedbackNotesDep,
    student_id: str,
    skills: Annotated[str | None, Query(max_length=4000)] = None,
) -> StudentContext:
    curriculum = catalog.current(ctx)
    return await progress.student_context(
        session, curriculum, student_id, _skill_list(skills), notes
    )


@router.get(FEEDBACK_PATH, summary="A student's feedback notes, newest first (services only)")
async def feedback(
    _service: ServiceOnly,
    notes: FeedbackNotesDep,
    student_id: str,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[FeedbackNoteOut]:
    return await progress.feedback_notes(notes, student_id, limit)
