"""What `mathpath dev cluster` gives each process: the URLs of the services it calls, its
database, Redis, and the caller's own settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from mathpath.cluster import GATEWAY, ClusterError, make_plan


def _plan(tmp_path: Path, **overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "postgres_url": "postgresql://postgres@127.0.0.1:5432/postgres",
        "redis_url": "redis://127.0.0.1:6379/0",
        "redis_prefix": "mpx",
        "database_prefix": "mpx",
        "host": "127.0.0.1",
        "port": 8000,
        "first_service_port": None,
        "environment": "staging",
        "data_dir": tmp_path,
        "environ": {"MATHPATH_BILLING_TRIAL_DAYS": "3", "MATHPATH_LEARNING_URL": "http://x"},
    }
    values.update(overrides)
    return make_plan(**values)  # type: ignore[arg-type]


def test_each_service_is_given_the_others_urls_but_calls_itself_in_process(tmp_path: Path):
    plan = _plan(tmp_path)
    env = plan.env("learning")
    assert env["MATHPATH_IDENTITY_URL"] == "http://127.0.0.1:8101"
    assert env["MATHPATH_BILLING_URL"] == "http://127.0.0.1:8104"
    assert env["MATHPATH_TUTOR_URL"] == "http://127.0.0.1:8103"
    assert "MATHPATH_LEARNING_URL" not in env  # the caller's value is not kept either
    gateway = plan.env(GATEWAY)
    assert {gateway[f"MATHPATH_{s}_URL"] for s in ("IDENTITY", "LEARNING", "TUTOR", "BILLING")} == {
        f"http://127.0.0.1:{p}" for p in (8101, 8102, 8103, 8104)
    }


def test_databases_redis_and_the_callers_settings_reach_every_process(tmp_path: Path):
    env = _plan(tmp_path).env("tutor")
    assert env["MATHPATH_TUTOR_DATABASE_URL"] == "postgresql://postgres@127.0.0.1:5432/mpx_tutor"
    assert env["MATHPATH_IDENTITY_DATABASE_URL"].endswith("/mpx_identity")
    assert env["MATHPATH_EVENT_BUS"] == env["MATHPATH_CACHE_BACKEND"] == "redis"
    assert env["MATHPATH_REDIS_STREAM_PREFIX"] == "mpx"
    assert env["MATHPATH_ENVIRONMENT"] == "staging"
    assert env["MATHPATH_BILLING_TRIAL_DAYS"] == "3"
    assert env["MATHPATH_DATA_DIR"] == str(tmp_path.resolve() / "tutor")


def test_overlapping_ports_are_refused(tmp_path: Path):
    with pytest.raises(ClusterError, match="overlap"):
        _plan(tmp_path, port=8102, first_service_port=8101)
