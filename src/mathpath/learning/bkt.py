"""Bayesian Knowledge Tracing: the online update the service runs on every attempt.

The model is BKT with forgetting (the variant pyBKT calls ``forgets=True``). Parameters per
skill are fitted offline (`mathpath mastery fit`); a skill nobody has practised yet uses
`DEFAULT_PARAMS`.

Assistance is partial evidence: a correct answer after hints or tutor help moves the
estimate only part of the way, and after the full worked solution it is no evidence of
knowing at all (the student may have copied the last line). A wrong answer is full
evidence whatever help came before it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

MASTERY_THRESHOLD = 0.95
_EPS = 1e-6


@dataclass(frozen=True)
class Params:
    p_init: float
    p_learn: float
    p_guess: float
    p_slip: float
    p_forget: float = 0.0

    def clamped(self) -> Params:
        def c(x: float, hi: float = 1 - _EPS) -> float:
            return min(max(x, _EPS), hi)

        # Guess and slip above one half make the model non-identifiable (a correct answer
        # would become evidence of not knowing), so fitted values are kept below it.
        return Params(
            c(self.p_init),
            c(self.p_learn),
            c(self.p_guess, 0.5),
            c(self.p_slip, 0.5),
            min(max(self.p_forget, 0.0), 1 - _EPS),
        )


DEFAULT_PARAMS = Params(p_init=0.2, p_learn=0.15, p_guess=0.2, p_slip=0.1, p_forget=0.02)


@dataclass(frozen=True)
class Evidence:
    """One observed answer and how much help came with it."""

    correct: bool
    hints_used: int = 0
    hints_available: int = 3
    saw_solution: bool = False
    tutor_help: bool = False

    @property
    def weight(self) -> float:
        """How much of a full observation this answer is worth, in [0, 1]."""
        if not self.correct:
            return 1.0
        if self.saw_solution:
            return 0.0
        weight = 1.0
        if self.hints_used > 0:
            rungs = max(self.hints_available, 1)
            weight *= max(0.0, 1.0 - 0.8 * min(self.hints_used, rungs) / rungs)
        if self.tutor_help:
            weight *= 0.5
        return weight


def p_correct(p_known: float, params: Params) -> float:
    """Predicted chance the next answer on the skill is correct."""
    return p_known * (1 - params.p_slip) + (1 - p_known) * params.p_guess


def posterior(p_known: float, correct: bool, params: Params) -> float:
    """P(known | this answer), before the learning transition."""
    if correct:
        num = p_known * (1 - params.p_slip)
        den = num + (1 - p_known) * params.p_guess
    else:
        num = p_known * params.p_slip
        den = num + (1 - p_known) * (1 - params.p_guess)
    return num / den if den > 0 else p_known


def update(p_known: float, evidence: Evidence, params: Params) -> float:
    """The knowledge estimate after one answer (observation, then learn/forget transition)."""
    weight = evidence.weight
    observed = posterior(p_known, evidence.correct, params)
    conditioned = p_known + weight * (observed - p_known)
    # Copying a shown solution teaches little: the learning transition scales with evidence.
    learn = params.p_learn * (0.25 + 0.75 * weight) if evidence.correct else params.p_learn
    after = conditioned * (1 - params.p_forget) + (1 - conditioned) * learn
    return min(max(after, _EPS), 1 - _EPS)


def is_mastered(p_known: float) -> bool:
    return p_known >= MASTERY_THRESHOLD


# Student ability: one number per student, a logit offset on every skill's BKT prediction,
# moved online by the prediction error (an Elo-style update). BKT alone treats students as
# interchangeable; this lets a strong student's first answers on a new skill be predicted as
# such. The rate was chosen on a held-out part of the ASSISTments training split
# (benchmarks/learning_kt).
ABILITY_RATE = 0.1
_P_CLIP = 1e-4


def predict(p_known: float, params: Params, ability: float = 0.0) -> float:
    """P(next answer correct) from the skill's BKT state and the student's ability."""
    p = min(max(p_correct(p_known, params), _P_CLIP), 1 - _P_CLIP)
    z = math.log(p / (1 - p)) + ability
    return 1 / (1 + math.exp(-z))


def ability_after(
    ability: float, predicted: float, correct: bool, rate: float = ABILITY_RATE
) -> float:
    return ability + rate * (float(correct) - predicted)
