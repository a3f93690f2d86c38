"""The tutor's HTTP API (HTTP only: the use cases live in `service`)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from mathpath.access import CanViewStudent, StudentOnly
from mathpath.contracts.billing_client import PlanLimitReached
from mathpath.kit.errors import error_responses
from mathpath.kit.service import ContextDep, SessionDep
from mathpath.tutor import repository, service
from mathpath.tutor.dependencies import IdempotencyKey, OwnedSession
from mathpath.tutor.schemas import (
    ReplyOut,
    SendMessage,
    SessionOut,
    StartSession,
    TranscriptOut,
    TurnOut,
)

router = APIRouter(tags=["tutor"])

SSE_CHUNK_WORDS = 4


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
    responses={
        **error_responses(service.SessionNotFound, PlanLimitReached),
        200: {"content": {"text/event-stream": {}}},
    },
)
async def send_message(
    body: SendMessage, request: Request, session: OwnedSession, principal: StudentOnly,
    ctx: ContextDep, db: SessionDep, idempotency_key: IdempotencyKey = None,
) -> ReplyOut:  # fmt: skip
    turn = await service.take_turn(ctx, db, principal, session, body.text, idempotency_key)
    reply = service.reply_out(turn, session.solved)
    if "text/event-stream" in request.headers.get("accept", ""):
        # The turn is committed before the stream starts (SessionDep), so a dropped stream
        # loses nothing: the transcript has it.
        return StreamingResponse(  # type: ignore[return-value]
            _events(reply), media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )  # fmt: skip
    return reply


async def _events(reply: ReplyOut) -> AsyncIterator[str]:
    meta = reply.model_dump(mode="json", exclude={"text"})
    yield f"event: meta\ndata: {json.dumps(meta)}\n\n"
    words = reply.text.split(" ")
    for i in range(0, len(words), SSE_CHUNK_WORDS):
        chunk = " ".join(words[i : i + SSE_CHUNK_WORDS])
        if i + SSE_CHUNK_WORDS < len(words):
            chunk += " "
        yield f"event: delta\ndata: {json.dumps({'text': chunk})}\n\n"
    yield f"event: done\ndata: {reply.model_dump_json()}\n\n"


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
