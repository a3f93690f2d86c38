"""Use cases about one student: pathways, the next activity, dashboard, weekly summary, notes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.learning_client import FeedbackNoteOut
from mathpath.contracts.learning_events import FEEDBACK_SUBMITTED, FeedbackSubmitted
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import Forbidden, NotFound
from mathpath.kit.ids import new_id
from mathpath.kit.service import ServiceContext
from mathpath.learning import mastery as mastery_service
from mathpath.learning import progress, reviews, teaching
from mathpath.learning import repository as repo
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.documents import documents
from mathpath.learning.documents.ports import Note
from mathpath.learning.models import Attempt, Enrolment, Mastery
from mathpath.learning.pathways import PATHWAYS
from mathpath.learning.recommend import StudentState, Suggestion, recommend
from mathpath.learning.schemas import (
    ActivityOut,
    DashboardOut,
    FeedbackIn,
    ModuleMasteryOut,
    NextOut,
    WeeklySummaryOut,
)
from mathpath.learning.timeutil import aware

RECENT_ITEMS = 20


async def enrolments(session: AsyncSession, student_id: str) -> list[str]:
    rows = await session.scalars(
        select(Enrolment.pathway_id)
        .where(Enrolment.student_id == student_id)
        .order_by(Enrolment.enrolled_at)
    )
    return list(rows)


async def enrol(session: AsyncSession, student_id: str, pathway_id: str) -> bool:
    """Enrol once; False when already enrolled."""
    if pathway_id not in PATHWAYS:
        raise NotFound(f"No pathway {pathway_id!r}.")
    if await session.get(Enrolment, (student_id, pathway_id)) is not None:
        return False
    session.add(Enrolment(student_id=student_id, pathway_id=pathway_id, enrolled_at=utcnow()))
    await session.flush()
    return True


async def leave(session: AsyncSession, student_id: str, pathway_id: str) -> None:
    row = await session.get(Enrolment, (student_id, pathway_id))
    if row is not None:
        await session.delete(row)
        await session.flush()


async def next_activity(session: AsyncSession, curriculum: Curriculum, student_id: str) -> NextOut:
    now = utcnow()
    rows = await repo.mastery_rows(session, student_id)
    recent = await session.scalars(
        select(Attempt.item_id)
        .where(Attempt.student_id == student_id)
        .order_by(Attempt.answered_at.desc())
        .limit(RECENT_ITEMS)
    )
    state = StudentState(
        mastery=rows,
        params=await repo.params_for(session, curriculum.skills),
        ability=await mastery_service.ability_of(session, student_id),
        due=await reviews.due_reviews(session, student_id, now),
        recent_items=set(recent),
        pathways=await enrolments(session, student_id),
        assignments=await teaching.open_work(session, curriculum, student_id, rows),
    )
    suggestion: Suggestion = recommend(curriculum, state, now)
    return NextOut(
        activity=suggestion.activity,
        reason=suggestion.reason,
        source=suggestion.source,
        skill_id=suggestion.skill_id,
        skill_name=curriculum.skills[suggestion.skill_id].name if suggestion.skill_id else None,
        item_id=suggestion.item_id,
        seed=suggestion.seed,
        module_id=suggestion.module_id,
        lesson_id=suggestion.lesson_id,
        p_known=suggestion.p_known,
        predicted_success=suggestion.predicted_success,
        pathway_id=suggestion.pathway_id,
        assignment_id=suggestion.assignment_id,
        assignment_title=suggestion.assignment_title,
        due_at=suggestion.due_at,
        teacher_id=suggestion.teacher_id,
        prerequisite_of=suggestion.prerequisite_of,
        reviews_due=len(state.due),
        content_version=curriculum.version_id,
    )


def streak(days: set[date], today: date) -> int:
    """Consecutive days with practice, ending today (or yesterday: today is not over)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


async def _days_practised(session: AsyncSession, student_id: str) -> set[date]:
    rows = await session.scalars(
        select(func.date(Attempt.answered_at)).where(Attempt.student_id == student_id).distinct()
    )
    out: set[date] = set()
    for value in rows:
        out.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
    return out


async def _time_spent_ms(session: AsyncSession, student_id: str, since: datetime | None) -> int:
    query = select(func.coalesce(func.sum(Attempt.duration_ms), 0)).where(
        Attempt.student_id == student_id
    )
    if since is not None:
        query = query.where(Attempt.answered_at >= since)
    return int(await session.scalar(query) or 0)


def _activity(curriculum: Curriculum, a: Attempt) -> ActivityOut:
    return ActivityOut(
        attempt_id=a.id,
        item_id=a.item_id,
        skills=a.skills,
        skill_names=[curriculum.skills[s].name for s in a.skills if s in curriculum.skills],
        status=a.status,
        correct=a.correct,
        misconception=a.misconception,
        answered_at=a.answered_at,
    )


