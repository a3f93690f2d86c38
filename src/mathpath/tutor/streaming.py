"""Taking a turn as a stream of events (the use case behind the messages route's SSE mode).

The turn runs in its own task, outside the request's transaction: the graph streams the
reply's events (`meta`, `delta`, `replace`, written by the guarded speak node) into a queue
the response reads; when the graph is done the turn is stored in one short transaction and
only then is `done` sent, so `done` means durable. A client that goes away mid-stream stops
reading, not the turn: it is still answered and stored, and a retry with the same
Idempotency-Key replays it. Turns of one session run one at a time (the engine's lock).

The stored reply is exactly the text the events leave on screen: if the graph's own events
do not add up to it (the graph failed after releasing text), a last `replace` puts it right.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import structlog

from mathpath.kit.errors import TYPE_BASE, Problem, ServiceUnavailable
from mathpath.kit.service import ServiceContext
from mathpath.tutor import repository
from mathpath.tutor.models import TutorTurn
from mathpath.tutor.schemas import ReplyOut, StreamDoneOut
from mathpath.tutor.service import (
    SessionNotFound,
    answer_turn,
    engine_of,
    reply_out,
    store_turn,
)
from mathpath.tutor.voice.guarded import chunks

log = structlog.get_logger("mathpath.tutor")
TASKS_KEY = "tutor.stream_tasks"


class TurnNotRecorded(ServiceUnavailable):
    type_slug = "tutor-turn-not-recorded"
    title = "The reply could not be recorded"


@dataclass(frozen=True)
class TurnEvent:
    name: str  # meta | delta | replace | done | error
    data: dict[str, Any]


@dataclass
class _Relay:
    """Forwards events to the response's queue, keeping track of what the screen shows."""

    queue: asyncio.Queue[TurnEvent | None]
    shown: str = ""
    meta_sent: bool = False
    replaced: bool = False
    sent: list[str] = field(default_factory=list)

    def put(self, name: str, data: dict[str, Any]) -> None:
        if name == "meta":
            if self.meta_sent:
                return
            self.meta_sent = True
        elif name == "delta":
            self.shown += str(data["text"])
        elif name == "replace":
            self.shown, self.replaced = str(data["text"]), True
        self.sent.append(name)
        self.queue.put_nowait(TurnEvent(name, data))

    def graph_event(self, event: dict[str, Any]) -> None:
        data = {k: v for k, v in event.items() if k != "event"}
        self.put(str(event.get("event", "")), data)

    def settle(self, reply: ReplyOut) -> None:
        """Make the screen show `reply.text` whatever the graph managed to send."""
        if not self.meta_sent:
            self.put("meta", _meta(reply))
        if self.shown == reply.text:
            return
        if not self.shown:
            for piece in chunks(reply.text):
                self.put("delta", {"text": piece})
            return
        self.put("replace", {"text": reply.text, "reason": "failure", "voice": reply.voice})


def _meta(reply: ReplyOut) -> dict[str, Any]:
    keys = ("turn", "kind", "intent", "rung", "rung_name", "verdict", "misconception")
    return {k: v for k, v in reply.model_dump(mode="json").items() if k in keys}


def replay(turn: TutorTurn, solved: bool) -> list[TurnEvent]:
    """The events of a turn already answered (a retried message)."""
    queue: asyncio.Queue[TurnEvent | None] = asyncio.Queue()
    relay = _Relay(queue)
    reply = reply_out(turn, solved)
    relay.settle(reply)
    relay.put("done", _done(reply, relay, {}))
    return [e for e in (queue.get_nowait() for _ in range(queue.qsize())) if e is not None]


def stream_turn(
    ctx: ServiceContext, session_id: str, text: str, idempotency_key: str | None
) -> AsyncIterator[TurnEvent]:
    """Start the turn now and return its events. Admission (plan limit, replay of a retried
    message) is the caller's, before the stream starts, so it can still answer a problem."""
    queue: asyncio.Queue[TurnEvent | None] = asyncio.Queue()
    task = asyncio.create_task(_run(ctx, session_id, text, idempotency_key, _Relay(queue)))
    running: set[asyncio.Task[None]] = ctx.state.setdefault(TASKS_KEY, set())
    running.add(task)  # kept until done: the turn outlives a client that went away
    task.add_done_callback(running.discard)

    async def events() -> AsyncIterator[TurnEvent]:
        while (event := await queue.get()) is not None:
            yield event

    return events()


async def finish(ctx: ServiceContext, timeout_s: float = 10.0) -> int:
    """At shutdown: let running streamed turns store what their students saw (a turn holds
    the student's message), cancelling only those still running after `timeout_s`.
    Returns how many were cancelled."""
    running: set[asyncio.Task[None]] = set(ctx.state.get(TASKS_KEY, ()))
    if not running:
        return 0
    _, pending = await asyncio.wait(running, timeout=timeout_s)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if pending:
        log.warning("tutor.stream_cancelled_at_shutdown", count=len(pending))
    return len(pending)


async def _run(
    ctx: ServiceContext, session_id: str, text: str, key: str | None, relay: _Relay
) -> None:
    try:
        async with engine_of(ctx).lock(session_id):
            async with ctx.db.transaction() as db:
                row = await repository.get_session(db, session_id)
                if row is None:
                    raise SessionNotFound(f"No tutoring session {session_id!r}.")
                existing = await repository.turn_by_key(db, session_id, key) if key else None
            if existing is not None:  # the same message, sent twice at once
                for event in replay(existing, row.solved):
                    relay.put(event.name, event.data)
                return
            answer = await answer_turn(ctx, row, text, emit=relay.graph_event)
            async with ctx.db.transaction() as db:
                row = await repository.get_session(db, session_id)
                if row is None:
                    raise SessionNotFound(f"No tutoring session {session_id!r}.")
                turn = await store_turn(ctx, db, row, text, key, answer)
                reply = reply_out(turn, row.solved)
        relay.settle(reply)
        relay.put("done", _done(reply, relay, answer.state))
    except Exception as exc:
        log.warning("tutor_stream_failed", session_id=session_id, error_type=type(exc).__name__)
        error = exc if isinstance(exc, SessionNotFound) else TurnNotRecorded(
            "The reply was not recorded. Send the message again with the same Idempotency-Key."
        )  # fmt: skip
        problem = Problem(
            type=TYPE_BASE + error.type_slug, title=error.title, status=error.status,
            detail=error.detail,
        )  # fmt: skip
        relay.put("error", problem.model_dump(mode="json", exclude_none=True))
    finally:
        relay.queue.put_nowait(None)


def _done(reply: ReplyOut, relay: _Relay, state: dict[str, Any]) -> dict[str, Any]:
    done = StreamDoneOut(
        **reply.model_dump(),
        replaced=relay.replaced,
        first_token_ms=state.get("first_token_ms"),
        first_segment_ms=state.get("first_segment_ms"),
    )
    log.info(
        "tutor_turn_streamed", turn=reply.turn, voice=reply.voice, replaced=relay.replaced,
        first_token_ms=done.first_token_ms, first_segment_ms=done.first_segment_ms,
        output_tokens=reply.usage.output_tokens, usage_estimated=reply.usage.estimated,
    )  # fmt: skip
    return done.model_dump(mode="json")
