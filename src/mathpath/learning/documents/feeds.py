"""The read models in MongoDB and Firestore, fed from learning's own events: each attempt
into the attempt time series, each mastery change into the student's progress snapshot.
Subscribed only when the settings choose those stores (SQL reads the tables directly)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.learning_events import (
    ATTEMPT_RECORDED,
    MASTERY_UPDATED,
    AttemptRecorded,
    MasteryUpdated,
)
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext
from mathpath.learning.documents import documents
from mathpath.learning.documents.ports import AttemptEvent, SkillProgress


def subscribe_feeds(ctx: ServiceContext) -> None:
    docs = documents(ctx)
    if docs.mongo is not None:
        from mathpath.learning.documents.mongo import MongoAttemptEventLog

        log = MongoAttemptEventLog(docs.mongo)

        async def on_attempt(session: AsyncSession, event: Event) -> None:
            del session  # the log is in MongoDB; the session only records the event as seen
            a = AttemptRecorded.model_validate(event.payload)
            await log.append(
                AttemptEvent(
                    attempt_id=a.attempt_id,
                    student_id=a.student_id,
                    item_id=a.item_id,
                    skills=tuple(a.skills),
                    status=a.status,
                    correct=a.correct,
                    misconception=a.misconception,
                    hints_used=a.hints_used,
                    answered_at=a.answered_at,
                )
            )

        ctx.on([ATTEMPT_RECORDED], "attempt-log", on_attempt)
    if docs.firestore is not None:
        from mathpath.learning.documents.firestore import FirestoreProgressStore

        snapshots = FirestoreProgressStore(docs.firestore)

        async def on_mastery(session: AsyncSession, event: Event) -> None:
            del session
            m = MasteryUpdated.model_validate(event.payload)
            skills = [SkillProgress(s.skill_id, s.p_known, s.mastered) for s in m.skills]
            await snapshots.apply(event.id, m.student_id, skills, event.occurred_at)

        ctx.on([MASTERY_UPDATED], "progress-snapshots", on_mastery)
