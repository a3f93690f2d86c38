"""Shared fixtures for the maths tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mathpath.maths import guard


@pytest.fixture(scope="session", autouse=True)
def _stop_maths_workers() -> Iterator[None]:
    # The checker's worker processes must not outlive the test run.
    yield
    guard.shutdown()
