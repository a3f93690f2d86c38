"""Platform analytics for administrators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from mathpath.access import AdminOnly
from mathpath.kit.service import SessionDep
from mathpath.learning.analytics import AnalyticsOut, analytics

router = APIRouter(tags=["admin"])


@router.get(
    "/api/v1/admin/analytics/learning",
    summary="Active students, attempts, solve and hint rates, time to mastery, broken items",
)
async def learning_analytics(
    _admin: AdminOnly,
    session: SessionDep,
    days: Annotated[int, Query(ge=1, le=365)] = 30,
) -> AnalyticsOut:
    return await analytics(session, days)
