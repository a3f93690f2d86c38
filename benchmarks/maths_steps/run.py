"""Benchmark the step checker on CogTutorBugs (McNichols, Zhang & Lan 2023, CC BY 4.0).

Usage: python benchmarks/maths_steps/run.py [DATA_DIR] [--limit N]

Ground truth for validity is computed independently of the checker: both lines are read by
SymPy's own parser (fine here, this is not product code) and the solution sets of one-letter
linear equations compared with `solve`. Steps that use more than one letter or do not read as
plain equations are counted separately.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import sympy as sp
from sympy.parsing.sympy_parser import (
    implicit_multiplication_application,
    parse_expr,
    rationalize,
    standard_transformations,
)

from mathpath.maths.steps import check_step

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO.parent / "shared" / "data"
_TRANSFORMS = (*standard_transformations, implicit_multiplication_application, rationalize)


def reference_valid(before: str, after: str) -> bool | None:
    """Independent truth: same solution set of a one-letter equation (None if not applicable)."""
    sides = []
    for text in (before, after):
        if text.count("=") != 1:
            return None
        try:
            lhs, rhs = (parse_expr(s, transformations=_TRANSFORMS) for s in text.split("="))
        except Exception:
            return None
        sides.append(lhs - rhs)
    letters = sides[0].free_symbols | sides[1].free_symbols
    if len(letters) > 1:
        return None
    x = next(iter(letters)) if letters else sp.Symbol("x")
    sets = [sp.solveset(f, x, sp.S.Reals) for f in sides]
    return bool(sets[0] == sets[1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data", nargs="?", default=str(DEFAULT_DATA))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--timing-only", action="store_true", help="skip the reference check")
    args = ap.parse_args()
    records = json.loads((Path(args.data) / "cogtutorbugs_steps.json").read_text())
    if args.limit:
        records = records[: args.limit]
    timings: list[float] = []
    cpu_timings: list[float] = []
    check_step("2x + 3 = 7", "2x = 4")  # warm-up: imports and SymPy caches
    counts: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    valid_labels: Counter[tuple[str, str, str]] = Counter()
    missed: list[tuple[str, str, object]] = []
    false_invalid: list[tuple[str, str, object]] = []
    unchecked: list[tuple[str, str, object, object]] = []
    for rec in records:
        before, after = rec["eq1"], rec["eq2"]
        started, cpu_started = time.perf_counter(), time.process_time()
        result = check_step(before, after)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu_started) * 1000)
        if args.timing_only:
            continue
        truth = reference_valid(before, after)
        if truth is None:
            counts["reference: not applicable"] += 1
            counts[f"  checker said {result.valid}"] += 1
            unchecked.append((before, after, result.valid, result.diagnosis))
            continue
        counts[f"reference {'valid' if truth else 'invalid'}"] += 1
        if truth is False:
            if result.valid is False:
                counts["invalid -> called invalid"] += 1
                confusion[(str(result.diagnosis), rec["Label Name"])] += 1
            else:
                counts[f"invalid -> called {result.valid}"] += 1
                missed.append((before, after, result.diagnosis))
        else:
            counts[f"valid -> called {result.valid}"] += 1
            if result.valid is False:
                false_invalid.append((before, after, result.diagnosis))
            if result.valid:
                counts[f"valid -> progress {result.progress}"] += 1
            valid_labels[(rec["Label Name"], str(result.valid), str(result.progress))] += 1
    timings.sort()
    cpu_timings.sort()
    print(f"steps: {len(records)}")
    for key in sorted(counts):
        print(f"{key}: {counts[key]}")
    print(f"median ms: {statistics.median(timings):.2f}")
    print(f"p99 ms: {timings[int(len(timings) * 0.99) - 1]:.2f}")
    print(f"max ms: {timings[-1]:.2f}")
    print(f"CPU median ms: {statistics.median(cpu_timings):.2f}")
    print(f"CPU p99 ms: {cpu_timings[int(len(cpu_timings) * 0.99) - 1]:.2f}")
    print(f"CPU max ms: {cpu_timings[-1]:.2f}")
    print("steps the reference cannot judge (first 25):")
    for row in unchecked[:25]:
        print("  ", row)
    print("missed invalid (first 15):")
    for row in missed[:15]:
        print("  ", row)
    print("valid called invalid (first 15):")
    for row in false_invalid[:15]:
        print("  ", row)
    ours = sorted({d for d, _ in confusion})
    theirs = sorted({t for _, t in confusion})
    print("\nconfusion (rows: our diagnosis; columns: dataset label), invalid steps only")
    print("| ours \\ theirs | " + " | ".join(theirs) + " |")
    print("|---" * (len(theirs) + 1) + "|")
    for d in ours:
        cells = " | ".join(str(confusion.get((d, t), 0) or "") for t in theirs)
        print(f"| {d} | {cells} |")
    print("\nsteps that keep the solution set, by dataset label: (label, valid, progress): n")
    for key in sorted(valid_labels):
        print(f"  {key}: {valid_labels[key]}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
