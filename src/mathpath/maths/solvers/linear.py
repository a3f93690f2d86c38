"""Linear equations and inequalities in one unknown, solved the way they are taught:
clear fractions, expand brackets, collect the unknown on one side, divide by its coefficient."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.solvers.base import (
    Answer,
    Problem,
    Solution,
    SolverError,
    Steps,
    eq,
    require,
)
from mathpath.maths.solvers.text import latex, plain
from mathpath.maths.solvers.verify import reads_back_as

_REL = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}


def _relation(lhs: sp.Expr, rhs: sp.Expr, op: str) -> sp.Basic:
    if op == "==":
        return eq(lhs, rhs)
    out: sp.Basic = _REL[op](lhs, rhs, evaluate=False)
    return out


def _linear_parts(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """(a, b) with lhs - rhs = a*x + b, or SolverError if not linear in x."""
    diff = sp.expand(lhs - rhs)
    poly = sp.Poly(diff, x) if diff.free_symbols <= {x} else None
    if poly is None or poly.degree() != 1:
        raise SolverError("not a linear equation in one unknown")
    a, b = poly.all_coeffs()
    return a, b


def _work(lhs: sp.Expr, rhs: sp.Expr, op: str, x: sp.Symbol, steps: Steps) -> tuple[sp.Expr, str]:
    """Rewrite towards `x op value`, recording each step; returns the value."""
    dens = [sp.fraction(sp.together(t))[1] for t in sp.Add.make_args(sp.expand(lhs - rhs))]
    den = sp.ilcm(1, *(d for d in dens if d.is_Integer))
    if den != 1:
        lhs, rhs = sp.expand(lhs * den), sp.expand(rhs * den)
        steps.add(
            _relation(lhs, rhs, op),
            "clear-fractions",
            f"Multiply every term on both sides by {den} to clear the fractions.",
        )
    expanded_l, expanded_r = sp.expand(lhs), sp.expand(rhs)
    if (expanded_l, expanded_r) != (lhs, rhs):
        lhs, rhs = expanded_l, expanded_r
        steps.add(_relation(lhs, rhs, op), "expand-brackets", "Multiply out the brackets.")
    a_l, a_r = lhs.coeff(x), rhs.coeff(x)
    c_l, c_r = sp.expand(lhs - a_l * x), sp.expand(rhs - a_r * x)
    if a_r != 0:
        if op == "==" and a_r > a_l:
            # Gather x where its coefficient stays positive, as students are taught.
            lhs, rhs, a_l, a_r, c_l, c_r = rhs, lhs, a_r, a_l, c_r, c_l
            steps.add(
                _relation(lhs, rhs, op),
                "swap-sides",
                "Swap the two sides so the side with more x's is on the left.",
            )
        verb = "Subtract" if a_r > 0 else "Add"
        lhs, rhs, a_l = (a_l - a_r) * x + c_l, c_r, a_l - a_r
        steps.add(
            _relation(lhs, rhs, op),
            "collect-terms",
            f"{verb} {plain(abs(a_r) * x)} on both sides so the x terms are together.",
        )
    if c_l != 0:
        rhs = rhs - c_l
        lhs = a_l * x
        verb = "Subtract" if c_l > 0 else "Add"
        steps.add(
            _relation(lhs, rhs, op),
            "inverse-operation",
            f"{verb} {plain(abs(c_l))} on both sides to leave the x term on its own.",
        )
    if a_l == 0:
        raise SolverError("the unknown cancels out")
    value = sp.nsimplify(rhs / a_l)
    final_op = op
    if a_l != 1:
        if a_l.is_negative and op != "==":
            final_op = _FLIP[op]
            explanation = (
                f"Divide both sides by {plain(a_l)}. Dividing by a negative number turns "
                "the inequality sign round."
            )
        else:
            explanation = f"Divide both sides by {plain(a_l)}."
        steps.add(_relation(x, value, final_op), "divide-coefficient", explanation)
    return value, final_op


def solve_linear_equation(problem: Problem) -> Solution:
    """Data: `eq` (an Eq linear in `var`), optional `var`."""
    equation = problem.get("eq")
    x = problem.var()
    steps = Steps()
    _linear_parts(equation.lhs, equation.rhs, x)
    value, _ = _work(equation.lhs, equation.rhs, "==", x, steps)
    require(sp.simplify((equation.lhs - equation.rhs).subs(x, value)) == 0, "substitution")
    text = plain(value)
    reads_back_as(text, value)
    answer = Answer(f"{plain(x)} = {text}", f"{latex(x)} = {latex(value)}", "equation", value)
    return Solution(problem, steps.items, answer)


def solve_linear_inequality(problem: Problem) -> Solution:
    """Data: `rel` (a strict or non-strict inequality linear in `var`), optional `var`."""
    rel = problem.get("rel")
    x = problem.var()
    if not isinstance(rel, sp.core.relational.Relational) or rel.rel_op == "==":
        raise SolverError("an inequality is needed")
    steps = Steps()
    _linear_parts(rel.lhs, rel.rhs, x)
    value, op = _work(rel.lhs, rel.rhs, rel.rel_op, x, steps)
    final = _relation(x, value, op)
    # Verify: the solution set of the answer equals that of the question.
    require(
        sp.solve_univariate_inequality(final, x, relational=False)
        == sp.solve_univariate_inequality(rel, x, relational=False),
        "solution set",
    )
    return Solution(problem, steps.items, Answer(plain(final), latex(final), "inequality", final))
