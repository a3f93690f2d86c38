"""The guard every reply passes before a student sees it.

Three checks: (1) the reply does not contain the final answer, or anything equivalent to it,
before the ladder allows it (decided symbolically by the maths engine, not by string
match); (2) every numerical claim it states (`a = b` with no unknowns) is true; (3) it
carries no personal data of another student.

A streamed reply is checked as it grows: `StreamGuard` re-checks the whole text released so
far plus the next segment (a leak can span segments), remembering the verdict of each maths
fragment so only new fragments reach the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import sympy as sp

from mathpath.maths.checking import equivalent
from mathpath.maths.values import EquationValue, ExprValue, MathValue, SolutionSetValue
from mathpath.tutor.core.items import TutorItem
from mathpath.tutor.core.maths_text import MAX_FRAGMENTS, compact, fragments, try_parse

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?:\+44\s?|\b0)7\d{3}\s?\d{6}\b")
# LaTeX's own inline and display delimiters, read as `$` so their maths is checked too.
_LATEX_DELIMS = re.compile(r"\\[()\[\]]")
_DOLLAR_SIGN = re.compile(r"(?<!\\)\$")


@dataclass(frozen=True)
class GuardResult:
    violations: tuple[str, ...] = ()
    checked_fragments: int = 0

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class GuardContext:
    item: TutorItem
    reveal_answer: bool
    own_names: frozenset[str] = frozenset()
    other_people: frozenset[str] = field(default_factory=frozenset)
    # What the student wrote this session: a false line of theirs may be quoted back to them
    # ("You wrote $(-3)^2 = -9$"), never asserted.
    student_said: tuple[str, ...] = ()


_QUOTE_CUE = re.compile(
    r"(?:you(?:'ve| have)?\s+(?:wrote|written|said|put|got|typed)|you\s+wrote|your\s+"
    r"(?:line|working|answer|step)(?:\s+(?:says|said|was|is))?|writing)\s*:?\s*[\"“']?\s*$",
    re.I,
)
_QUOTE_WINDOW = 48


def _equation_sides(value: MathValue | None) -> tuple[sp.Expr, sp.Expr] | None:
    if isinstance(value, EquationValue):
        return value.lhs.expr, value.rhs.expr
    return None


def _said(frag: str, student_said: tuple[str, ...]) -> bool:
    """The fragment states exactly what one of the student's lines states."""
    mine = _equation_sides(try_parse(frag))
    if mine is None:
        return False
    for line in student_said:
        for theirs in (try_parse(line.strip().strip("$")), *map(try_parse, fragments(line))):
            sides = _equation_sides(theirs)
            if sides is not None and all(a == b for a, b in zip(mine, sides, strict=True)):
                return True
    return False


def quoted(frag: str, text: str, ctx: GuardContext) -> bool:
    """A false claim the reply quotes from the student (introduced by "you wrote" or the like
    right before it) rather than asserts."""
    if not ctx.student_said:
        return False
    position = text.find(frag)
    if position < 0:
        return False
    before = text[max(0, position - _QUOTE_WINDOW) : position].rstrip("$ ")
    return bool(_QUOTE_CUE.search(before)) and _said(frag, ctx.student_said)


def _solved_form(value: MathValue) -> bool:
    """`x = 5`, `x = 2 ± √5` (as a set): one letter alone on a side, a value on the other."""
    if isinstance(value, SolutionSetValue):
        return all(_solved_form(v) for v in value.items)
    if isinstance(value, EquationValue):
        lhs, rhs = value.lhs.expr, value.rhs.expr
        for side, other in ((lhs, rhs), (rhs, lhs)):
            if isinstance(side, sp.Symbol) and side not in other.free_symbols:
                return True
        return False
    return isinstance(value, ExprValue)


def _sides(value: MathValue) -> list[MathValue]:
    if isinstance(value, EquationValue):
        return [value, value.lhs, value.rhs]
    return [value]


