"""Verification and reset emails must reach people: no SMTP in production is refused, and
anywhere but development and tests it is warned about at start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mathpath.identity.app import check_email
from mathpath.identity.config import IdentityConfig
from mathpath.kit.logging import configure_logging
from mathpath.kit.settings import Settings


def _settings(tmp_path: Path, environment: str) -> Settings:
    if environment != "production":
        return Settings(environment=environment, data_dir=tmp_path)  # type: ignore[arg-type]
    urls = {
        f"{s}_database_url": f"postgresql://postgres@127.0.0.1:5432/mp_{s}"
        for s in ("identity", "learning", "tutor", "billing")
    }
    return Settings(environment="production", secret_key="s" * 40, data_dir=tmp_path, **urls)  # type: ignore[arg-type]


def test_production_without_smtp_refuses_to_start(tmp_path: Path):
    with pytest.raises(ValueError, match="MATHPATH_IDENTITY_EMAIL_ADAPTER=smtp"):
        check_email(_settings(tmp_path, "production"), IdentityConfig(email_adapter="outbox"))


def test_production_with_smtp_starts(tmp_path: Path):
    check_email(_settings(tmp_path, "production"), IdentityConfig(email_adapter="smtp"))


@pytest.mark.parametrize(("environment", "warned"), [("staging", True), ("development", False)])
def test_the_email_outbox_is_warned_about_outside_development(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], environment: str, warned: bool
):
    configure_logging("INFO", json=True)
    try:
        capsys.readouterr()
        check_email(_settings(tmp_path, environment), IdentityConfig(email_adapter="outbox"))
        lines = [json.loads(raw) for raw in capsys.readouterr().err.splitlines() if raw]
    finally:
        configure_logging("WARNING", json=True)
    events = [line["event"] for line in lines if line["level"] == "warning"]
    assert (events == ["email_not_sent"]) is warned
