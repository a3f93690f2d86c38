"""An optional rubric judge: a language model grades each reply a student would read.

Only with `mathpath eval tutor --judge <provider:model>` (the tutor's LLM settings give the
base URL and key). The judge sees the question, the student's message, what the maths engine
decided and the reply; it never decides the maths (the engine already did) and its grade is
reported beside the deterministic metrics, not instead of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from mathpath.tutor.config import TutorSettings
from mathpath.tutor.evaluation.runner import ScenarioResult
from mathpath.tutor.evaluation.stats import wilson

MAX_REPLIES = 200
RUBRIC = """You grade one reply of a maths tutor for UK secondary students. The maths engine has \
already decided whether the student was right; judge only the reply. Score 1-5:
5 = names the student's actual mistake or confirms their correct work, gives exactly one useful \
next step from where the student is, does not give the final answer away early, clear for the \
student's age; 3 = correct but generic; 1 = wrong, discouraging, repeats itself, or gives the \
answer away. Answer with JSON only: {"score": <1-5>, "why": "<one sentence>"}."""

_JSON = re.compile(r"\{.*\}", re.S)


def _prompt(result: ScenarioResult, index: int) -> str:
    turn = result.turns[index]
    item = result.scenario.item
    return (
        f"Question: {item.stem}\nStudent level: {item.level or 'unknown'}\n"
        f"Student wrote: {result.scenario.turns[index].say}\n"
        f"Engine verdict: {turn.verdict or 'none'}; misconception: {turn.misconception or 'none'}\n"
        f"Tutor reply: {turn.reply}"
    )


def parse_grade(text: str) -> int | None:
    """The judge's score, or None when it did not answer in the rubric's format."""
    match = _JSON.search(text)
    if match is None:
        return None
    try:
        score = int(json.loads(match.group(0))["score"])
    except (ValueError, KeyError, TypeError):
        return None
    return score if 1 <= score <= 5 else None


async def judge_replies(
    model: str, results: Sequence[ScenarioResult], settings: TutorSettings | None = None
) -> dict[str, Any]:
    """Mean rubric grade (1-5) over up to MAX_REPLIES replies, and the share graded 4 or 5."""
    from langchain_core.messages import HumanMessage, SystemMessage

    from mathpath.tutor.voice.llm import chat_model

    chat = chat_model(
        model, settings or TutorSettings(), timeout_s=30, max_tokens=120, temperature=0.0
    )
    grades: list[int] = []
    unparsed = 0
    pairs = [(r, i) for r in results for i in range(len(r.turns))][:MAX_REPLIES]
    for result, index in pairs:
        message = await chat.ainvoke([SystemMessage(RUBRIC), HumanMessage(_prompt(result, index))])
        grade = parse_grade(str(message.content))
        if grade is None:
            unparsed += 1
        else:
            grades.append(grade)
    good = sum(g >= 4 for g in grades)
    rate, low, high = wilson(good, len(grades))
    return {
        "model": model,
        "n": len(grades),
        "unparsed": unparsed,
        "mean": sum(grades) / len(grades) if grades else float("nan"),
        "good_rate": {"rate": rate, "ci95": [low, high], "n": len(grades), "hits": good},
    }