def module_mastery(curriculum: Curriculum, rows: dict[str, Mastery]) -> list[ModuleMasteryOut]:
    out = []
    for module in curriculum.modules.values():
        ps = [rows[s].p_known if s in rows else 0.0 for s in module.skills]
        mastered = sum(1 for s in module.skills if s in rows and rows[s].mastered_at)
        out.append(
            ModuleMasteryOut(
                module_id=module.id,
                title=module.title,
                skills=len(module.skills),
                mastered=mastered,
                mean_p_known=round(sum(ps) / len(ps), 4) if ps else 0.0,
                started=any(s in rows for s in module.skills),
            )
        )
    return out


async def dashboard(session: AsyncSession, curriculum: Curriculum, student_id: str) -> DashboardOut:
    now = utcnow()
    rows = await repo.mastery_rows(session, student_id)
    days = await _days_practised(session, student_id)
    recent = await repo.recent_attempts(session, student_id, 10)
    total = await session.scalar(
        select(func.count()).select_from(Attempt).where(Attempt.student_id == student_id)
    )
    return DashboardOut(
        student_id=student_id,
        skills=progress.skill_states(curriculum, rows, sorted(rows)),
        modules=[m for m in module_mastery(curriculum, rows) if m.started],
        skills_mastered=sum(1 for r in rows.values() if r.mastered_at is not None),
        streak_days=streak(days, now.date()),
        days_practised=len(days),
        attempts=int(total or 0),
        time_spent_ms=await _time_spent_ms(session, student_id, None),
        time_spent_ms_7d=await _time_spent_ms(session, student_id, now - timedelta(days=7)),
        reviews_due=len(await reviews.due_reviews(session, student_id, now)),
        pathways=await enrolments(session, student_id),
        recent=[_activity(curriculum, a) for a in recent],
    )


async def weekly_summary(
    session: AsyncSession, curriculum: Curriculum, student_id: str
) -> WeeklySummaryOut:
    now = utcnow()
    since = now - timedelta(days=7)
    week = await repo.student_attempts(session, student_id, since=since)
    rows = await repo.mastery_rows(session, student_id)
    mastered = [
        s
        for s, r in rows.items()
        if r.mastered_at is not None and aware(r.mastered_at) >= since and s in curriculum.skills
    ]
    by_skill: dict[str, list[bool]] = defaultdict(list)
    for a in week:
        for s in a.skills:
            by_skill[s].append(a.correct)
    struggling = sorted(
        (
            s
            for s, results in by_skill.items()
            if len(results) >= 3 and sum(results) / len(results) < 0.5
        ),
        key=lambda s: sum(by_skill[s]) / len(by_skill[s]),
    )
    misconceptions = await progress.misconceptions_seen(session, student_id, None)
    days = {aware(a.answered_at).date() for a in week}
    return WeeklySummaryOut(
        student_id=student_id,
        week_start=since,
        week_end=now,
        attempts=len(week),
        correct=sum(1 for a in week if a.correct),
        days_active=len(days),
        time_spent_ms=sum(a.duration_ms or 0 for a in week),
        skills_practised=sorted(s for s in by_skill if s in curriculum.skills),
        skills_mastered=[curriculum.skills[s].name for s in sorted(mastered)],
        struggling_with=[curriculum.skills[s].name for s in struggling if s in curriculum.skills],
        misconceptions=[m.misconception for m in misconceptions if aware(m.last_seen) >= since],
        streak_days=streak(await _days_practised(session, student_id), now.date()),
    )


async def add_feedback(
    ctx: ServiceContext,
    session: AsyncSession,
    student_id: str,
    author_id: str,
    relation: str,
    key: str,
    body: FeedbackIn,
) -> tuple[FeedbackNoteOut, bool]:
    if relation not in ("teacher", "parent", "admin"):
        raise Forbidden("Feedback notes are written by the student's teachers and parents.")
    store = documents(ctx).feedback(session)
    note, created = await store.add(
        Note(
            id=new_id(),
            idempotency_key=key,
            student_id=student_id,
            author_id=author_id,
            author_role=relation,
            body=body.body,
            skill_id=body.skill_id,
            created_at=utcnow(),
        )
    )
    # A store apart from the outbox stages the event again on a retry: the first try's
    # event may not have been committed (the tutor indexes a note once, by its id).
    if created or not store.atomic_with_outbox:
        event = FeedbackSubmitted(
            note_id=note.id,
            student_id=student_id,
            author_id=author_id,
            author_role=note.author_role,
            body=note.body,
            skill_id=note.skill_id,
            created_at=note.created_at,
        )
        await ctx.emit(session, FEEDBACK_SUBMITTED, event.model_dump(mode="json"))
    return (
        FeedbackNoteOut(
            id=note.id,
            student_id=note.student_id,
            author_id=note.author_id,
            author_role=note.author_role,
            body=note.body,
            skill_id=note.skill_id,
            created_at=note.created_at,
        ),
        created,
    )