def leaked_fragments(text: str, item: TutorItem) -> list[str]:
    """The fragments of `text` that give the item's final answer away."""
    leak = _LeakCheck.of(item)
    if leak is None:
        return []
    return [frag for frag in fragments(normalise(text)) if leak.gives_away(frag)]


@dataclass(frozen=True)
class _LeakCheck:
    answer: MathValue
    answer_is_relation: bool
    stem_text: frozenset[str]

    @classmethod
    def of(cls, item: TutorItem) -> _LeakCheck | None:
        answer = try_parse(item.answer)
        if answer is None:
            return None
        stem = frozenset(compact(f) for f in fragments(item.stem))
        return cls(answer, isinstance(answer, EquationValue | SolutionSetValue), stem)

    def gives_away(self, frag: str) -> bool:
        value = try_parse(frag)
        if value is None or compact(frag) in self.stem_text:
            return False
        for part in _sides(value):
            if self.answer_is_relation and not _solved_form(part):
                continue  # "3x = 15" is a step towards x = 5, not the answer itself
            if _safe_equivalent(self.answer, part):
                return True
        return False


def normalise(text: str) -> str:
    """`\\(x = 5\\)` and `\\[x = 5\\]` read as `$x = 5$`; a `$` left open (a reply cut short)
    is closed at the end, so the maths after it is still found and checked."""
    text = _LATEX_DELIMS.sub("$", text)
    if len(_DOLLAR_SIGN.findall(text)) % 2:
        text += "$"
    return text


def verbatim_answer(text: str, item: TutorItem) -> bool:
    """The answer's own text as a whole token (for answers the symbolic check cannot read,
    such as a list of coordinate pairs). Short answers are left to the symbolic check: "5"
    occurs in too many innocent places."""
    answer = compact(item.answer)
    if len(answer) < 3 or answer in compact(item.stem):
        return False
    pattern = rf"(?<![\w.^]){re.escape(answer)}(?![\w.])"
    return re.search(pattern, compact(text)) is not None


def _safe_equivalent(a: MathValue, b: MathValue) -> bool:
    try:
        return equivalent(a, b)
    except Exception:  # the engine refusing a fragment means it cannot be the answer
        return False


def false_claims(text: str) -> list[str]:
    """Numerical equalities in `text` (no unknowns) that are not true."""
    return [frag for frag in fragments(normalise(text)) if _false_claim(frag)]


_ELLIPSIS = re.compile(r"\s*(?:\\[lc]?dots|\.\.\.|\u2026)\s*$")
_DECIMALS = re.compile(r"\.(\d+)\s*(?:\^\\circ|\^\{\\circ\}|°)?\s*$")


_APPROX = re.compile(r"\\approx|≈")
_DEGREE = re.compile(r"(?:\^\\circ|\^\{\\circ\}|°)\s*$")
_NUMBER_LITERAL = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*(?:\^\\circ|\^\{\\circ\}|°)?\s*$")


def _tolerance(frag: str) -> tuple[str, sp.Expr | None]:
    """How far apart the two sides of a numerical claim may be, as school maths writes them:
    "1.1^7 = 1.948..." (leading digits), "e ≈ 2.718" (rounded, approximately), "= 2813.77"
    (rounded to the places shown). None: exactly equal. Returns the claim as an equation."""
    approx = _APPROX.search(frag) is not None
    sides = _APPROX.split(frag) if approx else frag.split("=")
    if len(sides) != 2:
        return frag, None
    shown = [_ELLIPSIS.sub("", side) for side in sides]
    equation = f"{shown[0]} = {shown[1]}"

    def unit(side: str) -> sp.Expr:
        places = _DECIMALS.search(side)
        size = sp.Rational(1, 10 ** len(places.group(1))) if places else sp.Integer(1)
        # Degrees are read as radians: a unit of the last digit shown is that many degrees.
        return size * sp.pi / 180 if _DEGREE.search(side) else size

    for side, raw in zip(shown, sides, strict=True):
        if _ELLIPSIS.search(raw):  # cut after the digits shown, or rounded there
            return equation, unit(side)
    literals = [side for side in shown if _NUMBER_LITERAL.match(side)]
    if approx:  # rounded to the digits shown
        return equation, unit(literals[-1]) / 2 if literals else sp.Integer(1) / 2
    decimals = [side for side in literals if _DECIMALS.search(side)]
    if decimals:  # "= 2813.77": rounded to the places shown
        return equation, unit(decimals[-1]) / 2
    return frag, None


