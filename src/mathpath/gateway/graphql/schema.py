"""GraphQL types. Service payloads are passed through as JSON where the REST API already
documents their shape (see ``/docs``); the graph's value is fetching them in one round trip."""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from mathpath.gateway.graphql.resolvers import ServiceFetcher


def _fetcher(info: Info) -> ServiceFetcher:
    return cast(ServiceFetcher, info.context["fetcher"])


@strawberry.type(description="One student's learning, as the caller is allowed to see it.")
class Student:
    id: strawberry.ID

    @strawberry.field(description="Mastery by skill and module, streaks, recent activity.")
    async def dashboard(self, info: Info) -> JSON:
        return cast(
            JSON, await _fetcher(info).get("learning", f"/api/v1/students/{self.id}/dashboard")
        )

    @strawberry.field(description="The recommended next activity, with the reason in words.")
    async def next(self, info: Info) -> JSON:
        return cast(JSON, await _fetcher(info).get("learning", f"/api/v1/students/{self.id}/next"))

    @strawberry.field(description="Per-skill mastery.")
    async def mastery(self, info: Info) -> JSON:
        return cast(
            JSON, await _fetcher(info).get("learning", f"/api/v1/students/{self.id}/mastery")
        )

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


@strawberry.type(description="The signed-in user.")
class Viewer:
    id: strawberry.ID
    display_name: str
    role: str
    email_verified: bool
    mfa_enabled: bool

    @strawberry.field(description="The viewer's subscription, if any.")
    async def subscription(self, info: Info) -> JSON:
        return cast(JSON, await _fetcher(info).get("billing", "/api/v1/billing/subscription"))

    @strawberry.field(description="What the viewer's plan includes.")
    async def entitlements(self, info: Info) -> JSON:
        return cast(JSON, await _fetcher(info).get("billing", "/api/v1/billing/entitlements/me"))

    @strawberry.field(description="The viewer as a student (students only).")
    def as_student(self) -> Student | None:
        return Student(id=self.id) if self.role == "student" else None


@strawberry.type
class Query:
    @strawberry.field(description="Who is signed in (needs a bearer token).")
    async def viewer(self, info: Info) -> Viewer:
        me: dict[str, Any] = await _fetcher(info).get("identity", "/api/v1/me")
        return Viewer(
            id=strawberry.ID(me["id"]),
            display_name=me["display_name"],
            role=me["role"],
            email_verified=me["email_verified"],
            mfa_enabled=me["mfa_enabled"],
        )

    @strawberry.field(
        description="A student the caller may see (self, their teacher, "
        "a linked parent, or an admin); services enforce it."
    )
    def student(self, id: strawberry.ID) -> Student:
        return Student(id=id)

    @strawberry.field(description="The learning pathways on offer.")
    async def pathways(self, info: Info) -> JSON:
        return cast(JSON, await _fetcher(info).get("learning", "/api/v1/pathways"))


schema = strawberry.Schema(query=Query)
