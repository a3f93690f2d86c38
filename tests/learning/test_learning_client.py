"""The tutor's typed client: item with solution and hints, a student's context."""

from __future__ import annotations

import httpx
import pytest

from mathpath.contracts.learning_client import LearningClient
from mathpath.gateway.app import Gateway
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import Forbidden
from mathpath.learning import catalog
from mathpath.learning.content.schema import StaticItem
from mathpath.learning.models import FeedbackNote
from tests.fixtures.learning import Tokens, answer


async def test_tutor_item_has_solution_and_hints(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = catalog.current(gateway.local_apps["learning"].state.ctx)
    item = next(i for i in curriculum.items.values() if isinstance(i, StaticItem) and i.answer)
    learning = LearningClient(client)
    found = await learning.tutor_item(item.id, bearer=tokens.service().token)
    assert found.answer is not None and item.answer is not None
    assert found.answer.value == item.answer.value
    assert found.hints == item.hints and len(found.solution) == len(item.solution)
    assert found.content_version == curriculum.version_id


async def test_tutor_item_refuses_a_student_token(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    curriculum = catalog.current(gateway.local_apps["learning"].state.ctx)
    with pytest.raises(Forbidden):
        await LearningClient(client).tutor_item(
            next(iter(curriculum.items)), bearer=tokens.user("student").token
        )


async def test_student_context_has_mastery_misconceptions_and_feedback(
    client: httpx.AsyncClient, gateway: Gateway, tokens: Tokens
) -> None:
    ctx = gateway.local_apps["learning"].state.ctx
    curriculum = catalog.current(ctx)
    item = next(
        i
        for i in curriculum.items.values()
        if isinstance(i, StaticItem) and i.answer and i.answer.kind == "numeric"
    )
    assert item.answer is not None
    student = tokens.user("student")
    await answer(client, student, item.id, item.answer.value, hints_used=2)
    async with ctx.db.transaction() as session:
        session.add(
            FeedbackNote(
                id="note-1",
                idempotency_key="note-key-1",
                student_id=student.id,
                author_id="teacher-1",
                author_role="teacher",
                body="Works hard; rushes negative numbers.",
                skill_id=None,
                created_at=utcnow(),
            )
        )
    context = await LearningClient(client).student_context(
        student.id, bearer=tokens.service().token, skills=list(item.skills)
    )
    assert [s.skill_id for s in context.skills] == list(item.skills)
    assert all(s.attempts == 1 and s.correct == 1 for s in context.skills)
    assert context.feedback[0].body.startswith("Works hard")
    assert context.recent_hint_use == 1.0
