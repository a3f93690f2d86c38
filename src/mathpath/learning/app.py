"""The learning service app."""

from __future__ import annotations

from fastapi import FastAPI

from mathpath.access import install_revocations
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext, ServiceSpec, build_service_app
from mathpath.learning import catalog, practice
from mathpath.learning.documents import close_documents, open_documents
from mathpath.learning.events import subscribe
from mathpath.learning.models import OUTBOX, Base
from mathpath.learning.routers import (
    admin,
    attempts,
    curriculum,
    internal,
    pathways,
    students,
    teaching,
)

NAME = "learning"
# Paths this service answers under the gateway (longest prefix wins there).
PREFIXES: tuple[str, ...] = (
    "/api/v1/attempts",
    "/api/v1/pathways",
    "/api/v1/students",
    "/api/v1/modules",
    "/api/v1/lessons",
    "/api/v1/skills",
    "/api/v1/items",
    "/api/v1/assignments",
    "/api/v1/feedback",
    "/api/v1/teaching",
    "/api/v1/admin/analytics",
    "/api/v1/learning",
)


async def _startup(ctx: ServiceContext) -> None:
    await open_documents(ctx)
    # `make run` must serve the bundled curriculum even before `mathpath content load`.
    await catalog.ensure_published(ctx)
    await subscribe(ctx)
    await practice.warm_up()


def create_app(runtime: Runtime | None = None) -> FastAPI:
    spec = ServiceSpec(
        name=NAME,
        title="Mathpath learning",
        description=(
            "Curriculum, practice attempts, mastery, review, pathways, assignments and feedback."
        ),
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=[
            curriculum.router,
            pathways.router,
            attempts.router,
            students.router,
            teaching.router,
            admin.router,
            internal.router,
        ],
        prefixes=PREFIXES,
        calls=("identity", "billing"),
        on_startup=[install_revocations, _startup],
        on_shutdown=[catalog.stop_refresh, close_documents],
    )
    return build_service_app(spec, runtime)
