"""Where does a student's line of working stand in the item's solution space?

`trace_line(space, text, previous)` reads the line as statements and judges each:

- **valid**: it holds at every solution of the question (equation problems) or equals the
  starting expression or the result (expression tasks). A line that is valid but moves no
  closer (the question restated, an equation doubled) is valid with `progress=False`.
- **partial**: a final answer that names some of the solutions and nothing else.
- **invalid**: it is false on the question's solutions; `misconception` names the mistake when
  one reproduces it: a catalogue misconception whose buggy rule gives this line on the item's
  problem, else the step checker's label against the student's line before, the worked
  solution's line at the same place, or the question itself.
- **undecided**: the engine cannot tell (a letter it does not know, an intermediate number it
  cannot place). Never called wrong.

`position` is the index of the worked-solution line this one reaches (-1: the question), so
the tutor can give the next step from where the student is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import sympy as sp

from mathpath.maths.misconceptions import CATALOGUE, diagnose
from mathpath.maths.parsing.errors import TooComplex
from mathpath.maths.steps.diagnosis import LABELS, diagnose_step
from mathpath.maths.steps.lines import Line
from mathpath.maths.steps.progress import _form_distance, isolation_distance
from mathpath.maths.steps.solsets import solution_set
from mathpath.maths.steps.validity import SetRelation, compare_lines, equivalent_expressions
from mathpath.maths.tracing.reading import Statement, Unreadable, as_definition, read_statements
from mathpath.maths.tracing.space import Space, in_degrees, read_value

Status = Literal["valid", "invalid", "partial", "undecided"]

_FAILURES = (
    ValueError,
    TypeError,
    ArithmeticError,
    NotImplementedError,
    RecursionError,
    AttributeError,
)
_EPS = 1e-9
_CLAIMED_VALUE = re.compile(r"\s*[a-zA-Z]\s*=\s*-?\d+(?:\.\d+)?\s*")


@dataclass(frozen=True)
class LineVerdict:
    status: Status
    explanation: str
    progress: bool | None = None
    position: int | None = None
    final: bool = False
    misconception: str | None = None
    missing: int = 0
    found: int = 0
    text: str = ""

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def _undecided(text: str, why: str = "") -> LineVerdict:
    return LineVerdict(
        "undecided",
        why or "I can't check that line on its own. What does it stand for?",
        text=text,
    )


# --- truth on the solutions -------------------------------------------------------------------


def _truth(line: Line, point: dict[sp.Symbol, sp.Expr], tolerance: float | None) -> bool | None:
    """Does `line` hold at `point`? None when that cannot be decided (outside a domain)."""
    if line.parts:
        each = [_truth(p, point, tolerance) for p in line.parts]
        if line.kind == "alternatives":
            return True if any(e is True for e in each) else (None if None in each else False)
        return False if any(e is False for e in each) else (None if None in each else True)
    try:
        diff = (line.lhs - line.rhs).xreplace(point)
        if diff.free_symbols:
            return None
        value = sp.N(diff, 30)
        if not (value.is_number and value.is_finite) or value.is_real is False:
            return None
        margin = max(_EPS, tolerance or 0.0)
        if line.op == "=":
            return bool(abs(value) <= margin)
        strict = {
            "<": value < -_EPS,
            ">": value > _EPS,
            "<=": value <= margin,
            ">=": value >= -margin,
        }
        return bool(strict[line.op]) if line.op in strict else None
    except _FAILURES:
        return None


def _typed_tolerance(line: Line) -> float:
    """Half a unit in the last decimal place the line was typed to (x = 17.46 for 17.4576...:
    0.005), so a rounded value on the way is right; 0 when it has no decimals."""
    places = 0
    for side in (line.lhs, line.rhs, *(p.lhs for p in line.parts), *(p.rhs for p in line.parts)):
        for number in side.atoms(sp.Rational, sp.Float):
            if isinstance(number, sp.Float):
                return 0.0  # a float typed as such: no exact places to read
            q = int(number.q)
            for k in range(1, 7):
                if 10**k % q == 0 and q > 1:
                    places = max(places, k)
                    break
    return 0.5 * 10.0**-places * 1.0001 if places else 0.0


def _solved_values(
    line: Line, letters: tuple[sp.Symbol, ...]
) -> list[dict[sp.Symbol, sp.Expr]] | None:
    """`x = 2 or x = 5`, `x = 3, y = 1`: the points a solved-form line names, else None."""
    alternatives = line.parts if line.kind == "alternatives" else (line,)
    points: list[dict[sp.Symbol, sp.Expr]] = []
    for alt in alternatives:
        parts = alt.parts if alt.kind == "conjunction" else (alt,)
        point: dict[sp.Symbol, sp.Expr] = {}
        for part in parts:
            if part.op != "=" or part.parts:
                return None
            if isinstance(part.lhs, sp.Symbol) and not part.rhs.free_symbols:
                point[part.lhs] = part.rhs
            elif isinstance(part.rhs, sp.Symbol) and not part.lhs.free_symbols:
                point[part.rhs] = part.lhs
            else:
                return None
        points.append(point)
    return points


def _same_point(
    a: dict[sp.Symbol, sp.Expr], b: dict[sp.Symbol, sp.Expr], tolerance: float | None
) -> bool:
    if set(a) != set(b):
        return False
    margin = max(_EPS, tolerance or 0.0)
    try:
        return all(abs(sp.N(a[k] - b[k], 30)) <= margin for k in a)
    except _FAILURES:
        return False


# --- the judgement of one statement ----------------------------------------------------------


@dataclass
class _Context:
    space: Space
    definitions: dict[sp.Symbol, sp.Expr]
    previous: Line | None
    previous_valid: bool


def _substituted(line: Line, definitions: dict[sp.Symbol, sp.Expr]) -> Line:
    if not definitions or not (line.symbols & set(definitions)):
        return line
    if line.parts:
        return replace(line, parts=tuple(_substituted(p, definitions) for p in line.parts))
    return line.with_sides(line.lhs.xreplace(definitions), line.rhs.xreplace(definitions))


def _position(space: Space, line: Line) -> int:
    """The furthest worked line this one has reached (-1: none beyond the question)."""
    best = -1
    for state in space.path:
        if state.line is None:
            continue
        if _reaches(space, line, state.line):
            best = state.index
    return best


def _reaches(space: Space, line: Line, state: Line) -> bool:
    """Is `line` at least as far on as the worked `state` (and saying the same)?"""
    try:
        if (line.op is None) != (state.op is None):
            return False
        if line.op is None:
            same = equivalent_expressions(line.lhs, state.lhs)
            if not same:
                return False
            if space.task in ("expand", "factorise", "simplify", "complete"):
                goal = "simplify" if space.task == "complete" else space.task
                return _form_distance(line, goal) <= _form_distance(state, goal)
            if not line.lhs.free_symbols:  # as typed: 20 - 12 has not reached 8
                typed, worked = _as_typed(line), _as_typed(state)
                return bool(sp.count_ops(typed) <= sp.count_ops(worked))
            return bool(sp.count_ops(line.lhs) <= sp.count_ops(state.lhs) + 1)
        # The same equation scaled is the same line, whatever the solution sets compare as
        # (periodic solutions come back as image sets that never compare equal).
        if _proportional(state, line):
            relation = SetRelation.SAME
        else:
            relation = compare_lines(state, line).relation
        if relation is not SetRelation.SAME:
            return False
        letters = line.symbols | state.symbols
        if not letters:  # true arithmetic: 84/7 = 12 has not reached 2 × 12 + 2 × 7 = 38
            mine, theirs = _value_of(line), _value_of(state)
            return mine is not None and theirs is not None and _equal(mine, theirs, None)
        var = space.problem.data.get("var")
        if len(letters) == 1 or var in letters:  # v - u = at has not made t the subject
            x = var if var in letters else next(iter(letters))
            return isolation_distance(line, x)[:2] <= isolation_distance(state, x)[:2]
        return line.size() <= state.size()
    except _FAILURES:
        return False


def _diagnose_invalid(ctx: _Context, line: Line, text: str) -> tuple[str | None, str]:
    """(misconception or label, explanation) for a line that is false on the question."""
    space = ctx.space
    value = read_value(text, degrees=space.degrees)
    if value is not None:
        try:
            found = diagnose(space.expected, value, space.typed)
        except _FAILURES:
            found = None
        if found is not None:
            return found.id, found.explanation
    # The step checker explains a change from one line to the next: from the student's own
    # line before, else from the question (or the worked lines after it) when this is a line of
    # working. A final answer with no working before it is not guessed at: which step slipped
    # cannot be told.
    befores = [ctx.previous] if ctx.previous is not None else []
    if _solved_values(line, space.letters) is None:
        befores += [*space.questions, *_state_lines(space)]
    for before in befores:
        if (before.op is None) != (line.op is None):
            continue
        try:
            label = diagnose_step(before, line, compare_lines(before, line))
        except _FAILURES:
            continue
        if label not in ("not-equivalent", "kind-changed"):
            return label, LABELS[label]
    return None, LABELS["not-equivalent"]


def _state_lines(space: Space) -> list[Line]:
    return [s.line for s in space.path if s.line is not None]


def _equation_statement(ctx: _Context, line: Line, text: str) -> LineVerdict:
    space = ctx.space
    line = _substituted(line, ctx.definitions)
    letters = set(space.letters)
    if not line.symbols <= letters:
        return _asked_quantity(ctx, line, text)
    if space.points is not None:
        tolerance = max(space.tolerance or 0.0, _typed_tolerance(line))
        truths = [_truth(line, p, tolerance) for p in space.points]
        if truths and None not in truths:
            return _against_points(ctx, line, text, [bool(t) for t in truths])
    return _against_questions(ctx, line, text)


def _against_points(ctx: _Context, line: Line, text: str, truths: list[bool]) -> LineVerdict:
    space = ctx.space
    points = space.points or ()
    named = _solved_values(line, space.letters)
    if all(truths):
        position = _position(space, line)
        final = named is not None and _covers(named, points, space.tolerance)
        if named is not None and not final and len(named) > len(points):
            final = False
        progress = _progress(ctx, line, position)
        explanation = (
            "That's the answer."
            if final
            else "That line is correct."
            if progress is not False
            else "That's true, but it doesn't get you closer yet."
        )
        return LineVerdict("valid", explanation, progress, position, final, text=text)
    if named is not None:
        right = [p for p in named if any(_same_point(p, q, space.tolerance) for q in points)]
        if right and len(right) == len(named):
            missing = len(points) - len(right)
            verdict = LineVerdict(
                "partial",
                _partial_words(len(right), missing),
                None,
                None,
                False,
                missing=missing,
                found=len(right),
                text=text,
            )
            mistake, _ = _diagnose_invalid(ctx, line, text)
            if mistake in CATALOGUE:
                verdict = replace(verdict, misconception=mistake)
            return verdict
    if any(truths):
        if space.family == "trig.equation":  # 2x = 60: the principal value, more to come
            return LineVerdict(
                "valid",
                "That's right for one solution. Remember to find every angle in the range.",
                None,
                _position(space, line),
                text=text,
            )
        return LineVerdict(
            "invalid", LABELS["lost-root"], False, misconception="lost-root", text=text
        )
    return _invalid(ctx, line, text)


def _covers(
    named: list[dict[sp.Symbol, sp.Expr]],
    points: Sequence[dict[sp.Symbol, sp.Expr]],
    tolerance: float | None,
) -> bool:
    if not named or not points:
        return False
    every = all(any(_same_point(q, p, tolerance) for p in named) for q in points)
    only = all(any(_same_point(p, q, tolerance) for q in points) for p in named)
    return every and only


def _partial_words(found: int, missing: int) -> str:
    ones = "That is one of the solutions" if found == 1 else f"Those are {found} of the solutions"
    more = "one more" if missing == 1 else f"{missing} more"
    return f"{ones}, but there is {more} to find. Check the whole range the question asks about."


def _invalid(ctx: _Context, line: Line, text: str) -> LineVerdict:
    if ctx.previous is not None and not ctx.previous_valid:
        try:
            follows = compare_lines(ctx.previous, line).relation is SetRelation.SAME
        except _FAILURES:
            follows = False
        if follows:
            return LineVerdict(
                "invalid",
                "That step follows from your line before, but that line had a mistake in it. "
                "Go back to it first.",
                False,
                misconception="follows-from-error",
                text=text,
            )
    mistake, words = _diagnose_invalid(ctx, line, text)
    return LineVerdict("invalid", words, False, misconception=mistake, text=text)


def _against_questions(ctx: _Context, line: Line, text: str) -> LineVerdict:
    """No finite list of solutions (an inequality, a formula to rearrange): compare the line
    with the question's own statement (or statements: an inverse function has two routes)."""
    space = ctx.space
    relations: list[tuple[Line, SetRelation]] = []
    for question in space.questions:
        if question.kind == "inequality" and line.op == "=" and _critical_values(question, line):
            return LineVerdict(
                "valid",
                "That line is correct: those are the critical values.",
                True,
                _position(space, line),
                text=text,
            )
        try:
            relation = compare_lines(question, line).relation
        except _FAILURES:
            continue
        if relation is SetRelation.UNKNOWN and _proportional(question, line):
            relation = SetRelation.SAME  # a formula moved about: A = πr² and r² = A/π
        if relation is SetRelation.SAME:
            position = _position(space, line)
            progress = _progress(ctx, line, position)
            return LineVerdict(
                "valid",
                "That line is correct.",
                progress,
                position,
                _is_final(space, line),
                text=text,
            )
        relations.append((question, relation))
    # Equivalent to none of them: the first question's relation says what went wrong.
    for question, relation in relations[:1]:
        if relation in (SetRelation.SUBSET, SetRelation.SUPERSET, SetRelation.DIFFERENT):
            if relation is SetRelation.SUPERSET and line.op == "=" and question.op == "=":
                return LineVerdict(
                    "valid",
                    "That's true, but check for solutions that don't work in the question.",
                    None,
                    _position(space, line),
                    text=text,
                )
            return _invalid(ctx, line, text)
    return _undecided(text)


