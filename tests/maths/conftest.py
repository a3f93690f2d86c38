"""Shared fixtures for the maths tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mathpath.maths import guard


@pytest.fixture(scope="session", autouse=True)
def _stop_maths_workers() -> Iterator[None]:
    # Workers start once (importing SymPy takes seconds on a busy machine) so no test's time
    # limit pays for it; they must not outlive the test run.
    guard.pool()
    yield
    guard.shutdown()
