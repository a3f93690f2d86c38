"""The billing service app."""

from __future__ import annotations

from fastapi import FastAPI

from mathpath.billing.models import OUTBOX, Base
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceSpec, build_service_app

NAME = "billing"
# Paths this service answers under the gateway (longest prefix wins there).
PREFIXES: tuple[str, ...] = ("/api/v1/billing",)


def create_app(runtime: Runtime | None = None) -> FastAPI:
    spec = ServiceSpec(
        name=NAME,
        title="Mathpath billing",
        description="Plans, subscriptions, entitlements and payments.",
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=[],
        prefixes=PREFIXES,
    )
    return build_service_app(spec, runtime)
