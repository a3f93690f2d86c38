"""A local fake of Stripe's HTTP API, served on 127.0.0.1 for the adapter's tests.

It speaks Stripe's wire format: form-encoded requests with bracketed keys, bearer secret
keys, ``Idempotency-Key`` replay, JSON objects shaped like Stripe's (``object`` fields,
unix timestamps, list envelopes, ``{"error": {...}}`` bodies), and events signed with
Stripe's ``Stripe-Signature`` scheme (HMAC-SHA256 over ``"{t}.{payload}"``). Events are
queued and delivered when the test says so, as Stripe delivers them asynchronously.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

SECRET_KEY = "sk_test_fake_51Nabcdef"
WEBHOOK_SECRET = "whsec_fake_0123456789abcdef"
PRICES = {
    "price_basic_month": ("basic", "month", 599),
    "price_basic_year": ("basic", "year", 5990),
    "price_premium_month": ("premium", "month", 1199),
    "price_premium_year": ("premium", "year", 11990),
}
MONTH_S = 30 * 86400
YEAR_S = 365 * 86400

Deliver = Callable[[bytes, dict[str, str]], Awaitable[int]]


def _id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """``items[0][price]=x`` -> ``{"items": {"0": {"price": "x"}}}`` (lists as dicts)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def _error(status: int, message: str, code: str | None = None) -> JSONResponse:
    body = {"error": {"type": "invalid_request_error", "message": message, "code": code}}
    return JSONResponse(body, status_code=status)


