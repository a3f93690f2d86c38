"""Parametric item templates: sample integer parameters, derive values exactly, fill the text.

Derived values and constraints are written in a tiny arithmetic language evaluated here with
`fractions.Fraction` (never `eval`): integers, names, + - * / ^, unary minus, parentheses,
the functions abs, gcd, lcm, min, max, and for constraints the comparisons == != < <= > >=
joined by and/or/not.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from mathpath.learning.content.schema import StaticItem, TemplateItem


class TemplateError(ValueError):
    """A template expression, constraint or placeholder is malformed or cannot be satisfied."""


_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+)|(?P<name>[A-Za-z_][A-Za-z_0-9]*)|(?P<op>==|!=|<=|>=|[-+*/^()<>,]))"
)
_MAX_EXPONENT = 64
_MAX_TOKENS = 200


def _tokenise(source: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    source = source.rstrip()
    while pos < len(source):
        match = _TOKEN.match(source, pos)
        if match is None or match.end() == pos:
            raise TemplateError(f"unexpected character in {source!r} at {pos}")
        tokens.append(match.group(match.lastgroup or "op"))
        pos = match.end()
    if len(tokens) > _MAX_TOKENS:
        raise TemplateError(f"expression too long: {source!r}")
    return tokens


def _int_args(name: str, args: list[Fraction]) -> list[int]:
    if any(a.denominator != 1 for a in args):
        raise TemplateError(f"{name} needs integer arguments")
    return [int(a) for a in args]


_FUNCTIONS: dict[str, Callable[[list[Fraction]], Fraction]] = {
    "abs": lambda a: abs(a[0]),
    "gcd": lambda a: Fraction(math.gcd(*_int_args("gcd", a))),
    "lcm": lambda a: Fraction(math.lcm(*_int_args("lcm", a))),
    "min": min,
    "max": max,
}
_ARITY = {"abs": 1, "gcd": 2, "lcm": 2, "min": 2, "max": 2}


class _Parser:
    """Recursive descent over the token list; evaluates while it parses."""

    def __init__(self, source: str, env: Mapping[str, Fraction]) -> None:
        self.source = source
        self.tokens = _tokenise(source)
        self.pos = 0
        self.env = env

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, expected: str | None = None) -> str:
        tok = self._peek()
        if tok is None or (expected is not None and tok != expected):
            raise TemplateError(f"expected {expected or 'more'} in {self.source!r}")
        self.pos += 1
        return tok

    def finish(self, value: Fraction | bool) -> Fraction | bool:
        if self._peek() is not None:
            raise TemplateError(f"unexpected {self._peek()!r} in {self.source!r}")
        return value

    # condition := conj ("or" conj)* ; conj := neg ("and" neg)* ; neg := "not" neg | comparison
    def condition(self) -> bool:
        result = self._conj()
        while self._peek() == "or":
            self._take()
            rhs = self._conj()
            result = result or rhs
        return result

    def _conj(self) -> bool:
        result = self._neg()
        while self._peek() == "and":
            self._take()
            rhs = self._neg()
            result = result and rhs
        return result

    def _neg(self) -> bool:
        if self._peek() == "not":
            self._take()
            return not self._neg()
        if self._peek() == "(" and self._is_bracketed_condition():
            self._take("(")
            value = self.condition()
            self._take(")")
            return value
        lhs = self.expr()
        op = self._take()
        rhs = self.expr()
        comparisons: dict[str, Callable[[Fraction, Fraction], bool]] = {
            "==": lambda a, b: a == b,
            "!=": lambda a, b: a != b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
        }
        if op not in comparisons:
            raise TemplateError(f"expected a comparison in {self.source!r}")
        return comparisons[op](lhs, rhs)

    def _is_bracketed_condition(self) -> bool:
        """True when the bracket at the cursor holds a whole condition, not an arithmetic term."""
        depth = 0
        for tok in self.tokens[self.pos :]:
            if tok == "(":
                depth += 1
            elif tok == ")":
                depth -= 1
                if depth == 0:
                    return False
            elif depth == 1 and tok in {"==", "!=", "<", "<=", ">", ">=", "and", "or"}:
                return True
        return False

    # expr := term (("+"|"-") term)* ; term := unary (("*"|"/") unary)*
    def expr(self) -> Fraction:
        value = self._term()
        while self._peek() in {"+", "-"}:
            if self._take() == "+":
                value += self._term()
            else:
                value -= self._term()
        return value

    def _term(self) -> Fraction:
        value = self._unary()
        while self._peek() in {"*", "/"}:
            if self._take() == "*":
                value *= self._unary()
            else:
                divisor = self._unary()
                if divisor == 0:
                    raise TemplateError(f"division by zero in {self.source!r}")
                value /= divisor
        return value

    def _unary(self) -> Fraction:
        if self._peek() == "-":
            self._take()
            return -self._unary()
        if self._peek() == "+":
            self._take()
            return self._unary()
        return self._power()

    def _power(self) -> Fraction:
        base = self._atom()
        if self._peek() == "^":
            self._take()
            exponent = self._unary()
            if exponent.denominator != 1 or abs(exponent) > _MAX_EXPONENT:
                raise TemplateError(f"exponent must be a small integer in {self.source!r}")
            if base == 0 and exponent < 0:
                raise TemplateError(f"division by zero in {self.source!r}")
            return base ** int(exponent)
        return base

    def _atom(self) -> Fraction:
        tok = self._take()
        if tok == "(":
            value = self.expr()
            self._take(")")
            return value
        if tok.isdigit():
            return Fraction(int(tok))
        if tok in _FUNCTIONS:
            self._take("(")
            args = [self.expr()]
            while self._peek() == ",":
                self._take()
                args.append(self.expr())
            self._take(")")
            if len(args) != _ARITY[tok]:
                raise TemplateError(f"{tok} takes {_ARITY[tok]} argument(s) in {self.source!r}")
            return _FUNCTIONS[tok](args)
        if tok[0].isalpha() or tok[0] == "_":
            if tok not in self.env:
                raise TemplateError(f"unknown name {tok!r} in {self.source!r}")
            return self.env[tok]
        raise TemplateError(f"unexpected {tok!r} in {self.source!r}")


def evaluate(source: str, env: Mapping[str, Fraction]) -> Fraction:
    """Evaluate an arithmetic expression exactly."""
    parser = _Parser(source, env)
    value = parser.expr()
    parser.finish(value)
    return value


def holds(source: str, env: Mapping[str, Fraction]) -> bool:
    """Evaluate a constraint."""
    parser = _Parser(source, env)
    value = parser.condition()
    parser.finish(value)
    return value


def _plain(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"


def _decimal(value: Fraction) -> str:
    """A terminating decimal written out exactly (3/8 -> 0.375)."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den != 1:
        raise TemplateError(f"{value} is not a terminating decimal")
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    digits = ""
    while rest:
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits += str(digit)
    return f"{sign}{whole}.{digits}" if digits else f"{sign}{whole}"


