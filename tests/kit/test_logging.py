from __future__ import annotations

import json

import pytest
import structlog

from mathpath.kit.context import accept_request_id, request_id_var, trace_id_from
from mathpath.kit.logging import REDACTED, configure_logging, redact_mapping


def test_personal_data_is_redacted_from_any_field():
    event = {
        "event": "signed in",
        "email": "amira@example.org",
        "password": "hunter2",
        "display_name": "Amira K",
        "detail": "reset link sent to amira@example.org",
        "headers": {"authorization": "Bearer abc.def.ghi"},
        "note": "token eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl here",
        "nested": [{"refresh_token": "r-123"}],
        "user_id": "u-1",
    }
    out = redact_mapping(event)
    assert out["email"] == REDACTED
    assert out["password"] == REDACTED
    assert out["display_name"] == REDACTED
    assert out["detail"] == f"reset link sent to {REDACTED}"
    assert out["headers"]["authorization"] == REDACTED
    assert "eyJ" not in out["note"]
    assert out["nested"][0]["refresh_token"] == REDACTED
    assert out["user_id"] == "u-1" and out["event"] == "signed in"


def test_log_lines_are_json_with_request_id(capsys: pytest.CaptureFixture[str]):
    configure_logging("INFO", json=True)
    token = request_id_var.set("req-12345678")
    try:
        structlog.get_logger("t").info("hello", email="x@y.co")
    finally:
        request_id_var.reset(token)
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["request_id"] == "req-12345678"
    assert line["email"] == REDACTED
    assert {"trace_id", "user_id", "timestamp", "level"} <= line.keys()


def test_request_id_accepts_well_formed_and_replaces_hostile():
    assert accept_request_id("abcdef12-3456") == "abcdef12-3456"
    replaced = accept_request_id("bad id\nwith newline")
    assert replaced != "bad id\nwith newline" and len(replaced) == 32
    assert accept_request_id(None) != accept_request_id(None)


def test_trace_id_from_traceparent():
    tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    assert trace_id_from(tp) == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert trace_id_from("garbage") is None
