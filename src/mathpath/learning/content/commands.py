"""The `mathpath content ...` subcommands, registered on the CLI's `content_app`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from mathpath.learning.content.loader import load_pack
from mathpath.learning.content.stats import pack_stats, render_table
from mathpath.learning.content.validate import DEFAULT_SEEDS, validate_pack


def validate(
    path: Annotated[Path, typer.Argument(help="The pack directory.")] = Path("content"),
    seeds: Annotated[int, typer.Option(help="Samples drawn from each template.")] = DEFAULT_SEEDS,
    modules: Annotated[str, typer.Option(help="Only check items of modules matching.")] = "*",
) -> None:
    """Check a pack: schema, references, lessons, every answer and hint by the maths engine."""
    report = validate_pack(path, seeds=seeds, modules=modules)
    for issue in report.issues:
        typer.echo(str(issue), err=True)
    errors = len(report.errors)
    typer.echo(f"{errors} error(s), {len(report.issues) - errors} warning(s)")
    raise typer.Exit(1 if errors else 0)


def stats(
    path: Annotated[Path, typer.Argument(help="The pack directory.")] = Path("content"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON, not a table.")] = False,
) -> None:
    """Count skills, modules, lessons, items and templates by level, topic and answer kind."""
    result = pack_stats(load_pack(path))
    typer.echo(json.dumps(result, indent=2) if as_json else render_table(result))


def register(content_app: typer.Typer) -> None:
    content_app.command("validate")(validate)
    content_app.command("stats")(stats)
