"""The tutor's HTTP API (HTTP only: the use cases live in `service`)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from mathpath.access import AdminOnly, CanViewStudent, StudentOnly
from mathpath.contracts.billing_client import PlanLimitReached
from mathpath.kit.errors import error_responses
from mathpath.kit.service import ContextDep, SessionDep
from mathpath.tutor import repository, service, streaming
from mathpath.tutor.dependencies import IdempotencyKey, OwnedSession
from mathpath.tutor.experiments import ExperimentOut
from mathpath.tutor.schemas import (
    ReplyOut,
    SendMessage,
    SessionOut,
    StartSession,
    TranscriptOut,
    TurnOut,
)

router = APIRouter(tags=["tutor"])

STREAM_DESCRIPTION = """\
Send the student's message and get the tutor's reply: JSON by default, or server-sent events
with `Accept: text/event-stream`, released as the language model writes it. Every piece of
text is checked by the guard (with everything released before it) before it is sent.

Events, in order (each `data` is one JSON object):

- `meta` (once, first): `turn`, `kind`, `intent`, `rung`, `rung_name`, `verdict`,
  `misconception`.
- `delta` (any number): `{"text": ...}`, append to the reply shown.
- `replace` (at most once in practice): `{"text", "reason", "voice"}`; discard the reply
  shown and show `text` instead (`reason`: `guard`, the model's next words failed the
  guard; `provider`, the model failed mid-reply; `failure`, the turn itself failed).
  Later `delta`s append to it.
- `done` (last): the reply as stored (the JSON reply's fields, `text` included, with
  `usage`), plus `replaced`, `first_token_ms`, `first_segment_ms`. Only `done` means the
  turn is recorded; the transcript then holds exactly `text`.
- `error` (last, instead of `done`): a problem object; the turn was not recorded, so send
  the message again with the same `Idempotency-Key`.
"""


@router.post(
    "/api/v1/tutor/sessions",
    status_code=201,
    summary="Start a tutoring session on an item or a typed problem",
    responses=error_responses(
        service.ItemNotFound, service.ProblemNotRecognised, service.MultiPartItem
    ),
)
async def start_session(
    body: StartSession, principal: StudentOnly, ctx: ContextDep, db: SessionDep,
    idempotency_key: IdempotencyKey = None,
) -> SessionOut:  # fmt: skip
    row = await service.start_session(ctx, db, principal, body, idempotency_key)
    return service.session_out(row)


@router.post(
    "/api/v1/tutor/sessions/{session_id}/messages",
    summary="Send the student's message; the reply as JSON, or as server-sent events",
    description=STREAM_DESCRIPTION,
    responses={
        **error_responses(service.SessionNotFound, PlanLimitReached),
        200: {"content": {"text/event-stream": {}}},
    },
)
async def send_message(
    body: SendMessage, request: Request, session: OwnedSession, principal: StudentOnly,
    ctx: ContextDep, db: SessionDep, idempotency_key: IdempotencyKey = None,
) -> ReplyOut:  # fmt: skip
    if "text/event-stream" not in request.headers.get("accept", ""):
        turn = await service.take_turn(ctx, db, principal, session, body.text, idempotency_key)
        return service.reply_out(turn, session.solved)
    # Admission answers a problem (402, 404) before the stream starts; the turn itself runs
    # after this request's transaction and stores itself (see `streaming`).
    existing = await service.admit_turn(ctx, db, principal, session, idempotency_key)
    if existing is not None:
        events = _listed(streaming.replay(existing, session.solved))
    else:
        events = streaming.stream_turn(ctx, session.id, body.text, idempotency_key)
    return StreamingResponse(  # type: ignore[return-value]
        _sse(events), media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )  # fmt: skip


async def _listed(events: list[streaming.TurnEvent]) -> AsyncIterator[streaming.TurnEvent]:
    for event in events:
        yield event


async def _sse(events: AsyncIterator[streaming.TurnEvent]) -> AsyncIterator[str]:
    async for event in events:
        yield f"event: {event.name}\ndata: {json.dumps(event.data)}\n\n"


@router.get(
    "/api/v1/tutor/sessions/{session_id}",
    summary="A session's transcript",
    responses=error_responses(service.SessionNotFound),
)
async def transcript(session: OwnedSession, db: SessionDep) -> TranscriptOut:
    turns = await repository.turns_of(db, session.id)
    return TranscriptOut(
        session=service.session_out(session),
        turns=[
            TurnOut(
                turn=t.number,
                message=t.message,
                reply=service.reply_out(t, session.solved),
                created_at=t.created_at,
            )
            for t in turns
        ],
    )


@router.get(
    "/api/v1/tutor/students/{student_id}/sessions",
    summary="A student's tutoring sessions (the student, their teachers and parents)",
)
async def student_sessions(scope: CanViewStudent, db: SessionDep) -> list[SessionOut]:
    return [service.session_out(s) for s in await repository.sessions_of(db, scope.student_id)]


@router.get(
    "/api/v1/tutor/experiments/{name}",
    summary="Outcomes of an A/B experiment of tutor configurations, by arm (administrators)",
)
async def experiment(
    name: str, principal: AdminOnly, ctx: ContextDep, db: SessionDep
) -> ExperimentOut:
    """Per arm: students, sessions, the share solved, the share solved among sessions that
    needed hints, and hints per solve, with 95% intervals. Each student stays in one arm (a
    hash of the experiment and the student), so arms compare students, not sessions."""
    return await service.experiment_outcomes(ctx, db, name)
