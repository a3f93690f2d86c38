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
dp=None, sf=None, units=False, degrees=False, domain=False, timeout_ms=...) -> Verdict``
    ``Verdict.status`` is ``"correct" | "incorrect" | "unparseable" | "cannot_check"``, with
    ``reason`` (a stable code), ``feedback`` (student text), ``misconception`` (id or None)
    and ``ms``. Kinds: ``mathpath.maths.checking.KINDS``; forms: ``FORMS`` (any, factorised,
    expanded, simplified, exact, single_fraction, surd). Runs under a hard wall-clock limit.
``mathpath.maths.checking.check_async(...)``
    The same, awaitable; never blocks the event loop.
``mathpath.maths.checking.equivalent(a, b, *, domain=False) -> bool``
    Equivalence of two parsed values (answer-leak guard, content validation).
``mathpath.maths.batch.check_jsonl(src, dst) -> int``
    JSON lines in (``id, expected, answer, kind?, form?``), verdict lines out; also
    ``mathpath maths check --jsonl FILE`` (``-`` for stdin).
"""
