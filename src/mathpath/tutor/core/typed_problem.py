"""A problem the student typed ("solve 3x + 4 = 19"), turned into an item by the maths
engine's solvers: the engine finds the family, the worked steps and a verified answer."""

from __future__ import annotations

import hashlib
import re

import sympy as sp

from mathpath.maths.misconceptions import typed_structure
from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.solvers import Problem, SolverError, solve
from mathpath.maths.tracing import to_spec
from mathpath.maths.values import EquationValue, ExprValue, MathValue
from mathpath.tutor.core.items import SolutionStep, TutorItem

_VERB = re.compile(
    r"^\s*(solve|expand(?: and simplify)?|factori[sz]e|simplify|differentiate|integrate)\b[:\s]*",
    re.I,
)
_FAMILIES_BY_VERB = {
    "solve": ("linear.equation", "quadratic.factorise", "quadratic.formula"),
    "expand": ("expand",),
    "factorise": ("factorise",),
    "simplify": ("fractions.simplify", "indices.simplify", "surds.simplify", "expand"),
    "differentiate": ("differentiate",),
    "integrate": ("integrate.indefinite",),
}
_HINTS = {
    "solve": ("What operations are being done to the letter?",
              "Undo them one at a time, doing the same to both sides.",
              "Start by collecting the terms with the letter on one side."),
    "expand": ("What does each term outside the bracket multiply?",
               "Multiply every term inside by the term outside.",
               "Then collect like terms."),
    "factorise": ("What do all the terms have in common?",
                  "Look for a common factor, or two numbers that multiply and add correctly.",
                  "Check by expanding your answer."),
}  # fmt: skip


_FORMS = {"expand": "expanded", "factorise": "factorised"}


class UnclassifiedProblem(ValueError):
    """The maths engine cannot tell what kind of problem this is."""


def _verb(text: str) -> tuple[str, str]:
    match = _VERB.match(text)
    if match is None:
        value = _parse(text)
        return ("solve" if isinstance(value, EquationValue) else "simplify"), text
    verb = match.group(1).lower().split()[0].replace("factorize", "factorise")
    return verb, text[match.end() :]


def _parse(text: str) -> MathValue:
    try:
        return parse(text.strip().rstrip("."))
    except (ParseError, TooComplex) as exc:
        raise UnclassifiedProblem(f"The maths could not be read: {exc}") from exc


def _data(body: str, *, as_typed: bool = False) -> dict[str, object]:
    """The solver's data; `as_typed` keeps the structure the student typed (3(x + 2), not
    3x + 6; x^2 * x^3, not x^5), which the misconception rules work from."""
    value = _parse(body)
    shape = typed_structure if as_typed else (lambda e: e)
    if isinstance(value, EquationValue):
        lhs, rhs = (value.lhs.raw, value.rhs.raw) if as_typed else (value.lhs.expr, value.rhs.expr)
        return {"eq": sp.Eq(shape(lhs), shape(rhs), evaluate=False)}
    if isinstance(value, ExprValue):
        return {"expr": shape(value.raw) if as_typed else value.expr}
    raise UnclassifiedProblem("Type one equation or expression.")


def problem_of(item: TutorItem) -> Problem | None:
    """The solver's problem behind a typed item (for diagnosing misconceptions)."""
    family, body = item.extra.get("family"), item.extra.get("problem_text")
    if not isinstance(family, str) or not isinstance(body, str):
        return None
    try:
        return Problem(family, _data(body, as_typed=True))
    except UnclassifiedProblem:
        return None


def item_from_text(text: str) -> TutorItem:
    verb, body = _verb(text.strip())
    data = _data(body)
    for family in _FAMILIES_BY_VERB.get(verb, ()):
        try:
            solution = solve(Problem(family, data))
        except (SolverError, TypeError, ValueError):
            continue
        digest = hashlib.sha256(f"{family}:{body.strip()}".encode()).hexdigest()[:12]
        return TutorItem(
            id=f"typed-{digest}",
            stem=f"{verb.capitalize()} ${body.strip()}$.",
            answer=solution.answer.text,
            kind=solution.answer.kind,
            form=_FORMS.get(verb),
            solution=tuple(SolutionStep(s.explanation, s.expression) for s in solution.steps),
            hints=_HINTS.get(verb, _HINTS["solve"]),
            problem=to_spec(Problem(family, _data(body, as_typed=True))),
            extra={"family": family, "typed": True, "problem_text": body.strip()},
        )
    raise UnclassifiedProblem("The maths engine does not recognise this kind of problem yet.")
