"""The learning service's CLI commands: `mathpath content load` and `mathpath mastery ...`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer

from mathpath.kit.service import ServiceContext


def _context() -> ServiceContext:
    from mathpath.learning.app import create_app

    ctx: ServiceContext = create_app().state.ctx
    return ctx


def load(
    path: Annotated[
        Path | None, typer.Argument(help="The pack directory (default: the bundled content/).")
    ] = None,
) -> None:
    """Publish a content pack as a new immutable version (no-op if already published)."""
    from mathpath.learning import catalog
    from mathpath.learning.curriculum import InvalidPack

    async def run() -> catalog.PublishResult:
        ctx = _context()
        try:
            async with ctx.db.transaction() as session:
                return await catalog.publish(
                    ctx, session, catalog.read_pack(path or catalog.bundled_content_dir())
                )
        finally:
            await ctx.db.dispose()

    try:
        result = asyncio.run(run())
    except InvalidPack as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    state = "published" if result.created else "already published"
    typer.echo(f"{result.version_id}: {state}")


def register_content(content_app: typer.Typer) -> None:
    content_app.command("load")(load)


def register_mastery(mastery_app: typer.Typer) -> None:
    from mathpath.learning.fitting import fit_command

    mastery_app.command("fit")(fit_command)