def _as_typed(line: Line) -> sp.Expr:
    return line.raw_lhs if line.raw_lhs is not None else line.lhs


def _proportional(a: Line, b: Line) -> bool:
    """Is one equation the other times a non-zero number (every term moved or scaled)?"""
    if a.op != "=" or b.op != "=":
        return False
    try:
        ratio = sp.cancel((a.lhs - a.rhs) / (b.lhs - b.rhs))
    except _FAILURES:
        return False
    return bool(ratio.is_number and ratio.is_finite and ratio != 0)


def _critical_values(question: Line, line: Line) -> bool:
    """`(x - 4)(x + 3) = 0` for `x^2 - x - 12 > 0`: the equation whose roots bound the
    inequality's solution (the related equation every method of solving it starts from)."""
    letters = question.symbols | line.symbols
    if len(letters) != 1:
        return False
    x = next(iter(letters))
    boundary = solution_set(question.with_op("="), x)
    roots = solution_set(line, x)
    return boundary is not None and roots is not None and boundary == roots and bool(roots)


def _is_final(space: Space, line: Line) -> bool:
    value = read_value(space.expected, degrees=space.degrees)
    if value is None:
        return False
    try:
        from mathpath.maths.steps.reading import line_from_value

        expected = line_from_value(value)
        if compare_lines(expected, line).relation is not SetRelation.SAME:
            return False
        var = space.problem.data.get("var")
        if var in line.symbols and line.op == "=":  # the subject alone on one side
            return var in (line.lhs, line.rhs) and line.size() <= expected.size() + 2
        return line.size() <= expected.size() + 2
    except Exception:  # an odd answer shape: never call the line final
        return False


