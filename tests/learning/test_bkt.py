"""The online BKT update: evidence moves the estimate, assistance weakens the evidence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mathpath.learning.bkt import DEFAULT_PARAMS, Evidence, Params, is_mastered, update


def test_correct_answers_lead_to_mastery() -> None:
    p = DEFAULT_PARAMS.p_init
    for _ in range(10):
        p = update(p, Evidence(correct=True), DEFAULT_PARAMS)
    assert is_mastered(p)


def test_correct_after_full_solution_is_not_mastery() -> None:
    p = DEFAULT_PARAMS.p_init
    for _ in range(30):
        p = update(p, Evidence(correct=True, saw_solution=True), DEFAULT_PARAMS)
    # Only the (reduced) learning transition moves it: far slower than real evidence.
    unaided = DEFAULT_PARAMS.p_init
    for _ in range(3):
        unaided = update(unaided, Evidence(correct=True), DEFAULT_PARAMS)
    copied = DEFAULT_PARAMS.p_init
    for _ in range(3):
        copied = update(copied, Evidence(correct=True, saw_solution=True), DEFAULT_PARAMS)
    assert copied < unaided


def test_hints_are_partial_evidence() -> None:
    p0 = 0.4
    alone = update(p0, Evidence(correct=True), DEFAULT_PARAMS)
    one_hint = update(p0, Evidence(correct=True, hints_used=1), DEFAULT_PARAMS)
    all_hints = update(p0, Evidence(correct=True, hints_used=3), DEFAULT_PARAMS)
    tutored = update(p0, Evidence(correct=True, tutor_help=True), DEFAULT_PARAMS)
    assert alone > one_hint > all_hints > p0 * (1 - DEFAULT_PARAMS.p_forget)
    assert alone > tutored


def test_wrong_answer_is_full_evidence_even_with_hints() -> None:
    p0 = 0.6
    assert update(p0, Evidence(correct=False, hints_used=3), DEFAULT_PARAMS) == update(
        p0, Evidence(correct=False), DEFAULT_PARAMS
    )


@given(
    p=st.floats(0.0, 1.0),
    correct=st.booleans(),
    hints=st.integers(0, 10),
    solution=st.booleans(),
    tutor=st.booleans(),
    guess=st.floats(0.01, 0.5),
    slip=st.floats(0.01, 0.5),
)
def test_estimate_stays_a_probability(
    p: float, correct: bool, hints: int, solution: bool, tutor: bool, guess: float, slip: float
) -> None:
    params = Params(0.2, 0.1, guess, slip, 0.05).clamped()
    evidence = Evidence(correct, hints, 3, solution, tutor)
    assert 0.0 < update(p, evidence, params) < 1.0
