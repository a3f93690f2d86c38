"""Voicing a decision with the guard in the loop: nothing unguarded reaches the student.

A streaming voice (the LLM) is read token by token into a `Segmenter`; each segment it
hands back is checked by a `StreamGuard` together with everything released before it (a
leak can span segments) and only then released. On a violation the provider's stream is
stopped, the offending segment is dropped and the template voice's reply replaces what was
shown (a `replace` event); a provider that fails mid-stream is handled the same way. A
voice that cannot stream (the template) is checked whole, then released in chunks.

Released text goes to `emit` as events (`meta`, `delta`, `replace`; see the tutor's
README), which the graph forwards to the HTTP stream. What the node returns as the reply is
exactly what those events leave on the student's screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from mathpath.tutor.core.guard import GuardContext, StreamGuard, check_reply
from mathpath.tutor.core.ladder import Rung
from mathpath.tutor.core.segments import Segmenter
from mathpath.tutor.voice.base import StreamingVoice, Voice, VoiceReply, VoiceRequest
from mathpath.tutor.voice.template import safe_minimal

Emit = Callable[[dict[str, Any]], None]
CHUNK_WORDS = 4  # how a reply checked whole is cut for the stream


def chunks(text: str, words: int = CHUNK_WORDS) -> Iterator[str]:
    """`text` in pieces of a few words that join back to exactly `text`."""
    parts = text.split(" ")
    for i in range(0, len(parts), words):
        piece = " ".join(parts[i : i + words])
        yield piece + " " if i + words < len(parts) else piece


@dataclass
class _Screen:
    """What the student's screen shows, kept in step with the events sent."""

    emit: Emit
    text: str = ""
    first_release_s: float | None = None
    replaced: bool = False

    def append(self, piece: str) -> None:
        if not piece:
            return
        if self.first_release_s is None:
            self.first_release_s = time.perf_counter()
        self.text += piece
        self.emit({"event": "delta", "text": piece})

    def show(self, text: str, reason: str, voice: str) -> None:
        """The final reply from another voice: replaces what was shown, if anything was."""
        if not self.text:
            for piece in chunks(text):
                self.append(piece)
            return
        self.replaced = True
        self.text = text
        self.emit({"event": "replace", "text": text, "reason": reason, "voice": voice})


@dataclass
class _Outcome:
    reply: VoiceReply | None = None
    spent: VoiceReply | None = None
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reason: str = ""
    first_token_s: float | None = None


def meta_event(request: VoiceRequest) -> dict[str, Any]:
    """What is known before the first word: never the answer, never a guard's findings."""
    judgement = request.judgement
    return {
        "event": "meta",
        "turn": request.turn,
        "kind": request.kind.value,
        "intent": request.intent,
        "rung": int(request.rung),
        "rung_name": Rung(request.rung).name.lower(),
        "verdict": judgement.status if judgement else None,
        "misconception": judgement.misconception if judgement else None,
    }


async def speak_guarded(
    voice: Voice, fallback: Voice, request: VoiceRequest, guard_ctx: GuardContext, emit: Emit
) -> dict[str, Any]:
    """The speak node's work; returns its state update."""
    started = time.perf_counter()
    screen = _Screen(emit)
    emit(meta_event(request))
    if isinstance(voice, StreamingVoice):
        outcome = await _stream(voice, request, guard_ctx, screen)
    else:
        outcome = await _whole(voice, request, guard_ctx, screen)
    if outcome.reply is None and fallback is not voice:
        backup = await _whole(fallback, request, guard_ctx, screen, reason=outcome.reason)
        outcome.reply = backup.reply
        outcome.violations += backup.violations
        outcome.notes += backup.notes
    if outcome.reply is None:
        outcome.reply = VoiceReply(safe_minimal(request), "minimal")
        screen.show(outcome.reply.text, outcome.reason or "guard", "minimal")
    reply, spent = outcome.reply, outcome.spent
    if spent is not None and spent is not reply:
        # The provider's tokens were spent even when its text was not used.
        reply = VoiceReply(
            reply.text, reply.voice, spent.model, spent.input_tokens, spent.output_tokens,
            spent.cost_usd, spent.usage_estimated,
        )  # fmt: skip
    assert screen.text == reply.text, "the stored reply must be what the student saw"
    notes = outcome.notes + (["usage_estimated"] if reply.usage_estimated else [])
    if screen.replaced:
        notes.append("stream_replaced")
    return {
        "reply": reply.text,
        "voice": reply.voice,
        "model": reply.model,
        "input_tokens": reply.input_tokens,
        "output_tokens": reply.output_tokens,
        "cost_usd": reply.cost_usd,
        "usage_estimated": reply.usage_estimated,
        "first_token_ms": _ms(started, outcome.first_token_s),
        "first_segment_ms": _ms(started, screen.first_release_s),
        "guard_violations": outcome.violations,
        "degraded": notes,
    }


def _ms(started: float, at: float | None) -> float | None:
    return None if at is None else round((at - started) * 1000, 2)


async def _whole(
    voice: Voice, request: VoiceRequest, guard_ctx: GuardContext, screen: _Screen,
    reason: str = "",
) -> _Outcome:  # fmt: skip
    outcome = _Outcome(reason=reason)
    try:
        attempt = await voice.speak(request)
    except Exception as exc:
        outcome.notes.append(f"voice_failed:{voice.name}:{type(exc).__name__}")
        outcome.reason = outcome.reason or "provider"
        return outcome
    outcome.spent = attempt
    result = check_reply(attempt.text, guard_ctx)
    if not result.ok:
        outcome.violations += list(result.violations)
        outcome.notes.append(f"guard_rejected:{voice.name}")
        outcome.reason = outcome.reason or "guard"
        return outcome
    outcome.reply = attempt
    screen.show(attempt.text, reason or "guard", attempt.voice)
    return outcome


async def _stream(
    voice: StreamingVoice, request: VoiceRequest, guard_ctx: GuardContext, screen: _Screen
) -> _Outcome:
    outcome = _Outcome()
    stream = voice.open_stream(request)
    segmenter, guard = Segmenter(), StreamGuard(guard_ctx)
    released = ""

    def release(segment: str) -> bool:
        nonlocal released
        if not released:
            segment = segment.lstrip()
        if not segment.strip():
            return True
        result = guard.check(released + segment)
        if not result.ok:
            outcome.violations += list(result.violations)
            outcome.notes.append(f"guard_rejected:{voice.name}")
            outcome.reason = "guard"
            return False
        released += segment
        screen.append(segment)
        return True

    clean = True
    try:
        async for delta in stream:
            if not all(release(segment) for segment in segmenter.feed(delta)):
                clean = False
                break
        else:
            clean = release(segmenter.flush().rstrip())
    except Exception as exc:  # the chain failed, before or after its first token
        outcome.notes.append(f"voice_failed:{voice.name}:{type(exc).__name__}")
        outcome.reason = "provider"
        clean = False
    finally:
        await stream.aclose()
    outcome.first_token_s = stream.first_token_s
    if stream.first_token_s is not None:
        outcome.spent = stream.reply(released)
    if clean and released.strip():
        outcome.reply = outcome.spent
    elif clean:
        outcome.notes.append(f"voice_failed:{voice.name}:empty")
        outcome.reason = "provider"
    return outcome
