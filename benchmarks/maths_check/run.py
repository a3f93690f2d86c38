"""Benchmark the answer checker: Math-Verify equivalence pairs, MaE misconceptions, speed.

Usage: python benchmarks/maths_check/run.py [--data DIR] [--inline] [--cpu] [--profile FILE]
[--show]

DIR defaults to ../shared/data relative to the repository root. Every check goes through the
public guarded `check` (in-process fast path, worker process with a 2 s limit for unbounded
work); --always-isolate sends every check to a worker, --inline runs the marking in this
process with no limit at all, to measure what the guard costs.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mathpath.maths import guard
from mathpath.maths.checking import (
    Options,
    Verdict,
    check,
    check_local,
    set_always_isolate,
    warm_up,
)
from mathpath.maths.parsing import ParseError, TooComplex, parse
from mathpath.maths.parsing.extract import extract_answer
from mathpath.maths.values import TextValue

REPO = Path(__file__).resolve().parents[2]
Checker = Callable[[str, str], Verdict]


def mathverify(data: Path, checker: Checker, show: bool) -> dict[str, Any]:
    rows = [json.loads(line) for line in (data / "mathverify_answer_equivalence.jsonl").open()]
    rows = [r for r in rows if r["category"] == "short_answer"]
    agree = {"clean": 0, "caveat": 0}
    total = {"clean": 0, "caveat": 0}
    disagreements = []
    for row in rows:
        group = "caveat" if row["caveat"] else "clean"
        verdict = checker(extract_answer(row["gold"]), extract_answer(row["pred"]))
        ours = verdict.status == "correct"
        total[group] += 1
        if ours == row["equivalent"]:
            agree[group] += 1
        else:
            disagreements.append((row["id"], group, row["equivalent"], verdict, row))
    if show:
        for rid, group, label, verdict, row in disagreements:
            print(
                f"  {rid} [{group}] label={label} ours={verdict.status}/{verdict.reason}: "
                f"{extract_answer(row['gold'])!r} vs {extract_answer(row['pred'])!r}"
            )
    return {"agree": agree, "total": total, "disagreements": [d[0] for d in disagreements]}


def final_line(text: str) -> str:
    """MaE answers are often working: the last non-empty line holds the final answer."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _readable(text: str) -> bool:
    try:
        return not isinstance(parse(text), TextValue)
    except (ParseError, TooComplex):
        return False


def mae(data: Path, checker: Checker, show: bool) -> dict[str, Any]:
    records = json.loads((data / "mae_misconceptions.json").read_text())
    counts = {"records": len(records), "correct_readable": 0, "accepted": 0,
              "incorrect_readable": 0, "rejected": 0}  # fmt: skip
    misses = []
    for rec in records:
        correct = final_line(rec["Correct Answer"])
        wrong = final_line(rec["Incorrect Answer"])
        if not _readable(correct):
            continue
        counts["correct_readable"] += 1
        if checker(correct, correct).status == "correct":
            counts["accepted"] += 1
        else:
            misses.append(("not accepted", rec["Misconception ID"], correct, correct))
        if not _readable(wrong):
            continue
        counts["incorrect_readable"] += 1
        verdict = checker(correct, wrong)
        if verdict.status != "correct":
            counts["rejected"] += 1
        else:
            misses.append(("not rejected", rec["Misconception ID"], correct, wrong))
    if show:
        for what, mid, expected, answer in misses:
            print(f"  {what} {mid}: expected {expected!r}, answer {answer!r}")
    return counts


def _round_trip_ms() -> dict[str, float]:
    """The bare cost of handing work to a worker and getting the answer back."""
    pool = guard.pool()
    times = []
    for _ in range(300):
        start = time.perf_counter()
        pool.call(1.0, abs, -1)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median": round(statistics.median(times), 3), "p99": round(times[296], 3)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--inline", action="store_true", help="no worker process, no limit")
    parser.add_argument(
        "--always-isolate", action="store_true", help="every check in a worker process"
    )
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="in-process (like --inline) and time each check in CPU seconds of this process "
        "(time.process_time), which a loaded machine does not inflate",
    )
    parser.add_argument("--profile", type=Path, help="write a cProfile dump of the checks here")
    parser.add_argument("--show", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--no-diagnose", action="store_true", help="skip misconception diagnosis of wrong answers"
    )
    args = parser.parse_args()
    args.inline = args.inline or args.cpu

    timings: list[float] = []
    statuses: list[str] = []
    slowest: list[tuple[float, str, str, str]] = []

    def checker(expected: str, answer: str) -> Verdict:
        cpu = time.process_time()
        if args.inline:
            verdict = check_local(expected, answer, Options(diagnose=not args.no_diagnose))
        else:
            verdict = check(expected, answer, diagnose=not args.no_diagnose)
        timings.append((time.process_time() - cpu) * 1000 if args.cpu else verdict.ms)
        statuses.append(verdict.reason)
        slowest.append((timings[-1], expected[:40], answer[:40], verdict.reason))
        return verdict

    set_always_isolate(args.always_isolate)
    start = time.perf_counter()
    if not args.inline:
        warm_up()  # worker processes and this process's caches, as a service does at start
    else:
        for expected, answer in guard.WARM_UP:  # this process's caches only
            check_local(expected, answer, Options(diagnose=not args.no_diagnose))
    startup = time.perf_counter() - start
    round_trip = _round_trip_ms() if not args.inline else None
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()
    mv = mathverify(args.data, checker, args.show)
    me = mae(args.data, checker, args.show)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    guard.shutdown()
    if args.show:
        for ms, expected, answer, reason in sorted(slowest, reverse=True)[:10]:
            print(f"  slow {ms:8.1f} ms  {expected!r} vs {answer!r} ({reason})")
    ordered = sorted(timings)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    report = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "clock": "cpu (process_time)" if args.cpu else "wall (perf_counter)",
        "mode": "inline" if args.inline else "always worker" if args.always_isolate else "hybrid",
        "diagnose": not args.no_diagnose,
        "pool_startup_s": round(startup, 2),
        "worker_round_trip_ms": round_trip,
        "mathverify": mv,
        "mae": me,
        "checks": len(timings),
        "median_ms": round(statistics.median(ordered), 3),
        "p99_ms": round(p99, 3),
        "max_ms": round(ordered[-1], 3),
        "timeouts": statuses.count("timeout"),
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
