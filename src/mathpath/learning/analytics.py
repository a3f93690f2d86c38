"""Platform analytics for admins: activity, solve rates, hint use, time to mastery, broken items.

An item "looks broken" when enough students answered it and almost everyone fails (wrong
answer key, or a checker that rejects a valid form), almost everyone passes (too easy, or the
answer is in the stem), or the wrong answers cluster on one value the item's misconceptions do
not explain (often a key that is off by a sign or a rounding).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from statistics import median

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.kit.clock import utcnow
from mathpath.learning.models import Attempt, Mastery
from mathpath.learning.timeutil import aware

MIN_ANSWERS = 20
FAIL_RATE = 0.9
PASS_RATE = 0.98
CLUSTER_SHARE = 0.5


class DayActivity(BaseModel):
    day: date
    active_students: int
    attempts: int


class RateRow(BaseModel):
    id: str
    attempts: int
    solve_rate: float
    hint_rate: float


class BrokenItem(BaseModel):
    item_id: str
    attempts: int
    solve_rate: float
    why: str
    common_wrong_answer: str | None = None


class AnalyticsOut(BaseModel):
    since: date
    days: list[DayActivity]
    attempts: int
    active_students: int
    items: list[RateRow]
    skills: list[RateRow]
    median_attempts_to_mastery: float | None
    median_days_to_mastery: float | None
    broken_items: list[BrokenItem]


def _rate(n: int, d: int) -> float:
    return round(n / d, 4) if d else 0.0


async def analytics(session: AsyncSession, days: int) -> AnalyticsOut:
    since = utcnow() - timedelta(days=days)
    per_day = await session.execute(
        select(
            func.date(Attempt.answered_at),
            func.count(func.distinct(Attempt.student_id)),
            func.count(),
        )
        .where(Attempt.answered_at >= since)
        .group_by(func.date(Attempt.answered_at))
        .order_by(func.date(Attempt.answered_at))
    )
    day_rows = [
        DayActivity(
            day=d if isinstance(d, date) else date.fromisoformat(str(d)),
            active_students=int(s),
            attempts=int(n),
        )
        for d, s, n in per_day.all()
    ]
    rows = (
        await session.execute(
            select(
                Attempt.student_id,
                Attempt.item_id,
                Attempt.skills,
                Attempt.status,
                Attempt.correct,
                Attempt.hints_used,
                Attempt.saw_solution,
                Attempt.answer,
                Attempt.misconception,
            ).where(Attempt.answered_at >= since)
        )
    ).all()
    item_n: Counter[str] = Counter()
    item_ok: Counter[str] = Counter()
    item_hint: Counter[str] = Counter()
    skill_n: Counter[str] = Counter()
    skill_ok: Counter[str] = Counter()
    skill_hint: Counter[str] = Counter()
    wrong: dict[str, Counter[str]] = defaultdict(Counter)
    students: set[str] = set()
    for student, item, skills, status, correct, hints, solution, answer, misconception in rows:
        students.add(student)
        if status not in ("correct", "incorrect"):
            continue
        helped = bool(hints) or bool(solution)
        item_n[item] += 1
        item_ok[item] += int(correct)
        item_hint[item] += int(helped)
        for s in skills:
            skill_n[s] += 1
            skill_ok[s] += int(correct)
            skill_hint[s] += int(helped)
        if not correct and misconception is None:
            wrong[item][" ".join(str(answer).split()).lower()] += 1
    broken: list[BrokenItem] = []
    for item, n in item_n.items():
        if n < MIN_ANSWERS:
            continue
        rate = item_ok[item] / n
        if rate <= 1 - FAIL_RATE:
            broken.append(
                BrokenItem(
                    item_id=item,
                    attempts=n,
                    solve_rate=_rate(item_ok[item], n),
                    why="almost everyone fails",
                )
            )
        elif rate >= PASS_RATE:
            broken.append(
                BrokenItem(
                    item_id=item,
                    attempts=n,
                    solve_rate=_rate(item_ok[item], n),
                    why="almost everyone passes",
                )
            )
        elif wrong[item]:
            value, count = wrong[item].most_common(1)[0]
            if count >= CLUSTER_SHARE * (n - item_ok[item]) and count >= MIN_ANSWERS // 4:
                broken.append(
                    BrokenItem(
                        item_id=item,
                        attempts=n,
                        solve_rate=_rate(item_ok[item], n),
                        why="wrong answers cluster on one value no misconception explains",
                        common_wrong_answer=value,
                    )
                )
    mastered = (
        await session.execute(
            select(Mastery.student_id, Mastery.skill_id, Mastery.mastered_at).where(
                Mastery.mastered_at.is_not(None)
            )
        )
    ).all()
    to_mastery_attempts: list[int] = []
    to_mastery_days: list[float] = []
    if mastered:
        firsts = await session.execute(
            select(Attempt.student_id, Attempt.skills, Attempt.answered_at).order_by(
                Attempt.answered_at
            )
        )
        first_seen: dict[tuple[str, str], datetime] = {}
        count_before: Counter[tuple[str, str]] = Counter()
        mastered_at = {(s, k): aware(at) for s, k, at in mastered if at is not None}
        for student, skills, answered in firsts.all():
            at = aware(answered)
            for s in skills:
                key = (student, s)
                first_seen.setdefault(key, at)
                if key in mastered_at and at <= mastered_at[key]:
                    count_before[key] += 1
        for key, at in mastered_at.items():
            start = first_seen.get(key)
            if start is None:
                continue
            to_mastery_attempts.append(count_before[key])
            to_mastery_days.append((at - start).total_seconds() / 86400)
    return AnalyticsOut(
        since=since.date(),
        days=day_rows,
        attempts=len(rows),
        active_students=len(students),
        items=sorted(
            (
                RateRow(
                    id=i,
                    attempts=n,
                    solve_rate=_rate(item_ok[i], n),
                    hint_rate=_rate(item_hint[i], n),
                )
                for i, n in item_n.items()
            ),
            key=lambda r: r.solve_rate,
        ),
        skills=sorted(
            (
                RateRow(
                    id=s,
                    attempts=n,
                    solve_rate=_rate(skill_ok[s], n),
                    hint_rate=_rate(skill_hint[s], n),
                )
                for s, n in skill_n.items()
            ),
            key=lambda r: r.solve_rate,
        ),
        median_attempts_to_mastery=float(median(to_mastery_attempts))
        if to_mastery_attempts
        else None,
        median_days_to_mastery=round(median(to_mastery_days), 3) if to_mastery_days else None,
        broken_items=broken,
    )
