"""What a student should do next, and why, in words.

Order of preference:

1. a review that FSRS says is due (mastered skills fade without them);
2. the weakest unmastered skill of the student's pathways whose prerequisites are all
   mastered (the frontier of the skills graph), starting with its lesson if the student has
   never practised it;
3. when everything on the pathways is mastered, the mastered skill with the lowest estimate.

The item is the one whose predicted chance of success (BKT state, the student's ability and
the item's difficulty) is closest to a productive 70%, avoiding items answered recently; an
exam-sprint pathway prefers exam-style items. Template and generator items come with a fresh
seed: the client shows and answers that instance (`GET /items/{id}?seed=`, the attempt's
`seed`).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass
from datetime import datetime

from mathpath.learning.bkt import DEFAULT_PARAMS, Params, predict
from mathpath.learning.content import engine
from mathpath.learning.content.schema import GeneratorItem, TemplateItem
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.models import Mastery, ReviewCard
from mathpath.learning.pathways import PATHWAYS, Pathway
from mathpath.learning.timeutil import aware

TARGET_SUCCESS = 0.7
# Each difficulty step away from the middle (3) shifts the predicted logit by this much.
DIFFICULTY_LOGIT = 0.6


@dataclass(frozen=True)
class Suggestion:
    activity: str  # review | lesson | practice | done
    reason: str
    skill_id: str | None = None
    item_id: str | None = None
    module_id: str | None = None
    lesson_id: str | None = None
    seed: int | None = None
    p_known: float | None = None
    predicted_success: float | None = None
    pathway_id: str | None = None


@dataclass(frozen=True)
class StudentState:
    mastery: dict[str, Mastery]
    params: dict[str, Params]
    ability: float
    due: list[ReviewCard]
    recent_items: set[str]
    pathways: list[str]


def _pct(p: float) -> str:
    return f"{round(p * 100)}%"


def _p(state: StudentState, skill_id: str) -> float:
    row = state.mastery.get(skill_id)
    return row.p_known if row else state.params.get(skill_id, DEFAULT_PARAMS).p_init


def _mastered(state: StudentState, skill_id: str) -> bool:
    row = state.mastery.get(skill_id)
    return bool(row and row.mastered_at is not None)


def _success(state: StudentState, skill_id: str, difficulty: int) -> float:
    base = predict(_p(state, skill_id), state.params.get(skill_id, DEFAULT_PARAMS), state.ability)
    z = math.log(base / (1 - base)) - DIFFICULTY_LOGIT * (difficulty - 3)
    return 1 / (1 + math.exp(-z))


def pick_item(
    curriculum: Curriculum, state: StudentState, skill_id: str, exam_focus: bool
) -> tuple[str | None, float | None]:
    best: tuple[float, str, float] | None = None
    for item_id in curriculum.items_by_skill.get(skill_id, []):
        item = curriculum.items[item_id]
        if isinstance(item, GeneratorItem) and not engine.generator_available(item.generator):
            continue
        success = _success(state, skill_id, item.difficulty)
        score = abs(success - TARGET_SUCCESS)
        if item_id in state.recent_items:
            score += 1.0
        if exam_focus and not getattr(item, "exam_style", False):
            score += 0.3
        if best is None or (score, item_id) < (best[0], best[1]):
            best = (score, item_id, success)
    if best is None:
        return None, None
    return best[1], round(best[2], 3)


def seed_for(curriculum: Curriculum, item_id: str | None) -> int | None:
    """A fresh seed when the item is drawn from one (template or generator), else None."""
    item = curriculum.items.get(item_id) if item_id else None
    if isinstance(item, TemplateItem | GeneratorItem):
        return secrets.randbelow(2**31)
    return None


def _lesson_for(curriculum: Curriculum, skill_id: str) -> tuple[str | None, str | None]:
    for module in curriculum.modules.values():
        for lesson in module.lessons:
            if skill_id in lesson.skills:
                return module.id, lesson.id
    return None, None


def _pathways(state: StudentState) -> list[Pathway]:
    chosen = [PATHWAYS[p] for p in state.pathways if p in PATHWAYS]
    return chosen or list(PATHWAYS.values())


def recommend(curriculum: Curriculum, state: StudentState, now: datetime) -> Suggestion:
    pathways = _pathways(state)
    exam_focus = any(p.exam_focus for p in pathways)
    for card in state.due:
        if card.skill_id not in curriculum.skills:
            continue
        skill = curriculum.skills[card.skill_id]
        item_id, success = pick_item(curriculum, state, skill.id, exam_focus)
        overdue = (now - aware(card.due)).days
        when = "today" if overdue < 1 else f"{overdue} day{'s' if overdue > 1 else ''} ago"
        return Suggestion(
            activity="review",
            reason=(
                f"Review '{skill.name}': you mastered it and it was due for review {when}; "
                "a short review now keeps it from fading."
            ),
            skill_id=skill.id,
            item_id=item_id,
            seed=seed_for(curriculum, item_id),
            module_id=curriculum.item_module.get(item_id) if item_id else None,
            p_known=round(_p(state, skill.id), 3),
            predicted_success=success,
        )
    for pathway in pathways:
        skills = pathway.skills(curriculum)
        frontier = [
            s
            for s in skills
            if not _mastered(state, s)
            and all(_mastered(state, pre) for pre in curriculum.skills[s].prerequisites)
        ]
        if not frontier:
            continue
        order = {s: n for n, s in enumerate(skills)}
        skill_id = min(frontier, key=lambda s: (_p(state, s), order[s]))
        return _practice(curriculum, state, pathway, skill_id)
    practised = [s for s in state.mastery if s in curriculum.skills]
    if not practised:
        return Suggestion(activity="done", reason="There is nothing to practise yet.")
    weakest = min(practised, key=lambda s: _p(state, s))
    item_id, success = pick_item(curriculum, state, weakest, exam_focus)
    return Suggestion(
        activity="practice",
        reason=(
            f"You have mastered every skill on your pathway. '{curriculum.skills[weakest].name}'"
            f" is your least secure ({_pct(_p(state, weakest))}): keep it sharp."
        ),
        skill_id=weakest,
        item_id=item_id,
        seed=seed_for(curriculum, item_id),
        module_id=curriculum.item_module.get(item_id) if item_id else None,
        p_known=round(_p(state, weakest), 3),
        predicted_success=success,
    )


def _practice(
    curriculum: Curriculum, state: StudentState, pathway: Pathway, skill_id: str
) -> Suggestion:
    skill = curriculum.skills[skill_id]
    item_id, success = pick_item(curriculum, state, skill_id, pathway.exam_focus)
    pres = [curriculum.skills[p].name for p in skill.prerequisites if p in curriculum.skills]
    after = f" You have mastered what it builds on ({', '.join(pres)})." if pres else ""
    row = state.mastery.get(skill_id)
    if row is None or row.attempts == 0:
        module_id, lesson_id = _lesson_for(curriculum, skill_id)
        return Suggestion(
            activity="lesson" if lesson_id else "practice",
            reason=(
                f"Start '{skill.name}' on your {pathway.title} pathway"
                f"{' with its lesson, then try a question' if lesson_id else ''}.{after}"
            ),
            skill_id=skill_id,
            item_id=item_id,
            seed=seed_for(curriculum, item_id),
            module_id=module_id or (curriculum.item_module.get(item_id) if item_id else None),
            lesson_id=lesson_id,
            p_known=round(_p(state, skill_id), 3),
            predicted_success=success,
            pathway_id=pathway.id,
        )
    return Suggestion(
        activity="practice",
        reason=(
            f"Practise '{skill.name}': it is your weakest skill ready to learn on "
            f"{pathway.title} (mastery {_pct(row.p_known)}).{after}"
        ),
        skill_id=skill_id,
        item_id=item_id,
        seed=seed_for(curriculum, item_id),
        module_id=curriculum.item_module.get(item_id) if item_id else None,
        p_known=round(row.p_known, 3),
        predicted_success=success,
        pathway_id=pathway.id,
    )
