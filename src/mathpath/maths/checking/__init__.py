"""Answer checking: is a student's answer right, in the form the item asks for?"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from mathpath.maths import guard, limits
from mathpath.maths.checking.core import (
    KIND_ALIASES,
    KINDS,
    Options,
    can_diagnose,
    check_inline,
    with_misconception,
)
from mathpath.maths.checking.forms import FORMS, canonical_form
from mathpath.maths.checking.kinds import equivalent as equivalent_values
from mathpath.maths.checking.verdict import Status, Verdict, cannot_check
from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.values import MathValue

if TYPE_CHECKING:
    from mathpath.maths.solvers.base import Problem

__all__ = [
    "FORMS", "KINDS", "Options", "Status", "Verdict",
    "check", "check_async", "check_local", "equivalent", "set_always_isolate", "warm_up",
]  # fmt: skip


def check(
    expected: str,
    answer: str,
    *,
    kind: str | None = None,
    form: str | None = None,
    tolerance: float | None = None,
    dp: int | None = None,
    sf: int | None = None,
    units: bool = False,
    degrees: bool = False,
    domain: bool = False,
    diagnose: bool = True,
    timeout_ms: int = limits.DEFAULT_TIMEOUT_MS,
    problem: Problem | None = None,
) -> Verdict:
    """Check `answer` against `expected` within `timeout_ms` of wall-clock time.

    Bounded work runs in the calling thread; a check that needs unbounded work (simplify,
    factorisation, misconception rules) is re-run in a worker process that is killed at the
    limit (see `mathpath.maths.guard`).

    Never raises for bad student input: unreadable answers are ``unparseable``, answers too
    big or too slow to check are ``cannot_check``. Raises ValueError for an unknown `kind` or
    `form` (a bug in the item, not the student's fault).

    `problem` (the solver's problem behind the item, when known) lets diagnosis apply each
    misconception's buggy rule to the problem's own data before the rules that only see the
    right answer; it runs in the worker under the same limit.
    """
    options = Options(kind, form, tolerance, dp, sf, units, degrees, domain, diagnose)
    _validate(options)
    start = time.perf_counter()
    deadline = start + timeout_ms / 1000
    marking = replace(options, diagnose=False)
    result = None
    if not _always_isolate:
        try:
            with guard.inline_only():
                result = check_inline(expected, answer, marking)
        except guard.NeedsIsolation:
            result = None  # this check needs unbounded work: redo it under the hard limit
    if result is None:
        result = _in_worker(deadline, check_inline, expected, answer, marking)
    enough_time = deadline - time.perf_counter() > _MIN_DIAGNOSIS_S
    if diagnose and result.status == "incorrect" and enough_time and can_diagnose():
        # Misconception rules are open-ended, so they always run in a worker; if they run out
        # of time the verdict simply has no misconception.
        explained = _in_worker(deadline, with_misconception, result, expected, answer, problem)
        if explained.status == "incorrect":
            result = explained
    return result.with_ms((time.perf_counter() - start) * 1000)


_MIN_DIAGNOSIS_S = 0.05


def _in_worker(deadline: float, func: Callable[..., Verdict], *args: object) -> Verdict:
    remaining = max(deadline - time.perf_counter(), 0.001)
    try:
        return guard.pool(wait=False).call(remaining, func, *args)
    except guard.GuardTimeout:
        return cannot_check(
            "This answer took too long to check, so we couldn't mark it.", "timeout"
        )
    except guard.GuardBusy:
        return cannot_check("The checker is busy; please try again.", "busy")
    except guard.WorkerError:
        return cannot_check("Something went wrong while checking this answer.", "error")


_always_isolate = False


def set_always_isolate(always: bool) -> None:
    """Run every check in a worker process (no in-process fast path); for measurement, or for
    deployments that prefer isolation to speed."""
    global _always_isolate
    _always_isolate = always


def warm_up() -> None:
    """Start the worker processes and warm this process's SymPy caches; services call this
    once at start-up so the first students' checks are as fast as the rest."""
    guard.pool()
    for expected, answer in guard.WARM_UP:
        check_inline(expected, answer, Options(diagnose=False))


def check_local(expected: str, answer: str, options: Options | None = None) -> Verdict:
    """The same marking in this process, without the hard time limit (static bounds only).

    For callers already inside a worker (batch jobs, benchmarks) or that need no isolation.
    """
    start = time.perf_counter()
    result = check_inline(expected, answer, options or Options())
    return result.with_ms((time.perf_counter() - start) * 1000)


def _validate(options: Options) -> None:
    canonical_form(options.form)
    if options.kind is not None and KIND_ALIASES.get(options.kind, options.kind) not in KINDS:
        raise ValueError(f"unknown kind {options.kind!r}; expected one of {', '.join(KINDS)}")


async def check_async(
    expected: str,
    answer: str,
    *,
    kind: str | None = None,
    form: str | None = None,
    tolerance: float | None = None,
    dp: int | None = None,
    sf: int | None = None,
    units: bool = False,
    degrees: bool = False,
    domain: bool = False,
    diagnose: bool = True,
    timeout_ms: int = limits.DEFAULT_TIMEOUT_MS,
    problem: Problem | None = None,
) -> Verdict:
    """`check` for async callers: runs in a thread so the event loop is never blocked; the
    thread's own work is limited by the static bounds, and anything slower runs in a worker
    process stopped at `timeout_ms`."""
    call = partial(
        check, expected, answer, kind=kind, form=form, tolerance=tolerance, dp=dp, sf=sf,
        units=units, degrees=degrees, domain=domain, diagnose=diagnose, timeout_ms=timeout_ms,
        problem=problem,
    )  # fmt: skip
    return await asyncio.to_thread(call)


def equivalent(
    a: MathValue | str,
    b: MathValue | str,
    *,
    domain: bool = False,
    timeout_ms: int = limits.DEFAULT_TIMEOUT_MS,
) -> bool:
    """Whether `a` and `b` (parsed values or text) are the same mathematical object.

    Runs like `check`: bounded work in this thread, anything else in a worker under
    `timeout_ms`. Text that cannot be read, is too complex, or takes longer than the limit is
    not equivalent to anything.
    """
    if not _always_isolate:
        try:
            with guard.inline_only():
                return _equivalent_texts(a, b, domain)
        except guard.NeedsIsolation:
            pass
    try:
        return guard.pool(wait=False).call(timeout_ms / 1000, _equivalent_texts, a, b, domain)
    except (guard.GuardTimeout, guard.GuardBusy, guard.WorkerError):
        return False


def _equivalent_texts(a: MathValue | str, b: MathValue | str, domain: bool) -> bool:
    try:
        va = parse(a) if isinstance(a, str) else a
        vb = parse(b) if isinstance(b, str) else b
        return equivalent_values(va, vb, domain=domain)
    except (ParseError, TooComplex):
        return False
