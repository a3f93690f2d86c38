"""Every query of the learning service's curriculum, attempts and mastery tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.learning.bkt import DEFAULT_PARAMS, Params
from mathpath.learning.content.schema import Module, Pack, Skill
from mathpath.learning.curriculum import Curriculum, PackSnapshot, dump_item, item_from_data
from mathpath.learning.models import (
    Ability,
    Attempt,
    Base,
    BktParams,
    ContentVersion,
    Enrolment,
    FeedbackNote,
    ItemRow,
    LessonRow,
    Mastery,
    ModuleRow,
    ReviewCard,
    SkillRow,
)

_M = TypeVar("_M", bound=Base)

# --- curriculum -------------------------------------------------------------------------


async def version_by_checksum(session: AsyncSession, checksum: str) -> ContentVersion | None:
    return await session.scalar(select(ContentVersion).where(ContentVersion.checksum == checksum))


async def latest_version(session: AsyncSession) -> ContentVersion | None:
    return await session.scalar(
        select(ContentVersion).order_by(ContentVersion.published_at.desc()).limit(1)
    )


async def insert_version(session: AsyncSession, snap: PackSnapshot, published_at: datetime) -> None:
    """Insert a new version's rows; versions are never updated once written."""
    vid = snap.version_id
    session.add(
        ContentVersion(
            id=vid,
            pack_id=snap.pack.id,
            pack_version=snap.pack.version,
            title=snap.pack.title,
            checksum=snap.checksum,
            published_at=published_at,
        )
    )
    await session.flush()
    session.add_all(
        SkillRow(version_id=vid, id=s.id, position=n, data=s.model_dump(mode="json"))
        for n, s in enumerate(snap.skills)
    )
    session.add_all(
        ModuleRow(version_id=vid, id=m.id, position=n, data=m.model_dump(mode="json"))
        for n, m in enumerate(snap.modules)
    )
    session.add_all(
        LessonRow(version_id=vid, module_id=mid, id=lid, body=body)
        for (mid, lid), body in snap.lessons.items()
    )
    session.add_all(
        ItemRow(version_id=vid, id=item.id, module_id=mid, position=n, data=dump_item(item))
        for n, (mid, item) in enumerate(snap.items)
    )
    await session.flush()


async def load_curriculum(session: AsyncSession, version: ContentVersion) -> Curriculum:
    vid = version.id
    skills = await session.scalars(
        select(SkillRow).where(SkillRow.version_id == vid).order_by(SkillRow.position)
    )
    modules = await session.scalars(
        select(ModuleRow).where(ModuleRow.version_id == vid).order_by(ModuleRow.position)
    )
    lessons = await session.scalars(select(LessonRow).where(LessonRow.version_id == vid))
    items = await session.scalars(
        select(ItemRow).where(ItemRow.version_id == vid).order_by(ItemRow.position)
    )
    pack = Pack(
        id=version.pack_id,
        version=version.pack_version,
        title=version.title,
        licence="",
    )
    return Curriculum.build(
        vid,
        pack,
        [Skill.model_validate(r.data) for r in skills],
        [Module.model_validate(r.data) for r in modules],
        {(r.module_id, r.id): r.body for r in lessons},
        [(r.module_id, item_from_data(r.data)) for r in items],
    )


# --- attempts ---------------------------------------------------------------------------


async def attempt_by_key(session: AsyncSession, student_id: str, key: str) -> Attempt | None:
    return await session.scalar(
        select(Attempt).where(Attempt.student_id == student_id, Attempt.idempotency_key == key)
    )


async def attempts_by_keys(
    session: AsyncSession, student_id: str, keys: Sequence[str]
) -> dict[str, Attempt]:
    if not keys:
        return {}
    rows = await session.scalars(
        select(Attempt).where(Attempt.student_id == student_id, Attempt.idempotency_key.in_(keys))
    )
    return {a.idempotency_key: a for a in rows}


async def student_attempts(
    session: AsyncSession, student_id: str, *, since: datetime | None = None
) -> list[Attempt]:
    query = select(Attempt).where(Attempt.student_id == student_id)
    if since is not None:
        query = query.where(Attempt.answered_at >= since)
    rows = await session.scalars(query.order_by(Attempt.answered_at, Attempt.id))
    return list(rows)


async def recent_attempts(session: AsyncSession, student_id: str, limit: int) -> list[Attempt]:
    rows = await session.scalars(
        select(Attempt)
        .where(Attempt.student_id == student_id)
        .order_by(Attempt.answered_at.desc(), Attempt.id.desc())
        .limit(limit)
    )
    return list(rows)


async def misconception_counts(
    session: AsyncSession, student_ids: Iterable[str], skill_ids: Iterable[str] | None = None
) -> list[tuple[str, str, int]]:
    """(student_id, misconception, count) for wrong answers a misconception explains."""
    query = (
        select(Attempt.student_id, Attempt.misconception, func.count())
        .where(Attempt.student_id.in_(list(student_ids)), Attempt.misconception.is_not(None))
        .group_by(Attempt.student_id, Attempt.misconception)
    )
    rows = (await session.execute(query)).all()
    del skill_ids  # attempts store skills as JSON; filtering is done by the caller
    return [(r[0], str(r[1]), int(r[2])) for r in rows]


async def delete_student(session: AsyncSession, student_id: str) -> None:
    for model in (Attempt, Mastery, ReviewCard, Enrolment, FeedbackNote, Ability):
        await session.execute(delete(model).where(model.student_id == student_id))


# --- mastery and parameters -------------------------------------------------------------


async def mastery_rows(
    session: AsyncSession,
    student_id: str,
    skill_ids: Iterable[str] | None = None,
    *,
    for_update: bool = False,
) -> dict[str, Mastery]:
    query = select(Mastery).where(Mastery.student_id == student_id)
    if skill_ids is not None:
        query = query.where(Mastery.skill_id.in_(list(skill_ids)))
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    return {m.skill_id: m for m in await session.scalars(query)}


async def mastery_for_students(session: AsyncSession, student_ids: Iterable[str]) -> list[Mastery]:
    rows = await session.scalars(select(Mastery).where(Mastery.student_id.in_(list(student_ids))))
    return list(rows)


async def params_for(session: AsyncSession, skill_ids: Iterable[str]) -> dict[str, Params]:
    ids = list(skill_ids)
    rows = await session.scalars(select(BktParams).where(BktParams.skill_id.in_(ids)))
    found = {r.skill_id: Params(r.p_init, r.p_learn, r.p_guess, r.p_slip, r.p_forget) for r in rows}
    return {s: found.get(s, DEFAULT_PARAMS) for s in ids}


async def save_params(
    session: AsyncSession, fitted: dict[str, tuple[Params, int]], fitted_at: datetime
) -> None:
    for skill_id, (p, n) in fitted.items():
        await session.merge(
            BktParams(
                skill_id=skill_id,
                p_init=p.p_init,
                p_learn=p.p_learn,
                p_guess=p.p_guess,
                p_slip=p.p_slip,
                p_forget=p.p_forget,
                n_attempts=n,
                fitted_at=fitted_at,
            )
        )
    await session.flush()


# --- a user's data (export) -------------------------------------------------------------


async def user_rows(session: AsyncSession, model: type[_M], column: str, user_id: str) -> list[_M]:
    """Every row of ``model`` whose ``column`` names ``user_id`` (a data export's query)."""
    rows = await session.scalars(select(model).where(getattr(model, column) == user_id))
    return list(rows)
