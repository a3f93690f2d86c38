"""What the tutor reads from other services: the item (learning), the student's mastery,
misconceptions and feedback (learning), and the plan's limits (billing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mathpath.access import Principal, identity_client
from mathpath.contracts.billing_client import BillingClient, Entitlements
from mathpath.contracts.learning_client import LearningClient
from mathpath.contracts.learning_client import TutorItem as LearningItem
from mathpath.kit.errors import MathpathError
from mathpath.kit.service import ServiceContext
from mathpath.tutor.core.items import TutorItem, level_of_module

NAME = "tutor"


@dataclass
class StudentMemory:
    """Medium-term memory read from learning for the item's skills."""

    mastery: float | None = None
    misconceptions: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)


async def service_bearer(ctx: ServiceContext) -> str:
    return await identity_client(ctx.runtime).service_token(
        NAME, ctx.settings.secret_key.get_secret_value()
    )


def learning(ctx: ServiceContext) -> LearningClient:
    return LearningClient(ctx.runtime.directory.client("learning"))


def billing(ctx: ServiceContext) -> BillingClient:
    client = ctx.state.get("billing_client")
    if not isinstance(client, BillingClient):
        client = BillingClient(ctx.runtime.directory.client("billing"), ctx.runtime.cache)
        ctx.state["billing_client"] = client
    return client


def from_learning(item: LearningItem) -> TutorItem | None:
    """Learning's item as the tutor's; None for a multi-part item (one session per part)."""
    if item.answer is None:
        return None
    raw = item.model_dump()
    raw["level"] = level_of_module(item.module_id)
    return TutorItem.from_dict(raw)


async def fetch_item(
    ctx: ServiceContext, item_id: str, seed: int | None, version: str | None
) -> TutorItem | None:
    bearer = await service_bearer(ctx)
    found = await learning(ctx).tutor_item(
        item_id, bearer=bearer, seed=seed, content_version=version
    )
    return from_learning(found)


async def student_memory(ctx: ServiceContext, student_id: str, item: TutorItem) -> StudentMemory:
    try:
        bearer = await service_bearer(ctx)
        context = await learning(ctx).student_context(
            student_id, bearer=bearer, skills=list(item.skills)
        )
    except (MathpathError, OSError) as exc:
        return StudentMemory(degraded=[f"learning_context_failed:{type(exc).__name__}"])
    # A skill never attempted has only the prior: that says nothing about this student.
    relevant = [s.p_known for s in context.skills if s.skill_id in item.skills and s.attempts]
    return StudentMemory(
        mastery=sum(relevant) / len(relevant) if relevant else None,
        misconceptions=[m.misconception for m in context.misconceptions],
        feedback=[f.body for f in context.feedback[:5]],
    )


async def entitlements(ctx: ServiceContext, principal: Principal) -> Entitlements:
    return await billing(ctx).entitlements(
        principal.user_id, headers={"Authorization": f"Bearer {principal.token}"}
    )
