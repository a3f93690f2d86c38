"""Pure mathematics library: parsing, checking, steps, solvers, misconceptions, generators.

Imports nothing of Mathpath's outside this package (no I/O, no web, no database).

Parsing and answer checking (public API)
----------------------------------------
``mathpath.maths.parsing.parse(text, *, units=False, degrees=False) -> MathValue``
    Reads plain text (``2x^2 - 3x + 1``, ``x = 3 or x = -1``, ``-1 < x <= 4``, ``(2, -3)``,
    ``2 1/2``, ``30%``, ``sin^2 x``, ``log_2(8)``, unicode ``× ÷ − ² √ π ≤ ≥``) and LaTeX
    (``\\frac{\\sqrt{3}}{2}``, ``x^{2}``, ``\\le``, ``\\left( ... \\right)``), detected
    automatically. Never evaluates text: a recursive-descent grammar builds SymPy objects.
    Raises ``ParseError`` (``.message`` for the student, ``.position`` 0-based) or
    ``TooComplex`` (bounds in ``mathpath.maths.limits``).
``mathpath.maths.values``
    ``MathValue`` = ``ExprValue | EquationValue | RelationValue | SetValue | PointValue |
    VectorValue | QuantityValue | SolutionSetValue | MultiPartValue | TextValue``; each holds
    SymPy objects (``ExprValue.expr`` evaluated, ``ExprValue.raw`` exactly as typed).
``mathpath.maths.checking.check(expected, answer, *, kind=None, form=None, tolerance=None,
dp=None, sf=None, units=False, degrees=False, domain=False, diagnose=True,
timeout_ms=2000) -> Verdict``
    ``Verdict.status`` is ``"correct" | "incorrect" | "unparseable" | "cannot_check"``, with
    ``reason`` (a stable code such as ``equivalent``, ``not_equivalent``,
    ``wrong_form:factorised``, ``missing_constant``, ``missing_units``, ``false_working``,
    ``wrong_precision``, ``parse_error``, ``too_complex``, ``timeout``), ``feedback`` (student
    text), ``misconception`` (id from ``mathpath.maths.misconceptions.diagnose``, or None),
    ``position`` (of a parse error) and ``ms``. Kinds: ``checking.KINDS`` (expression,
    equation, solutions, inequality, interval, point, vector, numeric, exact, integral,
    multipart, quantity, ratio, text; the content schema's ``solution_set`` and
    ``antiderivative`` are accepted too); inferred from ``expected`` when absent. Forms:
    ``checking.FORMS`` (any, factorised, expanded, simplified, exact, single_fraction, surd).
    Bounded work runs in the caller's thread; unbounded work (simplify, factorisation,
    misconception rules) runs in a worker process killed at ``timeout_ms``
    (``mathpath.maths.guard``). Raises ValueError only for an unknown kind or form.
``mathpath.maths.checking.check_async(...)``
    The same, awaitable; runs in a thread, so it never blocks the event loop.
``mathpath.maths.checking.warm_up()``
    Start the worker processes and warm caches; call once at service start-up.
``mathpath.maths.checking.equivalent(a, b, *, domain=False, timeout_ms=2000) -> bool``
    Equivalence of two parsed values (in-process), or of two texts (parsed and compared in a
    guarded worker; unreadable text is equivalent to nothing). For the tutor's answer-leak
    guard and content validation.
``mathpath.maths.checking.check_local(expected, answer, options)``
    The same marking with no process isolation, for trusted batch jobs.
``mathpath.maths.parsing.extract.extract_answer(text) -> str``
    The final answer inside a longer text (``\boxed{}``, maths spans, prose).
``mathpath.maths.tracing``
    Model tracing. ``problem_issues(problem, answer, tags)`` (content validation: the item's
    ``problem:`` gives its answer, each tag is earned); ``space_key(problem, answer, steps)`` and
    ``trace(key, line, previous) -> LineVerdict`` (valid / partial / invalid / undecided, the
    misconception, the position on the worked solution); ``problem_of(problem)`` the solver
    ``Problem`` for diagnosis; ``display.display_latex(text)`` maths as written, in LaTeX.
``mathpath.maths.checking.words.numeric_reading(text)``
    ``£60``, ``sixty pounds``, ``six quarters``, ``10 centimetres`` as the number they name.
``mathpath.maths.batch.check_jsonl(src, dst) -> int``
    JSON lines in (``id, expected, answer, kind?, form?``; also ``tolerance, dp, sf, units,
    degrees``), one line out per line in: ``{"id", "status", "misconception", "feedback",
    "ms"}``; also ``mathpath maths check --jsonl FILE`` (``-`` for stdin).
"""
