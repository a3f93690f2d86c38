"""Shared fixtures: each test gets its own databases (migrated once, copied per test).

With ``MATHPATH_REQUIRE_SERVERS=1`` (set by ``.ci/run``), a test that needs a real server
(marked ``postgres``, ``redis``, ``mongo``, ``firestore`` or ``integration``) fails instead
of skipping.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests search new examples on every local run; in CI (`.ci/run`) they replay a
# fixed derivation, so a landing never hangs on a newly found counterexample. Found ones
# become example tests (e.g. tests/maths/test_checking.py, huge magnitudes).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("MATHPATH_REQUIRE_SERVERS") == "1":
    settings.load_profile("ci")

pytest_plugins = [
    "tests.fixtures.platform",
    "tests.fixtures.servers",
    "tests.fixtures.learning",
    "tests.fixtures.identity",
    "tests.fixtures.tutor",
    "tests.fixtures.documents",
]

SERVER_MARKERS = ("postgres", "redis", "integration", "mongo", "firestore")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("MATHPATH_REQUIRE_SERVERS") == "1"
        and report.skipped
        and any(item.get_closest_marker(m) for m in SERVER_MARKERS)
    ):
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"server test skipped but servers are required in CI: {reason}"
