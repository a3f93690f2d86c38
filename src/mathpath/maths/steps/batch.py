"""JSON-lines batch step checking (the contract of `mathpath maths step --jsonl`)."""

from __future__ import annotations

import json
import time
from typing import TextIO

from mathpath.maths.steps.check import check_step_guarded


def step_jsonl(src: TextIO, dst: TextIO) -> int:
    """Read `{"id", "before", "after"[, "goal"]}` lines, write one verdict line each.

    Returns the number of records written. A malformed record gets a verdict of nulls with
    diagnosis "unreadable" rather than stopping the batch. Each check runs under the maths
    guard's wall-clock limit (`check_step_guarded`).
    """
    count = 0
    for raw in src:
        if not raw.strip():
            continue
        started = time.perf_counter()
        record_id: object = None
        try:
            record = json.loads(raw)
            record_id = record.get("id")
            before, after = record["before"], record["after"]
            goal = record.get("goal")
            if not isinstance(before, str) or not isinstance(after, str):
                raise TypeError("before and after must be strings")
            result = check_step_guarded(before, after, goal=goal if isinstance(goal, str) else None)
            out = {
                "id": record_id,
                "valid": result.valid,
                "progress": result.progress,
                "diagnosis": result.diagnosis,
            }
        except (ValueError, KeyError, TypeError, AttributeError):
            out = {"id": record_id, "valid": None, "progress": None, "diagnosis": "unreadable"}
        out["ms"] = round((time.perf_counter() - started) * 1000, 3)
        dst.write(json.dumps(out) + "\n")
        count += 1
    return count
