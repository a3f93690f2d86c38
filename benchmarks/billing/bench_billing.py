"""Billing throughput in embedded mode (SQLite): sandbox checkouts through the webhook path,
and entitlement reads (database vs. the client's cache).

    .venv/bin/python benchmarks/billing/bench_billing.py --checkouts 30 --reads 300

No data set is needed; everything is generated in a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from mathpath.billing.checkout import start_checkout
from mathpath.billing.deps import Billing
from mathpath.billing.providers.sandbox import SandboxProvider
from mathpath.billing.schemas import CheckoutIn
from mathpath.billing.subscriptions import entitlements_for
from mathpath.contracts.billing_client import BillingClient
from mathpath.gateway.app import Gateway
from mathpath.kit.ids import new_id
from mathpath.kit.migrate import upgrade
from mathpath.kit.settings import Settings


async def run(checkouts: int, reads: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            environment="test",  # type: ignore[arg-type]
            data_dir=Path(folder),
            log_level="WARNING",
            outbox_poll_interval_s=0.05,
        )
        for service in ("identity", "learning", "tutor", "billing"):
            await asyncio.to_thread(upgrade, service, settings.database_url(service))
        gateway = Gateway(settings)
        async with gateway.app.router.lifespan_context(gateway.app):
            billing: Billing = gateway.local_apps["billing"].state.ctx.state["billing"]
            sandbox = billing.providers["sandbox"]
            assert isinstance(sandbox, SandboxProvider)
            payers = [new_id() for _ in range(checkouts)]
            started = time.perf_counter()
            for payer in payers:
                async with billing.db.transaction() as session:
                    out = await start_checkout(
                        session,
                        billing,
                        payer_user_id=payer,
                        idempotency_key=new_id(),
                        body=CheckoutIn(plan="premium"),
                        members=[payer],
                    )
                await sandbox.complete_checkout(httpx.URL(out.redirect_url).path.split("/")[-1])
            elapsed = time.perf_counter() - started
            events = len(await sandbox.sent_events())
            print(
                f"checkouts: {checkouts} paid in {elapsed:.2f}s "
                f"({checkouts / elapsed:.1f}/s); {events} webhooks verified, stored and "
                f"processed ({events / elapsed:.1f} events/s)"
            )

            db_ms = []
            for i in range(reads):
                t = time.perf_counter()
                async with billing.db.transaction() as session:
                    ent = await entitlements_for(session, billing, payers[i % checkouts])
                db_ms.append((time.perf_counter() - t) * 1000)
                assert ent.plan == "premium"
            client = BillingClient(
                gateway.runtime.directory.client("billing"), gateway.runtime.cache
            )
            # Fill the cache as a first client read would (the HTTP path needs a token).
            for payer in payers:
                await gateway.runtime.cache.set(
                    "billing:entitlements:" + payer,
                    (await _db_ent(billing, payer)).model_dump(mode="json"),
                    300,
                )
            cache_ms = []
            for i in range(reads):
                t = time.perf_counter()
                await client.entitlements(payers[i % checkouts])
                cache_ms.append((time.perf_counter() - t) * 1000)
            for name, values in (("database", db_ms), ("client cache", cache_ms)):
                values.sort()
                print(
                    f"entitlements from {name}: median {statistics.median(values):.3f} ms, "
                    f"p95 {values[int(len(values) * 0.95) - 1]:.3f} ms over {reads} reads"
                )


async def _db_ent(billing: Billing, user_id: str):  # type: ignore[no-untyped-def]
    async with billing.db.transaction() as session:
        return await entitlements_for(session, billing, user_id)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--checkouts", type=int, default=30)
    parser.add_argument("--reads", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(run(args.checkouts, args.reads))


if __name__ == "__main__":
    main()
