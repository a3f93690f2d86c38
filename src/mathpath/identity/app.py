"""The identity service app."""

from __future__ import annotations

import asyncio

import structlog
from fastapi import FastAPI

from mathpath.access import install_revocations
from mathpath.identity import events, profiles
from mathpath.identity.config import IdentityConfig
from mathpath.identity.models import OUTBOX, Base
from mathpath.identity.routers import admin, auth, classes, external, internal, links, me
from mathpath.identity.state import IdentityState, build_state, state_of
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext, ServiceSpec, build_service_app
from mathpath.kit.settings import Environment, Settings

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
log = structlog.get_logger("mathpath.identity")


def check_email(settings: Settings, config: IdentityConfig) -> None:
    """Verification and reset emails must reach people: production refuses to start without
    SMTP; any other environment that is not development or test warns at every start that
    messages are only kept in the `email_outbox` table (read at `/api/v1/identity/dev/outbox`
    in development)."""
    if config.email_adapter == "smtp":
        return
    if settings.is_production:
        raise ValueError(
            "refusing to start in production: no email is sent without SMTP; set "
            "MATHPATH_IDENTITY_EMAIL_ADAPTER=smtp and MATHPATH_IDENTITY_SMTP_HOST"
        )
    if settings.environment not in _DEV_ENVIRONMENTS:
        log.warning(
            "email_not_sent",
            service=NAME,
            detail="no SMTP configured: verification and reset emails are only stored in the "
            "email_outbox table; set MATHPATH_IDENTITY_EMAIL_ADAPTER=smtp",
        )


async def _smtp_reachable(ctx: ServiceContext) -> None:
    config = state_of(ctx).config
    _reader, writer = await asyncio.open_connection(config.smtp_host, config.smtp_port)
    writer.close()
    await writer.wait_closed()


async def _startup(ctx: ServiceContext) -> None:
    state = build_state(ctx)
    check_email(ctx.settings, state.config)
    if state.config.email_adapter == "smtp":
        ctx.checks["identity.smtp"] = _smtp_reachable
    await state.keys.load()
    events.subscribe(ctx)
    profiles.subscribe_profiles(ctx)


async def _shutdown(ctx: ServiceContext) -> None:
    state = ctx.state.get("identity")
    if not isinstance(state, IdentityState):
        return
    await state.keys.aclose()
    if state.http is not None:
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
        on_startup=[install_revocations, _startup],
        on_shutdown=[_shutdown],
    )
    return build_service_app(spec, runtime)