def _latex_fraction(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def format_value(value: Fraction, fmt: str) -> str:
    """Render a value for a placeholder; `fmt` is '', '+', 'coef', '+coef', 'frac' or 'dec'."""
    if fmt == "":
        return _plain(value)
    if fmt == "dec":
        return _decimal(value)
    if fmt == "frac":
        return _latex_fraction(value)
    if fmt in {"+", "+coef"}:
        sign = "-" if value < 0 else "+"
        body = format_value(abs(value), fmt[1:])
        return f"{sign} {body}"
    if fmt == "coef":
        if value == 1:
            return ""
        if value == -1:
            return "-"
        return _plain(value)
    raise TemplateError(f"unknown placeholder format {fmt!r}")


_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z_0-9]*)\s*(?::\s*([+a-z]*)\s*)?\}\}")


def fill(text: str, env: Mapping[str, Fraction]) -> str:
    """Replace every {{name}} / {{name:fmt}} in the text."""

    def replace(match: re.Match[str]) -> str:
        name, fmt = match.group(1), match.group(2) or ""
        if name not in env:
            raise TemplateError(f"unknown placeholder {{{{{name}}}}}")
        return format_value(env[name], fmt)

    result = _PLACEHOLDER.sub(replace, text)
    if "{{" in result:
        raise TemplateError(f"malformed placeholder in {text!r}")
    return result


@dataclass(frozen=True)
class Sample:
    values: dict[str, Fraction]
    item: StaticItem


_MAX_TRIES = 2000


def sample_values(template: TemplateItem, rng: random.Random) -> dict[str, Fraction]:
    """Draw parameters until the constraints hold, then return params plus derived values."""
    for _ in range(_MAX_TRIES):
        env: dict[str, Fraction] = {}
        for name, spec in template.params.items():
            lo, hi = spec.range
            while True:
                value = rng.randint(lo, hi)
                if value not in spec.exclude:
                    break
            env[name] = Fraction(value)
        try:
            for name, source in template.derived.items():
                env[name] = evaluate(source, env)
        except TemplateError as exc:
            if "division by zero" in str(exc):
                continue
            raise
        if all(holds(c, env) for c in template.constraints):
            return env
    raise TemplateError(f"constraints not satisfied after {_MAX_TRIES} draws")


def _fill_tree(node: Any, env: Mapping[str, Fraction]) -> Any:
    if isinstance(node, str):
        return fill(node, env)
    if isinstance(node, list):
        return [_fill_tree(child, env) for child in node]
    if isinstance(node, dict):
        return {key: _fill_tree(child, env) for key, child in node.items()}
    return node


_TEMPLATE_ONLY = {"template", "params", "constraints", "derived"}


def instantiate(template: TemplateItem, seed: int) -> Sample:
    """One concrete item from a template, reproducible from the seed."""
    rng = random.Random(f"{template.id}:{seed}")  # noqa: S311 - reproducible practice, not secrets
    env = sample_values(template, rng)
    raw = template.model_dump(exclude=_TEMPLATE_ONLY, exclude_none=True)
    filled = _fill_tree(raw, env)
    filled["id"] = f"{template.id}-s{seed}"
    return Sample(values=env, item=StaticItem.model_validate(filled))