def sign(payload: bytes, secret: str = WEBHOOK_SECRET) -> str:
    t = int(time.time())
    mac = hmac.new(secret.encode(), f"{t}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


class FakeStripe:
    def __init__(self) -> None:
        self.sessions: dict[str, dict[str, Any]] = {}
        self.customers: dict[str, dict[str, Any]] = {}
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.invoices: dict[str, dict[str, Any]] = {}
        self.charges: dict[str, dict[str, Any]] = {}
        self.idempotent: dict[str, dict[str, Any]] = {}
        self.queue: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        self.url = ""
        self.app = Starlette(
            routes=[
                Route("/v1/checkout/sessions", self.create_session, methods=["POST"]),
                Route("/v1/subscriptions/{sid}", self.get_subscription, methods=["GET"]),
                Route("/v1/subscriptions/{sid}", self.update_subscription, methods=["POST"]),
                Route("/v1/billing_portal/sessions", self.portal, methods=["POST"]),
                Route("/v1/invoices", self.list_invoices, methods=["GET"]),
                Route("/v1/invoices/{iid}", self.get_invoice, methods=["GET"]),
                Route("/v1/charges/{cid}", self.get_charge, methods=["GET"]),
            ]
        )
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

    # -- serving ------------------------------------------------------------------------
    async def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]))
        while not self._server.started:  # noqa: ASYNC110 - uvicorn exposes only a flag
            await asyncio.sleep(0.01)
        self.url = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task

    # -- request plumbing -----------------------------------------------------------------
    async def _auth(self, request: Request) -> JSONResponse | None:
        self.requests.append((request.method, request.url.path))
        if request.headers.get("authorization") != f"Bearer {SECRET_KEY}":
            return _error(401, "Invalid API Key provided.")
        return None

    async def _form(self, request: Request) -> dict[str, Any]:
        form = await request.form()
        return unflatten([(k, str(v)) for k, v in form.multi_items()])

    # -- API ------------------------------------------------------------------------------
    async def create_session(self, request: Request) -> JSONResponse:
        if (denied := await self._auth(request)) is not None:
            return denied
        key = request.headers.get("idempotency-key")
        if key and key in self.idempotent:
            return JSONResponse(self.idempotent[key])
        params = await self._form(request)
        if params.get("mode") != "subscription":
            return _error(400, "Only subscription mode is supported here.", "parameter_invalid")
        price = params.get("line_items", {}).get("0", {}).get("price")
        if price not in PRICES:
            return _error(400, f"No such price: '{price}'", "resource_missing")
        if "success_url" not in params:
            return _error(400, "Missing required param: success_url.", "parameter_missing")
        sid = "cs_test_" + secrets.token_hex(16)
        session = {
            "id": sid,
            "object": "checkout.session",
            "mode": "subscription",
            "status": "open",
            "payment_status": "unpaid",
            "client_reference_id": params.get("client_reference_id"),
            "metadata": params.get("metadata", {}),
            "customer": None,
            "subscription": None,
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "url": f"https://checkout.stripe.com/c/pay/{sid}",
            "created": int(time.time()),
            "livemode": False,
            "_price": price,
            "_subscription_data": params.get("subscription_data", {}),
        }
        self.sessions[sid] = session
        public = {k: v for k, v in session.items() if not k.startswith("_")}
        if key:
            self.idempotent[key] = public
        return JSONResponse(public)

    async def get_subscription(self, request: Request) -> JSONResponse:
        if (denied := await self._auth(request)) is not None:
            return denied
        sub = self.subscriptions.get(request.path_params["sid"])
        if sub is None:
            return _error(404, "No such subscription.", "resource_missing")
        return JSONResponse(sub)

    async def update_subscription(self, request: Request) -> JSONResponse:
        if (denied := await self._auth(request)) is not None:
            return denied
        sub = self.subscriptions.get(request.path_params["sid"])
        if sub is None:
            return _error(404, "No such subscription.", "resource_missing")
        if sub["status"] == "canceled":
            return _error(400, "A canceled subscription can only update its metadata.")
        params = await self._form(request)
        previous: dict[str, Any] = {}
        if "cancel_at_period_end" in params:
            previous["cancel_at_period_end"] = sub["cancel_at_period_end"]
            sub["cancel_at_period_end"] = params["cancel_at_period_end"] == "true"
        item_change = params.get("items", {}).get("0")
        if item_change:
            item = sub["items"]["data"][0]
            if item_change.get("id") != item["id"]:
                return _error(400, "No such subscription item.", "resource_missing")
            if item_change.get("price") not in PRICES:
                return _error(400, "No such price.", "resource_missing")
            previous["items"] = json.loads(json.dumps(sub["items"]))
            item["price"] = self._price(item_change["price"])
        self._emit("customer.subscription.updated", sub, previous)
        return JSONResponse(sub)

    async def portal(self, request: Request) -> JSONResponse:
        if (denied := await self._auth(request)) is not None:
            return denied
        params = await self._form(request)
        if params.get("customer") not in self.customers:
            return _error(400, "No such customer.", "resource_missing")
        return JSONResponse(
            {
                "id": _id("bps"),
                "object": "billing_portal.session",
                "customer": params["customer"],
                "return_url": params.get("return_url"),
                "url": f"https://billing.stripe.com/p/session/test_{secrets.token_hex(8)}",
            }
        )

    async def list_invoices(self, request: Request) -> JSONResponse:
        if (denied := await self._auth(request)) is not None:
            return denied
        sub_id = request.query_params.get("subscription")
        data = [i for i in self.invoices.values() if sub_id is None or i["subscription"] == sub_id]
        data.sort(key=lambda i: i["created"], reverse=True)
        after = request.query_params.get("starting_after")
        if after:
            ids = [i["id"] for i in data]
            data = data[ids.index(after) + 1 :] if after in ids else []
        limit = int(request.query_params.get("limit", "10"))
        return JSONResponse(
            {
                "object": "list",
                "url": "/v1/invoices",
                "has_more": len(data) > limit,
                "data": data[:limit],
            }
        )

    async def get_invoice(self, request: Request) -> JSONResponse:
        if (denied := await self._auth(request)) is not None:
            return denied
        invoice = self.invoices.get(request.path_params["iid"])
        if invoice is None:
            return _error(404, "No such invoice.", "resource_missing")
        return JSONResponse(invoice)

    async def get_charge(self, request: Request) -> JSONResponse:
        if (denied := await self._auth(request)) is not None:
            return denied
        charge = self.charges.get(request.path_params["cid"])
        if charge is None:
            return _error(404, "No such charge.", "resource_missing")
        return JSONResponse(charge)

    # -- what Stripe does on its own (driven by the test) ---------------------------------
    def _price(self, price_id: str) -> dict[str, Any]:
        _plan, interval, amount = PRICES[price_id]
        return {
            "id": price_id,
            "object": "price",
            "currency": "gbp",
            "unit_amount": amount,
            "recurring": {"interval": interval, "interval_count": 1},
            "type": "recurring",
        }

    def complete_checkout(self, session_id: str) -> str:
        """The buyer paid on Stripe's hosted page."""
        session = self.sessions[session_id]
        now = int(time.time())
        customer = {"id": _id("cus"), "object": "customer", "created": now}
        self.customers[customer["id"]] = customer
        price = self._price(session["_price"])
        trial_days = int(session["_subscription_data"].get("trial_period_days", 0) or 0)
        length = YEAR_S if price["recurring"]["interval"] == "year" else MONTH_S
        end = now + (trial_days * 86400 if trial_days else length)
        sub = {
            "id": _id("sub"),
            "object": "subscription",
            "customer": customer["id"],
            "status": "trialing" if trial_days else "active",
            "cancel_at_period_end": False,
            "canceled_at": None,
            "ended_at": None,
            "created": now,
            "current_period_start": now,
            "current_period_end": end,
            "trial_start": now if trial_days else None,
            "trial_end": end if trial_days else None,
            "metadata": session["_subscription_data"].get("metadata", {}),
            "items": {
                "object": "list",
                "data": [
                    {"id": _id("si"), "object": "subscription_item", "price": price, "quantity": 1}
                ],
            },
            "latest_invoice": None,
            "livemode": False,
        }
        self.subscriptions[sub["id"]] = sub
        session.update(
            status="complete",
            payment_status="paid",
            customer=customer["id"],
            subscription=sub["id"],
        )
        self._emit("customer.subscription.created", sub)
        if not trial_days:
            self._invoice(sub, price["unit_amount"])
        self._emit(
            "checkout.session.completed",
            {k: v for k, v in session.items() if not k.startswith("_")},
        )
        return str(sub["id"])

    def _invoice(self, sub: dict[str, Any], amount: int, *, paid: bool = True) -> dict[str, Any]:
        now = int(time.time())
        charge_id = _id("ch") if paid else None
        invoice = {
            "id": _id("in"),
            "object": "invoice",
            "subscription": sub["id"],
            "customer": sub["customer"],
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "currency": "gbp",
            "status": "paid" if paid else "open",
            "charge": charge_id,
            "created": now,
            "status_transitions": {"paid_at": now if paid else None},
        }
        self.invoices[invoice["id"]] = invoice
        sub["latest_invoice"] = invoice["id"]
        if charge_id:
            self.charges[charge_id] = {
                "id": charge_id,
                "object": "charge",
                "amount": amount,
                "currency": "gbp",
                "invoice": invoice["id"],
                "amount_refunded": 0,
                "refunded": False,
                "refunds": {"object": "list", "data": [], "has_more": False},
            }
        self._emit("invoice.paid" if paid else "invoice.payment_failed", invoice)
        return invoice

    def end_period(self, sub_id: str) -> None:
        sub = self.subscriptions[sub_id]
        now = int(time.time())
        if sub["cancel_at_period_end"]:
            sub.update(status="canceled", canceled_at=now, ended_at=now)
            self._emit("customer.subscription.deleted", sub)
            return
        price = sub["items"]["data"][0]["price"]
        length = YEAR_S if price["recurring"]["interval"] == "year" else MONTH_S
        previous = {"status": sub["status"], "current_period_end": sub["current_period_end"]}
        sub.update(
            status="active",
            current_period_start=sub["current_period_end"],
            current_period_end=sub["current_period_end"] + length,
        )
        self._invoice(sub, price["unit_amount"])
        self._emit("customer.subscription.updated", sub, previous)

    def fail_payment(self, sub_id: str) -> None:
        sub = self.subscriptions[sub_id]
        amount = sub["items"]["data"][0]["price"]["unit_amount"]
        sub["status"] = "past_due"
        self._invoice(sub, amount, paid=False)
        self._emit("customer.subscription.updated", sub, {"status": "active"})

    def refund(self, invoice_id: str) -> None:
        charge = self.charges[self.invoices[invoice_id]["charge"]]
        refund = {
            "id": _id("re"),
            "object": "refund",
            "amount": charge["amount"],
            "currency": "gbp",
            "charge": charge["id"],
            "created": int(time.time()),
            "status": "succeeded",
        }
        charge["refunds"]["data"].append(refund)
        charge.update(amount_refunded=charge["amount"], refunded=True)
        self._emit("charge.refunded", charge)

    def _emit(
        self, event_type: str, obj: dict[str, Any], previous: dict[str, Any] | None = None
    ) -> None:
        data: dict[str, Any] = {"object": json.loads(json.dumps(obj))}
        if previous:
            data["previous_attributes"] = previous
        self.queue.append(
            {
                "id": _id("evt"),
                "object": "event",
                "api_version": "2024-06-20",
                "created": int(time.time()),
                "type": event_type,
                "livemode": False,
                "pending_webhooks": 1,
                "request": {"id": None, "idempotency_key": None},
                "data": data,
            }
        )

    async def deliver(self, deliver: Deliver, *, order: list[int] | None = None) -> list[int]:
        """Send queued events (in ``order`` if given); returns each response status."""
        events, self.queue = self.queue, []
        if order is not None:
            events = [events[i] for i in order]
        statuses = []
        for event in events:
            payload = json.dumps(event).encode()
            statuses.append(await deliver(payload, {"Stripe-Signature": sign(payload)}))
            self.sent.append(event)
        return statuses
