"""Is a valid step progress? A step is progress when it moves the working closer to the goal.

Goals:
- a letter (`"x"`), or no goal on a one-letter equation/inequality: isolate that letter. The
  distance is (not yet `x = ...`, occurrences of x, other side untidy, size of the sides holding
  x, size of the line), compared in order, so gathering the x terms counts even if the line
  grows, and moving terms away from x counts even if the other side grows.
- `"expand"`, `"factorise"`/`"factorize"`, `"simplify"`: move towards that form.
- any other line: reach that line (size of the difference from the target).
"""

from __future__ import annotations

import sympy as sp

from mathpath.maths.steps.lines import Line, tree_size

FORM_GOALS = frozenset({"expand", "factorise", "factorize", "simplify"})


def _ops(expr: sp.Expr) -> int:
    return tree_size(expr)


def _occurrences(expr: sp.Expr, x: sp.Symbol) -> int:
    return sum(1 for node in sp.preorder_traversal(expr) if node == x)


def isolation_distance(line: Line, x: sp.Symbol) -> tuple[int, ...]:
    if line.parts:
        each = [isolation_distance(p, x) for p in line.parts]
        return (max(d[0] for d in each), *(sum(d[i] for d in each) for i in range(1, 5)))
    lhs, rhs = line.typed_lhs, line.typed_rhs
    solved = (lhs == x and x not in rhs.free_symbols) or (rhs == x and x not in lhs.free_symbols)
    # Once x stands alone, the line is finished only when the other side is a tidy number.
    other = rhs if lhs == x else lhs
    untidy = int(solved and _ops(other) > 1)
    # What still surrounds x: the size of the sides that contain it.
    around_x = sum(_ops(side) for side in (lhs, rhs) if x in side.free_symbols)
    return (
        0 if solved else 1,
        _occurrences(lhs, x) + _occurrences(rhs, x),
        untidy,
        around_x,
        line.size(),
    )


def _form_distance(line: Line, goal: str) -> int:
    expr = line.typed_lhs if line.op is None else line.difference
    if goal == "expand":
        # Brackets still to multiply out: products or powers with a sum inside.
        return sum(
            1
            for node in sp.preorder_traversal(expr)
            if isinstance(node, sp.Pow | sp.Mul) and any(isinstance(a, sp.Add) for a in node.args)
        )
    if goal in ("factorise", "factorize"):
        return len(sp.Add.make_args(expr))
    return _ops(expr)


def _gap(line: Line, target: Line) -> int:
    if line.op != target.op or line.op is None:
        return _ops(line.typed_lhs - target.typed_lhs) + 1
    return _ops(line.typed_lhs - target.typed_lhs) + _ops(line.typed_rhs - target.typed_rhs)


def is_progress(before: Line, after: Line, goal: str | None, goal_line: Line | None) -> bool | None:
    """Whether a valid step gets closer to the goal; None when no goal applies."""
    key = goal.strip().lower() if goal else None
    if key in FORM_GOALS:
        assert key is not None
        return _form_distance(after, key) < _form_distance(before, key)
    x: sp.Symbol | None = None
    if goal_line is not None:
        if goal_line.op is None and isinstance(goal_line.lhs, sp.Symbol):
            x = goal_line.lhs
        else:
            return _gap(after, goal_line) < _gap(before, goal_line)
    else:
        symbols = before.symbols | after.symbols
        if len(symbols) == 1:
            x = next(iter(symbols))
    if before.op is None and after.op is None:
        return _ops(after.typed_lhs) < _ops(before.typed_lhs)
    if x is None or before.op is None or after.op is None:
        return None
    return isolation_distance(after, x) < isolation_distance(before, x)