def _progress(ctx: _Context, line: Line, position: int) -> bool | None:
    before = ctx.previous if ctx.previous is not None and ctx.previous_valid else None
    if before is None:
        if position >= 0:
            return True
        before = ctx.space.questions[0] if ctx.space.questions else None
    if before is None:
        return None
    letters = line.symbols | before.symbols
    try:
        if line.op is not None and before.op is not None and len(letters) == 1:
            x = next(iter(letters))
            return isolation_distance(line, x) < isolation_distance(before, x)
        return line.size() < before.size()
    except _FAILURES:
        return None


def _asked_quantity(ctx: _Context, line: Line, text: str) -> LineVerdict:
    """A line with a letter the problem does not have: `x = 180 - 30` for an angle, `c = 60`
    for the cost asked. One new letter alone on one side names the quantity asked for."""
    space = ctx.space
    wanted = space.find_value if space.find is not None else space.target
    new = line.symbols - set(space.letters)
    if len(new) != 1 or line.op != "=" or line.parts:
        return _undecided(text)
    (letter,) = tuple(new)
    try:
        solved = sp.solve(sp.Eq(line.lhs, line.rhs), letter)
    except _FAILURES:
        return _undecided(text)
    if len(solved) != 1 or solved[0].free_symbols:
        return _undecided(text)
    value = solved[0]
    if wanted is not None and _equal(value, wanted, space.tolerance):
        final = line.lhs == letter and not line.rhs.free_symbols and line.rhs.is_Number
        return LineVerdict(
            "valid",
            "That's the answer." if final else "That line is correct.",
            True,
            _last(space),
            final,
            text=text,
        )
    if any(
        s.line is not None
        and _value_of(s.line) is not None
        and _equal(value, _value_of(s.line), space.tolerance)
        for s in space.path
    ):
        return LineVerdict("valid", "That line is correct.", True, None, text=text)
    if wanted is not None and line.lhs == letter:
        words = _diagnose_value(space, value)
        return LineVerdict("invalid", words[1], False, misconception=words[0], text=text)
    return _undecided(text)


