"""A student's progress, for the student, their teachers and parents, admins and services."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from mathpath.access import CanViewStudent, CanViewStudents, ParentOnly, StudentSelf
from mathpath.contracts.billing_client import PlanLimitReached, require_feature
from mathpath.contracts.learning_client import FeedbackNoteOut, SkillState
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import Forbidden, error_responses
from mathpath.kit.service import ContextDep, SessionDep
from mathpath.learning import progress, reviews, students, teaching
from mathpath.learning.dependencies import (
    CurriculumDep,
    FeedbackNotesDep,
    IdempotencyKey,
    billing,
)
from mathpath.learning.models import ParentLink
from mathpath.learning.schemas import (
    AssignmentProgress,
    ChildSummary,
    DashboardOut,
    FeedbackIn,
    NextOut,
    ReviewOut,
    StudentsProgressOut,
    WeeklySummaryOut,
)
from mathpath.learning.timeutil import aware

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


@router.get(
    "/api/v1/students/progress",
    summary="Mastery per skill and per pathway for several students (`?student_id=` repeated)",
)
async def students_progress(
    scope: CanViewStudents, session: SessionDep, curriculum: CurriculumDep
) -> StudentsProgressOut:
    return StudentsProgressOut(
        students=await progress.progress_many(session, curriculum, scope.allowed),
        denied=list(scope.denied),
    )


@router.get(
    "/api/v1/students/{student_id}/next",
    summary="The recommended next activity, with the reason in words (`me` only)",
)
async def next_activity(
    scope: StudentSelf, session: SessionDep, curriculum: CurriculumDep
) -> NextOut:
    return await students.next_activity(session, curriculum, scope.student_id)


@router.get(
    "/api/v1/students/{student_id}/dashboard",
    summary="Mastery by skill and module, streak, time spent, recent activity",
)
async def dashboard(
    scope: CanViewStudent, session: SessionDep, curriculum: CurriculumDep
) -> DashboardOut:
    return await students.dashboard(session, curriculum, scope.student_id)


@router.get("/api/v1/students/{student_id}/reviews", summary="Spaced reviews, soonest first")
async def student_reviews(
    scope: CanViewStudent, session: SessionDep, curriculum: CurriculumDep
) -> list[ReviewOut]:
    now = utcnow()
    cards = sorted(await reviews.all_cards(session, scope.student_id), key=lambda c: aware(c.due))
    return [
        ReviewOut(
            skill_id=c.skill_id,
            skill_name=curriculum.skills[c.skill_id].name
            if c.skill_id in curriculum.skills
            else c.skill_id,
            due=aware(c.due),
            overdue=aware(c.due) <= now,
        )
        for c in cards
    ]


@router.get(
    "/api/v1/students/{student_id}/assignments",
    summary="Assignments set to the student's classes, with progress on each",
)
async def student_assignments(
    scope: CanViewStudent, session: SessionDep, curriculum: CurriculumDep
) -> list[AssignmentProgress]:
    return await teaching.student_assignments(session, curriculum, scope.student_id)


@router.get(
    "/api/v1/students/{student_id}/weekly-summary",
    summary="The last seven days in brief (parents need a plan with weekly reports)",
    responses=error_responses(PlanLimitReached),
)
async def weekly_summary(
    scope: CanViewStudent, ctx: ContextDep, session: SessionDep, curriculum: CurriculumDep
) -> WeeklySummaryOut:
    if scope.relation == "parent":
        ent = await billing(ctx).entitlements(
            scope.student_id, headers={"Authorization": f"Bearer {scope.principal.token}"}
        )
        require_feature(ent, "parent_weekly_reports")
    return await students.weekly_summary(session, curriculum, scope.student_id)


@router.post(
    "/api/v1/students/{student_id}/feedback",
    status_code=201,
    summary="Leave a feedback note on a student (teachers and parents); the tutor reads them",
    responses=error_responses(Forbidden),
)
async def add_feedback(
    scope: CanViewStudent,
    ctx: ContextDep,
    session: SessionDep,
    key: IdempotencyKey,
    body: FeedbackIn,
    response: Response,
) -> FeedbackNoteOut:
    note, created = await students.add_feedback(
        ctx, session, scope.student_id, scope.principal.user_id, scope.relation, key, body
    )
    if not created:
        response.status_code = 200
    return note


@router.get("/api/v1/students/{student_id}/feedback", summary="Feedback notes, newest first")
async def list_feedback(
    scope: CanViewStudent,
    notes: FeedbackNotesDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[FeedbackNoteOut]:
    return await progress.feedback_notes(notes, scope.student_id, limit)


@router.get(
    "/api/v1/learning/parents/me/children",
    summary="A parent's linked children: dashboard and (with the plan feature) weekly summary",
)
async def my_children(
    parent: ParentOnly, ctx: ContextDep, session: SessionDep, curriculum: CurriculumDep
) -> list[ChildSummary]:
    children = await session.scalars(
        select(ParentLink.child_id).where(ParentLink.parent_id == parent.user_id)
    )
    out = []
    for child in children:
        ent = await billing(ctx).entitlements(
            child, headers={"Authorization": f"Bearer {parent.token}"}
        )
        summary = (
            await students.weekly_summary(session, curriculum, child)
            if ent.parent_weekly_reports
            else None
        )
        out.append(
            ChildSummary(
                student_id=child,
                summary=summary,
                dashboard=await students.dashboard(session, curriculum, child),
            )
        )
    return out
