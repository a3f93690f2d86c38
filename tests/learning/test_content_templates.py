from fractions import Fraction

import pytest

from mathpath.learning.content.schema import TemplateItem
from mathpath.learning.content.templates import (
    TemplateError,
    evaluate,
    fill,
    format_value,
    holds,
    instantiate,
)

F = Fraction


def test_evaluate_is_exact_rational_arithmetic() -> None:
    env = {"a": F(3), "b": F(4)}
    assert evaluate("a / b + 1/4", env) == F(1)
    assert evaluate("-(a + b)^2", env) == F(-49)
    assert evaluate("2^-2", {}) == F(1, 4)
    assert evaluate("abs(a - b) * gcd(12, 18) + lcm(4, 6) - max(a, b) + min(a, b)", env) == 17


def test_power_binds_tighter_than_unary_minus() -> None:
    assert evaluate("-3^2", {}) == -9
    assert evaluate("(-3)^2", {}) == 9


def test_evaluate_rejects_unknown_names_and_code() -> None:
    with pytest.raises(TemplateError, match="unknown name"):
        evaluate("c + 1", {"a": F(1)})
    with pytest.raises(TemplateError):
        evaluate("__import__('os')", {})
    with pytest.raises(TemplateError, match="division by zero"):
        evaluate("1 / (a - a)", {"a": F(2)})
    with pytest.raises(TemplateError, match="small integer"):
        evaluate("2^(1/2)", {})


def test_conditions_with_and_or_not_and_brackets() -> None:
    env = {"a": F(2), "b": F(-3)}
    assert holds("a != b and a + b < 0", env)
    assert holds("a == 5 or (b < 0 and not a > 3)", env)
    assert not holds("(a + b) * 2 >= 0", env)


def test_placeholder_formats() -> None:
    assert format_value(F(3), "+") == "+ 3"
    assert format_value(F(-3), "+") == "- 3"
    assert format_value(F(1), "coef") == ""
    assert format_value(F(-1), "+coef") == "- "
    assert format_value(F(-7, 2), "frac") == "-\\frac{7}{2}"
    assert format_value(F(3, 8), "dec") == "0.375"
    assert format_value(F(-5, 2), "") == "-5/2"
    with pytest.raises(TemplateError, match="terminating"):
        format_value(F(1, 3), "dec")


def test_fill_substitutes_and_rejects_unknown_placeholders() -> None:
    env = {"b": F(-5), "c": F(6)}
    assert fill("$x^2 {{b:+coef}}x {{ c:+ }} = 0$", env) == "$x^2 - 5x + 6 = 0$"
    with pytest.raises(TemplateError, match="unknown placeholder"):
        fill("{{d}}", env)


QUADRATIC = {
    "id": "t-quad",
    "template": True,
    "skills": ["alg.q"],
    "difficulty": 2,
    "params": {"r1": {"range": [-6, 6], "exclude": [0]}, "r2": {"range": [-6, 6]}},
    "constraints": ["r1 != r2", "r1 + r2 != 0"],
    "derived": {"b": "-(r1 + r2)", "c": "r1 * r2"},
    "stem": "Solve $x^2 {{b:+coef}}x {{c:+}} = 0$.",
    "answer": {"kind": "solution_set", "value": "x = {{r1}} or x = {{r2}}"},
    "solution": [{"text": "Factorise.", "math": "x = {{r1}} or x = {{r2}}"}],
    "hints": ["Factorise.", "Two numbers multiply to the constant.", "Roots {{r1}}, {{r2}}."],
}


def test_instantiate_is_reproducible_and_honours_constraints() -> None:
    template = TemplateItem.model_validate(QUADRATIC)
    for seed in range(40):
        sample = instantiate(template, seed)
        r1, r2 = sample.values["r1"], sample.values["r2"]
        assert r1 != 0 and r1 != r2 and r1 + r2 != 0
        assert sample.values["c"] == r1 * r2
        assert sample.item.answer is not None
        assert sample.item.answer.value == f"x = {r1} or x = {r2}"
        assert sample.item.id == f"t-quad-s{seed}"
        assert "{{" not in sample.item.stem
        assert instantiate(template, seed) == sample


def test_impossible_constraints_fail_clearly() -> None:
    raw = {**QUADRATIC, "constraints": ["r1 > 100"]}
    with pytest.raises(TemplateError, match="not satisfied"):
        instantiate(TemplateItem.model_validate(raw), 0)
