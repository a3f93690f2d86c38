"""The read models in MongoDB and Firestore, fed from learning's own events: each attempt
into the attempt time series, each mastery change into the student's progress snapshot.
Subscribed only when the settings choose those stores (SQL reads the tables directly).

Each store applies an event once by itself (by attempt id, by event id), so these handlers
take no SQL transaction: a processed-event marker in the service's database would hold its
write lock (SQLite's only one) for as long as the call to MongoDB or Firestore takes."""

from __future__ import annotations

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

        async def on_attempt(event: Event) -> None:
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

        ctx.bus.subscribe(f"{ctx.name}.attempt-log", [ATTEMPT_RECORDED], on_attempt)
    if docs.firestore is not None:
        from mathpath.learning.documents.firestore import FirestoreProgressStore

        snapshots = FirestoreProgressStore(docs.firestore)

        async def on_mastery(event: Event) -> None:
            m = MasteryUpdated.model_validate(event.payload)
            skills = [SkillProgress(s.skill_id, s.p_known, s.mastered) for s in m.skills]
            await snapshots.apply(event.id, m.student_id, skills, event.occurred_at)

        ctx.bus.subscribe(f"{ctx.name}.progress-snapshots", [MASTERY_UPDATED], on_mastery)
