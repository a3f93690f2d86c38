"""Run scenarios through the tutoring graph and record every turn.

Each scenario is a fresh session (in-memory checkpointer and store); the graph, the policy
and the guard are the production ones, only the configuration changes: the voice, the
ladder policy (an A/B arm) or, for the controls, a deliberately bad voice, a leaky voice with
the guard off, or a policy that picks rungs at random. The controls exist to prove the
evaluation can fail: each must score clearly below the template (tests/tutor/test_evaluation).
"""

from __future__ import annotations

import asyncio
import random
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
from mathpath.tutor.core.ladder import RUNG_KIND, Decision, PolicyInput, Rung, decide
from mathpath.tutor.core.maths_text import compact
from mathpath.tutor.evaluation.dataset import Scenario
from mathpath.tutor.evaluation.fakes import LeakyChatModel, RephrasingChatModel
from mathpath.tutor.graph.builder import builder, thread_config
from mathpath.tutor.graph.state import TutorDeps, TutorState
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.voice.base import Voice, VoiceReply, VoiceRequest
from mathpath.tutor.voice.llm import ChainLink, LLMVoice
from mathpath.tutor.voice.template import TemplateVoice, compose

VoiceFactory = Callable[[TutorItem], Voice]
Policy = Callable[[PolicyInput], Decision]


class BadVoice:
    """Control: says the same thing whatever happened."""

    name = "bad"

    async def speak(self, request: VoiceRequest) -> VoiceReply:
        return VoiceReply("Hmm. Try again.", self.name)


class LeakyVoice:
    """Control: the template's reply with the final answer appended."""

    name = "leaky"

    async def speak(self, request: VoiceRequest) -> VoiceReply:
        return VoiceReply(f"{compose(request)} The answer is ${request.item.answer}$.", self.name)


def random_rung_policy(seed: str) -> Policy:
    """Control: the ladder with its rung chosen at random on every request for help."""
    rng = random.Random(f"random-rung:{seed}")  # noqa: S311 - an evaluation control, not secrets

    def policy(inp: PolicyInput) -> Decision:
        decided = decide(inp)
        if decided.rung == inp.rung:
            return decided
        rung = Rung(rng.randint(1, 6))
        return Decision(RUNG_KIND[rung], rung, rung == Rung.FULL_SOLUTION, "random rung")

    return policy


@dataclass(frozen=True)
class Config:
    voice: VoiceFactory
    policy: Callable[[str], Policy] = lambda scenario: decide
    unguarded: bool = False
    control: bool = False


def _template(item: TutorItem) -> Voice:
    return TemplateVoice()


def _fake_llm(item: TutorItem) -> Voice:
    return LLMVoice(
        [ChainLink("fake:rephrase", RephrasingChatModel())], prices={"fake:rephrase": (0.15, 0.60)}
    )


def _leaky_llm(item: TutorItem) -> Voice:
    return LLMVoice(
        [ChainLink("fake:leaky", LeakyChatModel(answer=item.answer))],
        prices={"fake:leaky": (0.15, 0.60)},
    )


CONFIGS: dict[str, Config] = {
    "template": Config(_template),
    "fake-llm": Config(_fake_llm),
    "fake-llm-leaky": Config(_leaky_llm),
    "control-bad-voice": Config(lambda item: BadVoice(), control=True),
    "control-leaky-unguarded": Config(lambda item: LeakyVoice(), unguarded=True, control=True),
    "control-random-rung": Config(_template, policy=random_rung_policy, control=True),
}
CONTROLS = tuple(name for name, c in CONFIGS.items() if c.control)

HELP_TURNS_BEFORE_ANSWER = {"practice": 5, "revision": 4}
"""The specification, independent of the policy under test: the final answer may be shown on
the sixth request for help (fifth in revision mode), or once the student has solved it."""


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
    level: str = ""
    tags: tuple[str, ...] = ()


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


def _asks_for_help(out: dict[str, Any]) -> bool:
    judgement = out.get("judgement") or {}
    return out.get("intent") in ("hint_request", "answer_request") or judgement.get("status") in (
        "incorrect",
        "invalid",
    )


async def run_scenario(
    scenario: Scenario,
    voice: Voice,
    retriever: HybridRetriever | None,
    config: Config | None = None,
) -> ScenarioResult:
    config = config or CONFIGS["template"]
    graph = builder.compile(checkpointer=InMemorySaver(), store=InMemoryStore())
    deps = TutorDeps(
        voice=voice,
        fallback=TemplateVoice(),
        retriever=retriever,
        policy=config.policy(scenario.id),
        unguarded_for_evaluation=config.unguarded,
    )
    result = ScenarioResult(scenario)
    first: dict[str, Any] = {
        "session_id": f"eval:{scenario.id}",
        "student_id": "eval-student",
        "item": scenario.item.to_dict(),
        "mode": scenario.mode,
        "rung": 0,
        "attempts": 0,
        "solved": False,
        "mastery": scenario.mastery,
        "lines": [],
        "position": -1,
        "hints_given": [],
    }
    helped = 0
    solved = False
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
        helped += _asks_for_help(out)
        solved = solved or judgement.get("status") == "correct"
        allowed = solved or helped > HELP_TURNS_BEFORE_ANSWER.get(scenario.mode, 5)
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
                level=scenario.item.level,
                tags=scenario.tags,
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
    config = CONFIGS[name]
    return [await run_scenario(s, config.voice(s.item), retriever, config) for s in scenarios]
