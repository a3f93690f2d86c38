"""The validator's view of the maths engine: answer checks, equivalence, catalogue, generators.

The engine (`mathpath.maths`) is imported lazily so the structural checks still run, and say
so, when a piece of the engine is missing.
"""

from __future__ import annotations

import importlib
import re
import time
from collections.abc import Mapping
from typing import Any, Protocol

from mathpath.learning.content.schema import Answer


class Engine(Protocol):
    @property
    def missing(self) -> list[str]:
        """Names of engine parts that are unavailable (their checks are skipped)."""

    def check(self, answer: Answer, candidate: str) -> str | None:
        """None if `candidate` is accepted for `answer`, else the reason it is not."""

    def equivalent(self, expected: str, candidate: str) -> bool: ...

    def misconception_ids(self) -> frozenset[str] | None: ...

    def generator_names(self) -> frozenset[str] | None: ...

    def check_generated(self, name: str, params: Mapping[str, object], seed: int) -> list[str]:
        """Problems with one item drawn from a maths-engine generator."""


_ATTEMPTS = 4
_BACKOFF_S = 0.5
_TIMEOUT_MS = 5_000
_ENGINE_KINDS = {"solution_set": "solutions", "antiderivative": "integral"}


def _status(verdict: Any) -> str:
    status = getattr(verdict, "status", verdict)
    return str(getattr(status, "value", status)).lower()


class MathsEngine:
    """Adapter over `mathpath.maths`; each missing part makes its check unavailable."""

    def __init__(self) -> None:
        self._checking = self._import("mathpath.maths.checking")
        self._misconceptions = self._import("mathpath.maths.misconceptions")
        self._generators = self._import("mathpath.maths.generators")
        self._missing: list[str] = []
        if self._checking is None or not hasattr(self._checking, "check"):
            self._missing.append("mathpath.maths.checking.check")
        if self.misconception_ids() is None:
            self._missing.append("mathpath.maths.misconceptions.CATALOGUE")
        if self.generator_names() is None:
            self._missing.append("mathpath.maths.generators.REGISTRY")

    @staticmethod
    def _import(name: str) -> Any:
        try:
            return importlib.import_module(name)
        except ImportError:
            return None

    @property
    def missing(self) -> list[str]:
        return self._missing

    @property
    def can_check(self) -> bool:
        return "mathpath.maths.checking.check" not in self.missing

    def check(self, answer: Answer, candidate: str) -> str | None:
        if not self.can_check:
            return None
        # The pack's vocabulary is the content schema's; the engine names a few things its own way,
        # and takes rounding as dp/sf arguments rather than as a form.
        form = "any" if answer.form in {"dp", "sf"} else answer.form
        kind = _ENGINE_KINDS.get(answer.kind, answer.kind)
        # Validation is offline, so it can afford a more generous limit than a student's check.
        kwargs: dict[str, Any] = {"kind": kind, "form": form, "timeout_ms": _TIMEOUT_MS}
        for name in ("dp", "sf", "tolerance"):
            if getattr(answer, name) is not None:
                kwargs[name] = getattr(answer, name)
        for _ in range(_ATTEMPTS):
            try:
                verdict = self._checking.check(answer.value, candidate, **kwargs)
            except Exception as exc:  # the engine must not crash the validator
                return f"the maths engine raised {type(exc).__name__}: {exc}"
            status = _status(verdict)
            if getattr(verdict, "reason", None) != "busy":  # only "busy" is worth asking again
                break
            time.sleep(_BACKOFF_S)
        if status == "correct":
            return None
        detail = getattr(verdict, "message", None) or getattr(verdict, "feedback", None) or ""
        return f"{status}{': ' + str(detail) if detail else ''}"

    def equivalent(self, expected: str, candidate: str) -> bool:
        func = getattr(self._checking, "equivalent", None)
        if func is None:
            return False
        try:
            return bool(func(expected, candidate))
        except Exception:  # an unparsable fragment of a hint is simply not an answer
            return False

    def misconception_ids(self) -> frozenset[str] | None:
        catalogue = getattr(self._misconceptions, "CATALOGUE", None)
        if catalogue is None:
            return None
        if isinstance(catalogue, dict):
            return frozenset(str(k) for k in catalogue)
        return frozenset(str(getattr(m, "id", m)) for m in catalogue)

    def generator_names(self) -> frozenset[str] | None:
        registry = getattr(self._generators, "REGISTRY", None)
        if registry is None:
            return None
        return frozenset(str(k) for k in registry)

    def check_generated(self, name: str, params: Mapping[str, object], seed: int) -> list[str]:
        registry = getattr(self._generators, "REGISTRY", None)
        if registry is None or name not in registry:
            return []
        try:
            item = registry[name].generate(seed, dict(params) or None)
        except Exception as exc:  # a generator failure is a content error to report
            return [f"seed {seed}: generator {name} raised {type(exc).__name__}: {exc}"]
        problems: list[str] = []
        if not item.steps:
            problems.append(f"seed {seed}: the generated item has no worked steps")
        elif self.can_check and not self.equivalent(item.answer, item.steps[-1].expression):
            # The solver's last line may be an unfinished form ("x - 8 = 0 or x + 4 = 0"), so
            # generated items need equivalence, not the student-facing form check.
            problems.append(
                f"seed {seed}: answer {item.answer!r} is not equivalent to the last step "
                f"{item.steps[-1].expression!r}"
            )
        if len(item.hints) < 3:
            problems.append(f"seed {seed}: fewer than 3 hints")
        answer = Answer(kind="expression", value=item.answer)
        for n, hint in enumerate(item.hints[:-1], start=1):
            leak = hint_leak(self, answer, hint, item.stem)
            if leak:
                problems.append(f"seed {seed}: hint {n} gives the answer away: {leak}")
        return problems


