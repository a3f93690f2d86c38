"""The JSON-lines batch contract used by the CLI, other tools and benchmarks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from mathpath.maths.batch import check_jsonl


def test_one_verdict_line_per_input_line_in_order() -> None:
    lines = [
        {"id": 1, "expected": "x^2-1", "answer": "(x-1)(x+1)", "form": "factorised"},
        {"id": "b", "expected": "2x", "answer": "2x+"},
        {"id": 3, "expected": "x^2-1", "answer": "x^2-1", "form": "factorised"},
        {"id": 4, "expected": "x", "answer": "9^9^9^9"},
    ]
    src = io.StringIO("\n".join(json.dumps(line) for line in lines) + "\n")
    dst = io.StringIO()
    assert check_jsonl(src, dst) == 4
    out = [json.loads(line) for line in dst.getvalue().splitlines()]
    assert [o["id"] for o in out] == [1, "b", 3, 4]
    assert [o["status"] for o in out] == ["correct", "unparseable", "incorrect", "cannot_check"]
    for o in out:
        assert set(o) == {"id", "status", "misconception", "feedback", "ms"}
        assert isinstance(o["ms"], float) and o["feedback"]


def test_malformed_line_does_not_stop_the_batch() -> None:
    src = io.StringIO('not json\n{"id": 2, "expected": "1/2", "answer": "0.5"}\n')
    dst = io.StringIO()
    assert check_jsonl(src, dst) == 2
    bad, good = (json.loads(line) for line in dst.getvalue().splitlines())
    assert bad["id"] is None and bad["status"] == "cannot_check" and "line 1" in bad["feedback"]
    assert good == {**good, "id": 2, "status": "correct"}


def test_cli_reads_stdin() -> None:
    line = json.dumps({"id": 7, "expected": "x = 2 or x = -3", "answer": "-3, 2"})
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mathpath"), "maths", "check", "--jsonl", "-"],
        input=line + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = json.loads(result.stdout)
    assert out["id"] == 7 and out["status"] == "correct"
