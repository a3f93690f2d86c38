"""What a student should do next, and why, in words.

Order of preference:

1. open work a teacher set (an assignment not complete yet), the soonest due first: its next
   unattempted item, or its first unmastered skill (back to a prerequisite first when the
   student is failing that skill);
2. a review that FSRS says is due (mastered skills fade without them), except for skills below
   every enrolled pathway's level;
3. on each enrolled pathway, in enrolment order: when the student is failing one of its
   skills, the prerequisite to go back to (the reason says which skill needs it); else the
   weakest skill ready to learn (the frontier of the skills graph), starting with its lesson
   if the student has never practised it;
4. when everything on the pathways is known, the practised skill at the student's level with
   the lowest estimate.

Level: a pathway's skills are its levels' skills plus the lower-level prerequisites they need
(a GCSE Higher pathway reaches down to KS3). Skills below the pathway's level are taken as
known: they are never offered as new learning there, only as a review when the student is
failing something that builds on them (or failing them), and the reason says so. A skill is
also known when the student has mastered a skill that depends on it (mastering solving
quadratics by factorising shows they can expand brackets), unless their answers on it say
otherwise (failing: at least 3 answers and an estimate under 40%).

The item is the one whose predicted chance of success (BKT state, the student's ability and
the item's difficulty) is closest to a productive 70%, avoiding items answered recently; an
exam-sprint pathway prefers exam-style items; assigned work draws from the assignment's own
items. Template and generator items come with a fresh seed: the client shows and answers that
instance (`GET /items/{id}?seed=`, the attempt's `seed`).
"""

from __future__ import annotations

import math
import secrets
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mathpath.learning.bkt import DEFAULT_PARAMS, Params, predict
from mathpath.learning.content import engine
from mathpath.learning.content.schema import LEVELS, GeneratorItem, TemplateItem
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.models import Mastery, ReviewCard
from mathpath.learning.pathways import PATHWAYS, Pathway
from mathpath.learning.timeutil import aware

TARGET_SUCCESS = 0.7
# Each difficulty step away from the middle (3) shifts the predicted logit by this much.
DIFFICULTY_LOGIT = 0.6
# Failing a skill: this many answers and still an estimate below this (the teacher's
# overview calls a student stuck from 5 answers; the recommender steps in sooner).
FAILING_MIN_ATTEMPTS = 3
FAILING_P_KNOWN = 0.4

LEVEL_TITLES = {
    "ks3": "KS3",
    "gcse-higher": "GCSE Higher",
    "a-level-y1": "A-Level Year 1",
    "a-level-y2": "A-Level Year 2",
}
_RANK = {level: n for n, level in enumerate(LEVELS)}

try:
    # Due dates are read by UK students: "due Friday" means Friday in London.
    SCHOOL_TIME: tzinfo = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # no time zone database on this system
    SCHOOL_TIME = UTC


@dataclass(frozen=True)
class Suggestion:
    activity: str  # review | lesson | practice | done
    reason: str
    source: str = "pathway"  # assignment | review | prerequisite | pathway | maintenance | none
    skill_id: str | None = None
    item_id: str | None = None
    module_id: str | None = None
    lesson_id: str | None = None
    seed: int | None = None
    p_known: float | None = None
    predicted_success: float | None = None
    pathway_id: str | None = None
    assignment_id: str | None = None
    assignment_title: str | None = None
    due_at: datetime | None = None
    teacher_id: str | None = None
    prerequisite_of: str | None = None


@dataclass(frozen=True)
class Assigned:
    """An open assignment of the student's (not complete yet)."""

    id: str
    title: str
    teacher_id: str
    due_at: datetime
    skills: tuple[str, ...]
    # Items kind: the targets not attempted yet, in the teacher's order, and how many in all.
    remaining_items: tuple[str, ...] = ()
    items_total: int = 0
    # The items assigned work is drawn from (the module's items, the skills' items, the targets).
    items: frozenset[str] = frozenset()


@dataclass(frozen=True)
class StudentState:
    mastery: dict[str, Mastery]
    params: dict[str, Params]
    ability: float
    due: list[ReviewCard]
    recent_items: set[str]
    pathways: list[str]
    assignments: tuple[Assigned, ...] = field(default=())


def _pct(p: float) -> str:
    return f"{round(p * 100)}%"


def _p(state: StudentState, skill_id: str) -> float:
    row = state.mastery.get(skill_id)
    return row.p_known if row else state.params.get(skill_id, DEFAULT_PARAMS).p_init


