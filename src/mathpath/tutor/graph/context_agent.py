"""Context Retrieval Agent: what did the student say, and what do we know that helps?"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.runtime import Runtime

from mathpath.tutor.core.intents import Intent, classify, looks_like_maths
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.verify import is_working_line
from mathpath.tutor.graph.state import RESET, TutorDeps, TutorState
from mathpath.tutor.memory import describe, get_profile, skill_notes
from mathpath.tutor.retrieval.hybrid import HybridRetriever
from mathpath.tutor.retrieval.passages import Filters

CONCEPT_K = 4
# The skill's explanation, fetched when the student's words found none: cut at a paragraph
# end to the budget's scale (never mid-sentence), and ranked just below the item so trimming
# keeps it.
EXPLANATION_CHARS = 900
EXPLANATION_SCORE = 0.95


async def understand(state: TutorState, runtime: Runtime[TutorDeps]) -> dict[str, Any]:
    item = TutorItem.from_dict(state["item"])
    message = state["message"]
    working = looks_like_maths(message) and is_working_line(item, message)
    return {"intent": classify(message, is_working=working).value, "degraded": [RESET]}


def _item_context(item: TutorItem) -> list[dict[str, Any]]:
    return [{"source": f"item:{item.id}", "kind": "item", "title": "The problem",
             "text": item.stem, "score": 1.0}]  # fmt: skip


async def retrieve(state: TutorState, runtime: Runtime[TutorDeps]) -> dict[str, Any]:
    """Gather context from every source; a failing source is skipped and noted, so the
    tutor still answers from the item alone."""
    item = TutorItem.from_dict(state["item"])
    context = _item_context(item)
    for note in state.get("feedback_notes", []):
        context.append({"source": "feedback", "kind": "feedback", "title": "Teacher note",
                        "text": note, "score": 0.9})  # fmt: skip
    if state.get("misconceptions_seen"):
        seen = ", ".join(state.get("misconceptions_seen", []))
        context.append({"source": "memory", "kind": "memory", "title": "Past mistakes",
                        "text": seen, "score": 0.8})  # fmt: skip
    degraded: list[str] = []
    if runtime.store is not None and state.get("student_id"):
        try:  # the long-term profile (own namespace only) and notes on this item's skills
            about = describe(
                await get_profile(runtime.store, state["student_id"]),
                await skill_notes(runtime.store, state["student_id"], item.skills),
            )
        except Exception as exc:
            degraded.append(f"memory_failed:{type(exc).__name__}")
        else:
            if about:
                context.append({"source": "memory:profile", "kind": "memory",
                                "title": "About the student", "text": about,
                                "score": 0.85})  # fmt: skip
    retriever = runtime.context.retriever
    if retriever is not None and state.get("intent") in (
        Intent.CONCEPT_QUESTION, Intent.HINT_REQUEST, Intent.ANSWER_REQUEST, Intent.ANSWER,
        Intent.STEP,
    ):  # fmt: skip
        query = f"{state['message']} {item.stem}"
        filters = Filters(
            skills=item.skills, audiences=("student",), student_id=state.get("student_id")
        )
        try:
            hits = await retriever.search(query, CONCEPT_K, filters, exclude=(f"item:{item.id}",))
        except Exception as exc:  # retrieval is an aid, never a reason to fail the turn
            degraded.append(f"retrieval_failed:{type(exc).__name__}")
        else:
            context += [
                {
                    "source": h.passage.id,
                    "kind": h.passage.kind,
                    "title": h.passage.title,
                    "text": h.passage.text,
                    "score": h.score,
                }
                for h in hits
            ]
            if not any(h.passage.kind == "explanation" for h in hits):
                context += await _skill_explanation(retriever, item, degraded)
    return {"context": context, "degraded": degraded}


async def _skill_explanation(
    retriever: HybridRetriever, item: TutorItem, degraded: list[str]
) -> list[dict[str, Any]]:
    """The lesson's explanation of the item's skill, when the student's words ("a hint?")
    did not find one: the concept rung of the ladder is voiced from it."""
    filters = Filters(skills=item.skills, kinds=("explanation",), audiences=("student",))
    try:
        hits = await retriever.search(item.stem, 1, filters)
    except Exception as exc:
        degraded.append(f"retrieval_failed:{type(exc).__name__}")
        return []
    return [
        {"source": h.passage.id, "kind": h.passage.kind, "title": h.passage.title,
         "text": _whole_paragraphs(h.passage.text, EXPLANATION_CHARS),
         "score": EXPLANATION_SCORE}
        for h in hits
    ]  # fmt: skip


def _whole_paragraphs(text: str, limit: int) -> str:
    """The first paragraphs of `text` that fit in `limit` characters (at least one)."""
    kept: list[str] = []
    for paragraph in text.split("\n\n"):
        if kept and len("\n\n".join([*kept, paragraph])) > limit:
            break
        kept.append(paragraph)
    return "\n\n".join(kept)


async def rank_and_trim(state: TutorState, runtime: Runtime[TutorDeps]) -> dict[str, Any]:
    """Keep the best context within the character budget (the item always stays)."""
    budget = runtime.context.context_budget_chars
    ranked = sorted(state.get("context", []), key=lambda c: -float(c.get("score", 0.0)))
    kept: list[dict[str, Any]] = []
    used = 0
    for entry in ranked:
        size = len(entry["text"])
        if kept and used + size > budget:
            continue
        kept.append(entry)
        used += size
    return {"context": kept}


def build_context_agent() -> StateGraph[TutorState, TutorDeps, TutorState, TutorState]:
    graph = StateGraph(TutorState, context_schema=TutorDeps)
    graph.add_node("understand", understand)
    graph.add_node("retrieve", retrieve)
    graph.add_node("rank_and_trim", rank_and_trim)
    graph.add_edge(START, "understand")
    graph.add_edge("understand", "retrieve")
    graph.add_edge("retrieve", "rank_and_trim")
    graph.add_edge("rank_and_trim", END)
    return graph
