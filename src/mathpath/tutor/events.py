"""Event handlers of the tutor service (each idempotent: safe to apply twice)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.identity_events import USER_ERASURE_CONFIRMED, UserErasureConfirmed
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext
from mathpath.tutor import memory_extraction
from mathpath.tutor.export import subscribe_export
from mathpath.tutor.memory import record_difficulty
from mathpath.tutor.retrieval.passages import Passage
from mathpath.tutor.service import engine_of, erase_student


def subscribe(ctx: ServiceContext) -> None:
    async def on_user_erased(db: AsyncSession, event: Event) -> None:
        user_id = str(event.payload["user_id"])
        await memory_extraction.forget(ctx, user_id)  # nothing of theirs written afterwards
        await erase_student(ctx, db, user_id)
        confirmed = UserErasureConfirmed(
            request_id=str(event.payload["request_id"]), user_id=user_id, service="tutor"
        )
        await ctx.emit(db, USER_ERASURE_CONFIRMED, confirmed.model_dump(mode="json"))

    async def on_feedback(event: Event) -> None:
        p = event.payload
        retriever = await engine_of(ctx).retriever()
        note = Passage(
            id=f"feedback:{p['note_id']}", text=str(p["body"]),
            title=f"Note from {p.get('author_role', 'teacher')}",
            skills=(str(p["skill_id"]),) if p.get("skill_id") else (), kind="feedback",
            audience="student", source="feedback", meta={"student_id": str(p["student_id"])},
        )  # fmt: skip
        await retriever.add([note])

    async def on_content_published(event: Event) -> None:
        await engine_of(ctx).reload_content()

    async def on_attempt(db: AsyncSession, event: Event) -> None:
        p = event.payload
        if p.get("misconception"):
            await record_difficulty(
                engine_of(ctx).store, str(p["student_id"]), str(p["misconception"]),
                item_id=str(p["item_id"]), key=f"attempt:{p['attempt_id']}",
            )  # fmt: skip

    async def on_turn(db: AsyncSession, event: Event) -> None:
        if (extraction := memory_extraction.of(ctx)) is not None:
            p = event.payload
            extraction.debouncer.schedule(str(p["session_id"]), str(p["student_id"]))

    ctx.on(["user.erased"], "erase", on_user_erased)
    # Each process holds its own search index (in-process by default), so each applies
    # these; with the shared PostgreSQL index the second upsert of a passage is a no-op.
    ctx.on_each_process(["feedback.submitted"], "index-feedback", on_feedback)
    ctx.on_each_process(["content.published"], "reindex", on_content_published)
    ctx.on(["attempt.recorded"], "difficulties", on_attempt)
    engine = engine_of(ctx)
    if memory_extraction.start(ctx, engine.settings, engine.store) is not None:
        ctx.on(["tutor.turn_completed"], "memory", on_turn)
    subscribe_export(ctx)
