"""Practice: submit an answer, or a batch recorded offline."""

from __future__ import annotations

from fastapi import APIRouter, Response

from mathpath.access import StudentOnly
from mathpath.kit.errors import BusinessRuleViolation, Conflict, NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep
from mathpath.learning import attempts
from mathpath.learning.attempts import AnswerTooDeep
from mathpath.learning.dependencies import IdempotencyKey
from mathpath.learning.schemas import AttemptIn, AttemptOut, SyncIn, SyncOut

router = APIRouter(tags=["practice"])


@router.post(
    "/api/v1/attempts",
    status_code=201,
    summary="Answer an item: the verdict, feedback, misconception and updated mastery",
    description=(
        "Send a new `Idempotency-Key` for each answer. Retrying with the same key returns the "
        "stored result (200) and records nothing more; the same key with a different body is "
        "a 409. An answer nested deeper than the checker reads (dozens of fractions, roots "
        "or brackets inside each other) is refused with a 422 `answer-too-deep` problem."
    ),
    responses=error_responses(NotFound, BusinessRuleViolation, AnswerTooDeep, Conflict),
)
async def submit_attempt(
    student: StudentOnly,
    ctx: ContextDep,
    session: SessionDep,
    key: IdempotencyKey,
    body: AttemptIn,
    response: Response,
) -> AttemptOut:
    result, created = await attempts.record(ctx, session, student.user_id, key, body)
    if not created:
        response.status_code = 200
    return result


@router.post(
    "/api/v1/attempts/sync",
    summary="Upload attempts recorded offline (idempotent by client id, any order)",
    description=(
        "Each attempt is recorded at most once, keyed by its `client_id`; resending a batch "
        "reports `duplicate` for those already stored. Mastery of the skills touched is "
        "recomputed in answer-time order, so the order of uploads does not matter. An attempt "
        "that cannot be recorded (an unknown item, an answer nested too deeply to check) is "
        "reported `rejected` with its reason; the rest of the batch is still recorded."
    ),
    responses=error_responses(BusinessRuleViolation),
)
async def sync_attempts(
    student: StudentOnly, ctx: ContextDep, session: SessionDep, body: SyncIn
) -> SyncOut:
    return await attempts.sync(ctx, session, student.user_id, body)
