"""Identity's event subscriptions."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.contracts.billing_client import subscribe_entitlements_invalidation
from mathpath.contracts.identity_client import subscribe_relationship_invalidation
from mathpath.contracts.identity_events import (
    USER_ERASE_REQUESTED,
    USER_ERASURE_CONFIRMED,
    USER_EXPORT_CONTRIBUTED,
    UserErasureConfirmed,
    UserExportContributed,
)
from mathpath.identity import privacy
from mathpath.kit.events import Event
from mathpath.kit.service import ServiceContext


def subscribe(ctx: ServiceContext) -> None:
    async def erase(session: AsyncSession, event: Event) -> None:
        await privacy.erase_identity_data(session, ctx, event)

    async def confirmed(session: AsyncSession, event: Event) -> None:
        answer = UserErasureConfirmed.model_validate(event.payload)
        await privacy.record_answer(session, answer.request_id, answer.service, None)

    async def contributed(session: AsyncSession, event: Event) -> None:
        part = UserExportContributed.model_validate(event.payload)
        await privacy.record_answer(session, part.request_id, part.service, part.data)

    ctx.on([USER_ERASE_REQUESTED], "erasure", erase)
    ctx.on([USER_ERASURE_CONFIRMED], "erasure-confirmations", confirmed)
    ctx.on([USER_EXPORT_CONTRIBUTED], "export-contributions", contributed)
    subscribe_relationship_invalidation(ctx.bus, ctx.runtime.cache, group="identity.rel-cache")
    # Class creation reads the teacher's plan (teacher_classes).
    subscribe_entitlements_invalidation(ctx.bus, ctx.runtime.cache, group="identity.billing-cache")
