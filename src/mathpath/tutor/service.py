"""The tutor's use cases: start a session, take a turn, read a transcript, erase a student."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.access import Principal
from mathpath.contracts.billing_client import require_within
from mathpath.contracts.tutor_events import TUTOR_TURN_COMPLETED, TutorTurnCompleted
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import (
    BusinessRuleViolation,
    NotFound,
    ServiceUnavailable,
)
from mathpath.kit.ids import new_id
from mathpath.kit.service import ServiceContext
from mathpath.tutor import clients, repository
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.ladder import ReplyKind, Rung
from mathpath.tutor.core.typed_problem import UnclassifiedProblem, item_from_text
from mathpath.tutor.engine import TutorEngine
from mathpath.tutor.experiments import ExperimentOut, assign, outcomes
from mathpath.tutor.graph.builder import thread_config
from mathpath.tutor.graph.state import RESET
from mathpath.tutor.models import TutorSession, TutorTurn
from mathpath.tutor.schemas import ReplyOut, SessionOut, SourceOut, StartSession, UsageOut

Emit = Callable[[dict[str, Any]], None]

TRANSIENT_FAILURE_REPLY = (
    "Sorry, I couldn't work that out just now. Your message is saved: try again, or ask for a hint."
)


class SessionNotFound(NotFound):
    type_slug = "tutor-session-not-found"
    title = "Tutoring session not found"


class ItemNotFound(NotFound):
    type_slug = "tutor-item-not-found"
    title = "Item not found"


class ProblemNotRecognised(BusinessRuleViolation):
    type_slug = "tutor-problem-not-recognised"
    title = "The maths engine cannot classify this problem"


class MultiPartItem(BusinessRuleViolation):
    type_slug = "tutor-multi-part-item"
    title = "Start a tutoring session on one part of this item"


def engine_of(ctx: ServiceContext) -> TutorEngine:
    engine = ctx.state["engine"]
    assert isinstance(engine, TutorEngine)
    return engine


async def resolve_item(ctx: ServiceContext, body: StartSession) -> TutorItem:
    if body.problem is not None:
        try:
            return item_from_text(body.problem)
        except UnclassifiedProblem as exc:
            raise ProblemNotRecognised(str(exc)) from exc
    assert body.item_id is not None
    engine = engine_of(ctx)
    try:
        item = await clients.fetch_item(ctx, body.item_id, body.seed, body.content_version)
    except (ServiceUnavailable, NotFound):
        # Learning unreachable or not serving the item: the shipped content pack holds the
        # same static items, so the tutor still works from it. Learning's refusals (a
        # template item without its seed) reach the student as they are.
        item = engine.pack_items.get(body.item_id)
        if item is None:
            raise ItemNotFound(f"No item {body.item_id!r}.") from None
        return item
    if item is None:
        raise MultiPartItem("This item has several parts; start a session for one part.")
    return item


async def start_session(
    ctx: ServiceContext, db: AsyncSession, principal: Principal, body: StartSession,
    idempotency_key: str | None,
) -> TutorSession:  # fmt: skip
    if idempotency_key:
        existing = await repository.session_by_key(db, principal.user_id, idempotency_key)
        if existing is not None:
            return existing
    item = await resolve_item(ctx, body)
    now = utcnow()
    settings = engine_of(ctx).settings
    experiment = settings.experiment if settings.experiment_arms else ""
    row = TutorSession(
        id=new_id(), student_id=principal.user_id, item_id=item.id, item=item.to_dict(),
        mode=body.mode, status="open", turns=0, rung=0, solved=False,
        idempotency_key=idempotency_key, created_at=now, updated_at=now,
        experiment=experiment or None,
        arm=assign(experiment, settings.experiment_arms, principal.user_id) if experiment else None,
    )  # fmt: skip
    db.add(row)
    await db.flush()
    return row


async def load_owned_session(
    db: AsyncSession, principal: Principal, session_id: str
) -> TutorSession:
    row = await repository.get_session(db, session_id)
    # Someone else's session answers 404, not 403: its existence is not revealed.
    if row is None or (row.student_id != principal.user_id and not principal.is_admin):
        raise SessionNotFound(f"No tutoring session {session_id!r}.")
    return row


async def admit_turn(
    ctx: ServiceContext, db: AsyncSession, principal: Principal, row: TutorSession,
    idempotency_key: str | None,
) -> TutorTurn | None:  # fmt: skip
    """The turn already answered for a retried message, or None when a new turn may be
    taken (raises `PlanLimitReached` when the plan's daily turns are used up)."""
    if idempotency_key:
        existing = await repository.turn_by_key(db, row.id, idempotency_key)
        if existing is not None:
            return existing
    day = utcnow().date().isoformat()
    ent = await clients.entitlements(ctx, principal)
    require_within(
        ent, "tutor_turns_per_day", await repository.turns_on_day(db, row.student_id, day)
    )
    return None


@dataclass
class Answer:
    """A turn answered by the graph, not yet stored."""

    state: dict[str, Any]
    memory_notes: list[str]
    failure: str | None
    latency_ms: float
    at: datetime


async def take_turn(
    ctx: ServiceContext, db: AsyncSession, principal: Principal, row: TutorSession, text: str,
    idempotency_key: str | None,
) -> TutorTurn:  # fmt: skip
    existing = await admit_turn(ctx, db, principal, row, idempotency_key)
    if existing is not None:
        return existing
    async with engine_of(ctx).lock(row.id):
        answer = await answer_turn(ctx, row, text)
    return await store_turn(ctx, db, row, text, idempotency_key, answer)


async def answer_turn(
    ctx: ServiceContext, row: TutorSession, text: str, emit: Emit | None = None
) -> Answer:
    """Run the session's graph on `text`; with `emit`, the reply's events are forwarded as
    the graph releases them. Never raises: a failed graph is a recorded, degraded turn."""
    engine = engine_of(ctx)
    now = utcnow()
    item = TutorItem.from_dict(row.item)
    started = time.perf_counter()
    memory = await clients.student_memory(ctx, row.student_id, item)
    first = _first_state(row) if row.turns == 0 else None
    update = {
        "session_id": row.id, "message": text, "turn": row.turns, "mastery": memory.mastery,
        "misconceptions_seen": memory.misconceptions, "feedback_notes": memory.feedback,
        # A subgraph's own reset of the notes does not reach the parent's state: without
        # this, one turn's notes would be recorded again on every later turn.
        "degraded": [RESET],
    }  # fmt: skip
    try:
        if emit is None:
            state: dict[str, Any] = await engine.run_turn(first, update, row.arm)
        else:
            state = await _stream_graph(engine, {**(first or {}), **update}, emit, row.arm)
        failure = None
    except Exception as exc:  # the student's message is recorded whatever happens
        state, failure = {}, f"graph_failed:{type(exc).__name__}"
    latency = (time.perf_counter() - started) * 1000
    return Answer(state, list(memory.degraded), failure, latency, now)


async def _stream_graph(
    engine: TutorEngine, payload: dict[str, Any], emit: Emit, arm: str | None = None
) -> dict[str, Any]:
    """`engine.run_turn`, streamed: the speak node's events (written with the graph's stream
    writer, inside the guidance subgraph) go to `emit` as they happen."""
    try:
        await engine.retriever()
    except Exception:  # the graph answers from the item alone without an index
        engine.deps.retriever = None
    final: dict[str, Any] = {}
    async for namespace, mode, chunk in engine.graph.astream(
        payload, thread_config(payload["session_id"]), context=engine.deps_for(arm),
        durability="exit", stream_mode=["custom", "values"], subgraphs=True,
    ):  # fmt: skip
        if mode == "custom":
            emit(chunk)
        elif not namespace:
            final = chunk
    return final


async def store_turn(
    ctx: ServiceContext, db: AsyncSession, row: TutorSession, text: str, key: str | None,
    answer: Answer,
) -> TutorTurn:  # fmt: skip
    state, now = answer.state, answer.at
    turn = _turn_row(row, state, text, now.date().isoformat(), key, answer.latency_ms, now)
    turn.notes = [*answer.memory_notes, *turn.notes, *([answer.failure] if answer.failure else [])]
    db.add(turn)
    row.turns += 1
    row.rung = turn.rung
    row.solved = bool(state.get("solved", row.solved))
    row.updated_at = now
    await db.flush()
    event = TutorTurnCompleted(
        session_id=row.id, student_id=row.student_id, item_id=row.item_id, turn=turn.number,
        kind=turn.kind, rung=turn.rung, verdict=turn.verdict, misconception=turn.misconception,
        solved=row.solved, voice=turn.voice, latency_ms=round(answer.latency_ms, 2),
        input_tokens=turn.input_tokens, output_tokens=turn.output_tokens, cost_usd=turn.cost_usd,
        at=now,
    )  # fmt: skip
    await ctx.emit(db, TUTOR_TURN_COMPLETED, event.model_dump(mode="json"))
    return turn


def _first_state(row: TutorSession) -> dict[str, Any]:
    return {
        "student_id": row.student_id, "item": row.item, "mode": row.mode, "rung": 0,
        "attempts": 0, "solved": False, "hint_rungs": [], "last_line": None, "lines": [],
        "position": -1, "hints_given": [],
    }  # fmt: skip


def _turn_row(
    row: TutorSession, state: dict[str, Any], text: str, day: str, key: str | None,
    latency: float, now: Any,
) -> TutorTurn:  # fmt: skip
    judgement = state.get("judgement") or {}
    return TutorTurn(
        id=new_id(), session_id=row.id, student_id=row.student_id, number=row.turns, day=day,
        idempotency_key=key, message=text,
        reply=state.get("reply", TRANSIENT_FAILURE_REPLY),
        kind=state.get("kind", ReplyKind.CLARIFY.value), intent=state.get("intent", "unclear"),
        rung=int(state.get("rung", row.rung)), verdict=judgement.get("status"),
        misconception=judgement.get("misconception"),
        sources=[c["source"] for c in state.get("context", [])],
        voice=state.get("voice", "none"), model=state.get("model"),
        input_tokens=int(state.get("input_tokens", 0)),
        output_tokens=int(state.get("output_tokens", 0)),
        cost_usd=float(state.get("cost_usd", 0.0)), latency_ms=latency,
        notes=list(state.get("degraded", [])), created_at=now,
    )  # fmt: skip


def session_out(row: TutorSession) -> SessionOut:
    return SessionOut(
        id=row.id, student_id=row.student_id, item_id=row.item_id, stem=row.item["stem"],
        mode=row.mode, status=row.status, turns=row.turns, rung=row.rung, solved=row.solved,
        created_at=row.created_at,
    )  # fmt: skip


def _source(source: str) -> SourceOut:
    kind = source.split(":", 1)[0]
    return SourceOut(id=source, kind=kind, title=source.split(":", 1)[-1])


def reply_out(turn: TutorTurn, solved: bool) -> ReplyOut:
    return ReplyOut(
        turn=turn.number, kind=turn.kind,
        text=turn.reply, intent=turn.intent, rung=turn.rung,
        rung_name=Rung(turn.rung).name.lower(), verdict=turn.verdict,
        misconception=turn.misconception, sources=[_source(s) for s in turn.sources],
        voice=turn.voice, latency_ms=round(turn.latency_ms, 2), solved=solved,
        usage=UsageOut(
            input_tokens=turn.input_tokens, output_tokens=turn.output_tokens,
            cost_usd=turn.cost_usd, estimated="usage_estimated" in (turn.notes or []),
        ),
    )  # fmt: skip


async def erase_student(ctx: ServiceContext, db: AsyncSession, student_id: str) -> None:
    """Remove every trace of a student: sessions, turns, checkpoints, memory, notes."""
    session_ids = await repository.delete_student(db, student_id)
    await engine_of(ctx).erase_student(student_id, session_ids)


async def experiment_outcomes(ctx: ServiceContext, db: AsyncSession, name: str) -> ExperimentOut:
    """The outcomes of an A/B experiment by arm, from its sessions and their turns."""
    sessions = await repository.sessions_in_experiment(db, name)
    turns = await repository.turn_kinds(db, [s.id for s in sessions])
    rows = [{"id": s.id, "arm": s.arm, "student_id": s.student_id, "solved": s.solved}
            for s in sessions]  # fmt: skip
    active = engine_of(ctx).settings.experiment == name
    return ExperimentOut(experiment=name, active=active, arms=outcomes(rows, turns))