def _mastered(state: StudentState, skill_id: str) -> bool:
    row = state.mastery.get(skill_id)
    return bool(row and row.mastered_at is not None)


def failing(state: StudentState, skill_id: str) -> bool:
    row = state.mastery.get(skill_id)
    return bool(
        row
        and row.mastered_at is None
        and row.attempts >= FAILING_MIN_ATTEMPTS
        and row.p_known < FAILING_P_KNOWN
    )


def known_skills(curriculum: Curriculum, state: StudentState) -> set[str]:
    """Mastered skills and what they build on, less what the student's answers say is shaky."""
    mastered = [s for s in state.mastery if s in curriculum.skills and _mastered(state, s)]
    return {
        s
        for s in curriculum.prerequisite_closure(mastered)
        if _mastered(state, s) or not failing(state, s)
    }


def level_rank(curriculum: Curriculum, skill_id: str) -> int:
    skill = curriculum.skills.get(skill_id)
    return _RANK.get(skill.level, 0) if skill else 0


def pathway_floor(pathway: Pathway) -> int:
    """The rank of the pathway's lowest level: skills below it are taken as known there."""
    return min((_RANK[level] for level in pathway.levels if level in _RANK), default=0)


def _level_title(curriculum: Curriculum, skill_id: str) -> str:
    level = curriculum.skills[skill_id].level
    return LEVEL_TITLES.get(level, level)


def due_words(due_at: datetime, now: datetime) -> str:
    """'due today', 'due tomorrow', 'due Friday', 'due 14 March', 'overdue (was due ...)'."""
    day = aware(due_at).astimezone(SCHOOL_TIME).date()
    days = (day - aware(now).astimezone(SCHOOL_TIME).date()).days
    if days == 0:
        return "due today"
    if days == 1:
        return "due tomorrow"
    if 1 < days < 7:
        return f"due {day:%A}"
    if days == -1:
        return "overdue (was due yesterday)"
    dated = f"{day:%A} {day.day} {day:%B}"
    return f"overdue (was due {dated})" if days < 0 else f"due {dated}"


def _success(state: StudentState, skill_id: str, difficulty: int) -> float:
    base = predict(_p(state, skill_id), state.params.get(skill_id, DEFAULT_PARAMS), state.ability)
    z = math.log(base / (1 - base)) - DIFFICULTY_LOGIT * (difficulty - 3)
    return 1 / (1 + math.exp(-z))


def pick_item(
    curriculum: Curriculum,
    state: StudentState,
    skill_id: str,
    exam_focus: bool,
    within: frozenset[str] = frozenset(),
) -> tuple[str | None, float | None]:
    """The skill's item closest to the target success; from ``within`` when it has one."""
    candidates = curriculum.items_by_skill.get(skill_id, [])
    if within and not within.isdisjoint(candidates):
        candidates = [i for i in candidates if i in within]
    best: tuple[float, str, float] | None = None
    for item_id in candidates:
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


def _fresh(state: StudentState, skill_id: str) -> bool:
    row = state.mastery.get(skill_id)
    return row is None or row.attempts == 0


def _on_skill(
    curriculum: Curriculum,
    state: StudentState,
    skill_id: str,
    reason: str,
    *,
    source: str,
    exam_focus: bool,
    within: frozenset[str] = frozenset(),
    lesson: bool = False,
    tags: dict[str, Any] | None = None,
) -> Suggestion:
    """Practice on a skill (its lesson first when ``lesson`` and it has one)."""
    item_id, success = pick_item(curriculum, state, skill_id, exam_focus, within)
    module_id, lesson_id = _lesson_for(curriculum, skill_id) if lesson else (None, None)
    suggestion = Suggestion(
        activity="lesson" if lesson_id else "practice",
        reason=reason,
        source=source,
        skill_id=skill_id,
        item_id=item_id,
        seed=seed_for(curriculum, item_id),
        module_id=module_id or (curriculum.item_module.get(item_id) if item_id else None),
        lesson_id=lesson_id,
        p_known=round(_p(state, skill_id), 3),
        predicted_success=success,
    )
    return replace(suggestion, **tags) if tags else suggestion


def _start_or_practise(curriculum: Curriculum, state: StudentState, skill_id: str) -> str:
    name = curriculum.skills[skill_id].name
    if _fresh(state, skill_id):
        has_lesson = _lesson_for(curriculum, skill_id)[1] is not None
        return f"start '{name}'{' with its lesson, then try a question' if has_lesson else ''}"
    return f"practise '{name}' (mastery {_pct(_p(state, skill_id))})"


