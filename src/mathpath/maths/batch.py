"""Checking many answers from JSON lines (the `mathpath maths check --jsonl` contract).

Input, one object per line: ``{"id": ..., "expected": "...", "answer": "...", "kind": optional,
"form": optional}`` (``tolerance``, ``dp``, ``sf``, ``units``, ``degrees`` are also honoured).
Output, one line per input line, in order: ``{"id": ..., "status": ..., "misconception": id or
null, "feedback": "...", "ms": float}``.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from mathpath.maths import guard
from mathpath.maths.checking import check
from mathpath.maths.checking.verdict import Verdict

_OPTIONAL = ("kind", "form", "tolerance", "dp", "sf", "units", "degrees", "domain", "timeout_ms")


def check_jsonl(src: TextIO, dst: TextIO) -> int:
    """Check every line of `src`, write one verdict line per input line to `dst`.

    Returns the number of lines written. A malformed line gets a ``cannot_check`` line (id
    null, the line number in its feedback) rather than stopping the batch, and so does a line
    the checker itself fails on.
    """
    guard.pool()  # a batch wants every check marked, so wait for the workers once up front
    written = 0
    for number, line in enumerate(src, start=1):
        if not line.strip():
            continue
        record_id: Any = None
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("each line must be a JSON object")
            record_id = record.get("id")
            verdict = _check_record(record)
        except (ValueError, TypeError, KeyError) as exc:
            verdict = Verdict("cannot_check", "bad_request", f"Bad input line {number}: {exc}")
        except Exception as exc:  # one line the checker fails on must not end the batch
            verdict = Verdict(
                "cannot_check",
                "error",
                f"Line {number} could not be checked ({type(exc).__name__}).",
            )
        out = {
            "id": record_id,
            "status": verdict.status,
            "misconception": verdict.misconception,
            "feedback": verdict.feedback,
            "ms": round(verdict.ms, 3),
        }
        dst.write(json.dumps(out, ensure_ascii=False) + "\n")
        written += 1
    dst.flush()
    return written


def _check_record(record: dict[str, Any]) -> Verdict:
    expected, answer = record["expected"], record["answer"]
    if not isinstance(expected, str) or not isinstance(answer, str):
        raise TypeError("expected and answer must be strings")
    options = {k: record[k] for k in _OPTIONAL if record.get(k) is not None}
    return check(expected, answer, **options)
