"""Where the tutor keeps its checkpoints and memory: never SQLite files in production."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathpath.kit.settings import Settings
from mathpath.tutor.app import state_url
from mathpath.tutor.config import TutorSettings

SECRET = "s" * 40


def production(tmp_path: Path, **overrides: object) -> Settings:
    urls = {
        f"{s}_database_url": f"postgresql://postgres@127.0.0.1:5432/mp_{s}"
        for s in ("identity", "learning", "tutor", "billing")
    }
    return Settings(
        environment="production", secret_key=SECRET, data_dir=tmp_path, **{**urls, **overrides}
    )  # type: ignore[arg-type]


def test_the_tutors_postgres_database_holds_its_checkpoints_by_default(tmp_path: Path):
    url = state_url(TutorSettings(), production(tmp_path))
    assert url == "postgresql+asyncpg://postgres@127.0.0.1:5432/mp_tutor"


def test_an_explicit_checkpoint_url_wins(tmp_path: Path):
    settings = TutorSettings(checkpoint_url="postgresql://postgres@db/checkpoints")
    assert state_url(settings, production(tmp_path)) == "postgresql://postgres@db/checkpoints"


def test_production_refuses_sqlite_checkpoints(tmp_path: Path):
    settings = TutorSettings(checkpoint_url="sqlite:///var/tutor_graph.sqlite")
    with pytest.raises(ValueError, match="checkpoints and memory need PostgreSQL"):
        state_url(settings, production(tmp_path))


def test_embedded_keeps_sqlite_files(tmp_path: Path):
    assert state_url(TutorSettings(), Settings(data_dir=tmp_path)) == ""