def _shaky_prerequisite(
    curriculum: Curriculum, state: StudentState, known: set[str], skill_id: str
) -> tuple[str, str] | None:
    """For a skill being failed: (the prerequisite to go back to, the skill that needs it).

    The weakest prerequisite not known; if the student is failing that one too, one step
    further down, and so on.
    """
    target, found, seen = skill_id, None, {skill_id}
    while True:
        pres = [
            p
            for p in curriculum.skills[target].prerequisites
            if p in curriculum.skills and p not in known and p not in seen
        ]
        if not pres:
            return found
        order = {p: n for n, p in enumerate(pres)}
        pre = min(pres, key=lambda p: (_p(state, p), order[p]))
        found = (pre, target)
        seen.add(pre)
        if not failing(state, pre):
            return found
        target = pre


def _record(state: StudentState, skill_id: str) -> str:
    row = state.mastery[skill_id]
    return f"{row.correct} of {row.attempts} right"


def _review_prerequisite(
    curriculum: Curriculum,
    state: StudentState,
    pre: str,
    of: str,
    root: str,
    *,
    exam_focus: bool,
    context: str = "",
    tags: dict[str, Any] | None = None,
) -> Suggestion:
    skills = curriculum.skills
    reason = (
        f"Review '{skills[pre].name}' ({_level_title(curriculum, pre)}): it is a prerequisite "
        f"of '{skills[of].name}', which you are finding hard ({_record(state, of)})."
    )
    if root != of:
        reason += f" Once it is secure, '{skills[root].name}' will come easier."
    return _on_skill(
        curriculum,
        state,
        pre,
        reason + context,
        source="prerequisite",
        exam_focus=exam_focus,
        lesson=_fresh(state, pre),
        tags={**(tags or {}), "prerequisite_of": of},
    )


def _assigned(
    curriculum: Curriculum,
    state: StudentState,
    known: set[str],
    work: Assigned,
    now: datetime,
    exam_focus: bool,
) -> Suggestion | None:
    lead = f"'{work.title}', set by your teacher, {due_words(work.due_at, now)}"
    tags: dict[str, Any] = {
        "assignment_id": work.id,
        "assignment_title": work.title,
        "due_at": work.due_at,
        "teacher_id": work.teacher_id,
    }
    if work.items_total:
        remaining = [i for i in work.remaining_items if i in curriculum.items]
        if not remaining:
            return None
        item = curriculum.items[remaining[0]]
        skill_id = next((s for s in item.skills if s in curriculum.skills), None)
        done = work.items_total - len(work.remaining_items)
        return Suggestion(
            activity="practice",
            reason=f"Assigned work first: {lead}. Question {done + 1} of {work.items_total}.",
            source="assignment",
            skill_id=skill_id,
            item_id=item.id,
            seed=seed_for(curriculum, item.id),
            module_id=curriculum.item_module.get(item.id),
            p_known=round(_p(state, skill_id), 3) if skill_id else None,
            predicted_success=round(_success(state, skill_id, item.difficulty), 3)
            if skill_id
            else None,
            **tags,
        )
    assigned = set(work.skills)
    todo = [
        s
        for s in curriculum.prerequisite_closure(list(work.skills))
        if s in assigned and not _mastered(state, s)
    ]
    if not todo:
        return None
    ready = [
        s
        for s in todo
        if all(p in known or p not in assigned for p in curriculum.skills[s].prerequisites)
    ]
    skill_id = (ready or todo)[0]
    if failing(state, skill_id):
        shaky = _shaky_prerequisite(curriculum, state, known, skill_id)
        if shaky is not None:
            return _review_prerequisite(
                curriculum,
                state,
                shaky[0],
                shaky[1],
                skill_id,
                exam_focus=exam_focus,
                context=f" It is part of {lead}.",
                tags=tags,
            )
    return _on_skill(
        curriculum,
        state,
        skill_id,
        f"Assigned work first: {lead}: {_start_or_practise(curriculum, state, skill_id)}.",
        source="assignment",
        exam_focus=exam_focus,
        within=work.items,
        lesson=_fresh(state, skill_id),
        tags=tags,
    )


def _review(
    curriculum: Curriculum, state: StudentState, card: ReviewCard, now: datetime, exam_focus: bool
) -> Suggestion:
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
        source="review",
        skill_id=skill.id,
        item_id=item_id,
        seed=seed_for(curriculum, item_id),
        module_id=curriculum.item_module.get(item_id) if item_id else None,
        p_known=round(_p(state, skill.id), 3),
        predicted_success=success,
    )


