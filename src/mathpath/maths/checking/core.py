"""Checking one answer against one expected answer, in-process.

`check_inline` holds all the marking logic; `mathpath.maths.checking.check` runs it under the
wall-clock guard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import sympy as sp

from mathpath.maths import guard
from mathpath.maths.checking import forms, verdict, words
from mathpath.maths.checking.equivalence import expr_equivalent
from mathpath.maths.checking.kinds import equivalent, is_working, unwrap
from mathpath.maths.checking.verdict import Verdict
from mathpath.maths.parsing import ParseError, TooComplex, TooDeep, normalise, parse
from mathpath.maths.values import (
    EquationValue,
    ExprValue,
    MathValue,
    QuantityValue,
    SolutionSetValue,
    TextValue,
)

if TYPE_CHECKING:
    from mathpath.maths.solvers.base import Problem

KINDS = (
    "expression", "equation", "solutions", "inequality", "interval", "point", "vector",
    "numeric", "exact", "integral", "multipart", "quantity", "ratio", "text",
)  # fmt: skip
KIND_ALIASES = {"solution_set": "solutions", "antiderivative": "integral", "multi": "multipart"}
_CONSTANT_NAMES = ("C", "c", "k", "K", "A")
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)")


@dataclass(frozen=True)
class Options:
    kind: str | None = None
    form: str | None = None
    tolerance: float | None = None
    dp: int | None = None
    sf: int | None = None
    units: bool = False
    degrees: bool = False
    domain: bool = False
    diagnose: bool = True
    """Ask the misconception catalogue to explain wrong answers (costs time on some)."""


def check_inline(expected: str, answer: str, options: Options) -> Verdict:
    form = forms.canonical_form(options.form)
    kind = KIND_ALIASES.get(options.kind or "", options.kind)
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    try:
        exp_value = parse(expected, units=options.units, degrees=options.degrees)
    except (ParseError, TooComplex) as exc:
        return verdict.cannot_check(
            f"The expected answer could not be read: {exc.message}", "expected_unparseable"
        )
    try:
        # Without units, an amount in words or money is read first ("10 cm" would otherwise
        # be 10 * c * m); with units, only when the answer does not read as a quantity.
        ans_value = None if options.units else _amount(exp_value, answer)
        if ans_value is None:
            ans_value = parse(answer, units=options.units, degrees=options.degrees)
            if isinstance(ans_value, TextValue):  # "sixty" for a quantity in pounds
                ans_value = _amount(exp_value, answer) or ans_value
    except ParseError as exc:
        ans_value = _amount(exp_value, answer) if options.units else None
        if ans_value is None:
            return Verdict("unparseable", "parse_error", exc.message, position=exc.position)
    except TooComplex as exc:
        return verdict.cannot_check(
            exc.message, "too_deep" if isinstance(exc, TooDeep) else "too_complex"
        )
    try:
        result = _judge(exp_value, ans_value, answer, kind, form, options)
    except TooComplex as exc:
        return verdict.cannot_check(exc.message)
    except (TypeError, ValueError, AttributeError, NotImplementedError, ArithmeticError):
        # A SymPy limitation on an unusual combination (a matrix against an inequality...)
        # must give a verdict, not a crash.
        return verdict.cannot_check("We couldn't check this answer automatically.", "error")
    if options.diagnose and result.status == "incorrect" and result.misconception is None:
        return _with_misconception(result, expected, answer)
    return result


def _amount(expected: MathValue, answer: str) -> MathValue | None:
    """A number answer written as money, in words or with a unit the item does not ask for
    (`£60`, `sixty pounds`, `six quarters`, `10 centimetres`): the number it names."""
    exp = unwrap(expected)
    if not (isinstance(exp, ExprValue) and exp.expr.is_number):
        return None
    reading = words.numeric_reading(answer)
    if reading is None:
        return None
    try:
        return parse(reading)
    except (ParseError, TooComplex):
        return None


def _partial(expected: MathValue, answer: MathValue) -> tuple[int, int] | None:
    """(found, total) when the answer names some of several solutions and nothing else."""
    exp = unwrap(expected)
    if not isinstance(exp, SolutionSetValue) or len(exp.items) < 2:
        return None
    ans = unwrap(answer)
    items: tuple[MathValue, ...]
    if isinstance(ans, SolutionSetValue):
        items = ans.items
    elif isinstance(ans, EquationValue) and isinstance(ans.lhs.expr, sp.Symbol):
        items = (ans.rhs,)
    else:
        items = (ans,)
    if not items or len(items) >= len(exp.items):
        return None
    remaining = list(exp.items)
    for item in items:
        match = next((e for e in remaining if equivalent(e, item)), None)
        if match is None:
            return None
        remaining.remove(match)
    return len(items), len(exp.items)


def partial_feedback(found: int, total: int) -> str:
    missing = total - found
    named = "That is one of the solutions" if found == 1 else f"Those are {found} of the solutions"
    more = "one more" if missing == 1 else f"{missing} more"
    return f"{named}, but there is {more} to find."


def _judge(
    expected: MathValue, answer: MathValue, answer_text: str, kind: str | None, form: str,
    options: Options,
) -> Verdict:  # fmt: skip
    if kind == "integral" or (kind is None and _integration_constant(expected) is not None):
        return _judge_integral(expected, answer)
    if options.dp is not None or options.sf is not None or options.tolerance is not None:
        return _judge_numeric(expected, answer, answer_text, options)
    if kind == "exact":
        form = "exact"
    false_claim = _false_working(answer)
    if false_claim:
        return verdict.incorrect(false_claim, "false_working")
    if kind == "equation" and not isinstance(answer, EquationValue):
        return verdict.incorrect("Write your answer as an equation, with an = sign.")
    if isinstance(expected, QuantityValue) and isinstance(answer, ExprValue):
        if expr_equivalent(expected.value.expr, answer.expr):
            return verdict.incorrect(
                f"The number is right; now give the units ({expected.unit}).", "missing_units"
            )
    if not equivalent(expected, answer, domain=options.domain):
        if _decimal_approximates(expected, answer) and form == "any":
            return verdict.correct("Correct (to the accuracy you gave).", "approximately_equal")
        partial = _partial(expected, answer)
        if partial is not None:
            return verdict.incorrect(
                partial_feedback(*partial), f"partial:{partial[0]}/{partial[1]}"
            )
        return verdict.incorrect("That's not right. Check your working and try again.")
    if kind == "numeric" and _calculation(answer) and not _calculation(expected):
        # "Work out 20 - 4 × 3" is not answered by 20 - 4 × 3 (or 20 - 12).
        return verdict.incorrect(
            "That's equal to the answer, but it is still a calculation: work it out.",
            "not_evaluated",
        )
    return _judge_form(answer, form)


def _calculation(value: MathValue) -> bool:
    """Arithmetic still to do in a number as typed: `20 - 12`, `2 × 4`, `2^3`. A fraction, a
    negative number, a root and standard form (3 × 10^4) are numbers written out."""
    value = unwrap(value)
    if not isinstance(value, ExprValue) or value.raw.free_symbols:
        return False
    return _arithmetic(value.raw)


def _arithmetic(raw: sp.Expr) -> bool:
    if isinstance(raw, sp.Add):  # 20 - 12, but not 2 + √3 or 3 + 2π
        return sum(1 for a in raw.args if a.is_rational) >= 2
    if isinstance(raw, sp.Mul):
        numbers = [a for a in raw.args if a.is_Number and a != -1]
        powers = [a for a in raw.args if isinstance(a, sp.Pow) and a.exp != -1]
        return len(numbers) >= 2 or any(_arithmetic(p) for p in powers)
    if isinstance(raw, sp.Pow):
        base, exp = raw.args
        return bool(exp.is_Integer and exp > 0 and base.is_Number and base != 10)
    return False


def _false_working(answer: MathValue) -> str | None:
    """``4/8 = 2/8``: a calculation shown with its result, where the two are not equal."""
    if not (isinstance(answer, EquationValue) and is_working(answer)):
        return None
    if expr_equivalent(answer.lhs.expr, answer.rhs.expr):
        return None
    return (
        f"Your working says {sp.sstr(answer.lhs.raw)} = {sp.sstr(answer.rhs.raw)}, "
        "but those are not equal. Check that step."
    )


def _judge_form(answer: MathValue, form: str) -> Verdict:
    if form == "any":
        return verdict.correct()
    exprs = _expressions(answer)
    check = forms.CHECKS[form]
    if all(check(e.raw, e.expr) for e in exprs):
        return verdict.correct()
    return verdict.incorrect(forms.FORM_FEEDBACK[form], f"wrong_form:{form}")


def _expressions(value: MathValue) -> list[ExprValue]:
    value = unwrap(value)
    if isinstance(value, ExprValue):
        return [value]
    if isinstance(value, EquationValue):
        return [value.lhs, value.rhs]
    if isinstance(value, SolutionSetValue):
        return [e for item in value.items for e in _expressions(item)]
    coords = getattr(value, "coords", None)
    return list(coords) if coords is not None else []


def _decimal_approximates(expected: MathValue, answer: MathValue) -> bool:
    """A decimal typed to at least 3 significant figures that matches an exact value which
    has no shorter decimal form (1/3 ~ 0.333, sqrt(17) ~ 4.1231)."""
    exp, ans = unwrap(expected), unwrap(answer)
    if not (isinstance(exp, ExprValue) and isinstance(ans, ExprValue)):
        return False
    if not (forms.has_decimal(ans.raw) or forms.has_decimal(exp.raw)):
        return False
    if not (exp.expr.is_number and ans.expr.is_number):
        return False
    typed, exact = (ans, exp) if forms.has_decimal(ans.raw) else (exp, ans)
    if not isinstance(typed.expr, sp.Rational):
        return False
    digits = _decimal_places(typed.expr)
    if digits is None or _sig_figs(typed.expr) < 3:
        return False
    diff = abs(sp.N(exact.expr - typed.expr, 30))
    return bool(diff <= sp.Rational(1, 10**digits))


def _decimal_places(value: sp.Rational) -> int | None:
    """Places needed to write `value` as a decimal, None if it never terminates."""
    q = int(value.q)
    for places in range(31):
        if 10**places % q == 0:
            return places
    return None


def _sig_figs(value: sp.Rational) -> int:
    text = format(Decimal(int(value.p)) / Decimal(int(value.q)), "f").lstrip("-0.").replace(".", "")
    return len(text.rstrip("0")) or 1


def _judge_numeric(
    expected: MathValue, answer: MathValue, answer_text: str, options: Options
) -> Verdict:
    exp, ans = unwrap(expected), unwrap(answer)
    if not (isinstance(exp, ExprValue) and isinstance(ans, ExprValue)):
        return verdict.incorrect("The answer should be a single number.", "not_a_number")
    if not (exp.expr.is_number and ans.expr.is_number):
        return verdict.incorrect("The answer should be a single number.", "not_a_number")
    got = Decimal(str(sp.N(ans.expr, 40)))
    if options.tolerance is not None:
        if abs(got - Decimal(str(sp.N(exp.expr, 40)))) <= Decimal(str(options.tolerance)):
            return verdict.correct()
        return verdict.incorrect("That's not close enough to the right answer.")
    typed = _NUMBER.findall(normalise(answer_text))
    places = len(typed[-1].split(".")[1]) if typed and "." in typed[-1] else 0
    if options.dp is not None:
        target = forms.round_dp(exp.expr, options.dp)
        if got != target:
            return verdict.incorrect(_rounding_hint(exp, options), "not_equivalent")
        if places != options.dp:
            return verdict.incorrect(
                f"The value is right, but give it to exactly {options.dp} decimal places.",
                "wrong_precision",
            )
        return verdict.correct()
    assert options.sf is not None
    target = forms.round_sf(exp.expr, options.sf)
    if got != target:
        return verdict.incorrect(_rounding_hint(exp, options), "not_equivalent")
    if places and _sig_figs(sp.Rational(str(got))) > options.sf:
        return verdict.incorrect(f"Give it to {options.sf} significant figures.", "wrong_precision")
    return verdict.correct()


def _rounding_hint(exp: ExprValue, options: Options) -> str:
    if options.dp is not None:
        return f"That's not right. Work out the value and round it to {options.dp} decimal places."
    return f"That's not right. Work out the value and round it to {options.sf} significant figures."


def _integration_constant(value: MathValue) -> sp.Symbol | None:
    value = unwrap(value)
    if not isinstance(value, ExprValue) or not isinstance(value.expr, sp.Add):
        return None
    for term in value.expr.args:
        if isinstance(term, sp.Symbol) and term.name in _CONSTANT_NAMES:
            others = value.expr.free_symbols - {term}
            if others:
                return term
    return None


def _judge_integral(expected: MathValue, answer: MathValue) -> Verdict:
    exp, ans = unwrap(expected), unwrap(answer)
    if not (isinstance(exp, ExprValue) and isinstance(ans, ExprValue)):
        return verdict.incorrect("Give the integral as an expression plus a constant.")
    exp_c = _integration_constant(exp)
    exp_core = exp.expr.subs(exp_c, 0) if exp_c is not None else exp.expr
    variables = exp_core.free_symbols or ans.expr.free_symbols
    ans_c = _integration_constant(ans)
    if ans_c is not None and ans_c in exp_core.free_symbols:
        ans_c = None
    ans_core = ans.expr.subs(ans_c, 0) if ans_c is not None else ans.expr
    difference = ans_core - exp_core
    same_up_to_constant = all(
        expr_equivalent(sp.diff(difference, v), sp.Integer(0)) for v in variables
    )
    if not same_up_to_constant:
        return verdict.incorrect("That's not right. Differentiate your answer to check it.")
    if ans_c is None:
        return verdict.incorrect(
            "Nearly: you need a constant of integration (+ C).", "missing_constant"
        )
    return verdict.correct()


def with_misconception(
    result: Verdict, expected: str, answer: str, problem: Problem | None = None
) -> Verdict:
    """`result` with the misconception that explains the wrong answer, when one does."""
    return _with_misconception(result, expected, answer, problem)


def can_diagnose() -> bool:
    try:
        from mathpath.maths import misconceptions
    except ImportError:
        return False
    return getattr(misconceptions, "diagnose", None) is not None


def _with_misconception(
    result: Verdict, expected: str, answer: str, problem: Problem | None = None
) -> Verdict:
    try:
        from mathpath.maths import misconceptions  # written by another team; may not exist
    except ImportError:
        return result
    diagnose = getattr(misconceptions, "diagnose", None)
    if diagnose is None:
        return result
    guard.isolate("misconception diagnosis")
    try:
        found = diagnose(expected, answer, problem)
    except Exception:  # a bug in diagnosis must never lose the verdict
        return result
    if found is None:
        return result
    return Verdict(
        result.status, result.reason, f"{result.feedback} {found.explanation}".strip(),
        misconception=str(found.id),
    )  # fmt: skip
