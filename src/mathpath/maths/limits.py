"""Static bounds on what the maths engine will parse and evaluate.

Every number here keeps one check well under its wall-clock limit on a small machine. They are
checked before SymPy is asked to do anything expensive, so a hostile input is refused in
microseconds instead of being cut off by the process guard after the full timeout.
"""

from __future__ import annotations

from typing import Final

MAX_INPUT_CHARS: Final = 1_000
"""Longest answer text accepted. Real answers are short; long inputs are abuse or paste."""

MAX_LATEX_CHARS: Final = 4 * MAX_INPUT_CHARS
"""Longest LaTeX accepted before translation (LaTeX is wordier than the plain text it becomes);
translating costs more than linear time in the number of commands, so it is bounded first."""

MAX_TOKENS: Final = 400
MAX_DEPTH: Final = 40
"""Deepest bracket or operator nesting; recursion stays far from Python's own limit."""

MAX_NODES: Final = 600
"""Largest expression tree (count of SymPy nodes) we will evaluate."""

MAX_RESULT_DIGITS: Final = 2_000
"""Largest exact integer (in decimal digits) a power, product or factorial may produce."""

MAX_NUMBER_DIGITS: Final = 300
"""Longest run of digits in a typed number."""

MAX_INTEGER_EXPONENT: Final = 10_000
MAX_SYMBOLIC_EXPONENT: Final = 60
"""Largest exponent on a sum such as (x+1)^n: expanding beyond this is pointless and slow."""

MAX_FACTORIAL: Final = 500
MAX_PARTS: Final = 20
"""Most comma/`or`/`;` separated items in one answer."""

DEFAULT_TIMEOUT_MS: Final = 2_000
"""Wall-clock limit of one check, enforced by the worker-process guard."""
