"""Step checking on SymPy objects (no parser involved)."""

from __future__ import annotations

import sympy as sp

from mathpath.maths.steps import LABELS, Line, check_step_lines

x, y = sp.symbols("x y")


def eq(lhs: sp.Expr | int, rhs: sp.Expr | int) -> sp.Basic:
    return sp.Eq(sp.sympify(lhs), sp.sympify(rhs), evaluate=False)


def test_subtracting_from_both_sides_is_valid_progress() -> None:
    result = check_step_lines(eq(2 * x + 3, 7), eq(2 * x, 4))
    assert result.valid is True
    assert result.progress is True
    assert result.diagnosis is None


def test_valid_but_unhelpful_step_is_not_progress() -> None:
    result = check_step_lines(eq(-5 * x, 16), eq(-5 * x + 5, 21))
    assert result.valid is True
    assert result.progress is False


def test_sign_error_when_dividing_by_a_negative() -> None:
    result = check_step_lines(eq(x, sp.Rational(4, -4)), eq(x, 1))
    assert result.valid is False
    assert result.diagnosis == "sign-error"


def test_term_moved_without_changing_sign() -> None:
    result = check_step_lines(eq(x + 3, 10), eq(x, 13))
    assert (result.valid, result.diagnosis) == (False, "sign-error")


def test_square_rooting_without_negative_root_loses_a_root() -> None:
    result = check_step_lines(eq(x**2, 4), eq(x, 2))
    assert (result.valid, result.diagnosis) == (False, "lost-root")


def test_dividing_by_the_variable_loses_a_root() -> None:
    result = check_step_lines(eq(x**2, 2 * x), eq(x, 2))
    assert (result.valid, result.diagnosis) == (False, "lost-root")


def test_squaring_both_sides_gains_a_root() -> None:
    result = check_step_lines(eq(x, 2), eq(x**2, 4))
    assert (result.valid, result.diagnosis) == (False, "gained-root")


def test_cancelled_denominator_still_excludes_its_zero() -> None:
    before = eq((x**2 - 1) / (x - 1), 2)
    result = check_step_lines(before, eq(x + 1, 2))
    assert (result.valid, result.diagnosis) == (False, "gained-root")


def test_only_one_term_multiplied() -> None:
    result = check_step_lines(eq(x / 2 + 3, 5), eq(x + 3, 10))
    assert (result.valid, result.diagnosis) == (False, "operation-on-some-terms-only")


def test_operation_on_one_side_only() -> None:
    before = Line.from_sympy(eq(x + 3, 10))
    after = Line("equation", x, sp.Integer(10), "=", raw_lhs=sp.Add(x, 3, -3, evaluate=False))
    result = check_step_lines(before, after)
    assert (result.valid, result.diagnosis) == (False, "one-side-only")


def test_dropped_term() -> None:
    result = check_step_lines(eq(2 * x + 3, 7), eq(2 * x, 7))
    assert (result.valid, result.diagnosis) == (False, "term-dropped")


def test_dropped_variable() -> None:
    result = check_step_lines(eq(-5 * y + 4 - 4, -2), eq(-5, -2))
    assert (result.valid, result.diagnosis) == (False, "variable-dropped")


def test_inequality_divided_by_negative_must_flip() -> None:
    good = check_step_lines(sp.Lt(-2 * x, 4), sp.Gt(x, -2))
    bad = check_step_lines(sp.Lt(-2 * x, 4), sp.Lt(x, -2))
    assert good.valid is True and good.progress is True
    assert (bad.valid, bad.diagnosis) == (False, "inequality-not-flipped")


def test_inequality_flipped_without_reason() -> None:
    result = check_step_lines(sp.Lt(2 * x, 4), sp.Gt(x, 2))
    assert (result.valid, result.diagnosis) == (False, "inequality-wrongly-flipped")


def test_quadratic_inequality_solution_sets() -> None:
    assert check_step_lines(sp.Lt(x**2, 4), sp.And(sp.Gt(x, -2), sp.Lt(x, 2))).valid is None
    result = check_step_lines(sp.Gt(x**2, 4), sp.Gt(x, 2))
    assert (result.valid, result.diagnosis) == (False, "lost-root")


def test_two_letter_rearrangement() -> None:
    assert check_step_lines(eq(x + y, 5), eq(y, 5 - x)).valid is True
    wrong = check_step_lines(eq(x + y, 5), eq(y, 5 + x))
    assert wrong.valid is False


def test_expressions_compare_by_value() -> None:
    assert check_step_lines((x + 1) ** 2, x**2 + 2 * x + 1).valid is True
    wrong = check_step_lines((x + 1) ** 2, x**2 + 1)
    assert wrong.valid is False
    assert wrong.diagnosis == "simplification-error"


def test_expand_goal_progress() -> None:
    result = check_step_lines((x + 1) * (x + 2), x**2 + 3 * x + 2, goal="expand")
    assert result.progress is True


def test_factorised_to_solutions() -> None:
    before = Line.from_sympy(eq((x - 2) * (x + 3), 0))
    after = Line.alternatives((Line.from_sympy(eq(x, 2)), Line.from_sympy(eq(x, -3))))
    result = check_step_lines(before, after)
    assert result.valid is True
    assert result.progress is True
    missing = check_step_lines(before, Line.from_sympy(eq(x, 2)))
    assert missing.diagnosis == "lost-root"


def test_equation_to_expression_is_a_kind_change() -> None:
    result = check_step_lines(eq(x, 2), x + 2)
    assert (result.valid, result.diagnosis) == (False, "kind-changed")


def test_huge_lines_are_refused() -> None:
    big = sp.Add(*[sp.Symbol(f"a{i}") * x**i for i in range(80)])
    result = check_step_lines(eq(big, 0), eq(x, 1))
    assert (result.valid, result.diagnosis) == (None, "too-complex")


def test_every_label_has_an_explanation() -> None:
    assert all(text.strip() for text in LABELS.values())
