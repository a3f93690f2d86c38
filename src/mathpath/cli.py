"""The `mathpath` command."""

from __future__ import annotations

import typer

app = typer.Typer(help="Mathpath: personalised maths learning platform.", no_args_is_help=True)
maths_app = typer.Typer(help="The maths engine: answer and step checking.", no_args_is_help=True)
content_app = typer.Typer(help="Curriculum content packs.", no_args_is_help=True)
app.add_typer(maths_app, name="maths")
app.add_typer(content_app, name="content")


@content_app.command("validate")
def content_validate(
    path: str = typer.Argument("content", help="The pack directory."),
    seeds: int = typer.Option(50, help="Samples drawn from each template."),
) -> None:
    """Check a pack: schema, references, lessons, every answer and hint by the maths engine."""
    from pathlib import Path

    from mathpath.learning.content import validate_pack

    report = validate_pack(Path(path), seeds=seeds)
    for issue in report.issues:
        typer.echo(str(issue), err=True)
    errors = len(report.errors)
    typer.echo(f"{errors} error(s), {len(report.issues) - errors} warning(s)")
    raise typer.Exit(1 if errors else 0)


@content_app.command("stats")
def content_stats(
    path: str = typer.Argument("content", help="The pack directory."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Count skills, modules, lessons, items and templates by level, topic and answer kind."""
    import json
    from pathlib import Path

    from mathpath.learning.content import load_pack, pack_stats, render_table

    stats = pack_stats(load_pack(Path(path)))
    typer.echo(json.dumps(stats, indent=2) if as_json else render_table(stats))


def main() -> None:
    app()
