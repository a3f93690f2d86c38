from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from mathpath.kit.settings import Settings, normalise_database_url

STRONG = "x" * 40


def test_embedded_defaults_use_sqlite_files_under_data_dir(tmp_path: Path):
    settings = Settings(data_dir=tmp_path)
    assert settings.database_url("learning") == (
        f"sqlite+aiosqlite:///{tmp_path / 'learning.sqlite'}"
    )
    assert settings.event_bus == "memory" and settings.cache_backend == "memory"


def test_plain_postgres_url_gets_the_async_driver():
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+asyncpg://u@h/db"


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({}, "SECRET_KEY"),
        ({"secret_key": STRONG, "debug": True}, "DEBUG"),
        ({"secret_key": STRONG}, "DATABASE_URL must not be SQLite"),
    ],
)
def test_production_refuses_unsafe_settings(overrides: dict[str, object], complaint: str):
    with pytest.raises(ValidationError, match=complaint):
        Settings(environment="production", **overrides)  # type: ignore[arg-type]


def test_production_starts_with_safe_settings():
    urls = {
        f"{s}_database_url": f"postgresql://pg/{s}"
        for s in ("identity", "learning", "tutor", "billing")
    }
    settings = Settings(environment="production", secret_key=STRONG, **urls)  # type: ignore[arg-type]
    assert settings.is_production
