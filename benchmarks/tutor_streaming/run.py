"""Streaming the LLM voice: how early the first guarded segment reaches the student, and
what checking segment by segment costs the guard.

Run: `.venv/bin/python -m benchmarks.tutor_streaming.run`

Counts, not wall-clock: the LLM voice streams from the fake OpenAI server of the tests
(tests/tutor/fake_openai.py, one `chat.completion.chunk` per token-like piece) through the
guarded speak path (`voice.guarded.speak_guarded`). For each reply we note how many chunks
the provider had sent when the first segment was released, against the chunks of the whole
reply (what a student waited for before streaming: the whole reply, then one check). At a
steady provider pace, time to first segment / time to full reply is that ratio.

Guard CPU (process time, SymPy's cache cleared before each run): one check of the whole
reply; the streamed checks as shipped (`StreamGuard`, every segment checked with everything
released before it, each fragment's verdict kept); and the naive alternative, a full
`check_reply` of the released text at every segment.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from typing import Any

from pydantic import SecretStr
from sympy.core.cache import clear_cache
from tests.tutor.fake_openai import Script, fake_openai, tokens

from mathpath.tutor.config import TutorSettings
from mathpath.tutor.core.guard import GuardContext, StreamGuard, check_reply
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.ladder import ReplyKind, Rung
from mathpath.tutor.core.segments import Segmenter
from mathpath.tutor.core.typed_problem import item_from_text
from mathpath.tutor.voice.base import VoiceRequest
from mathpath.tutor.voice.guarded import speak_guarded
from mathpath.tutor.voice.llm import LLMStream, llm_voice_from_settings
from mathpath.tutor.voice.template import TemplateVoice

CASES: list[tuple[str, str]] = [
    (
        "solve 2x = 3",
        "Good thinking so far. Look at what is being done to $x$ in $2x = 3$. Ask yourself "
        "which operation undoes multiplying by 2. Try it on both sides!",
    ),
    (
        "solve 3x + 4 = 19",
        "Nice start, you have the right idea. The equation $3x + 4 = 19$ has two operations "
        "acting on $x$. Undo them in reverse order, starting with the $+4$. Subtracting 4 "
        "from both sides gives $3x = 15$, so what comes next?",
    ),
    (
        "solve 5x - 7 = 18",
        "Let's take this one step at a time. First, think about what is happening to $x$: it "
        "is multiplied by 5 and then 7 is taken away. To undo that, add 7 to both sides, which "
        "gives $5x = 25$. Now, what single step would leave $x$ on its own?",
    ),
    (
        "solve x^2 - 5x + 6 = 0",
        "This is a quadratic, so try to factorise it. You need two numbers that multiply to "
        "$6$ and add to $-5$. Once you have them, write the left side as a product of two "
        "brackets, and set each bracket equal to zero.",
    ),
    (
        "solve 4x = 10",
        "You're close. Remember that $4x$ means 4 lots of $x$. Dividing both sides by the same "
        "number keeps the equation balanced. Which number should you divide by?",
    ),
    (
        "solve 2x + 1 = 9",
        "Good question! We want $x$ by itself. First take 1 away from both sides: "
        "$2x + 1 - 1 = 9 - 1$, which is $2x = 8$. Then think about the 2 in front of $x$, "
        "and what undoes multiplying by it.",
    ),
]
REPEATS = 5
# The answer (x = 3/2) given away as 6/4 in the third sentence.
LEAK = (
    "solve 2x = 3",
    "Good thinking so far. Look at what is being done to $x$ in $2x = 3$. "
    "Dividing gives $x = 6/4$, which you can simplify. Well done!",
)


def _request(item: TutorItem) -> VoiceRequest:
    return VoiceRequest(
        item=item, kind=ReplyKind.HINT, rung=Rung.GUIDING_QUESTION, rung_changed=True,
        reveal_answer=False, message="hint please", intent="hint_request",
    )  # fmt: skip


async def first_segment_counts(cases: list[tuple[str, str]]) -> list[dict[str, Any]]:
    rows = []
    for problem, reply in cases:
        item = item_from_text(problem)
        script = Script(replies=[reply])
        seen: list[tuple[str, int]] = []
        streams: list[LLMStream] = []

        def emit(
            event: dict[str, Any], seen: list[Any] = seen, streams: list[Any] = streams
        ) -> None:
            seen.append((event["event"], streams[-1].deltas if streams else 0))

        async with fake_openai(script) as url:
            settings = TutorSettings(
                voice="llm", llm_models=["openai:bench"], llm_base_url=url,
                llm_api_key=SecretStr("k"), llm_max_retries=0,
            )  # fmt: skip
            voice = llm_voice_from_settings(settings)
            opened = voice.open_stream

            def open_stream(
                request: VoiceRequest, opened: Any = opened, streams: Any = streams
            ) -> LLMStream:
                streams.append(opened(request))
                return streams[-1]

            voice.open_stream = open_stream  # type: ignore[method-assign]
            out = await speak_guarded(
                voice, TemplateVoice(), _request(item), GuardContext(item, False), emit
            )
        deltas = [sent for name, sent in seen if name == "delta"]
        rows.append(
            {
                "problem": problem,
                "voice": out["voice"],
                "read": streams[-1].deltas,
                "chunks": len(tokens(reply)),
                "first": deltas[0],
                "segments": len(deltas),
                "first_chars": len(reply) and len(_first_segment(reply)),
            }
        )
    return rows


def _first_segment(reply: str) -> str:
    segmenter = Segmenter()
    for piece in tokens(reply):
        ready = segmenter.feed(piece)
        if ready:
            return ready[0]
    return reply


def _cpu(fn: Callable[[], object]) -> float:
    samples = []
    for _ in range(REPEATS):
        clear_cache()
        started = time.process_time()
        fn()
        samples.append(time.process_time() - started)
    return statistics.median(samples) * 1000


def guard_cpu() -> list[dict[str, Any]]:
    rows = []
    for problem, reply in CASES:
        item = item_from_text(problem)
        ctx = GuardContext(item, False)
        segmenter = Segmenter()
        segments = [s for piece in tokens(reply) for s in segmenter.feed(piece)]
        segments.append(segmenter.flush())

        def streamed(ctx: GuardContext = ctx, segments: list[str] = segments) -> None:
            guard, released = StreamGuard(ctx), ""
            for segment in segments:
                released += segment
                guard.check(released)

        def naive(ctx: GuardContext = ctx, segments: list[str] = segments) -> None:
            released = ""
            for segment in segments:
                released += segment
                check_reply(released, ctx)

        rows.append(
            {
                "problem": problem,
                "segments": len(segments),
                "whole": _cpu(lambda ctx=ctx, reply=reply: check_reply(reply, ctx)),
                "streamed": _cpu(streamed),
                "naive": _cpu(naive),
            }
        )
    return rows


def main() -> None:
    counts = asyncio.run(first_segment_counts(CASES))
    assert all(r["voice"] == "llm" for r in counts)
    print("| problem | chunks in reply | chunks before 1st segment | ratio | segments |")
    print("|---|---|---|---|---|")
    for r in counts:
        ratio = r["first"] / r["chunks"]
        print(f"| {r['problem']} | {r['chunks']} | {r['first']} | {ratio:.2f} | {r['segments']} |")
    ratios = [r["first"] / r["chunks"] for r in counts]
    print(f"\nmedian ratio {statistics.median(ratios):.2f}, max {max(ratios):.2f}\n")
    (leak,) = asyncio.run(first_segment_counts([LEAK]))
    assert leak["voice"] == "template"
    print(
        f"leak in sentence 3: {leak['segments']} segments shown, then replaced; the stream was "
        f"stopped after reading {leak['read']} of {leak['chunks']} chunks\n"
    )
    print("| problem | segments | whole check ms | streamed (StreamGuard) ms | naive ms |")
    print("|---|---|---|---|---|")
    for r in guard_cpu():
        print(
            f"| {r['problem']} | {r['segments']} | {r['whole']:.1f} | {r['streamed']:.1f} "
            f"| {r['naive']:.1f} |"
        )


if __name__ == "__main__":
    main()
