"""Step checking: is a line of working a valid (and useful) step from the line before?

Public API:
- `check_step(before, after, *, goal=None) -> StepResult` for typed text, and
  `check_step_guarded(...)`, the same under a hard wall-clock limit (worker process);
- `check_step_lines(before, after, *, goal=None, goal_line=None)` for SymPy objects or `Line`s;
- `LABELS`: every diagnosis label with its student-facing explanation;
- `step_jsonl` (in `batch`): the JSON-lines batch used by `mathpath maths step`.
"""

from mathpath.maths.steps.check import (
    StepResult,
    check_step,
    check_step_guarded,
    check_step_lines,
)
from mathpath.maths.steps.diagnosis import LABELS
from mathpath.maths.steps.lines import Line

__all__ = [
    "LABELS", "Line", "StepResult", "check_step", "check_step_guarded", "check_step_lines",
]  # fmt: skip
