"""Loading shared by routes: the published curriculum and the idempotency key."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header

from mathpath.contracts.billing_client import BillingClient
from mathpath.kit.errors import BusinessRuleViolation
from mathpath.kit.service import ContextDep, ServiceContext, SessionDep
from mathpath.learning import catalog
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.documents import documents
from mathpath.learning.documents.ports import FeedbackNoteStore


class IdempotencyKeyMissing(BusinessRuleViolation):
    type_slug = "idempotency-key-required"
    title = "This write needs an Idempotency-Key header"


def _curriculum(ctx: ContextDep) -> Curriculum:
    return catalog.current(ctx)


def _idempotency_key(
    key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=200)] = None,
) -> str:
    if key is None or len(key) < 8:
        raise IdempotencyKeyMissing(
            "Send an 'Idempotency-Key' header (8-200 characters, new for each answer)."
        )
    return key


def _feedback_notes(ctx: ContextDep, session: SessionDep) -> FeedbackNoteStore:
    return documents(ctx).feedback(session)


CurriculumDep = Annotated[Curriculum, Depends(_curriculum)]
FeedbackNotesDep = Annotated[FeedbackNoteStore, Depends(_feedback_notes)]
IdempotencyKey = Annotated[str, Depends(_idempotency_key)]


def billing(ctx: ServiceContext) -> BillingClient:
    client = ctx.state.get("billing.client")
    if not isinstance(client, BillingClient):
        client = BillingClient(ctx.runtime.directory.client("billing"), ctx.runtime.cache)
        ctx.state["billing.client"] = client
    return client
