"""Teachers: assignments to a class, and the class's mastery, stuck students, misconceptions.

Class rosters are a local projection of identity's ``class.membership_changed`` events (see
`events.py`), so a class overview is one local query, not a call per student.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.kit.clock import utcnow
from mathpath.kit.errors import BusinessRuleViolation, NotFound
from mathpath.kit.ids import new_id
from mathpath.learning import repository as repo
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.models import Assignment, Attempt, ClassMember, Mastery
from mathpath.learning.recommend import Assigned
from mathpath.learning.schemas import (
    AssignmentClassProgress,
    AssignmentIn,
    AssignmentOut,
    AssignmentProgress,
    ClassOverviewOut,
    MisconceptionCount,
    SkillSummary,
    StuckStudent,
    StudentAssignmentProgress,
    StudentRow,
)
from mathpath.learning.timeutil import aware

STUCK_WRONG_IN_A_ROW = 3
STUCK_MIN_ATTEMPTS = 5
STUCK_P_KNOWN = 0.4


class UnknownTarget(BusinessRuleViolation):
    type_slug = "unknown-assignment-target"
    title = "The assignment names content that does not exist"


def assignment_skills(curriculum: Curriculum, kind: str, ids: list[str]) -> list[str]:
    if kind == "module":
        return [s for m in ids for s in curriculum.modules[m].skills]
    if kind == "skills":
        return list(ids)
    return sorted({s for i in ids for s in curriculum.items[i].skills})


def _check_targets(curriculum: Curriculum, body: AssignmentIn) -> None:
    if body.target_kind == "module":
        known = set(curriculum.modules)
    elif body.target_kind == "skills":
        known = set(curriculum.skills)
    else:
        known = set(curriculum.items)
    missing = [t for t in body.target_ids if t not in known]
    if missing:
        raise UnknownTarget(f"Unknown {body.target_kind}: {', '.join(missing[:10])}.")


def assignment_out(curriculum: Curriculum, a: Assignment) -> AssignmentOut:
    return AssignmentOut(
        id=a.id,
        class_id=a.class_id,
        teacher_id=a.teacher_id,
        title=a.title,
        target_kind=a.target_kind,
        target_ids=a.target_ids,
        skills=assignment_skills(curriculum, a.target_kind, a.target_ids),
        due_at=a.due_at,
        created_at=a.created_at,
    )


async def create_assignment(
    session: AsyncSession,
    curriculum: Curriculum,
    class_id: str,
    teacher_id: str,
    key: str,
    body: AssignmentIn,
) -> tuple[AssignmentOut, bool]:
    existing = await session.scalar(
        select(Assignment).where(
            Assignment.teacher_id == teacher_id, Assignment.idempotency_key == key
        )
    )
    if existing is not None:
        return assignment_out(curriculum, existing), False
    _check_targets(curriculum, body)
    row = Assignment(
        id=new_id(),
        idempotency_key=key,
        class_id=class_id,
        teacher_id=teacher_id,
        title=body.title,
        target_kind=body.target_kind,
        target_ids=list(body.target_ids),
        due_at=body.due_at,
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return assignment_out(curriculum, row), True


async def class_assignments(
    session: AsyncSession, curriculum: Curriculum, class_id: str
) -> list[AssignmentOut]:
    rows = await session.scalars(
        select(Assignment).where(Assignment.class_id == class_id).order_by(Assignment.due_at)
    )
    return [assignment_out(curriculum, a) for a in rows]


async def roster(session: AsyncSession, class_id: str) -> list[str]:
    rows = await session.scalars(
        select(ClassMember.student_id)
        .where(ClassMember.class_id == class_id)
        .order_by(ClassMember.student_id)
    )
    return list(rows)


def assignment_items(curriculum: Curriculum, kind: str, ids: list[str]) -> list[str]:
    """The items whose attempts count towards an assignment, in curriculum order.

    A module: every item of the module. Skills: every item practising one of them, wherever
    it sits. Items: the targets themselves.
    """
    if kind == "items":
        return [i for i in ids if i in curriculum.items]
    if kind == "module":
        modules = set(ids)
        return [i for i, m in curriculum.item_module.items() if m in modules]
    skills = set(ids)
    return [i for i, item in curriculum.items.items() if not skills.isdisjoint(item.skills)]


@dataclass(frozen=True)
class Tally:
    attempts: int
    correct: int


async def item_tallies(
    session: AsyncSession, student_ids: list[str]
) -> dict[str, dict[str, Tally]]:
    """Attempts and correct answers per student and item (every attempt, whenever made)."""
    if not student_ids:
        return {}
    rows = await session.execute(
        select(
            Attempt.student_id,
            Attempt.item_id,
            func.count(),
            func.count().filter(Attempt.correct.is_(True)),
        )
        .where(Attempt.student_id.in_(student_ids))
        .group_by(Attempt.student_id, Attempt.item_id)
    )
    out: dict[str, dict[str, Tally]] = defaultdict(dict)
    for student_id, item_id, attempts, correct in rows.all():
        out[student_id][item_id] = Tally(int(attempts), int(correct))
    return out


def progress_of(
    curriculum: Curriculum,
    a: Assignment,
    mastery: dict[str, Mastery],
    tallies: dict[str, Tally],
    now: datetime,
) -> AssignmentProgress:
    view = assignment_out(curriculum, a)
    mastered = sum(1 for s in view.skills if s in mastery and mastery[s].mastered_at)
    items = assignment_items(curriculum, a.target_kind, a.target_ids)
    counted = [tallies[i] for i in items if i in tallies]
    if a.target_kind == "items":
        complete = len(counted) == len(items)
    else:
        complete = mastered == len(view.skills)
    return AssignmentProgress(
        assignment=view,
        skills_mastered=mastered,
        skills_total=len(view.skills),
        items_attempted=len(counted),
        items_total=len(items),
        attempts=sum(t.attempts for t in counted),
        correct=sum(t.correct for t in counted),
        complete=complete,
        overdue=not complete and aware(a.due_at) < now,
    )


async def _assignments_of(session: AsyncSession, student_id: str) -> list[Assignment]:
    classes = await session.scalars(
        select(ClassMember.class_id).where(ClassMember.student_id == student_id)
    )
    class_ids = list(classes)
    if not class_ids:
        return []
    rows = await session.scalars(
        select(Assignment)
        .where(Assignment.class_id.in_(class_ids))
        .order_by(Assignment.due_at, Assignment.id)
    )
    return list(rows)


async def student_assignments(
    session: AsyncSession, curriculum: Curriculum, student_id: str
) -> list[AssignmentProgress]:
    rows = await _assignments_of(session, student_id)
    if not rows:
        return []
    mastery = await repo.mastery_rows(session, student_id)
    tallies = (await item_tallies(session, [student_id])).get(student_id, {})
    now = utcnow()
    return [progress_of(curriculum, a, mastery, tallies, now) for a in rows]


async def open_work(
    session: AsyncSession, curriculum: Curriculum, student_id: str, mastery: dict[str, Mastery]
) -> tuple[Assigned, ...]:
    """The student's assignments not complete yet, for the recommender."""
    rows = await _assignments_of(session, student_id)
    if not rows:
        return ()
    tallies = (await item_tallies(session, [student_id])).get(student_id, {})
    now = utcnow()
    out = []
    for a in rows:
        progress = progress_of(curriculum, a, mastery, tallies, now)
        if progress.complete:
            continue
        items = assignment_items(curriculum, a.target_kind, a.target_ids)
        targets = a.target_kind == "items"
        out.append(
            Assigned(
                id=a.id,
                title=a.title,
                teacher_id=a.teacher_id,
                due_at=aware(a.due_at),
                skills=tuple(progress.assignment.skills),
                remaining_items=tuple(i for i in items if i not in tallies) if targets else (),
                items_total=len(items) if targets else 0,
                items=frozenset(items),
            )
        )
    return tuple(out)


