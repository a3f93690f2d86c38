"""Use cases of practice: record one attempt (online) or a batch recorded offline.

Every attempt carries an idempotency key, unique per student. A retried key returns the
stored result without checking or counting again; the same key with a different body is a
conflict. Offline attempts use their client id as the key.

An online attempt is folded onto the student's stored model (mastery, ability, review cards);
a sync that records anything new rebuilds the model from the student's whole history in
answer-time order (`mastery.rebuild`), so late, shuffled or split uploads end in the state the
same answers would have produced online in that order.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.learning_events import (
    ATTEMPT_RECORDED,
    MASTERY_UPDATED,
    AttemptRecorded,
    MasteryUpdated,
    SkillMastery,
)
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import Conflict, MathpathError
from mathpath.kit.ids import new_id
from mathpath.kit.service import ServiceContext
from mathpath.learning import catalog, mastery, practice
from mathpath.learning import repository as repo
from mathpath.learning.models import Attempt
from mathpath.learning.schemas import (
    AttemptIn,
    AttemptOut,
    SkillMasteryOut,
    SyncAttemptIn,
    SyncIn,
    SyncOut,
    SyncResult,
)
from mathpath.learning.upsert import insert_ignore


class IdempotencyKeyReused(Conflict):
    type_slug = "idempotency-key-reused"
    title = "This idempotency key was used for a different request"


class AnswerTooDeep(MathpathError):
    """The answer nests brackets, fractions, roots or powers deeper than the checker reads.

    Refused rather than recorded as "cannot check": no answer to a school item needs it, and
    storing it would count an attempt the student never really made.
    """

    status = 422
    type_slug = "answer-too-deep"
    title = "The answer is nested too deeply to check"


def _hash(body: AttemptIn) -> str:
    fields = body.model_dump(mode="json", exclude={"client_id", "answered_at"})
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


def _limit(ctx: ServiceContext) -> asyncio.Semaphore:
    sem = ctx.state.get("checks.semaphore")
    if not isinstance(sem, asyncio.Semaphore):
        sem = asyncio.Semaphore(practice.CONCURRENT_CHECKS)
        ctx.state["checks.semaphore"] = sem
    return sem


def _replay(existing: Attempt, body: AttemptIn) -> AttemptOut:
    if existing.request_hash != _hash(body):
        raise IdempotencyKeyReused(
            "This idempotency key was already used for another answer; use a new key."
        )
    return AttemptOut.model_validate(existing.result)


async def _check(
    ctx: ServiceContext, session: AsyncSession, body: AttemptIn
) -> tuple[Attempt, AttemptOut]:
    """Check the answer and build the attempt row (not yet stored) and its result."""
    version_id = body.content_version or catalog.current(ctx).version_id
    curriculum = await catalog.version(ctx, session, version_id)
    item = practice.require(curriculum.items.get(body.item_id), body.item_id)
    target = await practice.target_async(item, body.seed, body.part)
    verdict = await practice.check_answer(
        target.answer, body.answer, _limit(ctx), target.generated, target.problem, target.solution
    )
    if verdict.reason == "too_deep":
        raise AnswerTooDeep(verdict.feedback)
    misconception = verdict.misconception
    now = utcnow()
    attempt = Attempt(
        id=new_id(),
        content_version_id=curriculum.version_id,
        item_id=item.id,
        seed=body.seed if target.item.id != item.id else None,
        part=body.part,
        skills=list(item.skills),
        answer=body.answer,
        status=verdict.status,
        correct=verdict.correct,
        misconception=misconception,
        hints_used=body.hints_used,
        hints_available=max(len(target.hints), 1),
        saw_solution=body.saw_solution,
        tutor_help=body.tutor_help,
        duration_ms=body.duration_ms,
        recorded_at=now,
        request_hash=_hash(body),
    )
    result = AttemptOut(
        attempt_id=attempt.id,
        item_id=item.id,
        part=body.part,
        seed=attempt.seed,
        content_version=curriculum.version_id,
        status=verdict.status,
        correct=verdict.correct,
        reason=verdict.reason,
        feedback=verdict.feedback,
        misconception=misconception,
        mastery=[],
        answered_at=now,
        recorded_at=now,
    )
    return attempt, result


async def _emit(
    ctx: ServiceContext, session: AsyncSession, attempt: Attempt, changes: list[SkillMasteryOut]
) -> None:
    recorded = AttemptRecorded(
        attempt_id=attempt.id,
        student_id=attempt.student_id,
        item_id=attempt.item_id,
        part=attempt.part,
        seed=attempt.seed,
        content_version=attempt.content_version_id,
        skills=attempt.skills,
        status=attempt.status,
        correct=attempt.correct,
        misconception=attempt.misconception,
        hints_used=attempt.hints_used,
        saw_solution=attempt.saw_solution,
        tutor_help=attempt.tutor_help,
        answered_at=attempt.answered_at,
        offline=attempt.offline,
    )
    await ctx.emit(session, ATTEMPT_RECORDED, recorded.model_dump(mode="json"))
    if changes:
        await _emit_mastery(ctx, session, attempt.student_id, attempt.id, changes)


async def _emit_mastery(
    ctx: ServiceContext,
    session: AsyncSession,
    student_id: str,
    attempt_id: str | None,
    changes: list[SkillMasteryOut],
) -> None:
    payload = MasteryUpdated(
        student_id=student_id,
        attempt_id=attempt_id,
        skills=[SkillMastery(**c.model_dump()) for c in changes],
    )
    await ctx.emit(session, MASTERY_UPDATED, payload.model_dump(mode="json"))


_COLUMNS = [c.key for c in Attempt.__table__.columns]


async def _store(session: AsyncSession, attempt: Attempt) -> bool:
    """Insert the attempt; False if a concurrent request with the same key got there first."""
    row = {name: getattr(attempt, name) for name in _COLUMNS}
    return await insert_ignore(session, Attempt, ["student_id", "idempotency_key"], [row]) == 1


async def _existing(
    session: AsyncSession, student_id: str, key: str, body: AttemptIn
) -> AttemptOut | None:
    existing = await repo.attempt_by_key(session, student_id, key)
    return None if existing is None else _replay(existing, body)


async def record(
    ctx: ServiceContext, session: AsyncSession, student_id: str, key: str, body: AttemptIn
) -> tuple[AttemptOut, bool]:
    """Check and record one online attempt; returns the result and whether it is new.

    The common case (a new key) is optimistic: check, fold the answer onto the model, then
    insert the attempt with its result in one statement. Only when that insert finds the key
    taken (a retry) is the work dropped and the stored result replayed.
    """
    try:
        attempt, result = await _check(ctx, session, body)
    except MathpathError:
        replayed = await _existing(session, student_id, key, body)
        if replayed is None:
            raise
        return replayed, False  # a retry of an answer recorded under an older content version
    attempt.student_id = student_id
    attempt.idempotency_key = key
    attempt.answered_at = result.answered_at
    attempt.offline = False
    await _end_read_snapshot(session)
    result.mastery = await mastery.apply_attempt(session, attempt)
    attempt.result = result.model_dump(mode="json")
    with session.no_autoflush:
        stored = await _store(session, attempt)
    if not stored:
        await session.rollback()  # drop the model changes made for this duplicate
        replayed = await _existing(session, student_id, key, body)
        assert replayed is not None
        return replayed, False
    await _emit(ctx, session, attempt, result.mastery)
    return result, True


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo is not None else value.replace(tzinfo=UTC)


async def _end_read_snapshot(session: AsyncSession) -> None:
    """End the read-only transaction before the first write.

    Checking an answer takes a while; on SQLite a transaction that began with reads and then
    writes after another writer committed is refused ("database is locked") instead of
    waiting. Nothing has been written yet, so ending it loses nothing; the write then starts
    a fresh transaction that waits its turn for the lock.
    """
    if session.in_transaction() and not session.new and not session.dirty:
        await session.rollback()


async def sync(
    ctx: ServiceContext, session: AsyncSession, student_id: str, body: SyncIn
) -> SyncOut:
    """Record a batch of offline attempts, each at most once, then replay affected mastery."""
    keys = [f"offline:{a.client_id}" for a in body.attempts]
    known = await repo.attempts_by_keys(session, student_id, keys)
    results: dict[str, SyncResult] = {}
    checked: list[tuple[str, SyncAttemptIn, Attempt, AttemptOut]] = []
    now = utcnow()
    for key, entry in zip(keys, body.attempts, strict=True):
        existing = known.get(key)
        if existing is not None:
            try:
                replayed = _replay(existing, entry)
                results[key] = SyncResult(
                    client_id=entry.client_id, outcome="duplicate", attempt=replayed
                )
            except IdempotencyKeyReused as exc:
                results[key] = SyncResult(
                    client_id=entry.client_id, outcome="rejected", error=exc.detail
                )
            continue
        try:
            attempt, result = await _check(ctx, session, entry)
        except MathpathError as exc:
            results[key] = SyncResult(
                client_id=entry.client_id, outcome="rejected", error=exc.detail
            )
            continue
        answered = min(_utc(entry.answered_at), now)  # a client clock ahead of ours is capped
        attempt.student_id = student_id
        attempt.idempotency_key = key
        attempt.answered_at = answered
        attempt.offline = True
        result.answered_at = answered
        attempt.result = result.model_dump(mode="json")
        checked.append((key, entry, attempt, result))
    await _end_read_snapshot(session)
    touched: set[str] = set()
    evidence = False
    for key, entry, attempt, result in checked:
        if key in results:
            continue  # the same client id twice in one batch
        if not await _store(session, attempt):
            results[key] = SyncResult(client_id=entry.client_id, outcome="duplicate")
            continue
        touched.update(attempt.skills)
        evidence = evidence or attempt.status in mastery.EVIDENCE_STATUSES
        await _emit(ctx, session, attempt, [])
        results[key] = SyncResult(client_id=entry.client_id, outcome="recorded", attempt=result)
    # Offline answers may be older than ones already applied: rebuild the student's model
    # from the ordered history (mastery, ability, review cards), as if answered online in
    # answer-time order. A batch of duplicates or unmarkable answers changes nothing.
    changes = await mastery.rebuild(session, student_id, touched) if evidence else []
    if changes:
        await _emit_mastery(ctx, session, student_id, None, changes)
    return SyncOut(results=[results[k] for k in keys], mastery=changes)
