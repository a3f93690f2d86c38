"""Mastery per student per skill: the online BKT update, and a replay for out-of-order input.

Online attempts arrive in order and update the stored estimate in place. Offline batches may
arrive late, after newer attempts: for the skills they touch, mastery is recomputed by
replaying the student's attempts on each skill in answer-time order, so the result does not
depend on the order in which attempts reached the server.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.learning import repository as repo
from mathpath.learning.bkt import (
    ABILITY_RATE,
    Evidence,
    Params,
    ability_after,
    is_mastered,
    predict,
    update,
)
from mathpath.learning.models import Ability, Attempt, Mastery
from mathpath.learning.schemas import SkillMasteryOut
from mathpath.learning.timeutil import aware
from mathpath.learning.upsert import insert_ignore

# Statuses that say something about the student (an unparseable answer says nothing).
EVIDENCE_STATUSES = frozenset({"correct", "incorrect"})


def evidence_of(attempt: Attempt, hints_available: int = 3) -> Evidence:
    return Evidence(
        correct=attempt.correct,
        hints_used=attempt.hints_used,
        hints_available=hints_available,
        saw_solution=attempt.saw_solution,
        tutor_help=attempt.tutor_help,
    )


def _apply(row: Mastery, evidence: Evidence, params: Params, at: datetime) -> None:
    row.p_known = update(row.p_known, evidence, params)
    row.attempts += 1
    row.correct += int(evidence.correct)
    if row.last_attempt_at is None or aware(at) >= aware(row.last_attempt_at):
        row.last_attempt_at = at
    if is_mastered(row.p_known):
        if row.mastered_at is None:
            row.mastered_at = at
    else:
        row.mastered_at = None


async def apply_attempt(
    session: AsyncSession, attempt: Attempt, hints_available: int
) -> list[SkillMasteryOut]:
    """Update mastery of each of the attempt's skills with this one answer."""
    if attempt.status not in EVIDENCE_STATUSES:
        return []
    params = await repo.params_for(session, attempt.skills)
    # Create missing rows race-free, then lock them (PostgreSQL; SQLite already holds the
    # write lock taken by the attempt's insert), so concurrent answers cannot lose updates.
    fresh = [
        {
            "student_id": attempt.student_id,
            "skill_id": s,
            "p_known": params[s].p_init,
            "attempts": 0,
            "correct": 0,
        }
        for s in attempt.skills
    ]
    await insert_ignore(session, Mastery, ["student_id", "skill_id"], fresh)
    rows = await repo.mastery_rows(session, attempt.student_id, attempt.skills, for_update=True)
    evidence = evidence_of(attempt, hints_available)
    out: list[SkillMasteryOut] = []
    for skill_id in attempt.skills:
        p = params[skill_id]
        row = rows[skill_id]
        previous = row.p_known
        _apply(row, evidence, p, attempt.answered_at)
        out.append(
            SkillMasteryOut(
                skill_id=skill_id,
                p_known=round(row.p_known, 4),
                previous=round(previous, 4),
                mastered=row.mastered_at is not None,
            )
        )
    await _update_ability(session, attempt.student_id, evidence, params, out)
    await session.flush()
    return out


async def _update_ability(
    session: AsyncSession,
    student_id: str,
    evidence: Evidence,
    params: dict[str, Params],
    changes: list[SkillMasteryOut],
) -> None:
    await insert_ignore(
        session, Ability, ["student_id"], [{"student_id": student_id, "ability": 0.0, "answers": 0}]
    )
    row = await session.get(Ability, student_id, with_for_update=True, populate_existing=True)
    assert row is not None
    predicted = sum(predict(c.previous, params[c.skill_id], row.ability) for c in changes)
    predicted /= max(len(changes), 1)
    rate = ABILITY_RATE * evidence.weight
    row.ability = ability_after(row.ability, predicted, evidence.correct, rate)
    row.answers += 1


async def ability_of(session: AsyncSession, student_id: str) -> float:
    row = await session.get(Ability, student_id)
    return row.ability if row is not None else 0.0


async def replay(
    session: AsyncSession, student_id: str, skill_ids: Iterable[str]
) -> list[SkillMasteryOut]:
    """Recompute mastery of these skills from every attempt, in answer-time order."""
    skills = sorted(set(skill_ids))
    attempts = [
        a
        for a in await repo.student_attempts(session, student_id)
        if a.status in EVIDENCE_STATUSES and not set(a.skills).isdisjoint(skills)
    ]
    attempts.sort(key=lambda a: (aware(a.answered_at), a.idempotency_key))
    rows = await repo.mastery_rows(session, student_id, skills)
    params = await repo.params_for(session, skills)
    before = {s: rows[s].p_known if s in rows else params[s].p_init for s in skills}
    for skill_id in skills:
        row = rows.get(skill_id)
        if row is None:
            row = Mastery(student_id=student_id, skill_id=skill_id)
            session.add(row)
            rows[skill_id] = row
        row.p_known = params[skill_id].p_init
        row.attempts = 0
        row.correct = 0
        row.mastered_at = None
        row.last_attempt_at = None
    for attempt in attempts:
        evidence = evidence_of(attempt, attempt.hints_available)
        for skill_id in attempt.skills:
            if skill_id in rows:
                _apply(rows[skill_id], evidence, params[skill_id], attempt.answered_at)
    await session.flush()
    return [
        SkillMasteryOut(
            skill_id=s,
            p_known=round(rows[s].p_known, 4),
            previous=round(before[s], 4),
            mastered=rows[s].mastered_at is not None,
        )
        for s in skills
    ]
