"""Offline fitting with pyBKT: skills with enough data get parameters, others keep defaults."""

from __future__ import annotations

import random

import pytest

from mathpath.learning.bkt import DEFAULT_PARAMS, Evidence, p_correct, update

pytest.importorskip("pyBKT")

from mathpath.learning.fitting import fit_rows


def _simulate(skill: str, students: int, length: int, seed: int) -> list[tuple[str, str, int]]:
    rng = random.Random(seed)
    rows = []
    for s in range(students):
        p = DEFAULT_PARAMS.p_init
        known = rng.random() < p
        for _ in range(length):
            correct = rng.random() < (
                1 - DEFAULT_PARAMS.p_slip if known else DEFAULT_PARAMS.p_guess
            )
            rows.append((f"{skill}-student-{s}", skill, int(correct)))
            known = known or rng.random() < DEFAULT_PARAMS.p_learn
    return rows


def test_fit_gives_parameters_only_to_skills_with_enough_answers() -> None:
    rows = _simulate("alg.linear", 80, 8, seed=1) + _simulate("num.rare", 3, 5, seed=2)
    fitted = fit_rows(rows, min_attempts=50)
    assert set(fitted) == {"alg.linear"}
    params, n = fitted["alg.linear"]
    assert n == 640
    assert 0 < params.p_guess <= 0.5 and 0 < params.p_slip <= 0.5
    # The fitted model must behave like BKT: right answers raise the estimate.
    p0 = params.p_init
    assert update(p0, Evidence(correct=True), params) > p0
    assert 0 < p_correct(p0, params) < 1