_LATEX_SUBS = [
    (re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}"), r"(\1)/(\2)"),
    (re.compile(r"\\sqrt\{([^{}]*)\}"), r"sqrt(\1)"),
    (re.compile(r"\\(left|right)"), ""),
    (re.compile(r"\\times|\\cdot"), "*"),
    (re.compile(r"\\div"), "/"),
    (re.compile(r"\\le(q)?"), "<="),
    (re.compile(r"\\ge(q)?"), ">="),
    (re.compile(r"\\pi"), "pi"),
    (re.compile(r"\\(sin|cos|tan|ln|log)"), r"\1"),
    (re.compile(r"\\[a-zA-Z]+"), " "),
]


def latex_to_plain(latex: str) -> str:
    """A rough plain-text reading of simple inline LaTeX, good enough to spot a leaked answer."""
    text = latex
    for pattern, repl in _LATEX_SUBS:
        text = pattern.sub(repl, text)
    return text.replace("{", "(").replace("}", ")").strip()


_MATH_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)


def maths_in(text: str) -> list[str]:
    """The maths fragments of a Markdown string, as plain text."""
    return [latex_to_plain(a or b) for a, b in _MATH_SPAN.findall(text)]


def _normalise(text: str) -> str:
    text = re.sub(r"\s*([^\w\s])\s*", r"\1", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def hint_leak(engine: Engine, answer: Answer, hint: str, question: str = "") -> str | None:
    """Why this hint gives the answer away, or None.

    Maths quoted from the question itself is not a leak, even when it is equivalent to the
    answer (the expression to factorise is equal to its factorisation).
    """
    quoted = {_normalise(f) for f in maths_in(question)}
    plain = _normalise(answer.value)
    flat = _normalise(re.sub(r"[$\\]", "", hint))
    if len(plain) >= 2 and re.search(rf"(?<![\w.]){re.escape(plain)}(?![\w.]|/\d)", flat):
        return f"hint contains the answer {answer.value!r}"
    for fragment in maths_in(hint):
        if _normalise(fragment) in quoted:
            continue
        if fragment and engine.equivalent(answer.value, fragment):
            return f"hint maths {fragment!r} is equivalent to the answer"
    return None
