"""Events published by the tutor service: payload contracts."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

TUTOR_TURN_COMPLETED = "tutor.turn_completed"


class TutorTurnCompleted(BaseModel):
    """One tutoring turn was answered (learning may count tutor help on the item)."""

    session_id: str
    student_id: str
    item_id: str
    turn: int
    kind: str
    rung: int
    verdict: str | None
    misconception: str | None
    solved: bool
    voice: str
    latency_ms: float
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    at: datetime
