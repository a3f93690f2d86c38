"""``mathpath identity ...``: bootstrap an administrator, rotate keys, run retention, read
the development email outbox."""

from __future__ import annotations

import asyncio
import dataclasses
import json

import typer

from mathpath.identity.models import OUTBOX
from mathpath.kit.db import Database
from mathpath.kit.runtime import Runtime
from mathpath.kit.service import ServiceContext
from mathpath.kit.settings import get_settings


def _context() -> ServiceContext:
    from mathpath.kit.outbox import OutboxRelay

    settings = get_settings()
    runtime = Runtime(settings)
    db = Database(settings.database_url("identity"))
    relay = OutboxRelay(db, OUTBOX, runtime.bus)
    return ServiceContext(
        name="identity", settings=settings, runtime=runtime, db=db, outbox=OUTBOX, relay=relay
    )


async def _close(ctx: ServiceContext) -> None:
    await ctx.runtime.aclose()
    await ctx.db.dispose()


def register(app: typer.Typer) -> None:
    @app.command("create-admin")
    def create_admin(
        email: str = typer.Option(...),
        display_name: str = typer.Option("Administrator"),
    ) -> None:
        """Create an administrator (asks for the password; MFA enrolment at first sign-in)."""
        from mathpath.identity.accounts import bootstrap_admin
        from mathpath.identity.state import build_state

        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)

        async def run() -> str:
            ctx = _context()
            try:
                state = build_state(ctx)
                async with ctx.db.transaction() as session:
                    user = await bootstrap_admin(
                        session, state, email.strip().lower(), password, display_name
                    )
                return user.id
            finally:
                await _close(ctx)

        typer.echo(f"administrator created: {asyncio.run(run())}")

    @app.command("rotate-keys")
    def rotate_keys() -> None:
        """Start signing with a new key; the old one stays published for the overlap."""
        from mathpath.identity.state import build_state

        async def run() -> str:
            ctx = _context()
            try:
                return await build_state(ctx).keys.rotate()
            finally:
                await _close(ctx)

        typer.echo(f"now signing with kid {asyncio.run(run())}")

    @app.command("retention")
    def retention() -> None:
        """Delete expired tokens and data past retention; re-send unanswered privacy requests."""
        from mathpath.identity.retention import run_retention

        async def run() -> dict[str, int]:
            ctx = _context()
            try:
                report = await run_retention(ctx)
                await ctx.relay.relay_once()
                return dataclasses.asdict(report)
            finally:
                await _close(ctx)

        typer.echo(json.dumps(asyncio.run(run())))

    @app.command("outbox")
    def outbox(
        to: str | None = typer.Option(None, help="Only emails to this address."),
        limit: int = typer.Option(5, min=1, max=200),
    ) -> None:
        """Print the newest emails of the embedded email adapter (development): what a
        developer at this machine reads to confirm an address or reset a password."""
        from mathpath.identity import repository

        async def run() -> list[dict[str, str]]:
            ctx = _context()
            try:
                async with ctx.db.transaction() as session:
                    rows = await repository.emails_to(session, to, limit)
                    return [
                        {
                            "to": r.to_address,
                            "subject": r.subject,
                            "body": r.body,
                            "created_at": r.created_at.isoformat(),
                        }
                        for r in rows
                    ]
            finally:
                await _close(ctx)

        for message in asyncio.run(run()):
            typer.echo(json.dumps(message))
