"""Solvers that show their working, for the core GCSE Higher and A-Level Pure families.

`solve(Problem(family, data)) -> Solution` with `steps` (each `expression` as parser-readable
text and as LaTeX, `rule`, `explanation`) and a verified `answer`. Families (`FAMILIES`):

- `linear.equation` (eq), `linear.inequality` (rel)
- `expand` (expr), `factorise` (expr)
- `quadratic.factorise`, `quadratic.formula`, `quadratic.complete_square` (eq or expr)
- `simultaneous.linear`, `simultaneous.linear_quadratic` (eqs)
- `fractions.simplify` (expr), `fractions.add` (terms)
- `indices.simplify` (expr), `surds.simplify` (expr, also rationalising denominators)
- `exponential.equation`, `logarithm.equation` (eq)
- `differentiate` (expr, optional rule: power/chain/product/quotient), `stationary_points` (expr)
- `integrate.indefinite` (expr), `integrate.definite` (expr, lower, upper),
  `integrate.substitution` (expr, u)
- `trig.equation` (eq, lower, upper; degrees unless radians=True)
- `sequence.arithmetic` (first, difference, ask, n), `sequence.geometric` (first, ratio, ask, n)
- `binomial.expansion` (expr, terms)
"""

from __future__ import annotations

from mathpath.maths.solvers import algebra, calculus, functions, linear, quadratics, series
from mathpath.maths.solvers.base import (
    Answer,
    Problem,
    Solution,
    Solver,
    SolverError,
    Step,
)

FAMILIES: dict[str, Solver] = {
    "linear.equation": linear.solve_linear_equation,
    "linear.inequality": linear.solve_linear_inequality,
    "expand": algebra.solve_expand,
    "factorise": algebra.solve_factorise,
    "quadratic.factorise": quadratics.solve_quadratic_factorise,
    "quadratic.formula": quadratics.solve_quadratic_formula,
    "quadratic.complete_square": quadratics.solve_complete_square,
    "simultaneous.linear": quadratics.solve_simultaneous_linear,
    "simultaneous.linear_quadratic": quadratics.solve_simultaneous_quadratic,
    "fractions.simplify": algebra.solve_fraction_simplify,
    "fractions.add": algebra.solve_fraction_add,
    "indices.simplify": algebra.solve_indices,
    "surds.simplify": algebra.solve_surds,
    "exponential.equation": functions.solve_exponential,
    "logarithm.equation": functions.solve_logarithmic,
    "differentiate": calculus.solve_differentiate,
    "stationary_points": calculus.solve_stationary_points,
    "integrate.indefinite": calculus.solve_integrate,
    "integrate.definite": calculus.solve_definite_integral,
    "integrate.substitution": calculus.solve_integrate_substitution,
    "trig.equation": functions.solve_trig,
    "sequence.arithmetic": series.solve_arithmetic,
    "sequence.geometric": series.solve_geometric,
    "binomial.expansion": series.solve_binomial,
}


def solve(problem: Problem) -> Solution:
    """Solve with worked steps; raises SolverError if the family is unknown, the data do not
    fit it, or the answer fails its verification."""
    solver = FAMILIES.get(problem.family)
    if solver is None:
        raise SolverError(f"unknown family {problem.family!r}")
    return solver(problem)


__all__ = ["FAMILIES", "Answer", "Problem", "Solution", "SolverError", "Step", "solve"]
