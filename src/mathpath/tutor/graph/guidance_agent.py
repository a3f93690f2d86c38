"""Reasoning & Guidance Agent: verify with the maths engine, choose the move by policy,
voice it, guard it, remember it."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from mathpath.tutor.core.guard import GuardContext
from mathpath.tutor.core.intents import Intent
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.ladder import PolicyInput, ReplyKind, Rung
from mathpath.tutor.core.verify import MathsJudgement, judge
from mathpath.tutor.graph.state import TutorDeps, TutorState
from mathpath.tutor.memory import record_difficulty
from mathpath.tutor.retrieval.passages import Passage
from mathpath.tutor.voice.base import VoiceRequest
from mathpath.tutor.voice.guarded import speak_guarded
from mathpath.tutor.voice.template import chosen_hint

MATHS_INTENTS = (Intent.ANSWER.value, Intent.STEP.value)
MAX_LINES = 12
"""The student's earlier lines the tracer sees (definitions, the line before)."""


async def verify(state: TutorState, runtime: Runtime[TutorDeps]) -> dict[str, Any]:
    if state.get("intent") not in MATHS_INTENTS:
        return {"judgement": None}
    item = TutorItem.from_dict(state["item"])
    previous = list(state.get("lines", []))
    try:
        result = await judge(item, state["message"], previous)
    except Exception as exc:  # the engine bounds its own work; anything else is a bug
        return {"judgement": None, "degraded": [f"verify_failed:{type(exc).__name__}"]}
    update: dict[str, Any] = {
        "judgement": asdict(result),
        "intent": result.mode,
        "lines": [*previous, result.text][-MAX_LINES:],
    }
    if result.status in ("valid", "correct"):
        if result.mode == "step":
            update["last_line"] = result.text
        if result.position is not None:
            update["position"] = max(state.get("position", -1), result.position)
    return update


def _judgement(state: TutorState) -> MathsJudgement | None:
    raw = state.get("judgement")
    return MathsJudgement(**raw) if raw else None


async def choose(state: TutorState, runtime: Runtime[TutorDeps]) -> dict[str, Any]:
    judgement = _judgement(state)
    correct: bool | None = None
    attempts = state.get("attempts", 0)
    if judgement is not None:
        correct = judgement.status in ("correct", "valid")
        if judgement.status in ("incorrect", "invalid"):
            attempts += 1
    rung = Rung(state.get("rung", 0))
    decision = runtime.context.policy(
        PolicyInput(
            intent=Intent(state["intent"]),
            rung=rung,
            attempts=attempts,
            solved=state.get("solved", False),
            verdict_correct=correct,
            mastery=state.get("mastery"),
            mode=state.get("mode", "practice"),
        )
    )
    solved = state.get("solved", False) or (
        judgement is not None and judgement.mode == "answer" and judgement.correct
    )
    hint_rungs = list(state.get("hint_rungs", []))
    if decision.rung != rung:
        hint_rungs.append(int(decision.rung))
    return {
        "kind": decision.kind.value,
        "rung": int(decision.rung),
        "rung_changed": decision.rung != rung,
        "reveal_answer": decision.reveal_answer or solved,
        "reason": decision.reason,
        "attempts": attempts,
        "solved": solved,
        "hint_rungs": hint_rungs,
    }


def _profile(state: TutorState) -> dict[str, object]:
    """What long-term memory says about this student (the context agent read it from the
    student's own namespace), for a voice that adapts its wording to it."""
    about = [c["text"] for c in state.get("context", []) if c["source"] == "memory:profile"]
    return {"about": about[0]} if about else {}


def _request(state: TutorState, item: TutorItem) -> VoiceRequest:
    passages = tuple(
        Passage(id=c["source"], text=c["text"], title=c.get("title", ""), kind=c["kind"])
        for c in state.get("context", [])
        if c["kind"] in ("explanation", "worked_example", "common_mistakes", "item")
        and c["source"] != f"item:{item.id}"
    )
    return VoiceRequest(
        item=item,
        kind=ReplyKind(state["kind"]),
        rung=Rung(state.get("rung", 0)),
        rung_changed=state.get("rung_changed", False),
        reveal_answer=state.get("reveal_answer", False),
        message=state["message"],
        intent=state["intent"],
        judgement=_judgement(state),
        passages=passages,
        profile=_profile(state),
        turn=state.get("turn", 0),
        seed=state.get("session_id", ""),
        position=state.get("position", -1),
        hints_given=tuple(state.get("hints_given", [])),
    )


async def speak(state: TutorState, runtime: Runtime[TutorDeps]) -> dict[str, Any]:
    """Voice the decision and guard it (streamed segment by segment when the voice can
    stream). On a guard violation or a provider failure the template voice answers
    instead, and the reason is recorded."""
    deps = runtime.context
    item = TutorItem.from_dict(state["item"])
    request = _request(state, item)
    guard_ctx = GuardContext(
        item, request.reveal_answer, deps.own_names, deps.other_people,
        student_said=(*tuple(state.get("lines", [])), state["message"]),
    )  # fmt: skip
    if deps.unguarded_for_evaluation:
        said = await deps.voice.speak(request)
        spoken: dict[str, Any] = {"reply": said.text, "voice": said.voice, "guard_violations": []}
    else:
        spoken = await speak_guarded(
            deps.voice, deps.fallback, request, guard_ctx, runtime.stream_writer
        )
    hint = chosen_hint(request)
    if hint:
        spoken["hints_given"] = [*state.get("hints_given", []), hint]
    return spoken


async def record(state: TutorState, runtime: Runtime[TutorDeps]) -> dict[str, Any]:
    """Append the turn to the transcript and the student's long-term memory."""
    judgement = state.get("judgement")
    turn = {
        "turn": state.get("turn", 0),
        "message": state["message"],
        "intent": state["intent"],
        "kind": state["kind"],
        "rung": state.get("rung", 0),
        "reply": state["reply"],
        "verdict": judgement["status"] if judgement else None,
        "misconception": judgement["misconception"] if judgement else None,
        "sources": [c["source"] for c in state.get("context", [])],
        "voice": state.get("voice"),
        "degraded": list(state.get("degraded", [])),
    }
    misconception = judgement["misconception"] if judgement else None
    if runtime.store is not None and misconception:
        await record_difficulty(
            runtime.store, state["student_id"], misconception, item_id=state["item"]["id"],
            key=f"turn:{state.get('session_id', '')}:{state.get('turn', 0)}",
        )  # fmt: skip
    return {"transcript": [turn]}


def build_guidance_agent() -> StateGraph[TutorState, TutorDeps, TutorState, TutorState]:
    graph = StateGraph(TutorState, context_schema=TutorDeps)
    graph.add_node("verify", verify)
    graph.add_node("choose", choose)
    graph.add_node("speak", speak)
    graph.add_node("record", record)
    graph.add_edge(START, "verify")
    graph.add_edge("verify", "choose")
    graph.add_edge("choose", "speak")
    graph.add_edge("speak", "record")
    graph.add_edge("record", END)
    return graph
