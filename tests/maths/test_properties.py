"""Properties of the checker that must hold for every expression, not just hand-picked ones."""

from __future__ import annotations

import random
import re

import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathpath.maths.checking import equivalent
from mathpath.maths.parsing import parse
from mathpath.maths.values import ExprValue

x = sp.Symbol("x")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

coefficients = st.integers(min_value=-6, max_value=6)
linear = st.tuples(coefficients.filter(bool), coefficients).map(
    lambda ab: f"({ab[0]}x + ({ab[1]}))"
)
products = st.lists(linear, min_size=1, max_size=4).map("".join)

leaves = st.sampled_from(["x", "y", "2", "3", "1/2", "x^2", "pi"])
expressions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(
            lambda t: f"({t[0]}) {t[1]} ({t[2]})"
        ),
        st.tuples(inner, st.integers(min_value=2, max_value=3)).map(lambda t: f"({t[0]})^{t[1]}"),
        st.tuples(st.sampled_from(["sin", "cos", "exp"]), inner).map(lambda t: f"{t[0]}({t[1]})"),
    ),
    max_leaves=6,
)


def _value(text: str) -> ExprValue:
    parsed = parse(text)
    assert isinstance(parsed, ExprValue)
    return parsed


@SETTINGS
@given(products)
def test_product_is_equivalent_to_its_expansion(text: str) -> None:
    value = _value(text)
    expanded = _text(sp.expand(value.expr))
    assert equivalent(value, _value(expanded))


@SETTINGS
@given(products)
def test_expansion_is_equivalent_to_its_factorisation(text: str) -> None:
    expanded = sp.expand(_value(text).expr)
    factorised = _text(sp.factor(expanded))
    assert equivalent(_value(_text(expanded)), _value(factorised))


def _text(expr: sp.Expr) -> str:
    """SymPy's printing as a student would type it: SymPy prints Euler's number as `E`,
    which a student's answer reads as a letter; students write `e`."""
    return re.sub(r"\bE\b", "e", str(expr))


@SETTINGS
@given(expressions)
def test_any_expression_is_equivalent_to_its_expansion(text: str) -> None:
    value = _value(text)
    assert equivalent(value, _value(_text(sp.expand(value.expr))))


@SETTINGS
@given(
    expressions,
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["+", "-"]),
)
def test_perturbation_is_never_equivalent(text: str, k: int, power: int, sign: str) -> None:
    perturbed = f"({text}) {sign} {k}x^{power}/7"
    assert not equivalent(_value(text), _value(perturbed))


@SETTINGS
@given(products, st.integers(min_value=1, max_value=5))
def test_perturbed_factorisation_is_never_equivalent(text: str, k: int) -> None:
    expanded = sp.expand(_value(text).expr)
    assert not equivalent(_value(_text(expanded)), _value(f"{text} + {k}"))


small = st.integers(min_value=-9, max_value=9)
pairs = st.tuples(small, small)


def _pairs_text(solutions: list[tuple[int, int]], *, y_first: bool = False) -> str:
    groups = [f"y = {b}, x = {a}" if y_first else f"x = {a}, y = {b}" for a, b in solutions]
    return " or ".join(groups)


@SETTINGS
@given(st.lists(pairs, min_size=1, max_size=3, unique=True), st.randoms())
def test_simultaneous_solutions_bind_each_value_to_its_letter(
    solutions: list[tuple[int, int]], rnd: random.Random
) -> None:
    expected = _pairs_text(solutions)
    shuffled = list(solutions)
    rnd.shuffle(shuffled)
    # Any order of the pairs, any order of the letters inside a pair: the same answer.
    assert equivalent(expected, _pairs_text(shuffled, y_first=True))
    # The values given to the wrong letters: a different answer (unless the set of swapped
    # pairs happens to be the same set).
    swapped = [(b, a) for a, b in solutions]
    if set(swapped) != set(solutions):
        assert not equivalent(expected, _pairs_text(swapped))
    # A pair missing, or another letter: a different answer.
    if len(solutions) > 1:
        assert not equivalent(expected, _pairs_text(solutions[1:]))
    assert not equivalent(expected, _pairs_text(solutions).replace("y", "z"))


@SETTINGS
@given(
    st.integers(min_value=-9, max_value=9),
    st.integers(min_value=2, max_value=30).filter(lambda q: sp.sqrt(q).is_irrational),
    st.integers(min_value=1, max_value=5),
)
def test_a_disjunction_of_linear_equations_is_its_solution_set(p: int, q: int, k: int) -> None:
    expected = f"x = {p} ± sqrt({q})"
    answer = f"x - ({p}) = sqrt({q}) or x - ({p}) = -sqrt({q})"
    assert equivalent(expected, answer)
    assert equivalent(answer, expected)
    scaled = f"{k}x - {k * p} = -{k}sqrt({q}) or {k}x = {k * p} + {k}sqrt({q})"
    assert equivalent(expected, scaled)
    assert not equivalent(expected, f"x - ({p}) = sqrt({q}) or x - ({p}) = sqrt({q})")
    assert not equivalent(expected, f"x + ({p + 1}) = sqrt({q}) or x + ({p + 1}) = -sqrt({q})")
    assert not equivalent(expected, answer.replace("x", "y"))
    # An equation that still needs solving is not a solution.
    assert not equivalent(expected, f"x^2 - {2 * p}x + {p * p - q} = 0 or x = {p} - sqrt({q})")


relation_ops = st.sampled_from(["<", "<=", ">", ">="])
linear_relations = st.tuples(
    coefficients.filter(bool), coefficients, relation_ops, coefficients
).map(lambda t: f"{t[0]}x + ({t[1]}) {t[2]} {t[3]}")


@SETTINGS
@given(linear_relations, linear_relations)
def test_diagnosis_compares_relations_exactly(first: str, second: str) -> None:
    """Sampling before solving is only a shortcut: the verdict is the exact set comparison."""
    from mathpath.maths.misconceptions.model import same, to_value

    a, b = to_value(first), to_value(second)
    assert a is not None and b is not None and a.relation is not None
    assert b.relation is not None
    assert same(a, b) is (a.relation.as_set() == b.relation.as_set())
