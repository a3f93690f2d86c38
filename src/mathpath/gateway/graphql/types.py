"""Students and classes. Their lists (a class's students, a student's mastery) come through
the request's DataLoaders (:mod:`mathpath.gateway.graphql.loaders`), so a class costs the
same few service calls whatever its size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

import strawberry
from graphql import GraphQLError
from strawberry.scalars import JSON
from strawberry.types import Info

from mathpath.access import Principal
from mathpath.gateway.graphql.loaders import Loaders
from mathpath.gateway.graphql.resolvers import ServiceFetcher
from mathpath.kit.errors import TYPE_BASE


@dataclass(frozen=True)
class Context:
    fetcher: ServiceFetcher
    loaders: Loaders
    # From the verified bearer token (None without one: the services answer 401).
    viewer: Principal | None


def context_of(info: Info) -> Context:
    return cast(Context, info.context["mathpath"])


def _fetcher(info: Info) -> ServiceFetcher:
    return context_of(info).fetcher


def _loaders(info: Info) -> Loaders:
    return context_of(info).loaders


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _student_key(info: Info, student_id: str) -> str:
    viewer = context_of(info).viewer
    return viewer.user_id if student_id == "me" and viewer is not None else student_id


@strawberry.type(description="A skill's mastery (Bayesian knowledge tracing).")
class SkillMastery:
    skill_id: str
    name: str
    p_known: float
    mastered: bool
    attempts: int
    correct: int
    last_attempt_at: datetime | None

    @classmethod
    def of(cls, data: dict[str, Any]) -> SkillMastery:
        return cls(
            skill_id=data["skill_id"],
            name=data["name"],
            p_known=data["p_known"],
            mastered=data["mastered"],
            attempts=data["attempts"],
            correct=data["correct"],
            last_attempt_at=_when(data["last_attempt_at"]),
        )


@strawberry.type(description="Progress through one learning pathway.")
class PathwayProgress:
    pathway_id: str
    title: str
    enrolled: bool
    skills: int
    mastered: int
    mean_p_known: float = strawberry.field(
        description="Mean over every skill of the pathway, an unpractised skill counting 0."
    )
    started: bool

    @classmethod
    def of(cls, data: dict[str, Any]) -> PathwayProgress:
        return cls(
            pathway_id=data["pathway_id"],
            title=data["title"],
            enrolled=data["enrolled"],
            skills=data["skills"],
            mastered=data["mastered"],
            mean_p_known=data["mean_p_known"],
            started=data["started"],
        )


@strawberry.type(description="One student's learning, as the caller is allowed to see it.")
class Student:
    id: strawberry.ID
    display_name: str | None = strawberry.field(
        default=None, description="Known when the student is reached through a class roster."
    )

    async def _progress(self, info: Info) -> dict[str, Any]:
        return await _loaders(info).progress.load(_student_key(info, str(self.id)))

    @strawberry.field(description="Mastery of each practised skill (batched across students).")
    async def skills(self, info: Info) -> list[SkillMastery]:
        return [SkillMastery.of(s) for s in (await self._progress(info))["skills"]]

    @strawberry.field(description="Progress through each learning pathway (batched).")
    async def pathways(self, info: Info) -> list[PathwayProgress]:
        return [PathwayProgress.of(p) for p in (await self._progress(info))["pathways"]]

    @strawberry.field(description="Per-skill mastery as JSON (the REST route's shape).")
    async def mastery(self, info: Info) -> JSON:
        return cast(JSON, (await self._progress(info))["skills"])

    @strawberry.field(description="Mastery by skill and module, streaks, recent activity.")
    async def dashboard(self, info: Info) -> JSON:
        return cast(
            JSON, await _fetcher(info).get("learning", f"/api/v1/students/{self.id}/dashboard")
        )

    @strawberry.field(description="The recommended next activity, with the reason in words.")
    async def next(self, info: Info) -> JSON:
        return cast(JSON, await _fetcher(info).get("learning", f"/api/v1/students/{self.id}/next"))

    @strawberry.field(description="Feedback notes from teachers and parents.")
    async def feedback(self, info: Info) -> JSON:
        return cast(
            JSON, await _fetcher(info).get("learning", f"/api/v1/students/{self.id}/feedback")
        )

    @strawberry.field(description="What the student's plan includes (tutor turns, ...).")
    async def entitlements(self, info: Info) -> JSON:
        return cast(
            JSON, await _fetcher(info).get("billing", f"/api/v1/billing/entitlements/{self.id}")
        )

    @strawberry.field(
        description="The caller's classes this student is in: a student's own classes, or "
        "the classes of the signed-in teacher that the student belongs to."
    )
    async def classes(self, info: Info) -> list[Class]:
        viewer = context_of(info).viewer
        loaders = _loaders(info)
        mine = await loaders.my_classes.load("")
        if viewer is not None and _student_key(info, str(self.id)) == viewer.user_id:
            return [Class.of(c) for c in mine]
        taught = [c for c in mine if viewer is not None and c["teacher_id"] == viewer.user_id]
        rosters = await loaders.rosters.load_many([c["id"] for c in taught])
        return [
            Class.of(roster)
            for roster in rosters
            if any(s["id"] == self.id for s in roster["students"])
        ]


@strawberry.type(description="A class's teacher.")
class Teacher:
    id: strawberry.ID
    display_name: str


@strawberry.type(name="Class", description="A teacher's class.")
class Class:
    id: strawberry.ID
    name: str
    teacher: Teacher
    join_code: str | None = strawberry.field(
        description="How students join; only the class's teacher sees it."
    )
    created_at: datetime

    @classmethod
    def of(cls, data: dict[str, Any]) -> Class:
        return cls(
            id=strawberry.ID(data["id"]),
            name=data["name"],
            teacher=Teacher(
                id=strawberry.ID(data["teacher_id"]), display_name=data["teacher_name"]
            ),
            join_code=data.get("join_code"),
            created_at=datetime.fromisoformat(data["created_at"]),
        )

    @strawberry.field(
        description="The class's students, by name (its teacher or an admin only; a member "
        "of the class does not see classmates)."
    )
    async def students(self, info: Info) -> list[Student]:
        viewer = context_of(info).viewer
        if viewer is not None and not (viewer.has_role("teacher") or viewer.is_admin):
            raise GraphQLError(
                "Only the class's teacher sees its students.",
                extensions={"status": 403, "type": f"{TYPE_BASE}policy-denied"},
            )
        roster = await _loaders(info).rosters.load(str(self.id))
        return [
            Student(id=strawberry.ID(s["id"]), display_name=s["display_name"])
            for s in roster["students"]
        ]
