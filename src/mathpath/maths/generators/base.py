"""Parametric item templates: draw parameters, build a problem, let the solver do the rest."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from mathpath.maths.solvers import Problem, Solution, SolverError, solve
from mathpath.maths.solvers.base import Step

MAX_ATTEMPTS = 200


class GeneratorError(ValueError):
    """No valid item could be drawn (contradictory fixed parameters or constraints)."""


@dataclass(frozen=True)
class Param:
    """An integer parameter drawn from [low, high], optionally never zero, or from `choices`."""

    low: int = -9
    high: int = 9
    nonzero: bool = True
    choices: tuple[Any, ...] = ()

    def draw(self, rng: random.Random) -> Any:
        if self.choices:
            return rng.choice(self.choices)
        while True:
            value = rng.randint(self.low, self.high)
            if value != 0 or not self.nonzero:
                return value


@dataclass(frozen=True)
class GeneratedItem:
    """One practice item. `answer` is text the parser reads; `steps` and `hints` come from
    the solver; only the last hint states the answer."""

    generator: str
    stem: str
    answer: str
    answer_latex: str
    kind: str
    form: str | None
    steps: list[Step]
    hints: list[str]
    misconceptions: list[str]
    params: dict[str, Any]


Build = Callable[[dict[str, Any]], tuple[Problem, str]]
Constraint = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class Generator:
    """A template: `build` turns drawn parameters into a Problem and a Markdown stem."""

    name: str
    params: dict[str, Param]
    build: Build
    strategy: str
    constraint: Constraint = field(default=lambda p: True)
    form: str | None = None
    misconceptions: tuple[str, ...] = ()

    def generate(self, seed: int, params: Mapping[str, object] | None = None) -> GeneratedItem:
        """The same seed (and fixed params) always gives the same item."""
        fixed = dict(params or {})
        unknown = set(fixed) - set(self.params)
        if unknown:
            raise GeneratorError(f"{self.name} has no parameter(s) {sorted(unknown)}")
        rng = random.Random(f"{self.name}:{seed}")  # noqa: S311 - reproducible practice, not secrets
        for _ in range(MAX_ATTEMPTS):
            drawn = {k: fixed[k] if k in fixed else p.draw(rng) for k, p in self.params.items()}
            if not self.constraint(drawn):
                continue
            try:
                problem, stem = self.build(drawn)
                solution = solve(problem)
            except (SolverError, ZeroDivisionError, ValueError):
                continue
            return self._item(stem, solution, drawn)
        raise GeneratorError(f"{self.name}: no valid item for parameters {fixed}")

    def _item(self, stem: str, solution: Solution, drawn: dict[str, Any]) -> GeneratedItem:
        return GeneratedItem(
            generator=self.name,
            stem=stem,
            answer=solution.answer.text,
            answer_latex=solution.answer.latex,
            kind=solution.answer.kind,
            form=self.form,
            steps=solution.steps,
            hints=hint_ladder(self.strategy, solution),
            misconceptions=list(self.misconceptions),
            params=drawn,
        )


def _reveals(text: str, solution: Solution) -> bool:
    answer = solution.answer.text
    return answer in text or any(
        part.strip() and part.strip() in text for part in answer.split(" or ")
    )


def hint_ladder(strategy: str, solution: Solution) -> list[str]:
    """Rungs from general to specific: the method, the first move, what to do next, a way to
    check, then the answer. Rungs that would give the answer away early are left out."""
    steps = solution.steps
    rungs = [strategy]
    if steps:
        rungs.append(f"Start like this: {steps[0].explanation}")
    if len(steps) > 2:
        rungs.append(f"Then: {steps[len(steps) // 2].explanation}")
    rungs.append(
        "When you have an answer, check it: substitute it back, or work backwards to the question."
    )
    safe = [r for r in rungs if not _reveals(r, solution)]
    safe.append(f"The answer is ${solution.answer.latex}$.")
    return safe


def tex(value: sp.Basic) -> str:
    out: str = sp.latex(value, ln_notation=True)
    return out