def _last(space: Space) -> int:
    """The position of a line that has reached the end of the worked solution."""
    return space.path[-1].index if space.path else -1


def _value_of(line: Line) -> sp.Expr | None:
    """The number a worked line arrives at: `4202.5`, `x = 150`, `4000 × 1.025² = 4202.5`."""
    if line.op is None and not line.lhs.free_symbols:
        return line.lhs
    if line.op == "=" and isinstance(line.lhs, sp.Symbol) and not line.rhs.free_symbols:
        return line.rhs
    if line.op == "=" and not line.parts and not (line.lhs.free_symbols | line.rhs.free_symbols):
        return line.rhs
    return None


def _equal(a: sp.Expr, b: sp.Expr, tolerance: float | None) -> bool:
    try:
        return bool(abs(sp.N(a - b, 30)) <= max(_EPS, tolerance or 0.0))
    except _FAILURES:
        return False


def _diagnose_value(space: Space, value: sp.Expr) -> tuple[str | None, str]:
    try:
        found = diagnose(space.expected, value, space.typed)
    except _FAILURES:
        found = None
    if found is not None:
        return found.id, found.explanation
    return None, "That value isn't right. Check each calculation in your working."


def _expression_statement(ctx: _Context, line: Line, text: str) -> LineVerdict:
    """An expression task (expand, differentiate, evaluate...): the line is an expression,
    `y = ...`, or a number."""
    space = ctx.space
    expr = line.lhs if line.op is None else None
    if expr is None and line.op == "=" and not line.parts:
        for side, other in ((line.lhs, line.rhs), (line.rhs, line.lhs)):
            if isinstance(side, sp.Symbol) and side not in set(space.letters):
                expr = other
                break
        if expr is None and not line.symbols:
            return _numeric_claim(ctx, line, text)  # 27^(1/3) = 3, 2/5 = 6/15
        if expr is None and space.task == "rearrange":
            return _against_questions(ctx, line, text)
    if expr is None:
        if line.symbols - set(space.letters):
            return _asked_quantity(ctx, line, text)
        return _undecided(text)
    expr = expr.xreplace(ctx.definitions)
    worked_letters = set().union(*(s.line.symbols for s in space.path if s.line is not None))
    if (
        line.op == "=" and not expr.free_symbols and space.task != "evaluate"
        and (space.target is None or space.target.free_symbols)
        and (line.symbols - set(space.letters)) & worked_letters
    ):  # fmt: skip
        # `m = 2` when the worked solution finds a gradient m = 1 on the way to a formula in
        # x: a value for that quantity, or for another the student calls m; we cannot tell.
        return _undecided(text)
    target, start = space.target, space.start
    if start is not None and _restated(line, start, space) and not _expression_final(space, text):
        return LineVerdict(
            "valid",
            _RESTATED.get(space.task or "", _RESTATED[""]),
            False,
            _position(space, line),
            text=text,
        )
    if target is not None and _same(expr, target, space):
        position = _position(space, line)
        return LineVerdict(
            "valid",
            "That line is correct.",
            _expr_progress(ctx, line),
            position,
            _expression_final(space, text),
            text=text,
        )
    if space.task == "integrate" and target is not None and _constant_apart(expr, target):
        return LineVerdict(
            "valid",
            "That's right apart from the constant of integration.",
            True,
            None,
            False,
            text=text,
        )
    if start is not None and _same(expr, start, space):
        words = {
            "differentiate": "That's the function you started with. Now differentiate it.",
            "integrate": "That's the function you started with. Now integrate it.",
        }.get(space.task or "", "That's equal to the expression you started with.")
        progress = (
            None if space.task in ("differentiate", "integrate") else _expr_progress(ctx, line)
        )
        # The start rewritten as a worked line does (2x^(-3) for 2/x^3): that line's place.
        position = _position(space, line)
        return LineVerdict("valid", words, progress if progress else False, position, text=text)
    if not expr.free_symbols and space.task == "evaluate":
        for state in space.path:
            value = _value_of(state.line) if state.line is not None else None
            if value is not None and _equal(expr, value, space.tolerance):
                return LineVerdict("valid", "That line is correct.", True, state.index, text=text)
        mistake, words = _diagnose_value(space, expr)
        if mistake is not None or _CLAIMED_VALUE.fullmatch(text):
            # A diagnosed mistake, or a value claimed as the answer (x = 160): wrong. A bare
            # calculation that fits nowhere may be a step we cannot place: undecided.
            return LineVerdict("invalid", words, False, misconception=mistake, text=text)
        return _undecided(text)
    return _invalid(ctx, line, text)


