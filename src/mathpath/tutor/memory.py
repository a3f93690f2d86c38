"""Long-term memory: a student profile and recurring difficulties in a LangGraph store,
namespaced per student (`("tutor", student_id, ...)`) so one student never reads another's.
"""

from __future__ import annotations

from typing import Any

from langgraph.store.base import BaseStore

PROFILE_KEYS = ("goals", "exam_board", "preferences")


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


async def erase(store: BaseStore, student_id: str) -> None:
    for ns in await store.alist_namespaces(prefix=("tutor", student_id)):
        while entries := await store.asearch(ns, limit=100):
            for entry in entries:
                await store.adelete(ns, entry.key)