def _false_claim(frag: str) -> bool:
    frag, tolerance = _tolerance(frag)
    value = try_parse(frag)
    if not isinstance(value, EquationValue):
        return False
    lhs, rhs = value.lhs.expr, value.rhs.expr
    if lhs.free_symbols or rhs.free_symbols:
        return False
    if tolerance is not None:
        return _beyond(lhs, rhs, tolerance)
    return _numerically_false(lhs, rhs)


def _beyond(lhs: sp.Expr, rhs: sp.Expr, tolerance: sp.Expr) -> bool:
    try:
        return bool(abs(sp.N(lhs - rhs, 30)) > tolerance)
    except Exception:  # not a number we can evaluate: not a claim we can call false
        return False


def _numerically_false(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    try:
        return bool(sp.simplify(lhs - rhs) != 0)
    except Exception:  # SymPy could not decide: not a claim we can call false
        return False


def personal_data(text: str, own: Iterable[str], others: Iterable[str]) -> list[str]:
    own_lower = {o.lower() for o in own}
    found = [m.group(0) for m in _EMAIL.finditer(text) if m.group(0).lower() not in own_lower]
    found += [m.group(0) for m in _PHONE.finditer(text)]
    lowered = text.lower()
    found += [
        name for name in others if name and re.search(rf"\b{re.escape(name.lower())}\b", lowered)
    ]
    return found


def check_reply(text: str, ctx: GuardContext) -> GuardResult:
    return StreamGuard(ctx).check(text)


class StreamGuard:
    """`check_reply` for a text that grows: the verdict of each maths fragment is kept, so
    checking the released text plus one more segment costs only the new fragments."""

    def __init__(self, ctx: GuardContext) -> None:
        self.ctx = ctx
        self._leak = None if ctx.reveal_answer else _LeakCheck.of(ctx.item)
        self._seen: dict[str, tuple[bool, bool]] = {}  # compact fragment -> (leak, false)

    def _verdict(self, frag: str) -> tuple[bool, bool]:
        key = compact(frag)
        if key not in self._seen:
            leak = self._leak is not None and self._leak.gives_away(frag)
            self._seen[key] = (leak, _false_claim(frag))
        return self._seen[key]

    def check(self, text: str) -> GuardResult:
        ctx = self.ctx
        found = fragments(normalise(text))
        verdicts = [(frag, *self._verdict(frag)) for frag in found]
        shown = normalise(text)
        # The student's own line quoted back to them tells them nothing new: neither a leak
        # nor a false claim of ours.
        quotes = {
            frag for frag, leak, false in verdicts if (leak or false) and quoted(frag, shown, ctx)
        }
        violations = [
            f"answer_leak:{frag}" for frag, leak, _ in verdicts if leak and frag not in quotes
        ]
        if not ctx.reveal_answer and verbatim_answer(text, ctx.item):
            violations.append(f"answer_leak:{ctx.item.answer}")
        violations += [
            f"false_maths:{frag}" for frag, _, false in verdicts if false and frag not in quotes
        ]
        violations += [
            f"personal_data:{p}" for p in personal_data(text, ctx.own_names, ctx.other_people)
        ]
        if len(found) >= MAX_FRAGMENTS:
            # `fragments` stops at its bound: maths past it was never looked at.
            violations.append(f"unchecked:more_than_{MAX_FRAGMENTS - 1}_fragments")
        return GuardResult(tuple(violations), len(found))
