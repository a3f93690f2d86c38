"""The result of checking one answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

Status = Literal["correct", "incorrect", "unparseable", "cannot_check"]


@dataclass(frozen=True)
class Verdict:
    """What the checker decided.

    `reason` is a stable machine code (``equivalent``, ``not_equivalent``, ``wrong_form``,
    ``missing_constant``, ``parse_error``, ``too_complex``, ``too_deep`` (the answer nests
    deeper than the parser reads), ``timeout`` ...); `feedback` is
    text for the student; `misconception` is the id of the misconception that explains a
    wrong answer, when one does.
    """

    status: Status
    reason: str
    feedback: str
    misconception: str | None = None
    ms: float = 0.0
    position: int | None = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def with_ms(self, ms: float) -> Verdict:
        return replace(self, ms=ms)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def correct(feedback: str = "Correct.", reason: str = "equivalent") -> Verdict:
    return Verdict("correct", reason, feedback)


def incorrect(feedback: str, reason: str = "not_equivalent") -> Verdict:
    return Verdict("incorrect", reason, feedback)


def cannot_check(feedback: str, reason: str = "too_complex") -> Verdict:
    return Verdict("cannot_check", reason, feedback)
