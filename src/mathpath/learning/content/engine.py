"""The validator's view of the maths engine: answer checks, equivalence, catalogue, generators.

The engine (`mathpath.maths`) is imported lazily so the structural checks still run, and say
so, when a piece of the engine is missing.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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

    @property
    def can_trace(self) -> bool:
        """Can this engine read items' `problem:` (so an item without one is an error)?"""

    def unearned_generator_tags(
        self, name: str, params: Mapping[str, object], tags: Sequence[str], seeds: int
    ) -> list[str]:
        """The tags of a generator item that no sampled instance earns."""

    def check_problem(
        self, problem: Mapping[str, Any], answer: Answer, tags: Sequence[str]
    ) -> list[str]:
        """Problems with an item's engine problem: unreadable, disagreeing with the answer, or
        a misconception tag that its buggy rule does not earn on it."""


_PROBLEM_TIMEOUT_S = 20.0
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
        self._tracing = self._import("mathpath.maths.tracing")
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

    @property
    def can_trace(self) -> bool:
        return self._tracing is not None

    def check_problem(
        self, problem: Mapping[str, Any], answer: Answer, tags: Sequence[str]
    ) -> list[str]:
        if self._tracing is None:
            return []
        from mathpath.maths import guard

        try:
            issues: list[str] = guard.pool().call(
                _PROBLEM_TIMEOUT_S, self._tracing.problem_issues, dict(problem), answer.value,
                list(tags), tolerance=rounding_tolerance(answer),
            )  # fmt: skip
        except guard.GuardTimeout:
            return [f"the problem took over {_PROBLEM_TIMEOUT_S:.0f} s to check"]
        except (guard.GuardBusy, guard.WorkerError) as exc:
            return [f"the problem could not be checked: {type(exc).__name__}: {exc}"]
        return issues

    def unearned_generator_tags(
        self, name: str, params: Mapping[str, object], tags: Sequence[str], seeds: int
    ) -> list[str]:
        if self._tracing is None or not tags:
            return []
        from mathpath.maths import guard
        from mathpath.maths.tracing.tags import generator_tags_earned

        try:
            counts: dict[str, int] = guard.pool().call(
                _PROBLEM_TIMEOUT_S, generator_tags_earned, name, dict(params), list(tags), seeds
            )
        except (guard.GuardTimeout, guard.GuardBusy, guard.WorkerError):
            return []
        return [tag for tag, count in counts.items() if count == 0]

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


_NUMBER_TEXT = re.compile(r"\d+(?:\.\d+)?")


def rounding_tolerance(answer: Answer) -> float | None:
    """How far a rounded answer may be from the exact one: half a unit of its last place."""
    if answer.tolerance is not None:
        return answer.tolerance
    if answer.dp is not None:
        return 0.5 * 10.0 ** (-answer.dp)
    if answer.sf is not None:
        magnitudes = [float(n) for n in _NUMBER_TEXT.findall(answer.value) if float(n) != 0]
        if magnitudes:
            smallest = min(magnitudes)
            return 0.5 * 10.0 ** (math.floor(math.log10(smallest)) - answer.sf + 1)
    return None


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


# --- generated instances: what practice serves from a `generator:` item ------------------------

# The engine names a few answer kinds its own way; practice stores the pack's names.
_CONTENT_KINDS = {engine: pack for pack, engine in _ENGINE_KINDS.items()}
_SOLVED_FORM = re.compile(r"^\s*[A-Za-z]\s*=")


class GenerationError(ValueError):
    """The generator is unknown to this engine, or draws no valid item for this seed."""


@dataclass(frozen=True)
class Generated:
    """One generated instance: the engine's item and the fixed params it was drawn with."""

    generator: str
    stem: str
    answer: Answer
    solution: tuple[tuple[str, str], ...]  # (explanation, LaTeX) per worked step
    hints: tuple[str, ...]
    misconceptions: tuple[str, ...]
    drawn: tuple[tuple[str, Any], ...]  # every parameter as drawn: rebuilds the problem
    problem: dict[str, Any] | None = None  # the generated problem as a `problem:` mapping


def generator_available(name: str) -> bool:
    try:
        from mathpath.maths.generators import REGISTRY
    except ImportError:
        return False
    return name in REGISTRY


def _answer_of(kind: str, form: str | None, value: str) -> Answer:
    if kind == "equation" and _SOLVED_FORM.match(value):
        # "Solve ..." generators answer "x = 7": a solution, so "7" is as right as "x = 7"
        # (the pack's own solving items use solution_set for the same reason).
        kind = "solution_set"
    return Answer.model_validate(
        {"kind": _CONTENT_KINDS.get(kind, kind), "value": value, "form": form or "any"}
    )


_CACHE_SIZE = 4096
_cache: OrderedDict[tuple[str, str, int], Generated] = OrderedDict()
_cache_lock = threading.Lock()


def _key(name: str, params: Mapping[str, object], seed: int) -> tuple[str, str, int]:
    return name, json.dumps(dict(params), sort_keys=True), seed


def cached(name: str, params: Mapping[str, object], seed: int) -> Generated | None:
    """The instance if this process generated it recently (no solver work)."""
    key = _key(name, params, seed)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def generate(name: str, params: Mapping[str, object], seed: int) -> Generated:
    """The instance of generator `name` for `seed` (kept in a small cache: it runs the solver).

    The same generator, fixed params and seed always give the same instance, in any process
    (the engine seeds its own `random.Random` from the generator name and the seed).
    """
    found = cached(name, params, seed)
    if found is not None:
        return found
    from mathpath.maths.generators import REGISTRY, GeneratorError

    generator = REGISTRY.get(name)
    if generator is None:
        raise GenerationError(f"this server's maths engine has no generator {name!r}")
    try:
        item = generator.generate(seed, dict(params) or None)
    except GeneratorError as exc:
        raise GenerationError(str(exc)) from exc
    made = Generated(
        generator=name,
        stem=item.stem,
        answer=_answer_of(item.kind, item.form, item.answer),
        solution=tuple((s.explanation, s.latex) for s in item.steps),
        hints=tuple(item.hints),
        misconceptions=tuple(item.misconceptions),
        drawn=tuple(sorted(item.params.items())),
        problem=_problem_spec(generator, item.params),
    )
    with _cache_lock:
        _cache[_key(name, params, seed)] = made
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return made


def _problem_spec(generator: Any, params: Mapping[str, Any]) -> dict[str, Any] | None:
    """The generated problem as text (what the tutor traces a student's working against)."""
    from mathpath.maths.tracing import to_spec

    try:
        problem, _stem = generator.build(dict(params))
    except (ValueError, TypeError, ZeroDivisionError):
        return None
    return to_spec(problem)


def diagnose_generated(
    name: str, drawn: tuple[tuple[str, Any], ...], expected: str, answer: str
) -> tuple[str, str] | None:
    """The misconception that reproduces `answer` on this generated problem (id, explanation).

    Runs in a maths worker (`mathpath.maths.guard`): the problem is rebuilt there from the
    drawn parameters, because SymPy's pickling would evaluate its unevaluated expressions
    (2(x - 2) arriving as 2x - 4 would hide the mistake of expanding only the first term).
    """
    from mathpath.maths.generators import REGISTRY
    from mathpath.maths.misconceptions import diagnose

    problem, _stem = REGISTRY[name].build(dict(drawn))
    found = diagnose(expected, answer, problem)
    return None if found is None else (str(found.id), str(found.explanation))
