"""Provider webhooks (HTTP only): verify and store, answer 200, then process."""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, Request
from pydantic import BaseModel

from mathpath.access import Public
from mathpath.billing.config import ProviderName
from mathpath.billing.dependencies import BillingDep
from mathpath.billing.providers.base import InvalidWebhook
from mathpath.billing.webhooks import process, receive
from mathpath.kit.errors import MathpathError, NotFound, error_responses

router = APIRouter(tags=["billing webhooks"])

MAX_BODY_BYTES = 1_000_000


class PayloadTooLarge(MathpathError):
    status = 413
    type_slug = "payload-too-large"
    title = "The request body is too large"


class WebhookAck(BaseModel):
    received: bool
    duplicate: bool


@router.post(
    "/api/v1/billing/webhooks/{provider}",
    summary="Provider webhook endpoint (authenticated by the provider's signature)",
    responses=error_responses(InvalidWebhook, PayloadTooLarge, NotFound),
)
async def webhook(
    _: Public,
    provider: ProviderName,
    request: Request,
    background: BackgroundTasks,
    billing: BillingDep,
) -> WebhookAck:
    if provider not in billing.providers:
        raise NotFound(f"The {provider} provider is not enabled here.")
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > MAX_BODY_BYTES:
            raise PayloadTooLarge()
    event_id, is_new = await receive(billing, provider, bytes(body), request.headers)
    # After the response: a provider waits for a 2xx only, and a failure here is retried
    # from the stored record by the periodic sweep.
    background.add_task(process, billing, event_id)
    return WebhookAck(received=True, duplicate=not is_new)