_RESTATED = {
    "differentiate": "That's the function you started with. Now differentiate it.",
    "integrate": "That's the function you started with. Now integrate it.",
    "expand": "That's the expression you started with. Now multiply out the brackets.",
    "factorise": "That's the expression you started with. Now look for a common factor.",
    "": "That's equal to the expression you started with, but it isn't simpler yet.",
}


def _restated(line: Line, start: sp.Expr, space: Space) -> bool:
    """The line is the question's expression again (3(x + 4) for "expand 3(x + 4)")."""
    if not _same(line.lhs, start, space):
        return False
    goal = {"complete": "simplify", "evaluate": "simplify"}.get(space.task or "", space.task)
    if goal not in ("expand", "factorise", "simplify"):
        return False
    start_line = Line("expression", start, sp.Integer(0), None)
    return _form_distance(line, goal) >= _form_distance(start_line, goal)


def _numeric_claim(ctx: _Context, line: Line, text: str) -> LineVerdict:
    """`12 × 0.7 = 8.4`: an arithmetic statement, right or wrong on its own."""
    try:
        true = abs(sp.N(line.lhs - line.rhs, 30)) <= _EPS
    except _FAILURES:
        return _undecided(text)
    if true:
        position = next(
            (
                s.index
                for s in reversed(ctx.space.path)
                if s.line is not None
                and _value_of(s.line) is not None
                and _equal(line.rhs, _value_of(s.line), None)
            ),
            None,
        )
        return LineVerdict("valid", "That calculation is correct.", True, position, text=text)
    return LineVerdict(
        "invalid", LABELS["arithmetic-error"], False, misconception="arithmetic-error", text=text
    )


