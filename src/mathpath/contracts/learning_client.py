"""Typed client of the learning service's service-to-service routes (used by the tutor).

These routes answer only platform service tokens (``ServiceOnly``): they reveal an item's
answer, worked solution and hint ladder, which students must never receive directly. Obtain a
token with ``IdentityClient.service_token("tutor", secret)`` and pass it as ``bearer``.

- :meth:`LearningClient.tutor_item`: an item (a template drawn from its seed) with its
  answer, solution steps, hints and expected misconceptions;
- :meth:`LearningClient.student_context`: mastery and misconceptions seen on some skills,
  plus recent feedback notes from teachers and parents;
- :meth:`LearningClient.feedback_notes`: a student's feedback notes, newest first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
from pydantic import BaseModel

from mathpath.kit.errors import (
    ServiceUnavailable,
    raise_for_problem,
)

TUTOR_ITEM_PATH = "/api/v1/learning/internal/items/{item_id}"
STUDENT_CONTEXT_PATH = "/api/v1/learning/internal/students/{student_id}/context"
FEEDBACK_PATH = "/api/v1/learning/internal/students/{student_id}/feedback"


class TutorStep(BaseModel):
    text: str
    math: str | None = None


class TutorAnswer(BaseModel):
    kind: str
    value: str
    form: str = "any"
    dp: int | None = None
    sf: int | None = None
    tolerance: float | None = None
    units: str | None = None


class TutorPart(BaseModel):
    label: str
    prompt: str
    marks: int
    answer: TutorAnswer
    problem: dict[str, Any] | None = None
    solution: list[TutorStep]
    hints: list[str]
    misconceptions: list[str]


class TutorItem(BaseModel):
    """Everything the tutor needs about one item, including what students must not see."""

    id: str
    content_version: str
    seed: int | None
    module_id: str
    skills: list[str]
    difficulty: int
    stem: str
    answer: TutorAnswer | None
    # The engine problem (`mathpath.maths.tracing.spec`) the tutor traces working against.
    problem: dict[str, Any] | None = None
    solution: list[TutorStep]
    hints: list[str]
    misconceptions: list[str]
    parts: list[TutorPart] | None
    lesson_ids: list[str]


class SkillState(BaseModel):
    skill_id: str
    name: str
    p_known: float
    mastered: bool
    attempts: int
    correct: int
    last_attempt_at: datetime | None


class MisconceptionSeen(BaseModel):
    misconception: str
    count: int
    last_seen: datetime


class FeedbackNoteOut(BaseModel):
    id: str
    student_id: str
    author_id: str
    author_role: str
    body: str
    skill_id: str | None
    created_at: datetime


class StudentContext(BaseModel):
    student_id: str
    skills: list[SkillState]
    misconceptions: list[MisconceptionSeen]
    feedback: list[FeedbackNoteOut]
    recent_hint_use: float


def _raise_for(response: httpx.Response) -> None:
    raise_for_problem(response, "learning")


class LearningClient:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def _get(self, path: str, bearer: str, params: dict[str, Any]) -> Any:
        query = {k: v for k, v in params.items() if v is not None}
        try:
            response = await self.http.get(
                path, params=query, headers={"Authorization": f"Bearer {bearer}"}
            )
        except httpx.HTTPError as exc:
            raise ServiceUnavailable("learning could not be reached") from exc
        _raise_for(response)
        return response.json()

    async def tutor_item(
        self,
        item_id: str,
        *,
        bearer: str,
        seed: int | None = None,
        content_version: str | None = None,
    ) -> TutorItem:
        data = await self._get(
            TUTOR_ITEM_PATH.format(item_id=item_id),
            bearer,
            {"seed": seed, "version": content_version},
        )
        return TutorItem.model_validate(data)

    async def student_context(
        self, student_id: str, *, bearer: str, skills: list[str] | None = None
    ) -> StudentContext:
        params = {"skills": ",".join(skills) if skills else None}
        data = await self._get(STUDENT_CONTEXT_PATH.format(student_id=student_id), bearer, params)
        return StudentContext.model_validate(data)

    async def feedback_notes(
        self, student_id: str, *, bearer: str, limit: int = 20
    ) -> list[FeedbackNoteOut]:
        data = await self._get(
            FEEDBACK_PATH.format(student_id=student_id), bearer, {"limit": limit}
        )
        return [FeedbackNoteOut.model_validate(x) for x in data]
