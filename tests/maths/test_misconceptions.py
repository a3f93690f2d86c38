"""Misconception library and diagnosis: a misconception is named only when its buggy rule
really reproduces the student's answer."""

from __future__ import annotations

import re

import pytest
import sympy as sp

from mathpath.maths.checking import check
from mathpath.maths.misconceptions import CATALOGUE, diagnose, ids
from mathpath.maths.solvers import FAMILIES, Problem

x, y = sp.symbols("x y")


def E(lhs: sp.Expr, rhs: sp.Expr | int) -> sp.Equality:
    return sp.Eq(lhs, sp.sympify(rhs), evaluate=False)


EXAMPLES: list[tuple[str, Problem | None, str, str]] = [
    (
        "divide-one-term-only",
        Problem("linear.equation", {"eq": E(2 * x + 6, 10)}),
        "x = 2",
        "x = -1",
    ),
    ("move-term-keep-sign", Problem("linear.equation", {"eq": E(2 * x + 6, 10)}), "x = 2", "x = 8"),
    ("subtract-coefficient", Problem("linear.equation", {"eq": E(3 * x, 12)}), "x = 4", "x = 9"),
    ("divide-wrong-way", Problem("linear.equation", {"eq": E(4 * x, 12)}), "x = 3", "x = 1/3"),
    (
        "same-operation-not-inverse",
        Problem("linear.equation", {"eq": E(x / 4, 3)}),
        "x = 12",
        "x = 3/4",
    ),
    (
        "same-operation-not-inverse",
        Problem("linear.equation", {"eq": E(4 * x, 12)}),
        "x = 3",
        "x = 48",
    ),
    (
        "inequality-not-flipped",
        Problem("linear.inequality", {"rel": sp.Lt(5 - 3 * x, 11)}),
        "x > -2",
        "x < -2",
    ),
    (
        "expand-first-term-only",
        Problem("expand", {"expr": sp.Mul(3, x + 4, evaluate=False)}),
        "3x + 12",
        "3x + 4",
    ),
    (
        "square-of-sum",
        Problem("expand", {"expr": sp.Pow(x + 3, 2, evaluate=False)}),
        "x^2 + 6x + 9",
        "x^2 + 9",
    ),
    (
        "square-of-difference",
        Problem("expand", {"expr": sp.Pow(x - 3, 2, evaluate=False)}),
        "x^2 - 6x + 9",
        "x^2 - 9",
    ),
    (
        "missing-middle-terms",
        Problem("expand", {"expr": sp.Mul(x + 2, x + 5, evaluate=False)}),
        "x^2 + 7x + 10",
        "x^2 + 10",
    ),
    (
        "factorise-sign-error",
        Problem("factorise", {"expr": x**2 + 5 * x + 6}),
        "(x+2)(x+3)",
        "(x-2)(x-3)",
    ),
    (
        "partial-factorisation",
        Problem("factorise", {"expr": 6 * x**2 + 9 * x}),
        "3x(2x+3)",
        "3(2x^2+3x)",
    ),
    (
        "difference-of-squares-as-square",
        Problem("factorise", {"expr": x**2 - 9}),
        "(x+3)(x-3)",
        "(x-3)^2",
    ),
    ("drop-negative-root", None, "x = 3 or x = -3", "x = 3"),
    (
        "quadratic-formula-sign-of-b",
        Problem("quadratic.formula", {"expr": x**2 - 5 * x + 6}),
        "x = 2 or x = 3",
        "x = -2 or x = -3",
    ),
    (
        "quadratic-formula-divide-by-a",
        Problem("quadratic.formula", {"expr": 2 * x**2 - 3 * x - 4}),
        "x = (3 + sqrt(41))/4 or x = (3 - sqrt(41))/4",
        "x = (3 + sqrt(41))/2 or x = (3 - sqrt(41))/2",
    ),
    (
        "completing-square-sign",
        Problem("quadratic.complete_square", {"expr": x**2 + 6 * x + 4}),
        "x = -3 + sqrt(5) or x = -3 - sqrt(5)",
        "x = 3 + sqrt(5) or x = 3 - sqrt(5)",
    ),
    (
        "simultaneous-values-swapped",
        Problem("simultaneous.linear", {"eqs": [E(2 * x + 3 * y, 13), E(3 * x - 2 * y, 0)]}),
        "(2, 3)",
        "(3, 2)",
    ),
    (
        "add-tops-and-bottoms",
        Problem("fractions.add", {"terms": [1 / x, 1 / (x + 1)]}),
        "(2x+1)/(x(x+1))",
        "2/(2x+1)",
    ),
    (
        "cancel-terms-not-factors",
        Problem("fractions.simplify", {"expr": (x + 3) / (x + 5)}),
        "(x+3)/(x+5)",
        "3/5",
    ),
    ("fraction-not-simplified", None, "1/2", "2/4"),
    (
        "multiply-indices",
        Problem("indices.simplify", {"expr": sp.Mul(x**2, x**3, evaluate=False)}),
        "x^5",
        "x^6",
    ),
    ("negative-index-negative", None, "1/8", "-8"),
    (
        "fractional-index-divides",
        Problem("indices.simplify", {"expr": sp.Pow(8, sp.Rational(1, 3), evaluate=False)}),
        "2",
        "8/3",
    ),
    (
        "sqrt-of-sum",
        Problem(
            "surds.simplify",
            {
                "expr": sp.Add(
                    sp.Pow(9, sp.S.Half, evaluate=False),
                    sp.Pow(16, sp.S.Half, evaluate=False),
                    evaluate=False,
                )
            },
        ),
        "7",
        "5",
    ),
    ("sign-error", None, "3", "-3"),
    (
        "log-of-sum",
        Problem("logarithm.equation", {"eq": E(sp.log(x) + sp.log(x - 3), sp.log(10))}),
        "x = 5",
        "x = 13/2",
    ),
    (
        "coefficient-into-base",
        Problem("exponential.equation", {"eq": E(3 * 2**x, 48)}),
        "x = 4",
        "x = ln(48)/ln(6)",
    ),
    (
        "chain-rule-missing-inner",
        Problem("differentiate", {"expr": (3 * x + 1) ** 5}),
        "15(3x+1)^4",
        "5(3x+1)^4",
    ),
    (
        "product-rule-multiply-derivatives",
        Problem("differentiate", {"expr": x**2 * sp.sin(x)}),
        "2x sin(x) + x^2 cos(x)",
        "2x cos(x)",
    ),
    (
        "power-rule-not-reduced",
        Problem("differentiate", {"expr": x**3 + 2 * x**2}),
        "3x^2 + 4x",
        "3x^3 + 4x^2",
    ),
    ("derivative-of-constant-kept", Problem("differentiate", {"expr": x**2 + 5}), "2x", "2x + 5"),
    (
        "integrate-multiply-by-power",
        Problem("integrate.indefinite", {"expr": x**2}),
        "x^3/3 + C",
        "3x^3 + C",
    ),
    ("missing-constant-of-integration", None, "x^3/3 + C", "x^3/3"),
    (
        "definite-limits-swapped",
        Problem("integrate.definite", {"expr": 3 * x**2, "lower": 1, "upper": 2}),
        "7",
        "-7",
    ),
    (
        "definite-lower-limit-ignored",
        Problem("integrate.definite", {"expr": 3 * x**2, "lower": 1, "upper": 2}),
        "7",
        "8",
    ),
    (
        "substitution-forgets-du",
        Problem("integrate.substitution", {"expr": (2 * x + 1) ** 4, "u": 2 * x + 1}),
        "(2x+1)^5/10 + C",
        "(2x+1)^5/5 + C",
    ),
    (
        "trig-principal-value-only",
        Problem("trig.equation", {"eq": E(2 * sp.sin(x), 1), "lower": 0, "upper": 360}),
        "x = 30 or x = 150",
        "x = 30",
    ),
    (
        "nth-term-off-by-one",
        Problem("sequence.arithmetic", {"first": 5, "difference": 3}),
        "3n + 2",
        "3n + 5",
    ),
    (
        "nth-term-first-as-multiplier",
        Problem("sequence.arithmetic", {"first": 5, "difference": 3}),
        "3n + 2",
        "5n + 3",
    ),
    (
        "geometric-power-n",
        Problem("sequence.geometric", {"first": 3, "ratio": 2, "ask": "term", "n": 6}),
        "96",
        "192",
    ),
    (
        "sum-to-infinity-formula",
        Problem(
            "sequence.geometric", {"first": 8, "ratio": sp.Rational(1, 2), "ask": "sum-to-infinity"}
        ),
        "16",
        "16/3",
    ),
    (
        "binomial-missing-ncr",
        Problem("binomial.expansion", {"expr": (2 + 3 * x) ** 3, "terms": 2}),
        "8 + 36x",
        "8 + 12x",
    ),
    (
        "zero-product-sign",
        Problem("quadratic.factorise", {"eq": E(x**2 + x, 6)}),
        "x = 2 or x = -3",
        "x = -2 or x = 3",
    ),
    (
        "quadratic-formula-partial-division",
        Problem("quadratic.formula", {"expr": x**2 - 5 * x + 3}),
        "x = (5 + sqrt(13))/2 or x = (5 - sqrt(13))/2",
        "x = 5 + sqrt(13)/2 or x = 5 - sqrt(13)/2",
    ),
    (
        "simultaneous-add-not-subtract",
        Problem("simultaneous.linear", {"eqs": [E(2 * x + 3 * y, 13), E(x + 3 * y, 8)]}),
        "(5, 1)",
        "(7, -1/3)",
    ),
    (
        "numerators-not-scaled",
        Problem("fractions.add", {"terms": [1 / x, 2 / (x + 1)]}),
        "(3x + 1)/(x(x + 1))",
        "3/(x(x + 1))",
    ),
    (
        "power-of-power-added",
        Problem("indices.simplify", {"expr": sp.Pow(x**2, 3, evaluate=False)}),
        "x^6",
        "x^5",
    ),
    (
        "rationalise-bottom-only",
        Problem("surds.simplify", {"expr": 4 / (3 - sp.sqrt(5))}),
        "3 + sqrt(5)",
        "1",
    ),
    (
        "exponent-divided-by-base",
        Problem("exponential.equation", {"eq": E(2 ** (x + 1), 16)}),
        "x = 3",
        "x = 7",
    ),
    (
        "quotient-rule-order",
        Problem("differentiate", {"expr": (x + 1) / (x - 2)}),
        "-3/(x - 2)^2",
        "3/(x - 2)^2",
    ),
    (
        "differentiated-instead",
        Problem("integrate.indefinite", {"expr": x**3}),
        "x^4/4 + C",
        "3x^2 + C",
    ),
    (
        "trig-multiple-angle-interval",
        Problem("trig.equation", {"eq": E(sp.sin(2 * x), sp.S.Half), "lower": 0, "upper": 360}),
        "x = 15 or x = 75 or x = 195 or x = 255",
        "x = 15 or x = 75",
    ),
    (
        "binomial-power-on-x-only",
        Problem("binomial.expansion", {"expr": (2 + 3 * x) ** 3, "terms": 3}),
        "8 + 36x + 54x^2",
        "8 + 36x + 18x^2",
    ),
]


