"""The identity service app."""

from __future__ import annotations

from fastapi import FastAPI

from mathpath.identity import events, profiles
from mathpath.identity.models import OUTBOX, Base
from mathpath.identity.routers import admin, auth, classes, external, internal, links, me
from mathpath.identity.state import IdentityState, build_state
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext, ServiceSpec, build_service_app
from mathpath.kit.settings import Environment

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
_DEV_ENVIRONMENTS = (Environment.development, Environment.test)


async def _startup(ctx: ServiceContext) -> None:
    state = build_state(ctx)
    await state.keys.load()
    events.subscribe(ctx)
    profiles.subscribe_profiles(ctx)


async def _shutdown(ctx: ServiceContext) -> None:
    state = ctx.state.get("identity")
    if isinstance(state, IdentityState) and state.http is not None:
        await state.http.aclose()
    await profiles.close_profiles(ctx)


def create_app(runtime: Runtime | None = None) -> FastAPI:
    routers = [
        auth.router,
        external.router,
        me.router,
        classes.router,
        links.router,
        admin.router,
        internal.router,
    ]
    environment = runtime.settings.environment if runtime is not None else None
    if environment is None:
        from mathpath.kit.settings import get_settings

        environment = get_settings().environment
    if environment in _DEV_ENVIRONMENTS:
        routers.append(internal.dev_router)
    spec = ServiceSpec(
        name=NAME,
        title="Mathpath identity",
        description=(
            "Accounts, roles, sessions and tokens, classes, parent links, consent and privacy."
        ),
        metadata=Base.metadata,
        outbox=OUTBOX,
        routers=routers,
        prefixes=PREFIXES,
        on_startup=[_startup],
        on_shutdown=[_shutdown],
    )
    return build_service_app(spec, runtime)
