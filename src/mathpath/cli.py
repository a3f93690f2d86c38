"""The `mathpath` command."""

from __future__ import annotations

import typer

app = typer.Typer(help="Mathpath: personalised maths learning platform.", no_args_is_help=True)
maths_app = typer.Typer(help="The maths engine: answer and step checking.", no_args_is_help=True)
content_app = typer.Typer(help="Curriculum content packs.", no_args_is_help=True)
app.add_typer(maths_app, name="maths")
app.add_typer(content_app, name="content")


def main() -> None:
    app()