def _same(expr: sp.Expr, other: sp.Expr, space: Space) -> bool:
    if space.tolerance is not None and not (expr.free_symbols or other.free_symbols):
        return _equal(expr, other, space.tolerance)
    result = equivalent_expressions(expr, other)
    return bool(result)


def _constant_apart(expr: sp.Expr, target: sp.Expr) -> bool:
    difference = sp.simplify(expr - target)
    return not difference.free_symbols - {sp.Symbol("C"), sp.Symbol("c"), sp.Symbol("k")}


def _expr_progress(ctx: _Context, line: Line) -> bool | None:
    space = ctx.space
    before = ctx.previous if ctx.previous is not None and ctx.previous_valid else None
    if before is None or before.op is not None:
        return True
    goal = {"complete": "simplify"}.get(space.task or "", space.task or "simplify")
    if goal in ("expand", "factorise", "simplify"):
        return _form_distance(line, goal) < _form_distance(before, goal)
    return None


def _expression_final(space: Space, text: str) -> bool:
    """Would the answer checker accept this line as the answer (in the form asked for)?"""
    from mathpath.maths.checking import Options, check_local

    options = Options(**{k: v for k, v in space.check.items() if k in _OPTION_NAMES})
    try:
        return check_local(space.expected, text, replace(options, diagnose=False)).correct
    except Exception:  # the answer checker refusing a line means it is not the final answer
        return False


