"""The voice port: turns the policy's decision into words. It decides nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.ladder import ReplyKind, Rung
from mathpath.tutor.core.verify import MathsJudgement
from mathpath.tutor.retrieval.passages import Passage


@dataclass(frozen=True)
class VoiceRequest:
    item: TutorItem
    kind: ReplyKind
    rung: Rung
    rung_changed: bool
    reveal_answer: bool
    message: str
    intent: str
    judgement: MathsJudgement | None = None
    passages: tuple[Passage, ...] = ()
    profile: dict[str, object] = field(default_factory=dict)
    turn: int = 0
    seed: str = ""


@dataclass(frozen=True)
class VoiceReply:
    text: str
    voice: str
    model: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0


class Voice(Protocol):
    name: str

    async def speak(self, request: VoiceRequest) -> VoiceReply: ...
