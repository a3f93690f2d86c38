"""The worker-process guard enforces a hard wall-clock limit and survives stuck work."""

from __future__ import annotations

import signal
import time

import pytest

from mathpath.maths import guard
from mathpath.maths.checking import check


def test_pool_runs_work_and_returns_its_result() -> None:
    assert guard.pool().call(5.0, sum, [1, 2, 3]) == 6


def test_errors_in_work_are_reported_not_fatal() -> None:
    pool = guard.pool()
    with pytest.raises(guard.WorkerError, match="ZeroDivisionError"):
        pool.call(5.0, divmod, 1, 0)
    assert pool.call(5.0, abs, -2) == 2


def test_soft_timeout_stops_python_level_work_and_keeps_the_worker() -> None:
    pool = guard.pool()
    start = time.monotonic()
    with pytest.raises(guard.GuardTimeout):
        pool.call(0.3, time.sleep, 5)
    assert time.monotonic() - start < 1.0
    assert pool.call(5.0, abs, -3) == 3


def test_hard_limit_kills_a_worker_that_ignores_signals() -> None:
    pool = guard.WorkerPool(size=1)
    try:
        # Blocking SIGALRM in the worker simulates work stuck where a signal cannot reach it.
        pool.call(5.0, signal.pthread_sigmask, signal.SIG_BLOCK, {signal.SIGALRM})
        start = time.monotonic()
        with pytest.raises(guard.GuardTimeout):
            pool.call(0.3, time.sleep, 5)
        assert time.monotonic() - start < 1.0
        # A replacement worker is started in the background and then serves calls again.
        assert pool.call(30.0, abs, -4) == 4
    finally:
        pool.close()


def test_slow_symbolic_check_is_cannot_check_within_its_limit() -> None:
    start = time.monotonic()
    # simplify() on this trigonometric expression runs for over ten seconds unguarded.
    verdict = check(
        "x", "x + sin(a+b+c+d+e)^2 + cos(a+b+c+d+e)^2 - 1", form="simplified", timeout_ms=500
    )
    elapsed_ms = (time.monotonic() - start) * 1000
    assert verdict.status == "cannot_check" and verdict.reason == "timeout"
    assert elapsed_ms < 800


async def test_check_async_leaves_the_event_loop_free() -> None:
    import asyncio

    from mathpath.maths.checking import check_async

    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    task = asyncio.create_task(ticker())
    verdict = await check_async(
        "x", "x + sin(a+b+c+d+e)^2 + cos(a+b+c+d+e)^2 - 1", form="simplified", timeout_ms=400
    )
    task.cancel()
    assert verdict.status == "cannot_check"
    assert ticks >= 10  # the loop kept running while the check was busy


def test_isolate_hands_off_only_inside_the_fast_path() -> None:
    guard.isolate("outside the fast path this is a no-op")
    with pytest.raises(guard.NeedsIsolation), guard.inline_only():
        guard.isolate("simplify")


def test_every_check_can_be_forced_into_a_worker() -> None:
    from mathpath.maths.checking import set_always_isolate

    set_always_isolate(True)
    try:
        assert check("x^2-1", "(x-1)(x+1)").status == "correct"
    finally:
        set_always_isolate(False)


def test_wrong_answer_still_marked_when_diagnosis_is_off_or_slow() -> None:
    verdict = check("x+1", "x+2", diagnose=False)
    assert verdict.status == "incorrect" and verdict.misconception is None
