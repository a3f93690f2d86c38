"""The tutor API's request and response bodies."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field, model_validator

ReplyKindName = Literal[
    "confirm", "feedback", "hint", "partial_solution", "worked_solution", "explanation",
    "clarify", "refuse",
]  # fmt: skip


class StartSession(BaseModel):
    """Start a session on a platform item, or on a problem the student typed."""

    item_id: str | None = Field(default=None, max_length=120)
    seed: int | None = None
    content_version: str | None = Field(default=None, max_length=60)
    problem: str | None = Field(default=None, min_length=1, max_length=300)
    mode: Literal["practice", "revision"] = "practice"

    @model_validator(mode="after")
    def _one_source(self) -> StartSession:
        if (self.item_id is None) == (self.problem is None):
            raise ValueError("give exactly one of item_id or problem")
        return self


class SessionOut(BaseModel):
    id: str
    student_id: str
    item_id: str
    stem: str
    mode: str
    status: str
    turns: int
    rung: int
    solved: bool
    created_at: datetime


class SendMessage(BaseModel):
    text: str = Field(min_length=1, max_length=2000)


class SourceOut(BaseModel):
    id: str
    kind: str
    title: str


class UsageOut(BaseModel):
    """What the language model was asked for this turn (zero for the template voice)."""

    input_tokens: int
    output_tokens: int
    cost_usd: float
    # True when the provider did not report usage (or its stream was stopped before the
    # report): the counts are estimates from the text's length.
    estimated: bool


class ReplyOut(BaseModel):
    turn: int
    kind: ReplyKindName
    text: str
    intent: str
    rung: int
    rung_name: str
    verdict: str | None
    misconception: str | None
    sources: list[SourceOut]
    voice: str
    latency_ms: float
    solved: bool
    usage: UsageOut


class StreamDoneOut(ReplyOut):
    """The `done` event of a streamed reply: the stored reply, and how the stream went."""

    replaced: bool  # a `replace` event was sent: the reply shown was swapped for `text`
    first_token_ms: float | None  # the model's first token, from the start of voicing
    first_segment_ms: float | None  # the first text released to the student, likewise


class TurnOut(BaseModel):
    turn: int
    message: str
    reply: ReplyOut
    created_at: datetime


class TranscriptOut(BaseModel):
    session: SessionOut
    turns: list[TurnOut]
