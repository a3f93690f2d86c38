"""Read routes of the curriculum: skills, modules, lessons, items (never their answers)."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Query

from mathpath.access import AnyUser
from mathpath.kit.errors import BusinessRuleViolation, NotFound, error_responses
from mathpath.kit.service import ContextDep, SessionDep
from mathpath.learning import catalog, practice
from mathpath.learning.content.schema import AnyItem
from mathpath.learning.curriculum import Curriculum
from mathpath.learning.dependencies import CurriculumDep
from mathpath.learning.schemas import (
    ItemOut,
    LessonOut,
    LessonSummary,
    ModuleOut,
    PartOut,
    SkillOut,
)

router = APIRouter(tags=["curriculum"])


def skill_out(curriculum: Curriculum, skill_id: str) -> SkillOut:
    skill = curriculum.skills[skill_id]
    return SkillOut(
        id=skill.id,
        name=skill.name,
        level=skill.level,
        topic=skill.topic,
        prerequisites=list(skill.prerequisites),
        summary=skill.summary,
        modules=curriculum.module_of_skill(skill.id),
    )


def module_out(curriculum: Curriculum, module_id: str) -> ModuleOut:
    module = curriculum.modules[module_id]
    return ModuleOut(
        id=module.id,
        title=module.title,
        level=module.level,
        topic=module.topic,
        summary=module.summary,
        skills=list(module.skills),
        lessons=[
            LessonSummary(id=lesson.id, title=lesson.title, skills=list(lesson.skills))
            for lesson in module.lessons
        ],
        items=[i for i, m in curriculum.item_module.items() if m == module_id],
    )


async def item_out(curriculum: Curriculum, item: AnyItem, seed: int | None) -> ItemOut:
    """The student's view of an item; a template or generator item is drawn from `seed` (or a
    fresh one). Only the question: answers, solutions and hints stay on the server."""
    parametric = practice.is_parametric(item)
    if parametric and seed is None:
        seed = secrets.randbelow(2**31)
    static = await practice.concrete_async(item, seed)
    answer = static.answer
    return ItemOut(
        id=item.id,
        content_version=curriculum.version_id,
        module_id=curriculum.item_module[item.id],
        skills=list(item.skills),
        difficulty=item.difficulty,
        parametric=parametric,
        seed=seed if parametric else None,
        stem=static.stem,
        answer_kind=answer.kind if answer is not None else None,
        answer_form=answer.form if answer is not None else None,
        marks=static.total_marks,
        parts=None
        if static.parts is None
        else [
            PartOut(
                label=p.label,
                prompt=p.prompt,
                marks=p.marks,
                answer_kind=p.answer.kind,
                answer_form=p.answer.form,
            )
            for p in static.parts
        ],
        hint_count=len(static.hints) if static.parts is None else 0,
    )


@router.get("/api/v1/skills", summary="Skills of the published curriculum")
async def list_skills(
    _user: AnyUser,
    curriculum: CurriculumDep,
    level: Annotated[str | None, Query(max_length=40)] = None,
    topic: Annotated[str | None, Query(max_length=40)] = None,
) -> list[SkillOut]:
    return [
        skill_out(curriculum, s.id)
        for s in curriculum.skills.values()
        if (level is None or s.level == level) and (topic is None or s.topic == topic)
    ]


@router.get("/api/v1/skills/{skill_id}", summary="One skill", responses=error_responses(NotFound))
async def get_skill(_user: AnyUser, curriculum: CurriculumDep, skill_id: str) -> SkillOut:
    if skill_id not in curriculum.skills:
        raise NotFound(f"No skill {skill_id!r}.")
    return skill_out(curriculum, skill_id)


@router.get("/api/v1/modules", summary="Modules of the published curriculum")
async def list_modules(
    _user: AnyUser,
    curriculum: CurriculumDep,
    level: Annotated[str | None, Query(max_length=40)] = None,
) -> list[ModuleOut]:
    return [
        module_out(curriculum, m.id)
        for m in curriculum.modules.values()
        if level is None or m.level == level
    ]


@router.get(
    "/api/v1/modules/{module_id}", summary="One module", responses=error_responses(NotFound)
)
async def get_module(_user: AnyUser, curriculum: CurriculumDep, module_id: str) -> ModuleOut:
    if module_id not in curriculum.modules:
        raise NotFound(f"No module {module_id!r}.")
    return module_out(curriculum, module_id)


@router.get(
    "/api/v1/modules/{module_id}/lessons/{lesson_id}",
    summary="One lesson of a module, with its text (Markdown)",
    responses=error_responses(NotFound),
)
async def get_lesson(
    _user: AnyUser, curriculum: CurriculumDep, module_id: str, lesson_id: str
) -> LessonOut:
    module = curriculum.modules.get(module_id)
    lesson = next((x for x in module.lessons if x.id == lesson_id), None) if module else None
    if module is None or lesson is None:
        raise NotFound(f"No lesson {lesson_id!r} in module {module_id!r}.")
    return LessonOut(
        id=lesson.id,
        module_id=module_id,
        title=lesson.title,
        skills=list(lesson.skills),
        body=curriculum.lessons[(module_id, lesson_id)],
    )


@router.get(
    "/api/v1/items/{item_id}",
    summary="An item to practise: its question, never its answer or solution",
    responses=error_responses(NotFound, BusinessRuleViolation),
)
async def get_item(
    _user: AnyUser,
    ctx: ContextDep,
    session: SessionDep,
    item_id: str,
    seed: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
    version: Annotated[str | None, Query(max_length=120)] = None,
) -> ItemOut:
    curriculum = await catalog.version(ctx, session, version) if version else catalog.current(ctx)
    item = practice.require(curriculum.items.get(item_id), item_id)
    return await item_out(curriculum, item, seed)