@pytest.mark.parametrize(("mid", "problem", "expected", "answer"), EXAMPLES)
def test_diagnosis_reproduces_the_answer(
    mid: str, problem: Problem | None, expected: str, answer: str
) -> None:
    # Same value in the wrong form counts as wrong only when the item asks for a form.
    form = "factorised" if mid == "partial-factorisation" else None
    assert (
        check(expected, answer, form=form).status != "correct" or mid == "fraction-not-simplified"
    )
    found = diagnose(expected, answer, problem)
    assert found is not None and found.id == mid


def test_catalogue_shape() -> None:
    assert len(CATALOGUE) >= 40
    assert ids() == sorted(CATALOGUE)
    families = set(FAMILIES) | {f.split(".")[0] for f in FAMILIES} | {"general"}
    for mid, m in CATALOGUE.items():
        assert m.id == mid and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", mid)
        assert m.family in families, m.family
        assert len(m.explanation) > 30 and m.title
        assert m.buggy is not None or m.from_answer is not None


def test_right_answer_is_never_a_misconception() -> None:
    problem = Problem("linear.equation", {"eq": E(2 * x + 6, 10)})
    assert diagnose("x = 2", "x = 2", problem) is None
    assert diagnose("x = 2", "x = 4/2", problem) is None


def test_unexplained_wrong_answer_gets_no_label() -> None:
    problem = Problem("linear.equation", {"eq": E(2 * x + 6, 10)})
    assert diagnose("x = 2", "x = 17", problem) is None
    assert diagnose("x^2 + 6x + 9", "x^2 + 6x + 10") is None


