"""Run scenarios through the tutoring graph and score every turn.

Each scenario is a fresh session (in-memory checkpointer and store); the graph, the policy
and the guard are the production ones, only the voice changes between configurations.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore

from mathpath.maths.checking import warm_up
from mathpath.tutor.core.guard import leaked_fragments
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.maths_text import compact
from mathpath.tutor.evaluation.dataset import Scenario
from mathpath.tutor.evaluation.fakes import LeakyChatModel, RephrasingChatModel
from mathpath.tutor.graph.builder import builder, thread_config
from mathpath.tutor.graph.state import TutorDeps, TutorState
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.voice.base import Voice
from mathpath.tutor.voice.llm import ChainLink, LLMVoice
from mathpath.tutor.voice.template import TemplateVoice

VoiceFactory = Callable[[TutorItem], Voice]


def _template(item: TutorItem) -> Voice:
    return TemplateVoice()


def _fake_llm(item: TutorItem) -> Voice:
    return LLMVoice([ChainLink("fake:rephrase", RephrasingChatModel())],
                    prices={"fake:rephrase": (0.15, 0.60)})  # fmt: skip


def _leaky_llm(item: TutorItem) -> Voice:
    return LLMVoice([ChainLink("fake:leaky", LeakyChatModel(answer=item.answer))],
                    prices={"fake:leaky": (0.15, 0.60)})  # fmt: skip


CONFIGS: dict[str, VoiceFactory] = {
    "template": _template,
    "fake-llm": _fake_llm,
    "fake-llm-leaky": _leaky_llm,
}


@dataclass
class TurnResult:
    scenario: str
    index: int
    expect: dict[str, Any]
    kind: str
    rung: int
    verdict: str | None
    misconception: str | None
    leaked: bool
    answer_allowed: bool
    latency_ms: float
    input_tokens: int
    output_tokens: int
    cost_usd: float
    guard_rejections: int
    reply: str


@dataclass
class ScenarioResult:
    scenario: Scenario
    turns: list[TurnResult] = field(default_factory=list)
    error: str | None = None


def leaks(reply: str, item: TutorItem) -> bool:
    """Independent of the guard's verdict: a symbolic match, or the answer's text verbatim
    as a whole token (so an answer of 5 is not found inside 2^5 or 0.5)."""
    if leaked_fragments(reply, item):
        return True
    answer = re.escape(compact(item.answer))
    return re.search(rf"(?<![\w.^]){answer}(?![\w.])", compact(reply)) is not None


async def run_scenario(
    scenario: Scenario, voice: Voice, retriever: HybridRetriever | None
) -> ScenarioResult:
    graph = builder.compile(checkpointer=InMemorySaver(), store=InMemoryStore())
    deps = TutorDeps(voice=voice, fallback=TemplateVoice(), retriever=retriever)
    result = ScenarioResult(scenario)
    first: dict[str, Any] = {
        "session_id": f"eval:{scenario.id}", "student_id": "eval-student",
        "item": scenario.item.to_dict(), "mode": scenario.mode, "rung": 0, "attempts": 0,
        "solved": False, "mastery": scenario.mastery,
    }  # fmt: skip
    for index, turn in enumerate(scenario.turns):
        payload = {**(first if index == 0 else {}), "message": turn.say, "turn": index}
        started = time.perf_counter()
        try:
            out = await graph.ainvoke(
                cast(TutorState, payload), thread_config(f"eval:{scenario.id}"), context=deps
            )
        except Exception as exc:
            result.error = f"turn {index}: {type(exc).__name__}: {exc}"
            return result
        latency = (time.perf_counter() - started) * 1000
        judgement = out.get("judgement") or {}
        allowed = out.get("rung", 0) >= 6 or bool(out.get("solved"))
        result.turns.append(
            TurnResult(
                scenario=scenario.id,
                index=index,
                expect=turn.expect,
                kind=out["kind"],
                rung=int(out.get("rung", 0)),
                verdict=judgement.get("status"),
                misconception=judgement.get("misconception"),
                leaked=not allowed and leaks(out["reply"], scenario.item),
                answer_allowed=allowed,
                latency_ms=latency,
                input_tokens=int(out.get("input_tokens", 0)),
                output_tokens=int(out.get("output_tokens", 0)),
                cost_usd=float(out.get("cost_usd", 0.0)),
                guard_rejections=sum(
                    1 for n in out.get("degraded", []) if n.startswith("guard_rejected")
                ),
                reply=out["reply"],
            )
        )
    return result


async def run_config(
    name: str, scenarios: Sequence[Scenario], retriever: HybridRetriever | None
) -> list[ScenarioResult]:
    # Diagnosis runs in the maths engine's worker processes; started lazily, the first
    # scenarios' diagnoses would race the workers' start-up (seconds on a loaded machine) and
    # the score would depend on the machine. A service warms them at start-up the same way.
    await asyncio.to_thread(warm_up)
    factory = CONFIGS[name]
    return [await run_scenario(s, factory(s.item), retriever) for s in scenarios]
