"""Alembic, one environment per service under ``migrations/<service>/``."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import async_engine_from_config

from mathpath.kit.settings import get_settings


def migrations_dir() -> Path:
    configured = os.environ.get("MATHPATH_MIGRATIONS_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(service: str, url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir() / service))
    cfg.set_main_option("sqlalchemy.url", url)
    cfg.attributes["service"] = service
    return cfg


def _prepare(url: str) -> str:
    """Make sure an SQLite file's folder exists."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
    return url


def upgrade(service: str, url: str | None = None, revision: str = "head") -> None:
    """Apply ``service``'s migrations (blocking; call it from a thread inside an event loop)."""
    url = _prepare(url or get_settings().database_url(service))
    command.upgrade(alembic_config(service, url), revision)


def revision(service: str, message: str, url: str | None = None) -> None:
    url = _prepare(url or get_settings().database_url(service))
    command.revision(alembic_config(service, url), message=message, autogenerate=True)


def run_env(metadata: MetaData) -> None:
    """Body of every service's ``env.py``."""
    from alembic import context

    config = context.config

    def do_run(connection: Connection) -> None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            version_table=f"alembic_version_{config.attributes.get('service', 'default')}",
        )
        with context.begin_transaction():
            context.run_migrations()

    if context.is_offline_mode():
        context.configure(
            url=config.get_main_option("sqlalchemy.url"),
            target_metadata=metadata,
            literal_binds=True,
            version_table=f"alembic_version_{config.attributes.get('service', 'default')}",
        )
        with context.begin_transaction():
            context.run_migrations()
        return

    async def run_async() -> None:
        engine = async_engine_from_config(
            config.get_section(config.config_ini_section, {})
            or {"sqlalchemy.url": config.get_main_option("sqlalchemy.url")},
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
            await connection.commit()
        await engine.dispose()

    asyncio.run(run_async())
