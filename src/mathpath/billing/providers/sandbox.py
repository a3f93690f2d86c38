"""The embedded sandbox provider: a local hosted-checkout page and simulated events.

It keeps provider-side state in billing's database (``sandbox_*`` tables, never read by
the billing domain code) and sends every event, signed, to the same webhook endpoint the
real providers use, so the whole verify-store-process path runs offline.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any, Literal

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from mathpath.billing.models import (
    SandboxEvent,
    SandboxInvoice,
    SandboxSession,
    SandboxSubscription,
)
from mathpath.billing.periods import add_interval
from mathpath.billing.providers import signing
from mathpath.billing.providers.base import (
    CheckoutRequest,
    CheckoutSession,
    EventEffects,
    InvalidWebhook,
    MoneyMovement,
    ProviderError,
    ProviderStatus,
    SubscriptionSnapshot,
    VerifiedEvent,
)
from mathpath.kit import clock
from mathpath.kit.db import Database

log = structlog.get_logger("mathpath.billing.sandbox")

SIGNATURE_HEADER = "Sandbox-Signature"
WEBHOOK_PATH = "/api/v1/billing/webhooks/sandbox"
Deliver = Callable[[bytes, Mapping[str, str]], Awaitable[None]]
SimulateAction = Literal["period_end", "payment_failed", "payment_recovered", "refund_last"]


def _sid(prefix: str) -> str:
    return f"{prefix}_sb_{secrets.token_hex(10)}"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else None


class SandboxProvider:
    name = "sandbox"

    def __init__(self, db: Database, *, secret: str, public_base_url: str) -> None:
        self.db = db
        self.secret = secret
        self.public_base_url = public_base_url.rstrip("/")
        self.deliver: Deliver | None = None  # set by the app once its HTTP client exists

    # -- the provider API -------------------------------------------------------------
    async def create_checkout(self, request: CheckoutRequest) -> CheckoutSession:
        session_id = _sid("cs")
        async with self.db.transaction() as s:
            s.add(
                SandboxSession(
                    id=session_id,
                    reference=request.reference,
                    plan=request.plan,
                    interval=request.interval,
                    family=request.family,
                    amount_minor=request.amount_minor,
                    trial_days=request.trial_days,
                    status="open",
                    created_at=clock.utcnow(),
                )
            )
        url = f"{self.public_base_url}/api/v1/billing/sandbox/checkout/{session_id}"
        return CheckoutSession(provider_session_id=session_id, redirect_url=url)

    async def set_cancel_at_period_end(
        self, provider_subscription_id: str, cancel: bool
    ) -> SubscriptionSnapshot:
        async with self.db.transaction() as s:
            sub = await self._live(s, provider_subscription_id)
            sub.cancel_at_period_end = cancel
            sub.revision += 1
            self._record(s, "customer.subscription.updated", _sub_object(sub))
        await self.flush_events()
        return _snapshot(_sub_object(sub))

    async def change_plan(
        self,
        provider_subscription_id: str,
        *,
        plan: str,
        interval: str,
        family: bool,
        amount_minor: int,
    ) -> SubscriptionSnapshot:
        async with self.db.transaction() as s:
            sub = await self._live(s, provider_subscription_id)
            # The sandbox applies changes from the next renewal (no proration).
            sub.plan, sub.interval, sub.family = plan, interval, family
            sub.amount_minor = amount_minor
            sub.revision += 1
            self._record(s, "customer.subscription.updated", _sub_object(sub))
        await self.flush_events()
        return _snapshot(_sub_object(sub))

    async def portal_url(self, customer_id: str, return_url: str) -> str:
        return f"{self.public_base_url}/api/v1/billing/sandbox/portal/{customer_id}"

    async def verify_webhook(self, body: bytes, headers: Mapping[str, str]) -> VerifiedEvent:
        signing.verify(body, headers.get(SIGNATURE_HEADER.lower()), self.secret)
        try:
            event = json.loads(body)
            return VerifiedEvent(
                provider_event_id=str(event["id"]),
                event_type=str(event["type"]),
                body=body.decode(),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InvalidWebhook("The event body is not a sandbox event.") from exc

    async def interpret(self, event_type: str, body: str) -> EventEffects:
        obj = json.loads(body)["data"]["object"]
        if event_type.startswith("customer.subscription."):
            return EventEffects(snapshots=[_snapshot(obj)])
        if event_type in ("invoice.paid", "charge.refunded"):
            return EventEffects(movements=[_movement(obj)])
        return EventEffects()

    async def fetch_subscription(self, provider_subscription_id: str) -> SubscriptionSnapshot:
        async with self.db.transaction() as s:
            sub = await s.get(SandboxSubscription, provider_subscription_id)
            if sub is None:
                raise ProviderError(f"No sandbox subscription {provider_subscription_id}.")
            return _snapshot(_sub_object(sub))

    async def list_movements(self, provider_subscription_id: str) -> list[MoneyMovement]:
        async with self.db.transaction() as s:
            rows = await s.scalars(
                select(SandboxInvoice)
                .where(SandboxInvoice.subscription_id == provider_subscription_id)
                .order_by(SandboxInvoice.created_at, SandboxInvoice.id)
            )
            return [_movement(_invoice_object(i)) for i in rows]

    # -- the hosted page and the simulator -----------------------------------------------
    async def checkout_session(self, session_id: str) -> SandboxSession | None:
        async with self.db.transaction() as s:
            return await s.get(SandboxSession, session_id)

    async def subscription_reference(self, provider_subscription_id: str) -> str | None:
        """Our subscription id behind a sandbox subscription (None if there is none)."""
        async with self.db.transaction() as s:
            sub = await s.get(SandboxSubscription, provider_subscription_id)
            return sub.reference if sub is not None else None

    async def has_customer(self, customer_id: str) -> bool:
        """Whether a sandbox subscription was ever made for this customer id."""
        async with self.db.transaction() as s:
            found = await s.scalar(
                select(SandboxSubscription.id)
                .where(SandboxSubscription.customer_id == customer_id)
                .limit(1)
            )
            return found is not None

    async def complete_checkout(self, session_id: str) -> str:
        """The buyer paid on the local page: create the subscription, send its events.

        Completing twice is a no-op returning the same subscription id."""
        async with self.db.transaction() as s:
            session = await s.get(SandboxSession, session_id)
            if session is None or session.status == "expired":
                raise ProviderError("This checkout session does not exist or has expired.")
            if session.status == "complete":
                existing = await s.scalar(
                    select(SandboxSubscription.id).where(
                        SandboxSubscription.session_id == session_id
                    )
                )
                assert existing is not None
                return existing
            now = clock.utcnow()
            trial_end = now + timedelta(days=session.trial_days) if session.trial_days else None
            sub = SandboxSubscription(
                id=_sid("sub"),
                session_id=session_id,
                reference=session.reference,
                customer_id=_sid("cus"),
                plan=session.plan,
                interval=session.interval,
                family=session.family,
                amount_minor=session.amount_minor,
                status="trialing" if trial_end else "active",
                cancel_at_period_end=False,
                trial_end=trial_end,
                current_period_start=now,
                current_period_end=trial_end or add_interval(now, session.interval),
                revision=1,
                invoice_count=0,
            )
            s.add(sub)
            session.status = "complete"
            await s.flush()
            self._record(
                s,
                "checkout.session.completed",
                {"id": session_id, "subscription": sub.id, "client_reference_id": sub.reference},
            )
            self._record(s, "customer.subscription.created", _sub_object(sub))
            if trial_end is None:
                self._invoice(s, sub, "payment", sub.amount_minor)
        await self.flush_events()
        return sub.id

    async def simulate(self, provider_subscription_id: str, action: SimulateAction) -> None:
        async with self.db.transaction() as s:
            sub = await self._live(s, provider_subscription_id)
            if action == "period_end":
                if sub.cancel_at_period_end:
                    sub.status = "canceled"
                    sub.revision += 1
                    self._record(s, "customer.subscription.deleted", _sub_object(sub))
                else:
                    sub.current_period_start = sub.current_period_end
                    sub.current_period_end = add_interval(sub.current_period_end, sub.interval)
                    sub.status, sub.trial_end = "active", None
                    sub.revision += 1
                    self._record(s, "customer.subscription.updated", _sub_object(sub))
                    self._invoice(s, sub, "payment", sub.amount_minor)
            elif action == "payment_failed":
                sub.status = "past_due"
                sub.revision += 1
                self._record(s, "customer.subscription.updated", _sub_object(sub))
                self._record(
                    s,
                    "invoice.payment_failed",
                    {"id": _sid("in"), "subscription": sub.id, "amount_due": sub.amount_minor},
                )
            elif action == "payment_recovered":
                sub.status = "active"
                sub.revision += 1
                self._record(s, "customer.subscription.updated", _sub_object(sub))
                self._invoice(s, sub, "payment", sub.amount_minor)
            elif action == "refund_last":
                last = await s.scalar(
                    select(SandboxInvoice)
                    .where(
                        SandboxInvoice.subscription_id == sub.id,
                        SandboxInvoice.kind == "payment",
                    )
                    .order_by(SandboxInvoice.created_at.desc(), SandboxInvoice.id.desc())
                )
                if last is None:
                    raise ProviderError("There is no payment to refund.")
                self._invoice(s, sub, "refund", -last.amount_minor)
        await self.flush_events()

    async def sent_events(self) -> list[str]:
        """Every event body the sandbox has sent, oldest first (replay, tests)."""
        async with self.db.transaction() as s:
            return list(await s.scalars(select(SandboxEvent.body).order_by(SandboxEvent.seq)))

    async def send(self, body: str) -> None:
        """Sign ``body`` now and post it to the webhook endpoint."""
        if self.deliver is None:
            raise ProviderError("The sandbox has no webhook destination.")
        raw = body.encode()
        await self.deliver(raw, {SIGNATURE_HEADER: signing.sign(raw, self.secret)})

    async def flush_events(self) -> None:
        """Deliver undelivered events in order; a failed delivery stays for the next call."""
        async with self.db.transaction() as s:
            pending = list(
                await s.scalars(
                    select(SandboxEvent)
                    .where(SandboxEvent.delivered_at.is_(None))
                    .order_by(SandboxEvent.seq)
                )
            )
        for event in pending:
            try:
                await self.send(event.body)
            except Exception as exc:  # like a real provider: keep it and retry later
                log.warning("sandbox_delivery_failed", error_type=type(exc).__name__)
                return
            async with self.db.transaction() as s:
                row = await s.get(SandboxEvent, event.seq)
                if row is not None:
                    row.delivered_at = clock.utcnow()

    # -- helpers ----------------------------------------------------------------------
    async def _live(self, s: AsyncSession, provider_subscription_id: str) -> SandboxSubscription:
        sub = await s.get(SandboxSubscription, provider_subscription_id)
        if sub is None or sub.status == "canceled":
            raise ProviderError(f"No live sandbox subscription {provider_subscription_id}.")
        return sub

    def _record(self, s: AsyncSession, event_type: str, obj: dict[str, Any]) -> None:
        event_id = _sid("evt")
        body = {
            "id": event_id,
            "type": event_type,
            "created": _iso(clock.utcnow()),
            "data": {"object": obj},
        }
        s.add(SandboxEvent(id=event_id, body=json.dumps(body)))

    def _invoice(self, s: AsyncSession, sub: SandboxSubscription, kind: str, amount: int) -> None:
        invoice = SandboxInvoice(
            id=_sid("in" if kind == "payment" else "re"),
            subscription_id=sub.id,
            kind=kind,
            amount_minor=amount,
            created_at=clock.utcnow(),
        )
        s.add(invoice)
        sub.invoice_count += 1
        event_type = "invoice.paid" if kind == "payment" else "charge.refunded"
        self._record(s, event_type, _invoice_object(invoice))


def _sub_object(sub: SandboxSubscription) -> dict[str, Any]:
    return {
        "id": sub.id,
        "object": "subscription",
        "customer": sub.customer_id,
        "status": sub.status,
        "cancel_at_period_end": sub.cancel_at_period_end,
        "trial_end": _iso(sub.trial_end),
        "current_period_start": _iso(sub.current_period_start),
        "current_period_end": _iso(sub.current_period_end),
        "metadata": {"reference": sub.reference},
        "plan": sub.plan,
        "interval": sub.interval,
        "family": sub.family,
        "amount": sub.amount_minor,
        "currency": "gbp",
        "revision": sub.revision,
        "updated": _iso(clock.utcnow()),
    }


def _invoice_object(invoice: SandboxInvoice) -> dict[str, Any]:
    return {
        "id": invoice.id,
        "object": "invoice" if invoice.kind == "payment" else "refund",
        "subscription": invoice.subscription_id,
        "amount": invoice.amount_minor,
        "currency": "gbp",
        "created": _iso(invoice.created_at),
    }


_STATUS: dict[str, ProviderStatus] = {
    "trialing": "trialing",
    "active": "active",
    "past_due": "past_due",
    "canceled": "ended",
}


def _snapshot(obj: Mapping[str, Any]) -> SubscriptionSnapshot:
    as_of = _dt(obj.get("updated"))
    assert as_of is not None
    return SubscriptionSnapshot(
        provider_subscription_id=str(obj["id"]),
        reference=obj.get("metadata", {}).get("reference"),
        customer_id=obj.get("customer"),
        status=_STATUS[str(obj["status"])],
        plan=obj.get("plan"),
        interval=obj.get("interval"),
        cancel_at_period_end=bool(obj.get("cancel_at_period_end")),
        trial_end=_dt(obj.get("trial_end")),
        current_period_start=_dt(obj.get("current_period_start")),
        current_period_end=_dt(obj.get("current_period_end")),
        as_of=as_of,
        revision=int(obj["revision"]),
    )


def _movement(obj: Mapping[str, Any]) -> MoneyMovement:
    created = _dt(obj.get("created"))
    assert created is not None
    return MoneyMovement(
        provider_entry_id=str(obj["id"]),
        kind="payment" if obj["object"] == "invoice" else "refund",
        provider_subscription_id=obj.get("subscription"),
        amount_minor=int(obj["amount"]),
        currency=str(obj["currency"]).upper(),
        occurred_at=created,
    )
