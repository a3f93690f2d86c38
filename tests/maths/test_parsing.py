"""The parser reads what students type, in plain text and LaTeX."""

from __future__ import annotations

import pytest
import sympy as sp

from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.values import (
    EquationValue,
    ExprValue,
    PointValue,
    QuantityValue,
    RelationValue,
    SetValue,
    SolutionSetValue,
    VectorValue,
)

x, y, n, C = sp.symbols("x y n C")


def value_of(text: str, **kwargs: bool) -> sp.Expr:
    parsed = parse(text, **kwargs)
    assert isinstance(parsed, ExprValue), parsed
    return parsed.expr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2x^2 - 3x + 1", 2 * x**2 - 3 * x + 1),
        ("(x+1)(x-2)", (x + 1) * (x - 2)),
        ("3/4", sp.Rational(3, 4)),
        ("sqrt(2)/2", sp.sqrt(2) / 2),
        ("2root3", 2 * sp.sqrt(3)),
        ("1.5e3", sp.Integer(1500)),
        ("30%", sp.Rational(3, 10)),
        ("2 1/2", sp.Rational(5, 2)),
        ("2pi", 2 * sp.pi),
        ("3(x+1)", 3 * x + 3),
        ("2**3", sp.Integer(8)),
        ("3×4÷2", sp.Integer(6)),
        ("x²−1", x**2 - 1),
        ("√2", sp.sqrt(2)),
        ("π", sp.pi),
        ("sin^2 x + cos^2(x)", sp.sin(x) ** 2 + sp.cos(x) ** 2),
        ("sin^-1(1/2)", sp.pi / 6),
        ("arcsin(1/2)", sp.pi / 6),
        ("ln(e)", sp.Integer(1)),
        ("e^x", sp.exp(x)),
        ("exp(2)", sp.exp(2)),
        ("|x - 1|", sp.Abs(x - 1)),
        ("abs(x)", sp.Abs(x)),
        ("5!", sp.Integer(120)),
        ("n!", sp.factorial(n)),
        ("sin x cos x", sp.sin(x) * sp.cos(x)),
        ("sin 2x", sp.sin(2 * x)),
        ("7,425,000", sp.Integer(7425000)),
        (".4", sp.Rational(2, 5)),
        ("cosec x", sp.csc(x)),
        ("30°", sp.pi / 6),
        ("\\frac{\\sqrt{3}}{2}", sp.sqrt(3) / 2),
        ("x^{2}", x**2),
        ("\\pi", sp.pi),
        ("\\left(x+1\\right)^2", (x + 1) ** 2),
        ("\\frac94\\pi", sp.Rational(9, 4) * sp.pi),
        ("\\sqrt3", sp.sqrt(3)),
        ("\\sqrt[3]{8}", sp.Integer(2)),
        ("2 \\times 3 \\div 4", sp.Rational(3, 2)),
    ],
)
def test_reads_expression(text: str, expected: sp.Expr) -> None:
    assert sp.simplify(value_of(text) - expected) == 0


@pytest.mark.parametrize("text", ["log(100)", "log_{10}(100)", "log_{10} 100", "\\log_{10}(100)"])
def test_log_base_ten_and_explicit_bases(text: str) -> None:
    assert sp.simplify(value_of(text)) == 2


@pytest.mark.parametrize("text", ["log_2(8)", "log_{2}(8)", "\\log_{2}(8)"])
def test_log_with_subscript_base(text: str) -> None:
    assert sp.simplify(value_of(text)) == 3


def test_implicit_multiplication_keeps_typed_form() -> None:
    parsed = parse("2(x+1)")
    assert isinstance(parsed, ExprValue)
    assert isinstance(parsed.raw, sp.Mul)
    assert parsed.expr == 2 * x + 2


def test_solutions_with_or() -> None:
    parsed = parse("x = 3 or x = -1")
    assert isinstance(parsed, SolutionSetValue)
    assert parsed.var == x
    assert {item.expr for item in parsed.items if isinstance(item, ExprValue)} == {3, -1}


def test_plus_minus_gives_two_values() -> None:
    parsed = parse("x = 1 ± sqrt(5)")
    assert isinstance(parsed, SolutionSetValue)
    assert len(parsed.items) == 2


def test_inequalities_and_chains() -> None:
    single = parse("x > 2")
    chain = parse("-1 < x <= 4")
    assert isinstance(single, RelationValue) and single.relation == (x > 2)
    assert isinstance(chain, RelationValue)
    assert chain.relation.as_set() == sp.Interval.Lopen(-1, 4)


def test_latex_relations() -> None:
    parsed = parse("x \\le 3")
    assert isinstance(parsed, RelationValue) and parsed.relation == (x <= 3)


def test_point_and_interval() -> None:
    point = parse("(2, -3)")
    interval = parse("[0, 1)")
    assert isinstance(point, PointValue) and [c.expr for c in point.coords] == [2, -3]
    assert isinstance(interval, SetValue) and interval.set == sp.Interval.Ropen(0, 1)


def test_union_of_intervals_in_latex() -> None:
    parsed = parse("[-1, -\\tfrac12) \\cup (1, \\infty)")
    assert isinstance(parsed, SetValue)
    assert parsed.set == sp.Union(
        sp.Interval.Ropen(-1, -sp.Rational(1, 2)), sp.Interval.open(1, sp.oo)
    )