_OPTION_NAMES = ("kind", "form", "tolerance", "dp", "sf", "units", "degrees")


def _derivative_statement(ctx: _Context, st: Statement) -> LineVerdict:
    space = ctx.space
    assert st.name is not None and st.wrt is not None and st.expr is not None
    substitution = space.problem.data.get("u")
    if st.name in ctx.definitions:
        truth = sp.diff(ctx.definitions[st.name], st.wrt, st.order)
    elif st.name == sp.Symbol("u") and isinstance(substitution, sp.Expr):
        truth = sp.diff(substitution, st.wrt, st.order)
    elif space.start is not None or "expr" in space.problem.data:
        function = space.start if space.start is not None else space.problem.data.get("expr")
        if function is None:
            return _undecided(st.text)
        truth = sp.diff(function, st.wrt, st.order)
    else:
        return _undecided(st.text)
    claimed = st.expr.xreplace(ctx.definitions)
    if equivalent_expressions(claimed, truth):
        final = space.task == "differentiate" and _expression_final(space, str(st.expr))
        return LineVerdict("valid", "That derivative is correct.", True, None, final, text=st.text)
    mistake, words = (
        _diagnose_value(space, claimed) if space.task == "differentiate" else (None, "")
    )
    if mistake is None:
        order = "" if st.order == 1 else f"^{st.order}"
        words = (
            f"That isn't $\\frac{{d{order}{st.name}}}{{d{st.wrt}{order}}}$. "
            f"Differentiate {st.name} again, term by term."
        )
    return LineVerdict("invalid", words, False, misconception=mistake, text=st.text)


def _judge(ctx: _Context, st: Statement) -> LineVerdict:
    space = ctx.space
    if st.kind == "derivative":
        return _worked_line(ctx, st) or _derivative_statement(ctx, st)
    if st.kind == "definition":
        assert st.name is not None and st.expr is not None
        ctx.definitions[st.name] = st.expr
        # y = 6x^(1/2) may also be a worked line (the function rewritten): its place, if so.
        shapes = [
            Line("equation", st.name, st.expr, "="),
            Line("expression", st.expr, sp.Integer(0), None),
        ]
        reached = max((_position(space, s) for s in shapes if s is not None), default=-1)
        return LineVerdict(
            "valid", f"OK: {st.name} stands for that.", None, reached if reached >= 0 else None,
            text=st.text,
        )  # fmt: skip
    assert st.line is not None
    on_path = _worked_line(ctx, st)
    if on_path is not None:
        return on_path
    worked = _worked_intermediate(ctx, st.line, st.text)
    if worked is not None:
        return worked
    if space.is_equations:
        if st.line.op is None:
            return _expression_in_equations(ctx, st.line, st.text)
        return _equation_statement(ctx, st.line, st.text)
    return _expression_statement(ctx, st.line, st.text)


def _worked_line(ctx: _Context, st: Statement) -> LineVerdict | None:
    """A line of the worked solution, as written there or (an equation) scaled or turned
    round: a state on the worked path, so correct, whatever the notation (`f'(x) = ...`,
    `d2y/dx2 = 6x`) or the checks below would make of it."""
    space, line = ctx.space, st.line
    typed = _normal_text(st.text)
    as_written = [s.index for s in space.path if s.text and _normal_text(s.text) == typed]
    if as_written:
        position = as_written[-1]
    elif line is not None and line.op == "=" and not line.parts and any(
        s.line is not None and s.line.op == "=" and not s.line.parts
        and _proportional(s.line, line)
        for s in space.path
    ):  # fmt: skip
        # The same equation as worked lines in several forms (x² - 5x + 6 = 0, then
        # (x - 2)(x - 3) = 0): the furthest one this line's form has reached.
        position = _position(space, line)
    else:
        return None
    final = _expression_final(space, st.text)
    words = "That's the answer." if final else "That line is correct."
    return LineVerdict("valid", words, True, position, final, text=st.text)


def _normal_text(text: str) -> str:
    return re.sub(r"[\s*×·]", "", text.strip().rstrip(".").lower()).replace("−", "-")


