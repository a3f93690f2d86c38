"""The `mathpath` command."""

from __future__ import annotations

import typer

from mathpath.kit.settings import SERVICES

app = typer.Typer(help="Mathpath: personalised maths learning platform.", no_args_is_help=True)
maths_app = typer.Typer(help="The maths engine: answer and step checking.", no_args_is_help=True)
content_app = typer.Typer(help="Curriculum content packs.", no_args_is_help=True)
db_app = typer.Typer(
    help="Database migrations (Alembic, one environment per service).", no_args_is_help=True
)
dev_app = typer.Typer(
    help="Development: the distributed platform on this machine.", no_args_is_help=True
)
app.add_typer(maths_app, name="maths")
app.add_typer(dev_app, name="dev")
app.add_typer(content_app, name="content")
app.add_typer(db_app, name="db")

from mathpath.learning.content.commands import register as _register_content  # noqa: E402

_register_content(content_app)

from mathpath.learning.commands import register_content as _register_learning  # noqa: E402
from mathpath.learning.commands import register_mastery as _register_mastery  # noqa: E402

_register_learning(content_app)
mastery_app = typer.Typer(help="Knowledge tracing: fit BKT parameters.", no_args_is_help=True)
app.add_typer(mastery_app, name="mastery")
_register_mastery(mastery_app)

from mathpath.tutor.evaluation.commands import register as _register_eval  # noqa: E402

eval_app = typer.Typer(help="Evaluations: the tutor's scenarios, retrieval.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
_register_eval(eval_app)

from mathpath.identity.commands import register as _register_identity  # noqa: E402

identity_app = typer.Typer(help="Accounts, keys and retention.", no_args_is_help=True)
app.add_typer(identity_app, name="identity")
_register_identity(identity_app)


@maths_app.command("step")
def maths_step(
    jsonl: str = typer.Option(
        ..., "--jsonl", help='JSON-lines file of {"id", "before", "after"}, or - for stdin.'
    ),
) -> None:
    """Check steps of working: one verdict JSON line per input line, written to stdout."""
    import sys

    from mathpath.maths import guard
    from mathpath.maths.steps.batch import step_jsonl

    try:
        if jsonl == "-":
            step_jsonl(sys.stdin, sys.stdout)
        else:
            with open(jsonl, encoding="utf-8") as src:
                step_jsonl(src, sys.stdout)
    finally:
        guard.shutdown()


@maths_app.command("check")
def maths_check(
    jsonl: str = typer.Option(..., "--jsonl", help="JSON-lines file of answers, or - for stdin."),
) -> None:
    """Check answers: one verdict JSON line per input line, written to stdout."""
    import sys

    from mathpath.maths import guard
    from mathpath.maths.batch import check_jsonl

    try:
        if jsonl == "-":
            check_jsonl(sys.stdin, sys.stdout)
        else:
            with open(jsonl, encoding="utf-8") as src:
                check_jsonl(src, sys.stdout)
    finally:
        guard.shutdown()


def _services(service: str | None) -> list[str]:
    if service is None:
        return list(SERVICES)
    if service not in SERVICES:
        raise typer.BadParameter(f"unknown service {service!r}; one of {', '.join(SERVICES)}")
    return [service]


@db_app.command("upgrade")
def db_upgrade(
    service: str | None = typer.Option(None, help="Only this service (default: all)."),
) -> None:
    """Apply migrations to each service's database."""
    from mathpath.kit.migrate import upgrade
    from mathpath.kit.settings import get_settings

    settings = get_settings()
    for name in _services(service):
        if settings.service_url(name):
            continue  # runs elsewhere; that process migrates its own database
        upgrade(name)
        typer.echo(f"{name}: migrated")


@db_app.command("revision")
def db_revision(
    service: str = typer.Option(..., help="The service whose models changed."),
    message: str = typer.Option(..., "-m", "--message"),
) -> None:
    """Autogenerate a migration from a service's models."""
    from mathpath.kit.migrate import revision

    revision(_services(service)[0], message)


@app.command("serve")
def serve(
    service: str | None = typer.Option(
        None, help="Run one service alone (default: the gateway with every service)."
    ),
    host: str | None = typer.Option(None, help="Default: MATHPATH_HOST (127.0.0.1)."),
    port: int | None = typer.Option(None, help="Default: MATHPATH_PORT (8000)."),
    workers: int = typer.Option(1, help="Worker processes."),
) -> None:
    """Serve the platform (or one service) with uvicorn."""
    import uvicorn

    from mathpath.kit.settings import get_settings

    settings = get_settings()
    if service is None:
        target = "mathpath.gateway.app:create_app"
    else:
        target = f"mathpath.{_services(service)[0]}.app:create_app"
    uvicorn.run(
        target,
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,
        proxy_headers=True,
        # Another service's keep-alive connection must not hold a stopping process open (the
        # typed clients reconnect); in-flight requests still get this long to finish.
        timeout_graceful_shutdown=SHUTDOWN_GRACE_S,
    )


SHUTDOWN_GRACE_S = 15


@app.command("openapi")
def openapi() -> None:
    """Print the platform's OpenAPI document (the gateway's /openapi.json) without serving."""
    import asyncio
    import json

    from mathpath.gateway.app import Gateway
    from mathpath.kit.settings import get_settings

    async def document() -> dict[str, object]:
        gateway = Gateway(get_settings().model_copy(update={"web_dir": None}))
        try:
            return await gateway.openapi_document()
        finally:
            await gateway.runtime.aclose()

    typer.echo(json.dumps(asyncio.run(document()), indent=2, sort_keys=True))


@dev_app.command("cluster")
def dev_cluster(
    postgres: str = typer.Option(
        "postgresql://postgres@127.0.0.1:5432/postgres",
        help="A PostgreSQL server (and a database to connect to) where the cluster may "
        "create its databases.",
    ),
    redis: str = typer.Option("redis://127.0.0.1:6379/0", help="Redis: bus, cache, limits."),
    name: str = typer.Option(
        "mathpath", help="Databases are <name>_<service>; Redis keys start with <name>:."
    ),
    host: str = typer.Option("127.0.0.1"),
    port: int = typer.Option(8000, help="The gateway's port."),
    first_service_port: int | None = typer.Option(
        None,
        help="identity, learning, tutor and billing listen here and on the next three "
        "ports (default: the gateway's port + 101).",
    ),
    environment: str = typer.Option(
        "staging", help="staging (sandbox payments and the email outbox allowed) or production."
    ),
    data_dir: str = typer.Option("var/cluster", help="Each process's data folder, under it."),
    log_dir: str | None = typer.Option(
        None, help="Write each process's log to <dir>/<process>.log (default: this terminal)."
    ),
) -> None:
    """Run the distributed platform here: each service in its own process on PostgreSQL,
    Redis Streams and the Redis cache, behind the gateway; Ctrl-C stops it all."""
    from pathlib import Path

    from mathpath.cluster import ClusterError, make_plan, run

    if environment not in ("staging", "production"):
        raise typer.BadParameter("staging or production", param_hint="--environment")
    plan = make_plan(
        postgres_url=postgres,
        redis_url=redis,
        redis_prefix=name,
        database_prefix=name,
        host=host,
        port=port,
        first_service_port=first_service_port,
        environment=environment,
        data_dir=Path(data_dir),
    )
    try:
        code = run(plan, log_dir=Path(log_dir) if log_dir else None, echo=typer.echo)
    except ClusterError as exc:
        typer.echo(f"mathpath dev cluster: {exc}", err=True)
        raise typer.Exit(1) from exc
    raise typer.Exit(code)


def main() -> None:
    app()
