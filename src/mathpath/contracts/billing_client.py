"""Typed client of the billing service: entitlements (cached) and plan-limit errors.

Other services read what a user's plan includes through :class:`BillingClient` and enforce
it with :func:`require_within` / :func:`require_feature`, which raise a 402 problem+json
carrying the upgrade path. Cached entitlements are dropped when billing publishes
``subscription.changed`` (install :func:`subscribe_entitlements_invalidation` once per
process) and expire on their own at ``valid_until`` (a period or grace end that needs no
event to take effect).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import httpx
import structlog
from pydantic import BaseModel

from mathpath.kit.cache import Cache
from mathpath.kit.clock import utcnow
from mathpath.kit.errors import Forbidden, NotFound, PaymentRequired, Unauthorized
from mathpath.kit.events import Event, EventBus
from mathpath.kit.runtime import Runtime

log = structlog.get_logger("mathpath.billing_client")

CACHE_PREFIX = "billing:entitlements:"
PLANS_URL = "/api/v1/billing/plans"
CHECKOUT_URL = "/api/v1/billing/checkout"

LimitName = Literal["tutor_turns_per_day", "max_pathways", "teacher_classes"]
FeatureName = Literal["llm_voice", "parent_weekly_reports"]


class Entitlements(BaseModel):
    """What one user may do now, derived by billing from the best plan covering them."""

    user_id: str
    plan: Literal["free", "basic", "premium"]
    subscription_id: str | None = None
    subscription_status: str | None = None
    tutor_turns_per_day: int
    max_pathways: int
    llm_voice: bool
    parent_weekly_reports: bool
    teacher_classes: int
    # The next plan up (None on the top plan), offered when a limit is hit.
    upgrade_plan: Literal["basic", "premium"] | None
    # When these may change without an event (period end, end of grace); None for Free.
    valid_until: datetime | None = None
    # True when billing could not be reached and Free limits were assumed.
    degraded: bool = False

    @classmethod
    def free_fallback(cls, user_id: str) -> Entitlements:
        """Least privilege when billing is unreachable (never cached)."""
        return cls(
            user_id=user_id,
            plan="free",
            tutor_turns_per_day=5,
            max_pathways=1,
            llm_voice=False,
            parent_weekly_reports=False,
            teacher_classes=1,
            upgrade_plan="basic",
            degraded=True,
        )


class PlanLimitReached(PaymentRequired):
    type_slug = "plan-limit"
    title = "Your plan does not include this"


def _upgrade_extra(ent: Entitlements, what: str, **more: Any) -> dict[str, Any]:
    return {
        "feature": what,
        "plan": ent.plan,
        "upgrade": {
            "plan": ent.upgrade_plan,
            "plans_url": PLANS_URL,
            "checkout_url": CHECKOUT_URL,
        },
        **more,
    }


def require_within(ent: Entitlements, limit: LimitName, used: int) -> None:
    """Raise a 402 problem when ``used`` already reaches the plan's ``limit``."""
    allowed: int = getattr(ent, limit)
    if used >= allowed:
        raise PlanLimitReached(
            f"The {ent.plan} plan allows {allowed} ({limit.replace('_', ' ')}).",
            extra=_upgrade_extra(ent, limit, limit=allowed, used=used),
        )


def require_feature(ent: Entitlements, feature: FeatureName) -> None:
    if not getattr(ent, feature):
        raise PlanLimitReached(
            f"The {ent.plan} plan does not include {feature.replace('_', ' ')}.",
            extra=_upgrade_extra(ent, feature),
        )


class BillingClient:
    """Billing's API over an ``httpx.AsyncClient`` (ASGI in process, HTTP when remote)."""

    def __init__(self, http: httpx.AsyncClient, cache: Cache, *, ttl_s: float = 300.0) -> None:
        self.http = http
        self.cache = cache
        self.ttl_s = ttl_s

    async def entitlements(
        self, user_id: str, *, headers: Mapping[str, str] | None = None
    ) -> Entitlements:
        """``user_id``'s entitlements; ``headers`` forwards the caller's bearer token."""
        cached = await self.cache.get(CACHE_PREFIX + user_id)
        if cached is not None:
            return Entitlements.model_validate(cached)
        try:
            response = await self.http.get(
                f"/api/v1/billing/entitlements/{user_id}", headers=dict(headers or {})
            )
        except httpx.HTTPError as exc:
            log.warning("billing_unreachable", error_type=type(exc).__name__)
            return Entitlements.free_fallback(user_id)
        if response.status_code >= 500:
            log.warning("billing_unavailable", status=response.status_code)
            return Entitlements.free_fallback(user_id)
        _raise_for_problem(response)
        ent = Entitlements.model_validate(response.json())
        await self.cache.set(CACHE_PREFIX + user_id, ent.model_dump(mode="json"), self._ttl(ent))
        return ent

    def _ttl(self, ent: Entitlements) -> float:
        if ent.valid_until is None:
            return self.ttl_s
        return max(0.001, min(self.ttl_s, (ent.valid_until - utcnow()).total_seconds()))

    async def invalidate(self, *user_ids: str) -> None:
        await self.cache.delete(*(CACHE_PREFIX + u for u in user_ids))


def billing_client(runtime: Runtime) -> BillingClient:
    """The billing client of this process (over the runtime's service directory and cache)."""
    client = runtime.extras.get("contracts.billing_client")
    if not isinstance(client, BillingClient):
        client = BillingClient(runtime.directory.client("billing"), runtime.cache)
        runtime.extras["contracts.billing_client"] = client
    return client


def _raise_for_problem(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    detail = "billing refused the request"
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        detail = str(response.json().get("detail", detail))
    if response.status_code == 401:
        raise Unauthorized(detail)
    if response.status_code == 403:
        raise Forbidden(detail)
    if response.status_code == 404:
        raise NotFound(detail)
    response.raise_for_status()


def subscribe_entitlements_invalidation(bus: EventBus, cache: Cache, *, group: str) -> None:
    """Drop cached entitlements of every member of a changed subscription.

    Deleting a cache key is idempotent, so redelivery needs no processed-event record.
    ``group`` must be unique per consuming service (e.g. ``"tutor.billing-cache"``).
    """

    async def invalidate(event: Event) -> None:
        users = [str(u) for u in event.payload.get("member_user_ids", [])]
        payer = event.payload.get("payer_user_id")
        if payer:
            users.append(str(payer))
        if users:
            await cache.delete(*(CACHE_PREFIX + u for u in users))

    bus.subscribe(group, ["subscription.changed"], invalidate)
