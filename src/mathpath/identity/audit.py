"""The audit log of privileged and security-relevant actions (append-only)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.identity.models import AuditEntry
from mathpath.kit.clock import utcnow
from mathpath.kit.ids import new_id


async def record(
    session: AsyncSession,
    action: str,
    *,
    actor_id: str | None,
    target_id: str | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditEntry(
            id=new_id(),
            actor_id=actor_id,
            action=action,
            target_id=target_id,
            detail=detail,
            created_at=utcnow(),
        )
    )
    await session.flush()
