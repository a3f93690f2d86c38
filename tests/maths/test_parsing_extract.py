"""Finding the final answer in longer texts (model replies, worked solutions)."""

from __future__ import annotations

import pytest

from mathpath.maths.parsing.extract import extract_answer


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("The answer is $\\boxed{\\sqrt 2+\\sqrt 5}$", "\\sqrt 2+\\sqrt 5"),
        ("\\boxed{1} and \\boxed{2} and \\boxed{3}", "1, 2, 3"),
        ("\\boxed{1} no no no no no \\boxed{2}", "2"),
        ("We find that $x \\lt 3$.", "x \\lt 3"),
        ("$1$ and $2$ and $3$", "1, 2, 3"),
        ("Final Answer: The largest $n$ is 34.", "34"),
        ("so the number is 10 which is 1,000.99m²", "1,000.99"),
        ("$\\boxed{28}$ pct", "28%"),
        ("$\\frac{1}{3} \\text{meters}$", "\\frac{1}{3}"),
        ("Answer $ \\frac{1}{2} \\$ = \\frac{10}{9} $", "\\frac{10}{9}"),
        ("$7 = 11a+c$", "7 = 11a+c"),
        ("x + 1", "x + 1"),
    ],
)
def test_extracts_the_final_answer(text: str, answer: str) -> None:
    assert extract_answer(text) == answer
