"""Draft the `problem:` of content items that have none, and write it into items.yaml.

    .venv/bin/python tools/content/draft_problems.py [--modules 'gcse-*'] [--dry-run]

For each item (and each part of a multi-part item) without a `problem:`, candidate problems
are built from the stem's maths and verb (Solve, Expand, Factorise, Simplify, Differentiate,
the integral sign, Evaluate...) and from the worked solution's lines, and the first candidate
that the maths engine proves agrees with the item's answer is written (preferring one that
earns the item's misconception tags). Nothing unverified is written: items with no agreeing
candidate are listed for an author to write by hand (see content/README.md, "The engine
problem"). Templates are skipped (their problem needs placeholders: write it by hand).

A development aid, not part of the service.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from mathpath.learning.content.engine import latex_to_plain, rounding_tolerance
from mathpath.learning.content.schema import Answer
from mathpath.maths import guard
from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.solvers.text import plain
from mathpath.maths.tracing import problem_issues
from mathpath.maths.values import EquationValue, ExprValue, RelationValue

ROOT = Path(__file__).resolve().parents[2] / "content"
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)
_INTERVAL = re.compile(
    r"(-?\d+(?:\.\d+)?|-?\\?pi|-?\d*\\pi)\s*(?:\^\\circ|°)?\s*\\?(?:le|leq|<|leqslant)\s*"
    r"(?:\\theta|x|\\alpha)\s*\\?(?:le|leq|<|leqslant)\s*(-?\d+(?:\.\d+)?|\d*\\pi)"
)


def _plain(latex: str) -> str | None:
    """Parser-readable text for a LaTeX fragment (or None if it is not maths we read)."""
    try:
        value = parse(latex)
    except (ParseError, TooComplex, ValueError):
        return None
    rough = re.sub(r"\s+", " ", latex_to_plain(latex)).strip()
    try:
        if parse(rough) == value:
            return rough
    except (ParseError, TooComplex, ValueError):
        pass
    if isinstance(value, EquationValue):
        return f"{plain(value.lhs.raw)} = {plain(value.rhs.raw)}"
    if isinstance(value, ExprValue):
        return plain(value.raw)
    if isinstance(value, RelationValue):
        return plain(value.relation)
    return None


def _spans(stem: str) -> list[str]:
    out = []
    for a, b in _MATH.findall(stem):
        text = _plain((a or b).strip().rstrip(".,"))
        if text:
            out.append(text)
    return out


def _lhs_stripped(text: str) -> str:
    """`y = 5e^(2x)` or `f(x) = ...` -> the expression."""
    match = re.match(r"^\s*(?:[a-zA-Z]|[a-z]\(x\)|f\(x\)|g\(x\))\s*=\s*(.+)$", text)
    return match.group(1) if match else text


def _verbs(stem: str) -> set[str]:
    words = _MATH.sub(" ", stem).lower()
    found = set()
    for verb, pattern in {
        "solve": r"\bsolve|find the values? of|find all|roots|intersect",
        "expand": r"\bexpand|multiply out",
        "factorise": r"\bfactori[sz]e",
        "simplify": r"\bsimplif|in the form|simplest form|write .* as",
        "differentiate": r"\bdifferentiate|d\s*y\s*/\s*d\s*x|gradient function|derivative",
        "complete": r"complet\w* the square|\(x \+ p\)\^2|\(x\+p\)\^2|a\(x \+ p\)",
        "evaluate": r"\bevaluate|work out|calculate|find the value|find",
    }.items():
        if re.search(pattern, words):
            found.add(verb)
    if "\\int" in stem:
        found.add("integrate")
    if re.search(r"\(x \+ p\)\^2|\(x\+p\)\^2|a\(x \+ p\)\^2", stem):
        found.add("complete")
    return found


def _interval(stem: str) -> tuple[str, str] | None:
    match = _INTERVAL.search(stem.replace(" ", ""))
    if match is None:
        return None
    lo, hi = (m.replace("\\pi", "pi").replace("\\", "") for m in match.groups())
    return lo, hi


def candidates(raw: dict[str, Any]) -> Iterator[dict[str, Any]]:
    stem = raw.get("stem", "") + "\n" + raw.get("prompt", "")
    spans = _spans(stem)
    verbs = _verbs(stem)
    equations = [s for s in spans if "=" in s or "<" in s or ">" in s]
    expressions = [s for s in spans if s not in equations]
    if len(equations) >= 2:
        eqs = [e for e in equations if "=" in e][:2]
        for family in ("simultaneous.linear", "simultaneous.linear_quadratic", "equations"):
            yield {"family": family, "eqs": eqs}
    for e in equations:
        interval = _interval(stem)
        if interval:
            radians = "pi" in interval[1]
            spec: dict[str, Any] = {"family": "trig.equation", "eq": e, "lower": interval[0],
                                    "upper": interval[1]}  # fmt: skip
            if radians:
                spec["radians"] = True
            yield spec
        for family in (
            "linear.equation", "quadratic.factorise", "quadratic.formula", "linear.inequality",
            "exponential.equation", "logarithm.equation", "equations",
        ):  # fmt: skip
            yield {"family": family, "eq": e}
    pool = expressions + [_lhs_stripped(e) for e in equations]
    for expr in pool:
        if "integrate" in verbs:
            yield {"family": "integrate.indefinite", "expr": expr}
        if "differentiate" in verbs:
            yield {"family": "differentiate", "expr": expr}
        if "complete" in verbs:
            yield {"family": "quadratic.complete_square", "expr": expr}
        if "expand" in verbs:
            yield {"family": "expand", "expr": expr}
        if "factorise" in verbs:
            yield {"family": "factorise", "expr": expr}
        for family in ("indices.simplify", "surds.simplify", "fractions.simplify", "simplify",
                       "evaluate", "expand"):  # fmt: skip
            yield {"family": family, "expr": expr}
    for step in raw.get("solution", []):
        math = step.get("math")
        if not math:
            continue
        for piece in str(math).split(", "):
            try:
                value = parse(piece)
            except (ParseError, TooComplex, ValueError):
                continue
            if isinstance(value, EquationValue) and value.lhs.expr.free_symbols | (
                value.rhs.expr.free_symbols
            ):
                yield {"family": "equations", "eqs": [piece]}
            elif isinstance(value, ExprValue) and not value.expr.free_symbols:
                yield {"family": "evaluate", "expr": piece}


def draft(raw: dict[str, Any]) -> tuple[dict[str, Any] | None, list[str]]:
    """The best agreeing candidate and the tag issues it leaves (or None)."""
    answer = Answer.model_validate(raw["answer"])
    tags = list(raw.get("misconceptions", []))
    tolerance = rounding_tolerance(answer)
    best: tuple[int, dict[str, Any], list[str]] | None = None
    seen: set[str] = set()
    for spec in candidates(raw):
        key = json.dumps(spec, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        try:
            issues = guard.pool().call(
                8.0, problem_issues, spec, answer.value, tags, tolerance=tolerance
            )
        except (guard.GuardTimeout, guard.GuardBusy, guard.WorkerError):
            continue
        if any(i.startswith("problem does not") or "problem" in i.split(":")[0] for i in issues):
            continue
        if best is None or len(issues) < best[0]:
            best = (len(issues), spec, issues)
        if not issues:
            break
    if best is None:
        return None, []
    return best[1], best[2]


def flow(spec: dict[str, Any]) -> str:
    """`{family: x, eq: "..."}`: one line, strings quoted as JSON (valid YAML)."""
    parts = []
    for key, value in spec.items():
        if key == "family":
            parts.append(f"family: {value}")
        elif isinstance(value, bool):
            parts.append(f"{key}: {'true' if value else 'false'}")
        else:
            parts.append(f"{key}: {json.dumps(value)}")
    return "{" + ", ".join(parts) + "}"


def _insert(lines: list[str], start: int, indent: str, text: str) -> bool:
    """Put `problem:` after the `answer:` line of the block starting at `start`."""
    for i in range(start, len(lines)):
        if i > start and re.match(rf"^{indent[:-2]}- ", lines[i]):
            return False
        if lines[i].startswith(f"{indent}answer:"):
            lines.insert(i + 1, f"{indent}problem: {text}\n")
            return True
    return False


def run(modules: str, dry_run: bool) -> int:
    unsolved: list[str] = []
    written = 0
    for items_file in sorted(ROOT.glob("modules/*/items.yaml")):
        if not fnmatch.fnmatch(items_file.parent.name, modules):
            continue
        lines = items_file.read_text(encoding="utf-8").splitlines(keepends=True)
        raw_items = yaml.safe_load("".join(lines)) or []
        for raw in raw_items:
            if raw.get("template") or raw.get("generator"):
                continue
            targets = raw.get("parts") or [raw]
            for target in targets:
                if "problem" in target or "answer" not in target:
                    continue
                context = dict(target)
                context["stem"] = raw.get("stem", "")
                spec, tag_issues = draft(context)
                label = raw["id"] + (f" part {target['label']}" if "label" in target else "")
                if spec is None:
                    unsolved.append(label)
                    continue
                if tag_issues:
                    print(f"{label}: {flow(spec)} leaves {tag_issues}")
                if "label" in target:
                    label_line = rf"^\s*- label: ['\"]?{re.escape(str(target['label']))}['\"]?\s*$"
                    anchor = next(
                        i for i, line in enumerate(lines)
                        if re.match(label_line, line) and _after_id(lines, i, raw["id"])
                    )  # fmt: skip
                    indent = " " * (len(lines[anchor]) - len(lines[anchor].lstrip()) + 2)
                else:
                    anchor = next(
                        i for i, line in enumerate(lines) if line.rstrip() == f"- id: {raw['id']}"
                    )
                    indent = "  "
                if _insert(lines, anchor, indent, flow(spec)):
                    written += 1
        if not dry_run:
            items_file.write_text("".join(lines), encoding="utf-8")
    print(f"written: {written}; no agreeing candidate: {len(unsolved)}")
    for label in unsolved:
        print(f"  TODO {label}")
    return 0


def _after_id(lines: list[str], index: int, item_id: str) -> bool:
    for i in range(index, -1, -1):
        if lines[i].startswith("- id: "):
            return lines[i].rstrip() == f"- id: {item_id}"
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", default="*")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    return run(args.modules, args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
