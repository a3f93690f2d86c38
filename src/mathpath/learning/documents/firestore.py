"""Progress snapshots in Firestore: `progress/{student_id}` holds the student's mastery per
skill, merged from `mastery.updated` events in a transaction. Each event is applied once
(its id is kept in `progress/{student_id}/applied/{event_id}`, written in the same
transaction), and a skill's entry is only replaced by a newer one, so a redelivered or
late event changes nothing."""

from __future__ import annotations

import asyncio
import random
import weakref
from datetime import datetime
from typing import Any

from google.api_core.exceptions import Aborted
from google.cloud import firestore
from google.cloud.firestore_v1.field_path import FieldPath

from mathpath.learning.documents.ports import ProgressSnapshot, SkillProgress

COLLECTION = "progress"
MAX_ATTEMPTS = 10


def _snapshot(student_id: str, data: dict[str, Any]) -> ProgressSnapshot:
    skills = {
        str(s["skill_id"]): SkillProgress(
            str(s["skill_id"]), float(s["p_known"]), bool(s["mastered"])
        )
        for s in data.get("skills", {}).values()
    }
    return ProgressSnapshot(student_id, skills, data["updated_at"])


class FirestoreProgressStore:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.collection = client.collection(COLLECTION)
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()

    async def apply(
        self, event_id: str, student_id: str, skills: list[SkillProgress], at: datetime
    ) -> bool:
        """Merge one event's skills into the snapshot; False if it was applied before."""
        ref = self.collection.document(student_id)
        marker = ref.collection("applied").document(event_id)

        @firestore.async_transactional
        async def merge(transaction: Any) -> bool:
            seen = await marker.get(transaction=transaction)
            if seen.exists:
                return False
            current = await ref.get(transaction=transaction)
            data = current.to_dict() if current.exists else {}
            entries: dict[str, Any] = dict(data.get("skills", {}))
            for s in skills:
                old = entries.get(s.skill_id)
                if old is None or old["at"] <= at:
                    entries[s.skill_id] = {
                        "skill_id": s.skill_id,
                        "p_known": s.p_known,
                        "mastered": s.mastered,
                        "at": at,
                    }
            updated = max([at, *([data["updated_at"]] if "updated_at" in data else [])])
            transaction.set(
                ref, {"student_id": student_id, "skills": entries, "updated_at": updated}
            )
            transaction.set(marker, {"at": at})
            return True

        # Firestore's server libraries lock what a transaction reads, so two transactions on
        # one document wait for each other until one is aborted (seconds, in the emulator).
        # In one process a student's events are merged one at a time; across replicas the
        # loser is aborted, at its commit or already at a read, and tried again.
        lock = self._locks.get(student_id)
        if lock is None:
            lock = self._locks[student_id] = asyncio.Lock()
        async with lock:
            return await self._merge_retried(merge)

    async def _merge_retried(self, merge: Any) -> bool:
        for attempt in range(MAX_ATTEMPTS):
            try:
                result: bool = await merge(self.client.transaction())
                return result
            except (Aborted, ValueError) as exc:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                if isinstance(exc, ValueError) and not isinstance(exc.__cause__, Aborted):
                    raise
                await asyncio.sleep(random.uniform(0.01, 0.05) * (attempt + 1))  # noqa: S311
        raise AssertionError("unreachable")

    async def get(self, student_id: str) -> ProgressSnapshot | None:
        doc = await self.collection.document(student_id).get()
        return _snapshot(student_id, doc.to_dict()) if doc.exists else None

    async def mastered_by(self, skill_id: str) -> list[str]:
        path = FieldPath("skills", skill_id, "mastered").to_api_repr()
        query = self.collection.where(filter=firestore.FieldFilter(path, "==", True))
        return sorted([doc.id async for doc in query.stream()])

    async def erase_student(self, student_id: str) -> None:
        ref = self.collection.document(student_id)
        async for marker in ref.collection("applied").list_documents():
            await marker.delete()
        await ref.delete()