def _on_pathway(
    curriculum: Curriculum, state: StudentState, known: set[str], pathway: Pathway
) -> Suggestion | None:
    floor = pathway_floor(pathway)
    skills = pathway.skills(curriculum)
    on_pathway = set(skills)
    stuck = [s for s in skills if failing(state, s)]
    stuck.sort(key=lambda s: aware(state.mastery[s].last_attempt_at or datetime.min), reverse=True)
    tags: dict[str, Any] = {"pathway_id": pathway.id}
    for skill_id in stuck:
        shaky = _shaky_prerequisite(curriculum, state, known, skill_id)
        if shaky is not None:
            return _review_prerequisite(
                curriculum,
                state,
                shaky[0],
                shaky[1],
                skill_id,
                exam_focus=pathway.exam_focus,
                tags=tags,
            )
        needs = [
            d
            for d in curriculum.dependents.get(skill_id, [])
            if d in on_pathway and d not in known and level_rank(curriculum, d) >= floor
        ]
        if level_rank(curriculum, skill_id) < floor and needs:
            # Below the pathway's level, failing it, nothing beneath it to go back to.
            name, need = curriculum.skills[skill_id].name, curriculum.skills[needs[0]].name
            return _on_skill(
                curriculum,
                state,
                skill_id,
                f"Review '{name}' ({_level_title(curriculum, skill_id)}): '{need}' on "
                f"{pathway.title} builds on it, and you are finding it hard "
                f"({_record(state, skill_id)}).",
                source="prerequisite",
                exam_focus=pathway.exam_focus,
                tags={**tags, "prerequisite_of": needs[0]},
            )

    def ready(pre: str) -> bool:
        return pre in known or (level_rank(curriculum, pre) < floor and not failing(state, pre))

    frontier = [
        s
        for s in skills
        if level_rank(curriculum, s) >= floor
        and s not in known
        and all(ready(pre) for pre in curriculum.skills[s].prerequisites)
    ]
    if not frontier:
        return None
    order = {s: n for n, s in enumerate(skills)}
    skill_id = min(frontier, key=lambda s: (_p(state, s), order[s]))
    return _on_skill(
        curriculum,
        state,
        skill_id,
        f"Next on {pathway.title}: {_start_or_practise(curriculum, state, skill_id)}."
        + _builds_on(curriculum, state, known, skill_id, pathway),
        source="pathway",
        exam_focus=pathway.exam_focus,
        lesson=_fresh(state, skill_id),
        tags=tags,
    )


def _builds_on(
    curriculum: Curriculum, state: StudentState, known: set[str], skill_id: str, pathway: Pathway
) -> str:
    pres = [p for p in curriculum.skills[skill_id].prerequisites if p in curriculum.skills]
    shown = [curriculum.skills[p].name for p in pres if p in known]
    assumed = [p for p in pres if p not in known]
    out = f" You have shown what it builds on ({', '.join(shown)})." if shown else ""
    if assumed:
        levels = sorted({_level_title(curriculum, p) for p in assumed})
        names = ", ".join(curriculum.skills[p].name for p in assumed)
        out += (
            f" It builds on {' and '.join(levels)} skills that {pathway.title} takes as known"
            f" ({names}); if one turns out shaky, you will be sent back to it."
        )
    return out


def recommend(curriculum: Curriculum, state: StudentState, now: datetime) -> Suggestion:
    pathways = _pathways(state)
    exam_focus = any(p.exam_focus for p in pathways)
    known = known_skills(curriculum, state)
    for work in sorted(state.assignments, key=lambda a: (aware(a.due_at), a.id)):
        assigned = _assigned(curriculum, state, known, work, now, exam_focus)
        if assigned is not None:
            return assigned
    floor = min(pathway_floor(p) for p in pathways)
    for card in state.due:
        if card.skill_id in curriculum.skills and level_rank(curriculum, card.skill_id) >= floor:
            return _review(curriculum, state, card, now, exam_focus)
    for pathway in pathways:
        suggestion = _on_pathway(curriculum, state, known, pathway)
        if suggestion is not None:
            return suggestion
    practised = [
        s for s in state.mastery if s in curriculum.skills and level_rank(curriculum, s) >= floor
    ]
    if not practised:
        return Suggestion(
            activity="done", reason="There is nothing to practise yet.", source="none"
        )
    weakest = min(practised, key=lambda s: _p(state, s))
    return _on_skill(
        curriculum,
        state,
        weakest,
        f"You have mastered every skill on your pathway. '{curriculum.skills[weakest].name}'"
        f" is your least secure ({_pct(_p(state, weakest))}): keep it sharp.",
        source="maintenance",
        exam_focus=exam_focus,
    )
