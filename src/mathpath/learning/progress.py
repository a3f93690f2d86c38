"""Reads of a student's progress: mastery, misconceptions seen, feedback, the tutor's view."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.learning_client import (
    FeedbackNoteOut,
    MisconceptionSeen,
    SkillState,
    StudentContext,
    TutorAnswer,
    TutorItem,
    TutorPart,
    TutorStep,
)
from mathpath.learning import practice
from mathpath.learning import repository as repo
from mathpath.learning.bkt import DEFAULT_PARAMS
from mathpath.learning.content.schema import Answer, AnyItem, Step
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.documents.ports import FeedbackNoteStore
from mathpath.learning.models import Attempt, Enrolment, Mastery
from mathpath.learning.pathways import PATHWAYS
from mathpath.learning.schemas import PathwayProgressOut, StudentProgressOut


def skill_states(
    curriculum: Curriculum, rows: dict[str, Mastery], skill_ids: list[str]
) -> list[SkillState]:
    out = []
    for skill_id in skill_ids:
        row = rows.get(skill_id)
        skill = curriculum.skills.get(skill_id)
        out.append(
            SkillState(
                skill_id=skill_id,
                name=skill.name if skill else skill_id,
                p_known=round(row.p_known, 4) if row else DEFAULT_PARAMS.p_init,
                mastered=bool(row and row.mastered_at is not None),
                attempts=row.attempts if row else 0,
                correct=row.correct if row else 0,
                last_attempt_at=row.last_attempt_at if row else None,
            )
        )
    return out


async def mastery(
    session: AsyncSession, curriculum: Curriculum, student_id: str, skills: list[str] | None
) -> list[SkillState]:
    rows = await repo.mastery_rows(session, student_id, skills)
    wanted = skills if skills is not None else sorted(rows)
    return skill_states(curriculum, rows, wanted)


async def progress_many(
    session: AsyncSession, curriculum: Curriculum, student_ids: Sequence[str]
) -> list[StudentProgressOut]:
    """Mastery per skill and per pathway for many students, in two queries."""
    rows: dict[str, dict[str, Mastery]] = {s: {} for s in student_ids}
    for m in await repo.mastery_for_students(session, student_ids):
        rows[m.student_id][m.skill_id] = m
    enrolled: dict[str, set[str]] = {s: set() for s in student_ids}
    for student_id, pathway_id in await session.execute(
        select(Enrolment.student_id, Enrolment.pathway_id).where(
            Enrolment.student_id.in_(list(student_ids))
        )
    ):
        enrolled[student_id].add(pathway_id)
    pathway_skills = {p.id: p.skills(curriculum) for p in PATHWAYS.values()}
    out = []
    for student_id in student_ids:
        mine = rows[student_id]
        pathways = []
        for pathway in PATHWAYS.values():
            skills = pathway_skills[pathway.id]
            pathways.append(
                PathwayProgressOut(
                    pathway_id=pathway.id,
                    title=pathway.title,
                    enrolled=pathway.id in enrolled[student_id],
                    skills=len(skills),
                    mastered=sum(1 for s in skills if s in mine and mine[s].mastered_at),
                    mean_p_known=round(
                        sum(mine[s].p_known for s in skills if s in mine) / len(skills), 4
                    )
                    if skills
                    else 0.0,
                    started=any(s in mine for s in skills),
                )
            )
        out.append(
            StudentProgressOut(
                student_id=student_id,
                skills=skill_states(curriculum, mine, sorted(mine)),
                pathways=pathways,
            )
        )
    return out


async def misconceptions_seen(
    session: AsyncSession, student_id: str, skills: list[str] | None
) -> list[MisconceptionSeen]:
    query = select(Attempt.misconception, Attempt.skills, Attempt.answered_at).where(
        Attempt.student_id == student_id, Attempt.misconception.is_not(None)
    )
    counts: dict[str, MisconceptionSeen] = {}
    for name, attempt_skills, at in (await session.execute(query)).all():
        if name is None:
            continue
        if skills is not None and set(skills).isdisjoint(attempt_skills):
            continue
        seen = counts.get(name)
        if seen is None:
            counts[name] = MisconceptionSeen(misconception=name, count=1, last_seen=at)
        else:
            seen.count += 1
            seen.last_seen = max(seen.last_seen, at)
    return sorted(counts.values(), key=lambda m: (-m.count, m.misconception))


async def feedback_notes(
    notes: FeedbackNoteStore, student_id: str, limit: int
) -> list[FeedbackNoteOut]:
    rows = await notes.for_student(student_id, limit)
    return [
        FeedbackNoteOut(
            id=n.id,
            student_id=n.student_id,
            author_id=n.author_id,
            author_role=n.author_role,
            body=n.body,
            skill_id=n.skill_id,
            created_at=n.created_at,
        )
        for n in rows
    ]


async def hint_use(session: AsyncSession, student_id: str, last: int = 50) -> float:
    """Share of the student's recent attempts that used hints, tutor help or the solution."""
    recent = (
        select(Attempt.hints_used, Attempt.saw_solution, Attempt.tutor_help)
        .where(Attempt.student_id == student_id)
        .order_by(Attempt.answered_at.desc())
        .limit(last)
        .subquery()
    )
    helped = (recent.c.hints_used > 0) | recent.c.saw_solution | recent.c.tutor_help
    total, with_help = (
        await session.execute(select(func.count(), func.count().filter(helped)).select_from(recent))
    ).one()
    return round(with_help / total, 3) if total else 0.0


async def student_context(
    session: AsyncSession,
    curriculum: Curriculum,
    student_id: str,
    skills: list[str] | None,
    notes: FeedbackNoteStore,
) -> StudentContext:
    return StudentContext(
        student_id=student_id,
        skills=await mastery(session, curriculum, student_id, skills),
        misconceptions=await misconceptions_seen(session, student_id, skills),
        feedback=await feedback_notes(notes, student_id, 10),
        recent_hint_use=await hint_use(session, student_id),
    )


def _answer(answer: Answer) -> TutorAnswer:
    return TutorAnswer.model_validate(answer.model_dump())


def _steps(steps: list[Step]) -> list[TutorStep]:
    return [TutorStep(text=s.text, math=s.math) for s in steps]


def tutor_item(curriculum: Curriculum, item: AnyItem, seed: int | None) -> TutorItem:
    parametric = practice.is_parametric(item)
    static = practice.concrete(item, seed)
    module_id = curriculum.item_module[item.id]
    module = curriculum.modules[module_id]
    lessons = [
        lesson.id for lesson in module.lessons if not set(lesson.skills).isdisjoint(item.skills)
    ]
    return TutorItem(
        id=item.id,
        content_version=curriculum.version_id,
        seed=seed if parametric else None,
        module_id=module_id,
        skills=list(item.skills),
        difficulty=item.difficulty,
        stem=static.stem,
        answer=_answer(static.answer) if static.answer is not None else None,
        problem=static.problem,
        solution=_steps(static.solution),
        hints=list(static.hints),
        misconceptions=list(static.misconceptions),
        parts=None
        if static.parts is None
        else [
            TutorPart(
                label=p.label,
                prompt=p.prompt,
                marks=p.marks,
                answer=_answer(p.answer),
                problem=p.problem,
                solution=_steps(p.solution),
                hints=list(p.hints),
                misconceptions=list(p.misconceptions),
            )
            for p in static.parts
        ],
        lesson_ids=lessons,
    )
