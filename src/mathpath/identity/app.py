"""The identity service app."""

from __future__ import annotations

from fastapi import FastAPI

from mathpath.identity.models import OUTBOX, Base
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceSpec, build_service_app

NAME = "identity"
# Paths this service answers under the gateway (longest prefix wins there).
PREFIXES: tuple[str, ...] = (
    "/api/v1/auth",
    "/api/v1/me",
    "/api/v1/users",
    "/api/v1/classes",
    "/api/v1/links",
    "/api/v1/admin/users",
    "/api/v1/admin/audit",
    "/api/v1/identity",
    "/.well-known",
)


def create_app(runtime: Runtime | None = None) -> FastAPI:
    spec = ServiceSpec(
        name=NAME,
        title="Mathpath identity",
        description=(
            "Accounts, roles, sessions and tokens, classes, parent links, consent and privacy."
        ),
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=[],
        prefixes=PREFIXES,
    )
    return build_service_app(spec, runtime)
