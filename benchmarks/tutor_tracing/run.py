"""Model tracing on teacher-labelled lines (issue 12's measure).

Usage: python benchmarks/tutor_tracing/run.py [--labels evals/tracing/labelled_lines.yaml]
       [--json OUT]

Each labelled line of evals/tracing/labelled_lines.yaml is sent, as a student's first message
on its item, through the tutor's own judgement (`mathpath.tutor.core.verify`: answer marking,
then tracing against the item's solution space, in the maths workers), and the answer-like
lines also through learning's attempt marking (`practice.check_answer` with the item's
problem). Targets: correct working never called wrong; a misconception named on >= 90% of the
lines labelled with it, and never on a line labelled otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "evals" / "tracing" / "labelled_lines.yaml"


@dataclass
class Outcome:
    item: str
    label: str
    text: str
    tutor_status: str
    tutor_misconception: str | None
    learning_status: str | None = None
    learning_misconception: str | None = None
    ms: float = 0.0
    feedback: str = ""


@dataclass
class Tally:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(what)

    def rate(self) -> str:
        return (
            f"{self.hits}/{self.total} ({100 * self.hits / self.total:.1f}%)"
            if self.total
            else "n/a"
        )


CALLED_WRONG = ("incorrect", "invalid")
ACCEPTED = ("correct", "valid")


async def judge_all(labels: list[dict[str, Any]]) -> list[Outcome]:
    from mathpath.learning.content.schema import Answer
    from mathpath.learning.practice import check_answer
    from mathpath.maths.checking import warm_up
    from mathpath.maths.misconceptions import CATALOGUE
    from mathpath.tutor.core.items import load_pack_items
    from mathpath.tutor.core.verify import judge

    await asyncio.to_thread(warm_up)
    items = load_pack_items(ROOT / "content")
    limit = asyncio.Semaphore(2)
    out: list[Outcome] = []
    for entry in labels:
        item = items[entry["item"]]
        spec = Answer(
            kind=item.kind or "expression",
            value=item.answer,
            form=item.form or "any",
            dp=item.dp,
            sf=item.sf,
            tolerance=item.tolerance,
        )
        for label, text in entry["lines"]:
            started = time.perf_counter()
            verdict = await judge(item, text, [])
            ms = (time.perf_counter() - started) * 1000
            named = verdict.misconception if verdict.misconception in CATALOGUE else None
            outcome = Outcome(
                entry["item"], label, text, verdict.status, named, ms=ms, feedback=verdict.feedback
            )
            if label != "correct":
                marked = await check_answer(spec, text, limit, None, item.problem)
                outcome.learning_status = marked.status
                outcome.learning_misconception = marked.misconception
            out.append(outcome)
    return out


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    never_wrong, accepted, undecided = Tally(), Tally(), Tally()
    answers, partial, caught = Tally(), Tally(), Tally()
    named, named_learning = Tally(), Tally()
    false_named, false_learning = Tally(), Tally()
    for o in outcomes:
        where = f"{o.item}: {o.text!r} -> {o.tutor_status} {o.tutor_misconception or ''}".strip()
        if o.label == "correct":
            never_wrong.add(o.tutor_status not in CALLED_WRONG, where)
            accepted.add(o.tutor_status in ACCEPTED, where)
            undecided.add(o.tutor_status == "undecided", where)
        elif o.label == "answer":
            answers.add(o.tutor_status == "correct", where)
        elif o.label == "partial":
            partial.add(o.tutor_status == "partial", where)
        else:  # wrong, or a misconception: a tracer that never says "wrong" fails here
            caught.add(o.tutor_status in (*CALLED_WRONG, "partial"), where)
        if o.label.startswith("misconception:"):
            wanted = o.label.split(":", 1)[1]
            named.add(o.tutor_misconception == wanted, where)
            named_learning.add(
                o.learning_misconception == wanted,
                f"{o.item}: {o.text!r} -> {o.learning_misconception}",
            )
        else:
            false_named.add(o.tutor_misconception is None, where)
            if o.learning_status is not None:
                false_learning.add(
                    o.learning_misconception is None,
                    f"{o.item}: {o.text!r} -> {o.learning_misconception}",
                )
    latencies = sorted(o.ms for o in outcomes)
    return {
        "lines": len(outcomes),
        "items": len({o.item for o in outcomes}),
        "labels": dict(Counter(o.label.split(":")[0] for o in outcomes)),
        "correct_working_never_called_wrong": never_wrong,
        "correct_working_accepted_as_valid": accepted,
        "correct_working_undecided": undecided,
        "answers_in_other_forms_accepted": answers,
        "partial_answers_recognised": partial,
        "wrong_lines_not_accepted": caught,
        "misconception_named_tutor": named,
        "misconception_named_learning": named_learning,
        "no_false_naming_tutor": false_named,
        "no_false_naming_learning": false_learning,
        "latency_ms_p50": latencies[len(latencies) // 2] if latencies else 0.0,
        "latency_ms_p95": latencies[int(len(latencies) * 0.95)] if latencies else 0.0,
    }


def report(summary: dict[str, Any]) -> str:
    lines = [
        f"Lines: {summary['lines']} on {summary['items']} items ({summary['labels']}).",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"load average {os.getloadavg()[0]:.1f}. Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
        "",
        "| measure | result |",
        "|---|---|",
    ]
    for key, value in summary.items():
        if isinstance(value, Tally):
            lines.append(f"| {key.replace('_', ' ')} | {value.rate()} |")
    lines.append(
        f"| tutor judgement latency p50 / p95 | {summary['latency_ms_p50']:.1f} / "
        f"{summary['latency_ms_p95']:.1f} ms |"
    )
    for key, value in summary.items():
        if (
            isinstance(value, Tally)
            and value.misses
            and key not in ("correct_working_accepted_as_valid", "correct_working_undecided")
        ):
            lines += ["", f"Misses, {key.replace('_', ' ')}:", *[f"- {m}" for m in value.misses]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    labels = yaml.safe_load(args.labels.read_text(encoding="utf-8"))
    outcomes = asyncio.run(judge_all(labels))
    summary = summarise(outcomes)
    print(report(summary))
    if args.json:
        args.json.write_text(json.dumps([o.__dict__ for o in outcomes], indent=1), encoding="utf-8")
    wrong = summary["correct_working_never_called_wrong"]
    return 0 if wrong.hits == wrong.total else 1


if __name__ == "__main__":
    sys.exit(main())
