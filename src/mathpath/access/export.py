"""A service's side of identity's export protocol (``contracts/identity_events.py``).

Identity publishes ``user.export_requested``; each service builds its JSON part and hands it
to identity's contribute route with a service token. Over HTTP, not as an event: an event
would leave a copy of the user's data in the service's outbox and in the event stream, where
nothing prunes it and an erasure does not reach it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.access.policies import identity_client
from mathpath.contracts.identity_events import UserExportRequested
from mathpath.kit.errors import NotFound
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext

log = structlog.get_logger(__name__)

Part = Callable[[AsyncSession, str], Awaitable[dict[str, Any]]]
"""Builds the service's part of one user's export, from that service's own database."""


async def deliver(ctx: ServiceContext, request_id: str, data: dict[str, Any]) -> None:
    client = identity_client(ctx.runtime)
    bearer = await client.service_token(ctx.name, ctx.settings.secret_key.get_secret_value())
    try:
        await client.contribute_export(request_id, data, bearer=bearer)
    except NotFound:  # identity no longer holds the request: nothing to answer
        log.warning("export_request_unknown", request_id=request_id, service=ctx.name)


def export_handler(
    ctx: ServiceContext, part: Part
) -> Callable[[AsyncSession, Event], Awaitable[None]]:
    """Consumer of ``user.export_requested``: answer with the part `part` builds
    (idempotent: identity keeps a service's first answer)."""

    async def apply(session: AsyncSession, event: Event) -> None:
        request = UserExportRequested.model_validate(event.payload)
        await deliver(ctx, request.request_id, await part(session, request.user_id))

    return apply
