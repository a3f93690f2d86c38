"""Why is an invalid step invalid? Each check rebuilds what the student probably meant and
names the mistake only when that repair turns the step into a valid one."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from itertools import combinations

import sympy as sp

from mathpath.maths.misconceptions.model import typed_structure
from mathpath.maths.steps.lines import Line
from mathpath.maths.steps.solsets import excluded_values, rational_parts
from mathpath.maths.steps.validity import (
    Comparison,
    SetRelation,
    compare_lines,
    equivalent_expressions,
)

MAX_TERMS = 8
MAX_SUBSET_TERMS = 5

LABELS: dict[str, str] = {
    "inequality-not-flipped": (
        "When you multiply or divide both sides of an inequality by a negative number, the "
        "inequality sign has to turn round (< becomes >)."
    ),
    "inequality-wrongly-flipped": (
        "The inequality sign only turns round when you multiply or divide by a negative "
        "number. Here it should have stayed the same way round."
    ),
    "lost-root": (
        "This line has lost a solution. Dividing by something that contains the letter (it "
        "could be zero), or taking only the positive square root, throws solutions away."
    ),
    "gained-root": (
        "This line has picked up an extra solution that doesn't work in the line before. "
        "Squaring both sides or multiplying by something with the letter in it can do that."
    ),
    "sign-error": (
        "Check your signs: one term has the wrong sign. Remember that moving a term to the "
        "other side changes its sign, and a negative divided by a positive is negative."
    ),
    "variable-dropped": (
        "The letter has gone missing from a term. When you tidy up, keep the letter with its "
        "number."
    ),
    "operation-on-some-terms-only": (
        "When you multiply or divide a side, every term on that side has to be multiplied or "
        "divided, not just one of them."
    ),
    "one-side-only": (
        "Whatever you do to one side of an equation you must do to the other side too, so the "
        "two sides stay balanced."
    ),
    "term-dropped": (
        "A term has disappeared. Check that every term from the line before is still there "
        "(or has been properly combined with another)."
    ),
    "expand-first-term-only": (
        "What multiplies or divides a bracket applies to every term inside it: "
        "2(x + 3) = 2x + 6, not 2x + 3, and (x + 4)/2 = x/2 + 2."
    ),
    "arithmetic-error": (
        "The idea is right but a calculation has slipped. Check the arithmetic in this line again."
    ),
    "simplification-error": (
        "One side has been rewritten into something that isn't equal to what it was. Check "
        "how you expanded or simplified it."
    ),
    "not-equivalent": (
        "This line doesn't say the same thing as the line before, so the step isn't valid. "
        "Go back and check what changed."
    ),
    "kind-changed": (
        "This line is a different kind of statement from the one before (for example an "
        "expression after an equation), so it can't be checked as a step."
    ),
    "division-by-zero": (
        "This line divides by zero, which can't be done. Check what you divided by."
    ),
    "undecided": "We couldn't check this step automatically; ask your teacher to look at it.",
    "unreadable": "We couldn't read one of the lines. Check the brackets and symbols.",
    "too-complex": "These lines are too long or complicated to check automatically.",
}


class _Budget:
    """Diagnosis tries many repairs. A fixed number of tries keeps results reproducible; the
    wall-clock deadline is only a safety net for unusually slow lines."""

    def __init__(self, tries: int, seconds: float) -> None:
        self.tries = tries
        self.deadline = time.perf_counter() + seconds

    def spent(self) -> bool:
        self.tries -= 1
        return self.tries < 0 or time.perf_counter() > self.deadline


def _valid(before: Line, candidate: Line) -> bool:
    return compare_lines(before, candidate).relation is SetRelation.SAME


def _terms(expr: sp.Expr) -> tuple[sp.Expr, ...]:
    """The terms as typed: the parser nests `a + b + c` as `(a + b) + c`, so flatten."""
    out: list[sp.Expr] = []
    stack = [expr]
    while stack and len(out) < MAX_TERMS:
        node = stack.pop()
        if isinstance(node, sp.Add):
            stack.extend(reversed(node.args))
        else:
            out.append(node)
    return tuple(out)


def _sum(terms: Iterator[sp.Expr] | list[sp.Expr]) -> sp.Expr:
    total: sp.Expr = sp.Add(*terms)
    return total


def _side_variants(after: Line, change: Callable[[sp.Expr], Iterator[sp.Expr]]) -> Iterator[Line]:
    """`after` with one side replaced by each variant `change` proposes for it."""
    lhs, rhs = after.typed_lhs, after.typed_rhs
    for new in change(lhs):
        yield after.with_sides(new, rhs)
    for new in change(rhs):
        yield after.with_sides(lhs, new)


def _negate_one_term(side: sp.Expr) -> Iterator[sp.Expr]:
    yield -side
    terms = _terms(side)
    if len(terms) > 1:
        for i in range(len(terms)):
            yield _sum([-t if j == i else t for j, t in enumerate(terms)])


def _is_sign_error(before: Line, after: Line, budget: _Budget) -> bool:
    """Flipping one sign (in the new line, or of a term carried over from the old) repairs it."""
    for candidate in _side_variants(after, _negate_one_term):
        if budget.spent():
            return False
        if _valid(before, candidate):
            return True
    for variant in _side_variants(before, _negate_one_term):
        if budget.spent():
            return False
        if _valid(variant, after):
            return True
    return False


def _is_variable_dropped(before: Line, after: Line, budget: _Budget) -> bool:
    symbols = sorted(before.symbols, key=str)
    if len(symbols) != 1:
        return False
    x = symbols[0]

    def restore(side: sp.Expr) -> Iterator[sp.Expr]:
        terms = _terms(side)
        for i, t in enumerate(terms):
            if t.is_number and t != 0:
                yield _sum([t * x if j == i else u for j, u in enumerate(terms)])

    for candidate in _side_variants(after, restore):
        if budget.spent():
            return False
        if _valid(before, candidate):
            return True
    return False


def _constant_factor(old: sp.Expr, new: sp.Expr) -> sp.Expr | None:
    if old == 0 or new == 0:
        return None
    ratio = sp.cancel(sp.together(old / new))
    if ratio.is_number and ratio not in (0, 1, -1) and ratio.is_finite:
        return ratio
    return None


def _is_partial_operation(before: Line, after: Line, budget: _Budget) -> bool:
    """One side scaled by k, the other side scaled by k in some of its terms only."""
    pairs = [
        (before.lhs, after.lhs, before.typed_rhs, after.rhs),
        (before.rhs, after.rhs, before.typed_lhs, after.lhs),
    ]
    for old_scaled, new_scaled, old_other, new_other in pairs:
        k = _constant_factor(old_scaled, new_scaled)
        if k is None:
            continue
        terms = _terms(old_other)
        if not 1 < len(terms) <= MAX_SUBSET_TERMS:
            continue
        for size in range(1, len(terms)):
            for chosen in combinations(range(len(terms)), size):
                if budget.spent():
                    return False
                guess = _sum([t / k if i in chosen else t for i, t in enumerate(terms)])
                if equivalent_expressions(guess, new_other) is True:
                    return True
    return False


def _is_one_side_only(before: Line, after: Line) -> bool:
    """One side kept, the other visibly operated on: a term appended, or a factor applied."""
    for kept_old, kept_new, old, new_raw in (
        (before.lhs, after.lhs, before.typed_rhs, after.typed_rhs),
        (before.rhs, after.rhs, before.typed_lhs, after.typed_lhs),
    ):
        if equivalent_expressions(kept_old, kept_new) is not True:
            continue
        old_terms, new_terms = set(_terms(old)), set(_terms(new_raw))
        if len(new_terms) > len(old_terms) and old_terms <= new_terms:
            return True
        old_factors, new_factors = set(sp.Mul.make_args(old)), set(sp.Mul.make_args(new_raw))
        if len(new_factors) > len(old_factors) and old_factors <= new_factors:
            return True
        if isinstance(new_raw, sp.Mul | sp.Pow) and new_raw.has(old) and new_raw != old:
            return True
        if _scaled(old, new_raw):
            return True
    return False


def _scaled(old: sp.Expr, new: sp.Expr) -> bool:
    """A side with the letter in it was multiplied or divided by a number (`x/3 -> x`) with
    nothing done to the other side. (A term that vanished is reported as term-dropped.)"""
    if not old.free_symbols or old == 0 or new == 0:
        return False
    ratio = sp.cancel(sp.together(new / old))
    return bool(ratio.is_number and ratio not in (0, 1))


def _is_term_dropped(before: Line, after: Line, budget: _Budget) -> bool:
    dropped = set(_terms(before.typed_lhs)) | set(_terms(before.typed_rhs))

    def add_back(side: sp.Expr) -> Iterator[sp.Expr]:
        for t in sorted(dropped, key=sp.default_sort_key):
            if t != 0:
                yield side + t
                yield side - t

    for candidate in _side_variants(after, add_back):
        if budget.spent():
            return False
        if _valid(before, candidate):
            return True
    return False


def _is_bracket_partly_expanded(before: Line, after: Line) -> bool:
    """A side k(a + b) became ka + b (the multiplier reached only one term of the bracket)
    while the other side stayed the same."""
    for typed, new, old_other, new_other in (
        (before.typed_lhs, after.lhs, before.rhs, after.rhs),
        (before.typed_rhs, after.rhs, before.lhs, after.lhs),
    ):
        shaped = typed_structure(typed)
        if not isinstance(shaped, sp.Mul):
            continue
        brackets = [f for f in shaped.args if isinstance(f, sp.Add)]
        if len(brackets) != 1 or len(shaped.args) > MAX_TERMS:
            continue
        outside = sp.Mul(*(f for f in shaped.args if f is not brackets[0]))
        terms = sp.Add.make_args(brackets[0])
        if outside == 1 or len(terms) > MAX_TERMS:
            continue
        if equivalent_expressions(old_other, new_other) is not True:
            continue
        for i, term in enumerate(terms):
            wrong = outside * term + sp.Add(*(t for j, t in enumerate(terms) if j != i))
            if equivalent_expressions(wrong, new) is True:
                return True
    return False


def _one_side_changed_wrongly(before: Line, after: Line) -> sp.Expr | None:
    """The side that changed when the other side was kept; None if both changed."""
    if equivalent_expressions(before.lhs, after.lhs) is True:
        return after.rhs
    if equivalent_expressions(before.rhs, after.rhs) is True:
        return after.lhs
    return None


def _is_linear(line: Line) -> bool:
    symbols = line.symbols
    if len(symbols) != 1 or line.parts:
        return False
    x = next(iter(symbols))
    parts = rational_parts(line.difference, x)
    if parts is None or parts[1].degree() > 0 or parts[0].degree() > 1:
        return False
    return not excluded_values(line.difference, x)


def diagnose_step(
    before: Line, after: Line, comparison: Comparison, *, tries: int = 48, seconds: float = 0.2
) -> str:
    """A stable label (a key of LABELS) for an invalid step."""
    budget = _Budget(tries, seconds)
    if before.op is None or after.op is None:
        return "simplification-error" if before.op == after.op else "kind-changed"
    if before.kind == "inequality" and after.kind == "inequality":
        if _valid(before, after.reversed_op()):
            ratio = sp.cancel(sp.together(after.difference / before.difference))
            flipped_needed = ratio.is_number and bool(ratio < 0)
            return "inequality-not-flipped" if flipped_needed else "inequality-wrongly-flipped"
    if before.symbols and not after.symbols:
        return "variable-dropped"
    if "conjunction" in (before.kind, after.kind):
        return "not-equivalent"
    nonlinear = not (_is_linear(before) and _is_linear(after))
    if nonlinear:
        if comparison.relation is SetRelation.SUBSET:
            return "lost-root"
        if comparison.relation is SetRelation.SUPERSET:
            return "gained-root"
    if before.parts or after.parts:
        return "not-equivalent"
    if _is_bracket_partly_expanded(before, after):
        return "expand-first-term-only"
    if _is_sign_error(before, after, budget):
        return "sign-error"
    if _is_variable_dropped(before, after, budget):
        return "variable-dropped"
    if _is_partial_operation(before, after, budget):
        return "operation-on-some-terms-only"
    if _is_one_side_only(before, after):
        return "one-side-only"
    if _is_term_dropped(before, after, budget):
        return "term-dropped"
    changed = _one_side_changed_wrongly(before, after)
    if changed is not None:
        return "simplification-error" if changed.free_symbols else "arithmetic-error"
    if _is_linear(before) and _is_linear(after):
        return "arithmetic-error"
    return "not-equivalent"
