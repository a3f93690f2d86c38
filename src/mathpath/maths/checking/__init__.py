"""Answer checking: is a student's answer right, in the form the item asks for?"""

from __future__ import annotations

import asyncio
import time

from mathpath.maths import limits
from mathpath.maths.checking.core import KINDS, Options, check_inline
from mathpath.maths.checking.forms import FORMS
from mathpath.maths.checking.kinds import equivalent
from mathpath.maths.checking.verdict import Status, Verdict

__all__ = ["FORMS", "KINDS", "Options", "Status", "Verdict", "check", "check_async", "equivalent"]


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
    timeout_ms: int = limits.DEFAULT_TIMEOUT_MS,
) -> Verdict:
    """Check `answer` against `expected`. Never raises for bad student input."""
    options = Options(kind, form, tolerance, dp, sf, units, degrees, domain)
    start = time.perf_counter()
    result = check_inline(expected, answer, options)
    return result.with_ms((time.perf_counter() - start) * 1000)


async def check_async(
    expected: str,
    answer: str,
    **kwargs: object,
) -> Verdict:
    """`check` for async callers: runs in a thread so the event loop is never blocked."""
    return await asyncio.to_thread(check, expected, answer, **kwargs)  # type: ignore[arg-type]