def test_equation_keeps_left_side_text() -> None:
    parsed = parse("dy/dx = 2x")
    assert isinstance(parsed, EquationValue) and parsed.lhs_text == "dy/dx"


def test_matrix_in_latex() -> None:
    parsed = parse("\\begin{pmatrix}1 & 2 \\\\ 3 & 4\\end{pmatrix}")
    assert isinstance(parsed, VectorValue)
    assert [[e.expr for e in row] for row in parsed.rows] == [[1, 2], [3, 4]]


def test_units_only_when_allowed() -> None:
    quantity = parse("5cm", units=True)
    assert isinstance(quantity, QuantityValue)
    assert quantity.dimension == "length" and quantity.scale == sp.Rational(1, 100)
    assert isinstance(parse("5cm"), ExprValue)  # without units it is 5·c·m


def test_degrees_mode_reads_trig_in_degrees() -> None:
    assert value_of("sin 30°", degrees=True) == sp.Rational(1, 2)
    assert value_of("sin(30)", degrees=True) == sp.Rational(1, 2)


def test_unclosed_bracket_says_where() -> None:
    with pytest.raises(ParseError) as info:
        parse("2(x+1")
    assert info.value.position == 1
    assert "opened at character 2 that is never closed" in info.value.message


def test_stray_closing_bracket() -> None:
    with pytest.raises(ParseError) as info:
        parse("x+1)")
    assert "never opened" in info.value.message and info.value.position == 3


def test_missing_operand_at_end() -> None:
    with pytest.raises(ParseError, match="stop too early"):
        parse("3x +")


def test_two_numbers_side_by_side() -> None:
    with pytest.raises(ParseError, match="two numbers side by side"):
        parse("2 3")


def test_mismatched_brackets() -> None:
    with pytest.raises(ParseError, match="different kind of bracket"):
        parse("{1, 2)")


def test_unknown_symbol() -> None:
    with pytest.raises(ParseError, match="symbol '#'"):
        parse("3#4")


@pytest.mark.parametrize("text", ["9^9^9^9", "10^(10^10)!", "(x+1)^1000", "1000!"])
def test_huge_values_are_too_complex(text: str) -> None:
    with pytest.raises(TooComplex):
        parse(text)


def test_ratio_reads_as_ordered_parts() -> None:
    parsed = parse("7:32")
    assert isinstance(parsed, PointValue) and parsed.ratio
    assert [c.expr for c in parsed.coords] == [7, 32]


def test_named_ratio_keeps_its_value() -> None:
    parsed = parse("V_{1}:V_{2}=11:21")
    assert isinstance(parsed, PointValue) and parsed.ratio


def test_numeric_statement_stays_a_statement() -> None:
    parsed = parse("0.04 < 0.5")
    assert isinstance(parsed, RelationValue)
    assert parsed.relation != sp.true  # not collapsed, so it can be compared with 0.04 > 0.5


def test_decimal_comma_only_where_no_list_is_meant() -> None:
    assert value_of("0,111") == sp.Rational(111, 1000)
    assert value_of("1000,99") == sp.Rational(100099, 100)
    assert isinstance(parse("2,3"), SolutionSetValue)
    assert value_of("11,\\! 111") == 11111


def test_prose_is_text_not_a_product_of_letters() -> None:
    from mathpath.maths.values import TextValue

    assert parse("Even") == TextValue("even")
    assert isinstance(parse("abc"), ExprValue)  # three letters is still algebra
    with pytest.raises(ParseError, match="word 'metres'"):
        parse("5 metres")


def test_band_inequality_around_an_expression_is_an_interval() -> None:
    parsed = parse("0 < f(x) < 1")
    assert isinstance(parsed, SetValue) and parsed.set == sp.Interval.open(0, 1)


def test_latex_spacing_run_into_a_letter() -> None:
    parsed = parse("x_{1}=2,\\quadx_{2}=3")
    assert isinstance(parsed, SolutionSetValue) and len(parsed.items) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.5x10^4", sp.Integer(35000)),
        ("3 x 4", sp.Integer(12)),
        ("2x + 3", 2 * x + 3),
        ("x⁴ - 1", x**4 - 1),
        ("x⁻¹", 1 / x),
        ("2½", sp.Rational(5, 2)),
        ("½x", x / 2),
        ("3×10⁴", sp.Integer(30000)),
    ],
)
def test_keyboard_habits(text: str, expected: sp.Expr) -> None:
    assert sp.simplify(value_of(text) - expected) == 0


def test_a_plus_minus_on_the_right_of_an_equation_keeps_both_signs() -> None:
    from mathpath.maths.checking import Options, check_local

    value = parse("x - 2 = ± sqrt(5)")
    assert isinstance(value, SolutionSetValue) and len(value.items) == 2
    # It used to read as x - 2 = sqrt(5) alone, and a right line was marked wrong.
    expected = "x = 2 + sqrt(5) or x = 2 - sqrt(5)"
    assert check_local(expected, "x - 2 = ± sqrt(5)", Options(kind="solutions")).correct
    assert not check_local(expected, "x - 2 = sqrt(5)", Options(kind="solutions")).correct