async def class_assignment_progress(
    session: AsyncSession, curriculum: Curriculum, class_id: str, assignment_id: str
) -> AssignmentClassProgress:
    a = await session.get(Assignment, assignment_id)
    if a is None or a.class_id != class_id:
        raise NotFound(f"No assignment {assignment_id!r} in this class.")
    students = await roster(session, class_id)
    rows = await repo.mastery_for_students(session, students)
    by_student: dict[str, dict[str, Mastery]] = defaultdict(dict)
    for row in rows:
        by_student[row.student_id][row.skill_id] = row
    tallies = await item_tallies(session, students)
    now = utcnow()
    progress = [
        (s, progress_of(curriculum, a, by_student[s], tallies.get(s, {}), now)) for s in students
    ]
    return AssignmentClassProgress(
        assignment=assignment_out(curriculum, a),
        students=[
            StudentAssignmentProgress(student_id=s, **p.model_dump(exclude={"assignment"}))
            for s, p in progress
        ],
    )


def _wrong_in_a_row(results: list[bool]) -> int:
    count = 0
    for correct in reversed(results):
        if correct:
            break
        count += 1
    return count


async def overview(
    session: AsyncSession, curriculum: Curriculum, class_id: str
) -> ClassOverviewOut:
    students = await roster(session, class_id)
    rows: list[Mastery] = await repo.mastery_for_students(session, students)
    by_student: dict[str, dict[str, Mastery]] = defaultdict(dict)
    for row in rows:
        by_student[row.student_id][row.skill_id] = row
    attempts = await session.execute(
        select(Attempt.student_id, Attempt.skills, Attempt.correct, Attempt.misconception)
        .where(Attempt.student_id.in_(students), Attempt.status.in_(("correct", "incorrect")))
        .order_by(Attempt.answered_at, Attempt.id)
    )
    history: dict[tuple[str, str], list[bool]] = defaultdict(list)
    misconceptions: Counter[str] = Counter()
    misconception_skills: dict[str, set[str]] = defaultdict(set)
    counts: Counter[str] = Counter()
    for student_id, skills, correct, misconception in attempts.all():
        counts[student_id] += 1
        for s in skills:
            history[(student_id, s)].append(bool(correct))
        if misconception:
            misconceptions[misconception] += 1
            misconception_skills[misconception].update(skills)
    stuck: list[StuckStudent] = []
    for (student_id, skill_id), results in history.items():
        m = by_student[student_id].get(skill_id)
        p = m.p_known if m else 0.0
        streak = _wrong_in_a_row(results)
        low = len(results) >= STUCK_MIN_ATTEMPTS and p < STUCK_P_KNOWN
        if (streak >= STUCK_WRONG_IN_A_ROW or low) and not (m and m.mastered_at):
            name = curriculum.skills[skill_id].name if skill_id in curriculum.skills else skill_id
            stuck.append(
                StuckStudent(
                    student_id=student_id,
                    skill_id=skill_id,
                    skill_name=name,
                    wrong_in_a_row=streak,
                    attempts=len(results),
                    p_known=round(p, 4),
                )
            )
    stuck.sort(key=lambda s: (-s.wrong_in_a_row, s.p_known))
    skill_ids = sorted({m.skill_id for m in rows})
    summaries = []
    for skill_id in skill_ids:
        practised = [by_student[s][skill_id] for s in students if skill_id in by_student[s]]
        summaries.append(
            SkillSummary(
                skill_id=skill_id,
                name=curriculum.skills[skill_id].name if skill_id in curriculum.skills else "",
                mean_p_known=round(sum(m.p_known for m in practised) / len(practised), 4),
                mastered=sum(1 for m in practised if m.mastered_at),
                students_practised=len(practised),
            )
        )
    return ClassOverviewOut(
        class_id=class_id,
        students=[
            StudentRow(
                student_id=s,
                mastery={k: round(v.p_known, 4) for k, v in by_student[s].items()},
                mastered=sum(1 for v in by_student[s].values() if v.mastered_at),
                attempts=counts[s],
                stuck_on=[x.skill_id for x in stuck if x.student_id == s],
            )
            for s in students
        ],
        skills=summaries,
        stuck=stuck,
        misconceptions=[
            MisconceptionCount(
                misconception=name, count=n, skills=sorted(misconception_skills[name])
            )
            for name, n in misconceptions.most_common(10)
        ],
    )
