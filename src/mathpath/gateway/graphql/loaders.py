"""Per-request DataLoaders: every resolver that needs a class roster or a student's progress
asks its loader, and the loader sends one batch call for all the keys asked in the same
step of execution. A class of N students costs the same number of service calls as a class
of two (up to :data:`PROGRESS_BATCH` students per call).

The batch routes apply the same policies as their one-at-a-time REST routes and name the
keys they refused; a refused key fails only its own field, with the 403 the REST route
would have answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from strawberry.dataloader import DataLoader

from mathpath.gateway.graphql.resolvers import ServiceFetcher
from mathpath.kit.errors import TYPE_BASE

# The batch routes' own limits (identity's MAX_ROSTERS, access.MAX_BATCH_STUDENTS).
ROSTER_BATCH = 50
PROGRESS_BATCH = 100

ROSTERS_PATH = "/api/v1/classes/rosters"
PROGRESS_PATH = "/api/v1/students/progress"
MY_CLASSES_PATH = "/api/v1/classes"


def _refused(detail: str, service: str) -> GraphQLError:
    return GraphQLError(
        detail,
        extensions={
            "status": 403,
            "type": f"{TYPE_BASE}policy-denied",
            "service": service,
        },
    )


def _by_id(
    keys: Sequence[str], found: dict[str, Any], denied: str, service: str
) -> list[Any | GraphQLError]:
    return [found[k] if k in found else _refused(denied, service) for k in keys]


@dataclass
class Loaders:
    fetcher: ServiceFetcher
    rosters: DataLoader[str, dict[str, Any]] = field(init=False)
    progress: DataLoader[str, dict[str, Any]] = field(init=False)
    my_classes: DataLoader[str, list[dict[str, Any]]] = field(init=False)

    def __post_init__(self) -> None:
        self.rosters = DataLoader(self._load_rosters, max_batch_size=ROSTER_BATCH)
        self.progress = DataLoader(self._load_progress, max_batch_size=PROGRESS_BATCH)
        # One key (""): the caller's classes, fetched at most once per request.
        self.my_classes = DataLoader(self._load_my_classes)

    async def _load_rosters(self, class_ids: list[str]) -> list[dict[str, Any] | GraphQLError]:
        body = await self.fetcher.get(
            "identity", ROSTERS_PATH, query=[("class_id", c) for c in class_ids]
        )
        found = {c["id"]: c for c in body["classes"]}
        return _by_id(
            class_ids, found, "There is no such class, or you do not teach it.", "identity"
        )

    async def _load_progress(self, student_ids: list[str]) -> list[dict[str, Any] | GraphQLError]:
        body = await self.fetcher.get(
            "learning", PROGRESS_PATH, query=[("student_id", s) for s in student_ids]
        )
        found = {s["student_id"]: s for s in body["students"]}
        return _by_id(student_ids, found, "You do not have access to this student.", "learning")

    async def _load_my_classes(self, keys: list[str]) -> list[list[dict[str, Any]]]:
        classes: list[dict[str, Any]] = await self.fetcher.get("identity", MY_CLASSES_PATH)
        return [classes for _ in keys]
