"""The tutor service app."""

from __future__ import annotations

from fastapi import FastAPI

from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceSpec, build_service_app
from mathpath.tutor.models import OUTBOX, Base

NAME = "tutor"
# Paths this service answers under the gateway (longest prefix wins there).
PREFIXES: tuple[str, ...] = ("/api/v1/tutor",)


def create_app(runtime: Runtime | None = None) -> FastAPI:
    spec = ServiceSpec(
        name=NAME,
        title="Mathpath tutor",
        description="The AI tutor: sessions, retrieval and guidance checked by the maths engine.",
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=[],
        prefixes=PREFIXES,
    )
    return build_service_app(spec, runtime)
