"""Offline fitting of per-skill BKT parameters with pyBKT (`mathpath mastery fit`).

pyBKT (and NumPy, pandas, scikit-learn) are only needed here, never on the service's request
path: install them with the `kt` extra (see the learning README notes in the report). Only
unassisted answers are fitted: a correct answer after hints or the solution is not a clean
observation of what the student knows.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterable
from typing import Annotated, Any

import typer
from sqlalchemy import select

from mathpath.kit.clock import utcnow
from mathpath.learning import repository as repo
from mathpath.learning.bkt import Params
from mathpath.learning.models import Attempt

MIN_ATTEMPTS = 50
Row = tuple[str, str, int]  # student, skill, correct (in answer order)

_NAMES = {"prior": "p_init", "learns": "p_learn", "guesses": "p_guess", "slips": "p_slip"}


def fit_rows(
    rows: Iterable[Row], *, min_attempts: int = MIN_ATTEMPTS, seed: int = 42
) -> dict[str, tuple[Params, int]]:
    """Fit BKT with forgetting per skill; skills with too little data are left out."""
    try:
        import pandas as pd  # type: ignore[import-untyped]
        from pyBKT.models import Model
    except ImportError as exc:  # an optional extra: say how to get it
        raise RuntimeError(
            "pyBKT is not installed: pip install -e '.[kt]' (see the learning notes)"
        ) from exc
    frame = pd.DataFrame(list(rows), columns=["user_id", "skill_name", "correct"])
    if frame.empty:
        return {}
    counts = frame["skill_name"].value_counts()
    frame = frame[frame["skill_name"].isin(counts[counts >= min_attempts].index)]
    if frame.empty:
        return {}
    frame = frame.assign(order_id=range(len(frame)))
    with warnings.catch_warnings():
        # pyBKT 1.4.3 sets pandas options that pandas 3 deprecates; the fit is unaffected.
        warnings.simplefilter("ignore")
        model = Model(seed=seed, num_fits=3)
        model.fit(data=frame, forgets=True)
        fitted = model.params()
    values: dict[str, dict[str, float]] = {}
    for (skill, param, _cls), row in fitted.iterrows():
        values.setdefault(str(skill), {})[str(param)] = float(row["value"])
    out: dict[str, tuple[Params, int]] = {}
    for skill, found in values.items():
        kwargs: dict[str, Any] = {_NAMES[k]: v for k, v in found.items() if k in _NAMES}
        params = Params(p_forget=found.get("forgets", 0.0), **kwargs).clamped()
        out[skill] = (params, int(counts[skill]))
    return out


async def _logged_rows(ctx: Any) -> list[Row]:
    async with ctx.db.transaction() as session:
        attempts = await session.scalars(
            select(Attempt)
            .where(Attempt.status.in_(("correct", "incorrect")))
            .order_by(Attempt.student_id, Attempt.answered_at, Attempt.id)
        )
        rows: list[Row] = []
        for a in attempts:
            if a.correct and (a.hints_used or a.saw_solution or a.tutor_help):
                continue
            rows.extend((a.student_id, skill, int(a.correct)) for skill in a.skills)
        return rows


def fit_command(
    min_attempts: Annotated[
        int, typer.Option(help="Skills with fewer logged answers keep the defaults.")
    ] = MIN_ATTEMPTS,
) -> None:
    """Fit per-skill BKT parameters (with forgetting) from logged attempts, with pyBKT."""
    from mathpath.learning.commands import _context

    async def run() -> int:
        ctx = _context()
        try:
            rows = await _logged_rows(ctx)
            fitted = await asyncio.to_thread(fit_rows, rows, min_attempts=min_attempts)
            async with ctx.db.transaction() as session:
                await repo.save_params(session, fitted, utcnow())
            return len(fitted)
        finally:
            await ctx.db.dispose()

    try:
        count = asyncio.run(run())
    except RuntimeError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"fitted {count} skill(s); others use the defaults")
