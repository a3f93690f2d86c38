"""Long-term memory: a student profile and recurring difficulties in a LangGraph store,
namespaced per student (`("tutor", student_id, ...)`) so one student never reads another's.

Kinds under a student's namespace:
- `profile`: one document (`exam_board`, `goals`, `preferences`), what the student said
  about themselves, extracted from sessions by LangMem when a chat model is configured;
- `difficulties`: misconceptions the maths engine diagnosed, counted once per source;
- `skill_notes`: recurring difficulties per curriculum skill id, in words (LangMem);
- `extraction`: per session, the last turn already sent for extraction (idempotency).

Erasing a student deletes every kind at once (`erase`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langgraph.store.base import BaseStore

PROFILE_KEYS = ("goals", "exam_board", "preferences")
SKILL_NOTES = "skill_notes"
EXTRACTION = "extraction"


def namespace(student_id: str, kind: str) -> tuple[str, ...]:
    return ("tutor", student_id, kind)


async def record_difficulty(
    store: BaseStore, student_id: str, misconception: str, *, item_id: str, key: str
) -> None:
    """Count a misconception once per source (`key`, e.g. an attempt id or a turn)."""
    ns = namespace(student_id, "difficulties")
    existing = await store.aget(ns, misconception)
    value: dict[str, Any] = dict(existing.value) if existing else {"count": 0, "sources": []}
    if key in value["sources"]:
        return
    value["sources"] = [*value["sources"], key][-20:]
    value["count"] = int(value["count"]) + 1
    value["item"] = item_id
    await store.aput(ns, misconception, value)


async def recurring_difficulties(store: BaseStore, student_id: str, minimum: int = 2) -> list[str]:
    found = await store.asearch(namespace(student_id, "difficulties"), limit=100)
    ranked = sorted(found, key=lambda e: -int(e.value.get("count", 0)))
    return [e.key for e in ranked if int(e.value.get("count", 0)) >= minimum]


async def get_profile(store: BaseStore, student_id: str) -> dict[str, Any]:
    entry = await store.aget(namespace(student_id, "profile"), "profile")
    return dict(entry.value) if entry else {}


async def update_profile(
    store: BaseStore, student_id: str, changes: dict[str, Any]
) -> dict[str, Any]:
    profile = await get_profile(store, student_id)
    profile.update({k: v for k, v in changes.items() if k in PROFILE_KEYS})
    await store.aput(namespace(student_id, "profile"), "profile", profile)
    return profile


async def skill_notes(
    store: BaseStore, student_id: str, skills: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The recurring difficulties recorded on these skills, by skill id."""
    ns = namespace(student_id, SKILL_NOTES)
    found = {}
    for skill in skills:
        entry = await store.aget(ns, skill)
        if entry is not None:
            found[skill] = dict(entry.value)
    return found


async def put_skill_note(
    store: BaseStore, student_id: str, skill_id: str, note: str, *, session_id: str
) -> None:
    """One note per skill: a newer one replaces it, and the sessions it came from are kept."""
    ns = namespace(student_id, SKILL_NOTES)
    existing = await store.aget(ns, skill_id)
    sessions = list(existing.value.get("sessions", [])) if existing else []
    if session_id not in sessions:
        sessions = [*sessions, session_id][-10:]
    await store.aput(ns, skill_id, {"skill_id": skill_id, "note": note, "sessions": sessions})


async def extracted_through(store: BaseStore, student_id: str, session_id: str) -> int:
    """The last turn number of the session already extracted (-1: none)."""
    entry = await store.aget(namespace(student_id, EXTRACTION), session_id)
    return int(entry.value["through"]) if entry else -1


async def mark_extracted(store: BaseStore, student_id: str, session_id: str, turn: int) -> None:
    await store.aput(namespace(student_id, EXTRACTION), session_id, {"through": turn})


def describe(profile: dict[str, Any], notes: dict[str, dict[str, Any]]) -> str:
    """The student's long-term memory in a few words, for the tutor's context."""
    parts = []
    if profile.get("exam_board"):
        parts.append(f"Exam board: {profile['exam_board']}.")
    if profile.get("goals"):
        parts.append("Goals: " + "; ".join(profile["goals"]) + ".")
    if profile.get("preferences"):
        parts.append("Prefers: " + "; ".join(profile["preferences"]) + ".")
    for skill, value in notes.items():
        parts.append(f"Finds hard ({skill}): {value['note']}")
    return " ".join(parts)


async def erase(store: BaseStore, student_id: str) -> None:
    for ns in await store.alist_namespaces(prefix=("tutor", student_id)):
        while entries := await store.asearch(ns, limit=100):
            for entry in entries:
                await store.adelete(ns, entry.key)
