"""What issue 14's outside probe measured, measured again: registration time for a new and a
taken email, and sign-in latency when sign-ins and refreshes arrive together.

Identity alone behind the real gateway (ASGI, no socket), embedded SQLite (two connections),
the production password-hash profile. Run from the repository root:

    .venv/bin/python benchmarks/identity_probe/bench.py --rounds 8

Run it with ``PYTHONPATH=<an older checkout>/src`` to measure that code instead.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from mathpath.gateway.app import Gateway
from mathpath.identity.config import IdentityConfig
from mathpath.identity.models import Base
from mathpath.kit.db import Database
from mathpath.kit.logging import configure_logging
from mathpath.kit.settings import Settings

PASSWORD = "maths-is-fun-42-Quadratic!"


def form(email: str) -> dict[str, Any]:
    return {
        "email": email,
        "password": PASSWORD,
        "display_name": "Probe",
        "role": "teacher",
        "accept_terms": True,
        "accept_privacy": True,
    }


async def timed(call: Any) -> tuple[float, httpx.Response]:
    start = time.perf_counter()
    response = await call
    return (time.perf_counter() - start) * 1000, response


def summary(values: list[float]) -> str:
    values = sorted(values)
    return f"median {statistics.median(values):.0f} ms, max {values[-1]:.0f} ms"


async def run(rounds: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="identity-probe-"))
    settings = Settings(  # type: ignore[call-arg]
        environment="development", data_dir=folder, log_level="ERROR", log_json=True
    )
    configure_logging("ERROR", json=True)
    db = Database(settings.database_url("identity"))
    await db.create_all(Base.metadata)
    await db.dispose()
    gateway = Gateway(settings)
    gateway.runtime.extras["identity.config"] = IdentityConfig(password_hash_profile="standard")
    app = gateway.local_apps["identity"]
    async with app.router.lifespan_context(app):
        await gateway.runtime.start_bus()
        transport = httpx.ASGITransport(app=gateway, client=("203.0.113.1", 1))
        async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=60) as c:
            new, taken = [], []
            for n in range(rounds):
                ms, r = await timed(c.post("/api/v1/auth/register", json=form(f"p{n}@x.org")))
                assert r.status_code == 202, r.text
                new.append(ms)
                ms, r = await timed(c.post("/api/v1/auth/register", json=form(f"p{n}@x.org")))
                assert r.status_code == 202, r.text
                taken.append(ms)
            print(f"register, new email:   {summary(new)}")
            print(f"register, taken email: {summary(taken)}")

            async def sign_in(n: int) -> tuple[float, httpx.Response]:
                body = {"email": f"p{n}@x.org", "password": PASSWORD}
                return await timed(c.post("/api/v1/auth/token", json=body))

            for width in (2, 8):
                answers = await asyncio.gather(*(sign_in(n % rounds) for n in range(width)))
                statuses = sorted({r.status_code for _, r in answers})
                print(
                    f"{width} simultaneous sign-ins: {summary([ms for ms, _ in answers])}, "
                    f"statuses {statuses}"
                )

            _, first = await sign_in(0)
            token = first.json()["refresh_token"]
            refreshes = [
                timed(c.post("/api/v1/auth/refresh", json={"refresh_token": token}))
                for _ in range(8)
            ]
            *refreshed, bystander = await asyncio.gather(*refreshes, sign_in(1))
            codes = sorted(r.status_code for _, r in refreshed)
            print(
                f"8 parallel refreshes of one token: statuses {codes}, "
                f"{summary([ms for ms, _ in refreshed])}"
            )
            print(
                f"a sign-in beside them: {bystander[0]:.0f} ms, status {bystander[1].status_code}"
            )
            won = [r for _, r in refreshed if r.status_code == 200]
            if len(won) == 1:
                again = await c.post(
                    "/api/v1/auth/refresh", json={"refresh_token": won[0].json()["refresh_token"]}
                )
                print(f"the winner's new refresh token after the reuse: {again.status_code}")
        await gateway.runtime.aclose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=8)
    asyncio.run(run(parser.parse_args().rounds))


if __name__ == "__main__":
    main()