def _worked_intermediate(ctx: _Context, line: Line, text: str) -> LineVerdict | None:
    """A line about a quantity the problem does not name (the gradient `m = 1`, a coefficient
    `c = -6`) that says what a worked line says: correct."""
    space = ctx.space
    new = line.symbols - set(space.letters) - set(ctx.definitions)
    if not new or line.op != "=":
        return None
    for state in space.path:
        if state.line is None or not state.line.symbols & new:
            continue
        try:
            same = compare_lines(state.line, line).relation is SetRelation.SAME
        except _FAILURES:
            continue
        if same:
            return LineVerdict("valid", "That line is correct.", True, state.index, text=text)
    return None


def _expression_in_equations(ctx: _Context, line: Line, text: str) -> LineVerdict:
    """A bare expression in an equation problem: the asked value (`10` for the length)."""
    space = ctx.space
    expr = line.lhs
    if expr.free_symbols:
        return _undecided(text)
    wanted = space.find_value
    if wanted is None and len(space.letters) == 1 and space.points and len(space.points) == 1:
        wanted = space.points[0][space.letters[0]]
    if wanted is not None and _equal(expr, wanted, space.tolerance):
        final = expr.is_Number
        return LineVerdict(
            "valid",
            "That's the answer." if final else "That line is correct.",
            True,
            _last(space),
            final,
            text=text,
        )
    if wanted is not None:
        mistake, words = _diagnose_value(space, expr)
        if mistake is not None:
            return LineVerdict("invalid", words, False, misconception=mistake, text=text)
    return _undecided(text)


def _read(space: Space, text: str) -> list[Statement]:
    """The line's statements; in a problem in degrees, sin x means sin of x degrees, as the
    question's equations and the worked lines are read (sin(x) = -1/2 at x = 210)."""
    statements = read_statements(text)
    if not space.degrees:
        return statements
    return [
        replace(st, line=_line_in_degrees(st.line)) if st.line is not None else st
        for st in statements
    ]


def _line_in_degrees(line: Line) -> Line:
    def raw(e: sp.Expr | None) -> sp.Expr | None:
        return None if e is None else in_degrees(e)

    return replace(
        line,
        lhs=in_degrees(line.lhs),
        rhs=in_degrees(line.rhs),
        raw_lhs=raw(line.raw_lhs),
        raw_rhs=raw(line.raw_rhs),
    )


def trace_line(space: Space, text: str, previous: Sequence[str] = ()) -> LineVerdict:
    """The verdict on `text` as the next line of working after `previous` (the student's
    earlier lines, oldest first)."""
    known = frozenset(space.letters)
    definitions: dict[sp.Symbol, sp.Expr] = {}
    prev_line: Line | None = None
    prev_valid = True
    for earlier in previous[-6:]:
        try:
            statements = _read(space, earlier)
        except (Unreadable, TooComplex):
            continue
        for st in statements:
            st = as_definition(st, known | frozenset(definitions))
            if st.kind == "definition" and st.name is not None and st.expr is not None:
                definitions[st.name] = st.expr
            elif st.kind == "line" and st.line is not None:
                prev_line = st.line
    if prev_line is not None and previous:
        # Was the line before right? A step that follows from a wrong line is a different
        # mistake from a wrong step.
        prev_valid = trace_line(space, previous[-1], previous[:-1][-2:]).status != "invalid"
    try:
        statements = _read(space, text)
    except Unreadable as exc:
        return LineVerdict("undecided", exc.message, text=text)
    except TooComplex:
        return _undecided(text, "That line is too complex to check.")
    ctx = _Context(space, definitions, prev_line, prev_valid)
    verdicts: list[LineVerdict] = []
    for st in statements:
        st = as_definition(st, known | frozenset(definitions))
        try:
            verdict = _judge(ctx, st)
        except _FAILURES:
            verdict = _undecided(st.text)
        verdicts.append(verdict)
        if st.kind == "line" and st.line is not None:
            ctx.previous, ctx.previous_valid = st.line, verdict.status == "valid"
    return _combined(verdicts, text)


def _combined(verdicts: list[LineVerdict], text: str) -> LineVerdict:
    """One verdict for the whole line: its first mistake, else its last statement's verdict."""
    for verdict in verdicts:
        if verdict.status in ("invalid", "partial"):
            return replace(verdict, text=text)
    decided = [v for v in verdicts if v.status == "valid"]
    if not decided:
        return replace(verdicts[-1], text=text)
    last = decided[-1]
    position = max((v.position for v in decided if v.position is not None), default=None)
    return replace(last, position=position, text=text)
