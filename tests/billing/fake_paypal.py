"""A local fake of PayPal's REST API (OAuth, Subscriptions, webhook verification), served
on 127.0.0.1 for the adapter's tests.

Shapes follow PayPal's: client-credentials tokens, ``PayPal-Request-Id`` idempotency,
subscriptions with ``links`` (``approve``), ``billing_info``, ``I-`` ids, v1 webhook events
(``WH-`` ids, ``resource``), and signed transmissions: the fake signs
``transmission_id|transmission_time|webhook_id|crc32(body)`` with its RSA key (SHA256withRSA,
as PayPal does) and its ``verify-webhook-signature`` endpoint checks exactly that.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import secrets
import socket
import zlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import uvicorn
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

CLIENT_ID = "AYfake-client-id"
CLIENT_SECRET = "EFfake-client-secret"
WEBHOOK_ID = "8PT597110X687430LKGECATA"
PLANS = {
    "P-BASICMONTH": ("basic", "month", "5.99", 0),
    "P-PREMIUMMONTH": ("premium", "month", "11.99", 0),
    "P-PREMIUMTRIAL": ("premium", "month", "11.99", 14),
}
Deliver = Callable[[bytes, dict[str, str]], Awaitable[int]]


@functools.cache
def _signing_key() -> rsa.RSAPrivateKey:
    # One key per test run: generating RSA keys is slow on a shared machine.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def _code(prefix: str, n: int = 13) -> str:
    return prefix + secrets.token_hex(n)[:n].upper()


def _error(status: int, name: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"name": name, "message": message, "debug_id": secrets.token_hex(6), "links": []},
        status_code=status,
    )


class FakePayPal:
    def __init__(self) -> None:
        self.key = _signing_key()
        self.tokens: set[str] = set()
        self.subscriptions: dict[str, dict[str, Any]] = {}
        self.transactions: dict[str, list[dict[str, Any]]] = {}
        self.idempotent: dict[str, dict[str, Any]] = {}
        self.transmissions: dict[str, bytes] = {}
        self.queue: list[dict[str, Any]] = []
        self.verifications = 0
        self.url = ""
        self.app = Starlette(
            routes=[
                Route("/v1/oauth2/token", self.token, methods=["POST"]),
                Route("/v1/billing/subscriptions", self.create, methods=["POST"]),
                Route("/v1/billing/subscriptions/{sid}", self.show, methods=["GET"]),
                Route("/v1/billing/subscriptions/{sid}/cancel", self.cancel, methods=["POST"]),
                Route(
                    "/v1/billing/subscriptions/{sid}/transactions",
                    self.list_transactions,
                    methods=["GET"],
                ),
                Route("/v1/notifications/verify-webhook-signature", self.verify, methods=["POST"]),
            ]
        )
        self._server: uvicorn.Server | None = None
        self._task: asyncio.Task[None] | None = None

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

    def _authorised(self, request: Request) -> bool:
        header = request.headers.get("authorization", "")
        return header.startswith("Bearer ") and header[7:] in self.tokens

    async def token(self, request: Request) -> JSONResponse:
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {expected}":
            return JSONResponse(
                {"error": "invalid_client", "error_description": "Client Authentication failed"},
                status_code=401,
            )
        form = await request.form()
        if form.get("grant_type") != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        token = "A21AA" + secrets.token_urlsafe(24)
        self.tokens.add(token)
        return JSONResponse(
            {
                "scope": "https://uri.paypal.com/services/subscriptions",
                "access_token": token,
                "token_type": "Bearer",
                "app_id": "APP-80W284485P519543T",
                "expires_in": 32400,
                "nonce": _iso(_now()) + secrets.token_hex(8),
            }
        )

    async def create(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _error(401, "AUTHENTICATION_FAILURE", "Authentication failed.")
        request_id = request.headers.get("paypal-request-id")
        if request_id and request_id in self.idempotent:
            return JSONResponse(self.idempotent[request_id], status_code=201)
        body = await request.json()
        if body.get("plan_id") not in PLANS:
            return _error(422, "UNPROCESSABLE_ENTITY", "The specified plan does not exist.")
        now = _now()
        sid = _code("I-", 12)
        sub = {
            "id": sid,
            "plan_id": body["plan_id"],
            "status": "APPROVAL_PENDING",
            "status_update_time": _iso(now),
            "start_time": _iso(now),
            "quantity": "1",
            "custom_id": body.get("custom_id"),
            "plan_overridden": False,
            "create_time": _iso(now),
            "update_time": _iso(now),
            "links": [
                {
                    "href": f"https://www.sandbox.paypal.com/webapps/billing/subscriptions"
                    f"?ba_token={_code('BA-', 17)}",
                    "rel": "approve",
                    "method": "GET",
                },
                {
                    "href": f"{self.url}/v1/billing/subscriptions/{sid}",
                    "rel": "edit",
                    "method": "PATCH",
                },
                {
                    "href": f"{self.url}/v1/billing/subscriptions/{sid}",
                    "rel": "self",
                    "method": "GET",
                },
            ],
        }
        self.subscriptions[sid] = sub
        self.transactions[sid] = []
        created = {
            k: sub[k]
            for k in (
                "id",
                "status",
                "status_update_time",
                "plan_id",
                "start_time",
                "quantity",
                "create_time",
                "links",
            )
        }
        if request_id:
            self.idempotent[request_id] = created
        self._emit("BILLING.SUBSCRIPTION.CREATED", "subscription", sub)
        return JSONResponse(created, status_code=201)

    async def show(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _error(401, "AUTHENTICATION_FAILURE", "Authentication failed.")
        sub = self.subscriptions.get(request.path_params["sid"])
        if sub is None:
            return _error(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.")
        return JSONResponse(sub)

    async def cancel(self, request: Request) -> Response:
        if not self._authorised(request):
            return _error(401, "AUTHENTICATION_FAILURE", "Authentication failed.")
        sub = self.subscriptions.get(request.path_params["sid"])
        if sub is None:
            return _error(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.")
        if sub["status"] not in ("ACTIVE", "SUSPENDED"):
            return _error(422, "UNPROCESSABLE_ENTITY", "SUBSCRIPTION_STATUS_INVALID")
        sub.update(status="CANCELLED", status_update_time=_iso(_now()))
        self._emit("BILLING.SUBSCRIPTION.CANCELLED", "subscription", sub)
        return Response(status_code=204)

    async def list_transactions(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _error(401, "AUTHENTICATION_FAILURE", "Authentication failed.")
        sid = request.path_params["sid"]
        if sid not in self.subscriptions:
            return _error(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.")
        if "start_time" not in request.query_params or "end_time" not in request.query_params:
            return _error(400, "INVALID_REQUEST", "start_time and end_time are required.")
        return JSONResponse({"transactions": self.transactions[sid], "links": []})

    async def verify(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _error(401, "AUTHENTICATION_FAILURE", "Authentication failed.")
        self.verifications += 1
        body = await request.json()
        raw = self.transmissions.get(body.get("transmission_id", ""))
        ok = (
            raw is not None
            and body.get("webhook_id") == WEBHOOK_ID
            and body.get("auth_algo") == "SHA256withRSA"
            and json.loads(raw) == body.get("webhook_event")
        )
        if ok:
            assert raw is not None
            message = (
                f"{body['transmission_id']}|{body['transmission_time']}|{WEBHOOK_ID}|"
                f"{zlib.crc32(raw)}"
            ).encode()
            try:
                self.key.public_key().verify(
                    base64.b64decode(body.get("transmission_sig", "")),
                    message,
                    padding.PKCS1v15(),
                    hashes.SHA256(),
                )
            except (InvalidSignature, ValueError):
                ok = False
        return JSONResponse({"verification_status": "SUCCESS" if ok else "FAILURE"})

    # -- what PayPal does on its own ------------------------------------------------------
    def approve(self, sid: str) -> None:
        """The buyer approved on PayPal: the subscription starts (with its trial, if any)."""
        sub = self.subscriptions[sid]
        _plan, _interval, price, trial_days = PLANS[sub["plan_id"]]
        now = _now()
        sub.update(
            status="ACTIVE",
            status_update_time=_iso(now),
            subscriber={"payer_id": _code("PAYER", 8), "email_address": "buyer@example.org"},
            billing_info={
                "outstanding_balance": {"currency_code": "GBP", "value": "0.00"},
                "cycle_executions": [
                    {
                        "tenure_type": "TRIAL",
                        "sequence": 1,
                        "cycles_completed": 0,
                        "cycles_remaining": 1 if trial_days else 0,
                        "total_cycles": 1,
                    },
                    {
                        "tenure_type": "REGULAR",
                        "sequence": 2,
                        "cycles_completed": 0,
                        "cycles_remaining": 0,
                        "total_cycles": 0,
                    },
                ],
                "next_billing_time": _iso(now + timedelta(days=trial_days or 30)),
                "failed_payments_count": 0,
            },
        )
        self._emit("BILLING.SUBSCRIPTION.ACTIVATED", "subscription", sub)
        if not trial_days:
            self._sale(sub, price)

    def _sale(self, sub: dict[str, Any], price: str) -> dict[str, Any]:
        now = _now()
        sale = {
            "id": _code("", 17),
            "state": "completed",
            "amount": {"total": price, "currency": "GBP", "details": {"subtotal": price}},
            "payment_mode": "INSTANT_TRANSFER",
            "billing_agreement_id": sub["id"],
            "create_time": _iso(now),
            "update_time": _iso(now),
        }
        info = sub["billing_info"]
        info["last_payment"] = {
            "amount": {"currency_code": "GBP", "value": price},
            "time": _iso(now),
        }
        self.transactions[sub["id"]].append(
            {
                "id": sale["id"],
                "status": "COMPLETED",
                "amount_with_breakdown": {"gross_amount": {"currency_code": "GBP", "value": price}},
                "time": _iso(now),
            }
        )
        self._emit("PAYMENT.SALE.COMPLETED", "sale", sale)
        return sale

    def renew(self, sid: str) -> None:
        sub = self.subscriptions[sid]
        price = PLANS[sub["plan_id"]][2]
        info = sub["billing_info"]
        next_time = datetime.fromisoformat(info["next_billing_time"].replace("Z", "+00:00"))
        info["next_billing_time"] = _iso(next_time + timedelta(days=30))
        for cycle in info["cycle_executions"]:
            if cycle["tenure_type"] == "TRIAL" and cycle["cycles_remaining"]:
                cycle.update(cycles_remaining=0, cycles_completed=1)
            elif cycle["tenure_type"] == "REGULAR":
                cycle["cycles_completed"] += 1
        self._sale(sub, price)
        self._emit("BILLING.SUBSCRIPTION.UPDATED", "subscription", sub)

    def fail_payment(self, sid: str) -> None:
        sub = self.subscriptions[sid]
        info = sub["billing_info"]
        info["failed_payments_count"] += 1
        info["outstanding_balance"] = {"currency_code": "GBP", "value": PLANS[sub["plan_id"]][2]}
        self._emit("BILLING.SUBSCRIPTION.PAYMENT.FAILED", "subscription", sub)

    def refund(self, sid: str, sale_id: str) -> None:
        tx = next(t for t in self.transactions[sid] if t["id"] == sale_id)
        tx["status"] = "REFUNDED"
        value = tx["amount_with_breakdown"]["gross_amount"]["value"]
        self._emit(
            "PAYMENT.SALE.REFUNDED",
            "refund",
            {
                "id": _code("", 17),
                "state": "completed",
                "amount": {"total": value, "currency": "GBP"},
                "sale_id": sale_id,
                "billing_agreement_id": sid,
                "create_time": _iso(_now()),
            },
        )

    def _emit(self, event_type: str, resource_type: str, resource: dict[str, Any]) -> None:
        self.queue.append(
            {
                "id": _code("WH-", 17) + "-" + _code("", 17),
                "event_version": "1.0",
                "create_time": _iso(_now()),
                "resource_type": resource_type,
                "resource_version": "2.0" if resource_type == "subscription" else "1.0",
                "event_type": event_type,
                "summary": event_type.replace(".", " ").lower(),
                "resource": json.loads(json.dumps(resource)),
                "links": [],
            }
        )

    def headers_for(self, raw: bytes) -> dict[str, str]:
        transmission_id = secrets.token_hex(16)
        transmission_time = _iso(_now())
        self.transmissions[transmission_id] = raw
        message = f"{transmission_id}|{transmission_time}|{WEBHOOK_ID}|{zlib.crc32(raw)}"
        signature = self.key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())
        return {
            "PAYPAL-AUTH-ALGO": "SHA256withRSA",
            "PAYPAL-CERT-URL": f"{self.url}/v1/notifications/certs/CERT-360caa42-fca2a594",
            "PAYPAL-TRANSMISSION-ID": transmission_id,
            "PAYPAL-TRANSMISSION-SIG": base64.b64encode(signature).decode(),
            "PAYPAL-TRANSMISSION-TIME": transmission_time,
        }

    async def deliver(self, deliver: Deliver, *, order: list[int] | None = None) -> list[int]:
        events, self.queue = self.queue, []
        if order is not None:
            events = [events[i] for i in order]
        statuses = []
        for event in events:
            raw = json.dumps(event).encode()
            statuses.append(await deliver(raw, self.headers_for(raw)))
        return statuses
