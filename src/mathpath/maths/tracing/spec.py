"""An item's engine problem: what the question asks, as data the maths engine can work on.

Every curriculum item carries one (`problem:` in its YAML). It is plain text and numbers,
read by the safe parser (never evaluated), and becomes a solver `Problem`:

- a solver family (`mathpath.maths.solvers.FAMILIES`) with that family's data: `eq`, `eqs`,
  `expr`, `var`, `lower`/`upper`, `first`/`difference`/`ratio`/`ask`/`n`, `terms`, `u`,
  `rule`, `radians`;
- or one of three generic families for questions no solver covers:
  `evaluate` (`expr`, optional `given` values of its letters: work out a number),
  `equations` (`eqs`, the model of a word problem: solve them, optionally under `where`
  conditions such as `x > 0`), `rearrange` (`eq`, and `var` to make it the subject: the
  equation of a line, an inverse function; without `var`, any equation equivalent to `eq`, such
  as a circle's equation in a given form), and `simplify` (`expr`: any equal form). An
  inverse function is `rearrange` of `x = f(y)` for `y` with `inverse: true`: the other route,
  rearranging `y = f(x)` for `x` and swapping the letters at the end, is then valid working too.

Any family may add `find` (what is asked, in the unknowns: `x + 5` for "find the length") and
`where` (conditions the solutions must meet). An inequality problem may ask for its whole-number
solutions (`integers: true`), or only the `pick: smallest` or `largest` of them ("the least
number of terms for the sum to exceed 500"). The misconception rules read the typed problem;
`reference` computes the right answer from the problem alone, so content validation can prove
the problem and the item's answer agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.core.relational import Relational

from mathpath.maths.misconceptions import GENERIC_FAMILIES
from mathpath.maths.misconceptions.model import typed_structure
from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.solvers import FAMILIES as SOLVER_FAMILIES
from mathpath.maths.solvers import Problem
from mathpath.maths.values import EquationValue, ExprValue, RelationValue

FAMILIES = (*SOLVER_FAMILIES, *sorted(GENERIC_FAMILIES))

_TEXT_KEYS = ("eq", "expr", "find", "u")
_LIST_KEYS = ("eqs", "where")
_NUMBER_KEYS = ("lower", "upper", "first", "difference", "ratio")
_PLAIN_KEYS = ("ask", "rule", "pick")
_INT_KEYS = ("n", "terms")
KEYS = frozenset(
    (
        "family",
        "var",
        "given",
        "radians",
        "integers",
        "inverse",
        *_TEXT_KEYS,
        *_LIST_KEYS,
        *_NUMBER_KEYS,
        *_PLAIN_KEYS,
        *_INT_KEYS,
    )
)

# What each family needs (one of the alternatives in a tuple of tuples).
_NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "linear.equation": (("eq",),),
    "linear.inequality": (("eq",),),
    "expand": (("expr",),),
    "factorise": (("expr",),),
    "quadratic.factorise": (("eq",), ("expr",)),
    "quadratic.formula": (("eq",), ("expr",)),
    "quadratic.complete_square": (("eq",), ("expr",)),
    "simultaneous.linear": (("eqs",),),
    "simultaneous.linear_quadratic": (("eqs",),),
    "fractions.simplify": (("expr",),),
    "fractions.add": (("expr",), ("terms",)),
    "indices.simplify": (("expr",),),
    "surds.simplify": (("expr",),),
    "exponential.equation": (("eq",),),
    "logarithm.equation": (("eq",),),
    "differentiate": (("expr",),),
    "stationary_points": (("expr",),),
    "integrate.indefinite": (("expr",),),
    "integrate.definite": (("expr", "lower", "upper"),),
    "integrate.substitution": (("expr",),),
    "trig.equation": (("eq", "lower", "upper"),),
    "sequence.arithmetic": (("first", "difference"),),
    "sequence.geometric": (("first", "ratio"),),
    "binomial.expansion": (("expr",),),
    "evaluate": (("expr",),),
    "equations": (("eqs",), ("eq",)),
    "rearrange": (("eq",),),
    "simplify": (("expr",),),
}

EQUATION_FAMILIES = frozenset(
    {
        "linear.equation",
        "linear.inequality",
        "quadratic.factorise",
        "quadratic.formula",
        "quadratic.complete_square",
        "simultaneous.linear",
        "simultaneous.linear_quadratic",
        "exponential.equation",
        "logarithm.equation",
        "trig.equation",
        "equations",
    }
)
"""Families whose problem is a set of equations (or an inequality) to solve."""


class ProblemSpecError(ValueError):
    """The `problem:` of an item is malformed: an unknown family or key, a missing field, or
    maths the parser cannot read."""


@dataclass(frozen=True)
class ProblemSpec:
    """The `problem:` mapping as written, validated for shape (not yet parsed)."""

    family: str
    data: Mapping[str, Any]

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> ProblemSpec:
        family = raw.get("family")
        if not isinstance(family, str) or family not in FAMILIES:
            raise ProblemSpecError(f"unknown problem family {family!r}")
        unknown = sorted(set(raw) - KEYS)
        if unknown:
            raise ProblemSpecError(f"problem has unknown keys {unknown}")
        data = {k: v for k, v in raw.items() if k != "family"}
        needs = _NEEDS[family]
        if not any(all(k in data for k in alternative) for alternative in needs):
            wanted = " or ".join("+".join(a) for a in needs)
            raise ProblemSpecError(f"a {family} problem needs {wanted}")
        return cls(family, data)

    @property
    def is_equations(self) -> bool:
        return self.family in EQUATION_FAMILIES


def _read(text: object, key: str) -> Any:
    if not isinstance(text, str | int | float) or isinstance(text, bool):
        raise ProblemSpecError(f"problem {key} must be text, got {text!r}")
    try:
        return parse(str(text))
    except (ParseError, TooComplex) as exc:
        raise ProblemSpecError(f"problem {key} {text!r} cannot be read: {exc}") from exc


def _relation(text: object, key: str, typed: bool) -> sp.Basic:
    value = _read(text, key)
    if isinstance(value, EquationValue):
        lhs, rhs = (value.lhs.raw, value.rhs.raw) if typed else (value.lhs.expr, value.rhs.expr)
        if typed:
            lhs, rhs = typed_structure(lhs), typed_structure(rhs)
        return sp.Eq(lhs, rhs, evaluate=False)
    if isinstance(value, RelationValue) and isinstance(value.relation, Relational | sp.And):
        return value.relation  # an inequality, or a chain of them (-7 <= 2x - 3 < 5)
    raise ProblemSpecError(f"problem {key} {text!r} is not an equation or inequality")


def _expression(text: object, key: str, typed: bool) -> sp.Expr:
    value = _read(text, key)
    if not isinstance(value, ExprValue):
        raise ProblemSpecError(f"problem {key} {text!r} is not an expression")
    return typed_structure(value.raw) if typed else value.expr


def _number(value: object, key: str) -> sp.Expr:
    if isinstance(value, bool):
        raise ProblemSpecError(f"problem {key} must be a number")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, float):
        return sp.Rational(Fraction(str(value)))
    expr = _expression(value, key, typed=False)
    if expr.free_symbols:
        raise ProblemSpecError(f"problem {key} {value!r} must be a number")
    return expr


def _whole(value: object, key: str) -> int:
    """A whole number, also as text (a template's `n: "{{n}}"` is filled in as text)."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProblemSpecError(f"problem {key} must be a whole number")
    return value


def _symbol(value: object, key: str) -> sp.Symbol:
    if not isinstance(value, str) or not value.isalpha() or len(value) != 1:
        raise ProblemSpecError(f"problem {key} must be one letter, got {value!r}")
    return sp.Symbol(value)


def build(spec: ProblemSpec | Mapping[str, Any], *, typed: bool = True) -> Problem:
    """The solver `Problem`. `typed` keeps each expression's structure as written (3(x + 2)
    stays a product), which the misconception rules need; solving wants it evaluated."""
    spec = spec if isinstance(spec, ProblemSpec) else ProblemSpec.of(spec)
    data: dict[str, Any] = {}
    for key, value in spec.data.items():
        if key == "eq":
            data["eq"] = _relation(value, key, typed)
            if isinstance(data["eq"], Relational) and not isinstance(data["eq"], sp.Equality):
                data["rel"] = data["eq"]
        elif key in ("expr", "find", "u"):
            data[key] = _expression(value, key, typed)
        elif key == "eqs":
            if not isinstance(value, list) or not value:
                raise ProblemSpecError("problem eqs must be a list of equations")
            data["eqs"] = [_relation(v, key, typed) for v in value]
        elif key == "terms" and isinstance(value, list):  # fractions.add: the fractions
            if not value:
                raise ProblemSpecError("problem terms must not be empty")
            data["terms"] = [_expression(v, key, typed) for v in value]
        elif key == "where":
            if not isinstance(value, list):
                raise ProblemSpecError("problem where must be a list of conditions")
            data["where"] = [_relation(v, key, typed=False) for v in value]
        elif key in _NUMBER_KEYS:
            data[key] = _number(value, key)
        elif key == "var":
            data["var"] = _symbol(value, key)
        elif key == "given":
            if not isinstance(value, Mapping):
                raise ProblemSpecError("problem given must map letters to values")
            data["given"] = {
                _symbol(k, "given"): _number(v, f"given {k}") for k, v in value.items()
            }
        elif key in _INT_KEYS:
            data[key] = _whole(value, key)
        elif key in ("radians", "integers", "inverse"):
            data[key] = bool(value)
        else:
            data[key] = str(value)
    if spec.family == "linear.inequality" and "rel" not in data:
        raise ProblemSpecError("a linear.inequality problem needs an inequality in eq")
    if spec.family == "equations" and "eq" in data and "eqs" not in data:
        data["eqs"] = [data.pop("eq")]
    return Problem(spec.family, data)


def unknowns(problem: Problem) -> tuple[sp.Symbol, ...]:
    """The letters the problem solves for (its equations' letters that are not given)."""
    given = set(problem.data.get("given", {}))
    found: set[sp.Symbol] = set()
    for key in ("eq", "expr"):
        if key in problem.data:
            found |= problem.data[key].free_symbols
    for term in problem.data.get("terms", ()):
        found |= term.free_symbols
    for equation in problem.data.get("eqs", ()):
        found |= equation.free_symbols
    if "var" in problem.data:
        found.add(problem.data["var"])
    return tuple(sorted((s for s in found if isinstance(s, sp.Symbol) and s not in given), key=str))


def to_spec(problem: Problem) -> dict[str, Any]:
    """The `problem:` mapping of a solver `Problem` (a generated item's, say): its data as
    parser-readable text, so it travels as JSON and is rebuilt with `build`."""
    from mathpath.maths.solvers.text import plain

    out: dict[str, Any] = {"family": problem.family}
    for key, value in problem.data.items():
        if key == "rel":
            if "eq" not in problem.data:
                out["eq"] = plain(value)
            continue  # otherwise derived from `eq` by `build`
        if isinstance(value, sp.Symbol) and key == "var":
            out[key] = str(value)
        elif isinstance(value, sp.Basic):
            out[key] = plain(value)
        elif isinstance(value, list | tuple):
            out[key] = [plain(v) if isinstance(v, sp.Basic) else v for v in value]
        elif isinstance(value, Mapping):
            out[key] = {
                str(k): plain(v) if isinstance(v, sp.Basic) else v for k, v in value.items()
            }
        else:
            out[key] = value
    return out
