"""Events the learning service publishes (payload contracts)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

ATTEMPT_RECORDED = "attempt.recorded"
MASTERY_UPDATED = "mastery.updated"
FEEDBACK_SUBMITTED = "feedback.submitted"
CONTENT_PUBLISHED = "content.published"

VerdictStatus = Literal["correct", "incorrect", "unparseable", "cannot_check"]


class AttemptRecorded(BaseModel):
    attempt_id: str
    student_id: str
    item_id: str
    part: str | None
    seed: int | None
    content_version: str
    skills: list[str]
    status: VerdictStatus
    correct: bool
    misconception: str | None
    hints_used: int
    saw_solution: bool
    tutor_help: bool
    answered_at: datetime
    offline: bool


class SkillMastery(BaseModel):
    skill_id: str
    p_known: float
    mastered: bool
    previous: float


class MasteryUpdated(BaseModel):
    student_id: str
    attempt_id: str | None
    skills: list[SkillMastery]


class FeedbackSubmitted(BaseModel):
    note_id: str
    student_id: str
    author_id: str
    author_role: Literal["teacher", "parent", "admin"]
    body: str
    skill_id: str | None
    created_at: datetime


class ContentPublished(BaseModel):
    version_id: str
    pack_id: str
    pack_version: str
    checksum: str
    published_at: datetime
    skills: int
    modules: int
    items: int
