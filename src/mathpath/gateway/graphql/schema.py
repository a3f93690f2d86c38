"""The GraphQL schema. Service payloads are passed through as JSON where the REST API already
documents their shape (see ``/docs``); classes, students and mastery are typed, fetched
through DataLoaders (:mod:`mathpath.gateway.graphql.loaders`).

Every operation is bounded before it runs: at most :data:`MAX_DEPTH` levels of fields
(``Class.students`` -> ``Student.classes`` -> ... is a cycle), :data:`MAX_ALIASES` aliases and
:data:`MAX_TOKENS` tokens; a document over a limit is refused with a GraphQL error and no
service is called.
"""

from __future__ import annotations

from typing import Any, cast

import strawberry
from strawberry.extensions import MaxAliasesLimiter, MaxTokensLimiter, QueryDepthLimiter
from strawberry.scalars import JSON
from strawberry.types import Info

from mathpath.gateway.graphql.types import Class, Student, _fetcher, _loaders

MAX_DEPTH = 5
MAX_ALIASES = 20
MAX_TOKENS = 2000


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
        return (
            Student(id=self.id, display_name=self.display_name) if self.role == "student" else None
        )


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

    @strawberry.field(
        description="The caller's classes: a teacher's own (with join codes), or the classes "
        "a student has joined (without classmates)."
    )
    async def my_classes(self, info: Info) -> list[Class]:
        return [Class.of(c) for c in await _loaders(info).my_classes.load("")]

    @strawberry.field(
        name="class", description="One class with its roster (its teacher, or an admin)."
    )
    async def class_(self, info: Info, id: strawberry.ID) -> Class:
        return Class.of(await _loaders(info).rosters.load(str(id)))

    @strawberry.field(description="The learning pathways on offer.")
    async def pathways(self, info: Info) -> JSON:
        return cast(JSON, await _fetcher(info).get("learning", "/api/v1/pathways"))


schema = strawberry.Schema(
    query=Query,
    # Factories: Strawberry builds each extension afresh for every operation.
    extensions=[
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
    ],
)