def test_diagnose_takes_text_values_and_sympy() -> None:
    from mathpath.maths.parsing import parse

    assert diagnose(parse("3"), parse("-3")) is not None
    assert diagnose(sp.Integer(3), sp.Integer(-3)) is not None
    assert diagnose("3", "not maths ((") is None


@pytest.mark.parametrize(
    ("first", "second", "same_set"),
    [
        ("x > 5", "5 < x", True),
        ("x > 5", "x >= 5", False),
        ("x > 5", "x < 5", False),
        ("x < 1", "x > -1", False),
        ("-3 <= x <= 3", "(x+3)^2+6(x+3)=0", False),
        ("x^2 < 4", "-2 < x < 2", True),
        ("2x > 6", "x > 3", True),
        ("x <= 1/3", "x < 1/3", False),
    ],
)
def test_relations_compare_as_solution_sets(first: str, second: str, same_set: bool) -> None:
    from mathpath.maths.misconceptions.model import same, to_value

    a, b = to_value(first), to_value(second)
    assert a is not None and b is not None
    assert same(a, b) is same_set


def test_different_inequalities_are_told_apart_without_solving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A sample point where only one holds settles it; SymPy's set solving (the slow part of
    diagnosing wrong inequality answers) is not needed."""
    from sympy.core.relational import Relational

    calls: list[sp.Basic] = []

    real_as_set = Relational.as_set

    def counting(self: Relational) -> object:
        calls.append(self)
        return real_as_set(self)

    monkeypatch.setattr(Relational, "as_set", counting)
    for expected, answer in (("x > 5", "x < 5"), ("x >= 5", "x <= 5"), ("x < 1", "x > -1")):
        assert diagnose(expected, answer) is None
    assert calls == []
    # Agreeing at every sample still needs the exact comparison, so it is still exact.
    problem = Problem("linear.inequality", {"rel": sp.Lt(5 - 3 * x, 11)})
    found = diagnose("x > -2", "-2 > x", problem)
    assert found is not None and found.id == "inequality-not-flipped"
    assert calls


def test_a_problem_keeps_its_typed_structure_through_pickling() -> None:
    """Diagnosis runs in a worker process; SymPy's own pickling would evaluate 3(x + 2) to
    3x + 6 on the way, and the rules there would no longer see the bracket."""
    import pickle

    problem = Problem("expand", {"expr": sp.Mul(3, x + 2, evaluate=False), "var": x})
    again = pickle.loads(pickle.dumps(problem))
    assert again.data["expr"].args == problem.data["expr"].args
    assert sp.srepr(again.data["expr"]) == sp.srepr(problem.data["expr"])
    eqs = Problem("linear.equation", {"eq": E(sp.Mul(2, x + 3, evaluate=False), 14)})
    assert sp.srepr(pickle.loads(pickle.dumps(eqs)).data["eq"]) == sp.srepr(eqs.data["eq"])
    # Other SymPy objects keep SymPy's own pickling.
    other = {
        "matrix": sp.ImmutableMatrix([[1, 2], [3, 4]]),
        "interval": sp.Interval.Lopen(0, 1),
        "eqs": [sp.Lt(x, 3), sp.sin(2 * x)],
    }
    assert pickle.loads(pickle.dumps(Problem("t", other))).data == other


@pytest.mark.parametrize(
    ("typed", "shape"),
    [
        ("3(x+2)", "Mul(Integer(3), Add(Symbol('x'), Integer(2)))"),
        ("x^2 * x^3", "Mul(Pow(Symbol('x'), Integer(2)), Pow(Symbol('x'), Integer(3)))"),
        ("(x^2)^3", "Pow(Pow(Symbol('x'), Integer(2)), Integer(3))"),
        # A sum is evaluated (the parser nests it as (x^2 - 7x) + 12, which Poly rejects).
        ("x^2 - 7x + 12", None),
    ],
)
def test_typed_structure_keeps_products_and_evaluates_sums(typed: str, shape: str | None) -> None:
    from mathpath.maths.misconceptions import typed_structure
    from mathpath.maths.parsing import parse
    from mathpath.maths.values import ExprValue

    value = parse(typed)
    assert isinstance(value, ExprValue)
    shaped = typed_structure(value.raw)
    assert sp.simplify(shaped - value.expr) == 0
    if shape is None:
        assert shaped == value.expr
        assert sp.Poly(shaped, x).all_coeffs() == [1, -7, 12]
    else:
        assert sp.srepr(shaped) == shape


@pytest.mark.parametrize(
    ("family", "typed", "expected", "answer", "mid"),
    [
        ("expand", "3(x+2)", "3x + 6", "3x + 2", "expand-first-term-only"),
        ("expand", "4(2x - 5)", "8x - 20", "8x - 5", "expand-first-term-only"),
        ("indices.simplify", "x^2 * x^3", "x^5", "x^6", "multiply-indices"),
        ("factorise", "x^2+5x+6", "(x+2)(x+3)", "(x-2)(x-3)", "factorise-sign-error"),
    ],
)
def test_problems_read_from_text_are_diagnosed_on_their_typed_shape(
    family: str, typed: str, expected: str, answer: str, mid: str
) -> None:
    from mathpath.maths.misconceptions import typed_structure
    from mathpath.maths.parsing import parse
    from mathpath.maths.values import ExprValue

    value = parse(typed)
    assert isinstance(value, ExprValue)
    problem = Problem(family, {"expr": typed_structure(value.raw)})
    found = diagnose(expected, answer, problem)
    assert found is not None and found.id == mid
    # ... also when the verdict and the diagnosis come from the guarded checker's worker.
    verdict = check(expected, answer, problem=problem)
    assert verdict.status == "incorrect" and verdict.misconception == mid


def test_the_problem_family_rule_beats_the_generic_sign_error() -> None:
    problem = Problem("quadratic.factorise", {"eq": E(x**2 - 5 * x + 6, 0)})
    assert check("x = 2 or x = 3", "x = -2 or x = -3").misconception == "sign-error"
    verdict = check("x = 2 or x = 3", "x = -2 or x = -3", problem=problem)
    assert verdict.misconception == "zero-product-sign"


def test_the_fraction_solver_leaves_products_of_powers_to_indices() -> None:
    from mathpath.maths.solvers import SolverError, solve

    with pytest.raises(SolverError):
        solve(Problem("fractions.simplify", {"expr": x**5}))
    assert solve(Problem("indices.simplify", {"expr": x**5})).answer.text == "x^5"


def test_each_rule_and_the_whole_diagnosis_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import itertools

    from mathpath.maths import misconceptions
    from mathpath.maths.misconceptions import Misconception

    proposed: list[int] = []

    def endless(problem: Problem) -> object:
        for n in itertools.count(100):
            proposed.append(n)
            yield [n]

    runaway = Misconception("runaway-rule", "linear.equation", "t", "e" * 40, buggy=endless)
    monkeypatch.setitem(misconceptions.CATALOGUE, "runaway-rule", runaway)
    problem = Problem("linear.equation", {"eq": E(2 * x + 6, 10)})
    assert diagnose("x = 2", "x = 17", problem) is None
    assert len(proposed) == misconceptions.MAX_CANDIDATES
    # Out of time: no misconception rather than a late one.
    assert diagnose("x = 2", "x = 8", problem) is not None
    monkeypatch.setattr(misconceptions, "BUDGET_S", -1.0)
    assert diagnose("x = 2", "x = 8", problem) is None
