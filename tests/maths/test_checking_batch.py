"""The JSON-lines batch contract used by the CLI, other tools and benchmarks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from mathpath.maths import batch
from mathpath.maths.batch import check_jsonl
from mathpath.maths.checking.verdict import Verdict


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


def test_a_line_nested_too_deeply_is_reported_and_the_batch_goes_on() -> None:
    lines = [
        {"id": 1, "expected": "x", "answer": "\\sqrt{" * 280 + "x" + "}" * 280},
        {"id": 2, "expected": "x", "answer": "x" + "^{" * 600 + "x" + "}" * 600},
        {"id": 3, "expected": "1/2", "answer": "0.5"},
    ]
    src = io.StringIO("\n".join(json.dumps(line) for line in lines) + "\n")
    dst = io.StringIO()
    assert check_jsonl(src, dst) == 3
    out = [json.loads(line) for line in dst.getvalue().splitlines()]
    assert [o["status"] for o in out] == ["cannot_check", "cannot_check", "correct"]
    assert "too many" in out[0]["feedback"] and "too many" in out[1]["feedback"]


def test_a_line_the_checker_fails_on_is_reported_with_its_number(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = batch.check

    def flaky(expected: str, answer: str, **options: object) -> Verdict:
        if answer == "boom":
            raise RecursionError("maximum recursion depth exceeded")
        return real(expected, answer, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "check", flaky)
    src = io.StringIO(
        '{"id": 1, "expected": "x", "answer": "boom"}\n{"id": 2, "expected": "x", "answer": "x"}\n'
    )
    dst = io.StringIO()
    assert check_jsonl(src, dst) == 2
    bad, good = (json.loads(line) for line in dst.getvalue().splitlines())
    assert bad["id"] == 1 and bad["status"] == "cannot_check" and "Line 1" in bad["feedback"]
    assert good["status"] == "correct"


def test_cli_reports_a_deep_line_and_goes_on() -> None:
    lines = [
        {"id": 1, "expected": "x", "answer": "x" + "^{" * 600 + "x" + "}" * 600},
        {"id": 2, "expected": "x", "answer": "x"},
    ]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "mathpath"), "maths", "check", "--jsonl", "-"],
        input="".join(json.dumps(line) + "\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["status"] for o in out] == ["cannot_check", "correct"]
