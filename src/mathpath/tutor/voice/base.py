"""The voice port: turns the policy's decision into words. It decides nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

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
    # Where the student's working stands on the worked solution (-1: at the question), and
    # every hint already given this session (no rung repeats another).
    position: int = -1
    hints_given: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoiceReply:
    text: str
    voice: str
    model: str | None = None
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0
    # True when the provider reported no usage and the token counts are estimates.
    usage_estimated: bool = False


class Voice(Protocol):
    name: str

    async def speak(self, request: VoiceRequest) -> VoiceReply: ...


class VoiceStream(Protocol):
    """One streamed reply: iterate for text deltas as the provider sends them. `aclose`
    stops the provider's stream (the guard may stop reading early); `reply` is the text
    finally used with the usage of everything the provider was asked for."""

    first_token_s: float | None  # perf_counter() at the first non-empty delta

    def __aiter__(self) -> AsyncIterator[str]: ...

    async def aclose(self) -> None: ...

    def reply(self, text: str) -> VoiceReply: ...


@runtime_checkable
class StreamingVoice(Protocol):
    """A voice that can also stream (the LLM voice); the graph prefers `open_stream`."""

    name: str

    async def speak(self, request: VoiceRequest) -> VoiceReply: ...

    def open_stream(self, request: VoiceRequest) -> VoiceStream: ...
