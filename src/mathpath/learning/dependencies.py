"""Loading shared by routes: the published curriculum and the idempotency key."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from mathpath.contracts.billing_client import BillingClient
from mathpath.kit.service import ContextDep, IdempotencyKeyHeader, ServiceContext, SessionDep
from mathpath.learning import catalog
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.documents import documents
from mathpath.learning.documents.ports import FeedbackNoteStore


def _curriculum(ctx: ContextDep) -> Curriculum:
    return catalog.current(ctx)


def _feedback_notes(ctx: ContextDep, session: SessionDep) -> FeedbackNoteStore:
    return documents(ctx).feedback(session)


CurriculumDep = Annotated[Curriculum, Depends(_curriculum)]
FeedbackNotesDep = Annotated[FeedbackNoteStore, Depends(_feedback_notes)]
IdempotencyKey = IdempotencyKeyHeader


def billing(ctx: ServiceContext) -> BillingClient:
    client = ctx.state.get("billing.client")
    if not isinstance(client, BillingClient):
        client = BillingClient(ctx.runtime.directory.client("billing"), ctx.runtime.cache)
        ctx.state["billing.client"] = client
    return client
