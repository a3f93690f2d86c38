"""Pydantic models of a curriculum content pack (see content/README.md for the format)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Level = Literal["ks3", "gcse-higher", "a-level-y1", "a-level-y2"]
LEVELS: tuple[Level, ...] = ("ks3", "gcse-higher", "a-level-y1", "a-level-y2")
Topic = Literal[
    "number",
    "algebra",
    "ratio",
    "geometry",
    "trigonometry",
    "statistics",
    "probability",
    "calculus",
    "sequences",
    "exponentials",
    "vectors",
    "proof",
]
AnswerKind = Literal[
    "expression",
    "equation",
    "solution_set",
    "inequality",
    "interval",
    "point",
    "vector",
    "numeric",
    "exact",
    "antiderivative",
]
AnswerForm = Literal[
    "any", "factorised", "expanded", "simplified", "exact", "single_fraction", "surd", "dp", "sf"
]

SKILL_ID = r"^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$"
ITEM_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pack(_Strict):
    id: str
    version: str
    title: str
    licence: str


class Spec(_Strict):
    aqa: str = Field(min_length=1)
    edexcel: str = Field(min_length=1)
    ocr: str = Field(min_length=1)


class Skill(_Strict):
    id: str = Field(pattern=SKILL_ID)
    name: str = Field(min_length=1)
    level: Level
    topic: Topic
    prerequisites: list[str] = []
    spec: Spec
    summary: str = Field(min_length=1)


class LessonRef(_Strict):
    id: str = Field(pattern=ITEM_ID)
    title: str = Field(min_length=1)
    skills: list[str] = Field(min_length=1)
    file: str


class Module(_Strict):
    id: str = Field(pattern=ITEM_ID)
    title: str = Field(min_length=1)
    level: Level
    topic: Topic
    summary: str = Field(min_length=1)
    skills: list[str] = Field(min_length=1)
    lessons: list[LessonRef] = Field(min_length=1)


class Answer(_Strict):
    kind: AnswerKind
    value: str = Field(min_length=1)
    form: AnswerForm = "any"
    dp: int | None = Field(default=None, ge=0, le=10)
    sf: int | None = Field(default=None, ge=1, le=10)
    tolerance: float | None = Field(default=None, gt=0)
    units: str | None = None

    @model_validator(mode="after")
    def _rounding_matches_form(self) -> Answer:
        if self.form == "dp" and self.dp is None:
            raise ValueError("form 'dp' needs dp")
        if self.form == "sf" and self.sf is None:
            raise ValueError("form 'sf' needs sf")
        return self


class Step(_Strict):
    text: str = Field(min_length=1)
    math: str | None = None


Problem = dict[str, Any]
"""The engine problem behind an answer (`mathpath.maths.tracing.spec`): a family and its data
as text, e.g. `{family: quadratic.factorise, eq: "x^2 - 7x + 10 = 0"}`."""


class Part(_Strict):
    label: str = Field(min_length=1)
    prompt: str = Field(min_length=1)
    marks: int = Field(ge=1, le=20)
    answer: Answer
    problem: Problem | None = None
    solution: list[Step] = Field(min_length=1)
    hints: list[str] = Field(min_length=3)
    misconceptions: list[str] = []


class _ItemBody(_Strict):
    """Fields shared by a static item and a parametric template."""

    id: str = Field(pattern=ITEM_ID)
    skills: list[str] = Field(min_length=1)
    difficulty: int = Field(ge=1, le=5)
    stem: str = Field(min_length=1)
    answer: Answer | None = None
    problem: Problem | None = None
    solution: list[Step] = []
    hints: list[str] = []
    misconceptions: list[str] = []
    marks: int | None = Field(default=None, ge=1, le=30)
    exam_style: bool = False
    parts: list[Part] | None = None

    @model_validator(mode="after")
    def _single_or_multi(self) -> _ItemBody:
        if self.parts is None:
            if self.answer is None:
                raise ValueError("an item needs either 'answer' or 'parts'")
            if not self.solution:
                raise ValueError("an item needs a worked 'solution'")
            if len(self.hints) < 3:
                raise ValueError("an item needs at least 3 hint rungs")
        else:
            if self.answer is not None:
                raise ValueError("a multi-part item has 'parts' instead of 'answer'")
            if len(self.parts) < 2:
                raise ValueError("a multi-part item needs at least 2 parts")
            labels = [p.label for p in self.parts]
            if len(set(labels)) != len(labels):
                raise ValueError("part labels must be unique")
        return self

    @property
    def total_marks(self) -> int | None:
        if self.parts is not None:
            return sum(p.marks for p in self.parts)
        return self.marks


class StaticItem(_ItemBody):
    template: Literal[False] = False


class ParamRange(_Strict):
    range: tuple[int, int]
    exclude: list[int] = []

    @model_validator(mode="after")
    def _non_empty(self) -> ParamRange:
        lo, hi = self.range
        if lo > hi:
            raise ValueError("range must be [low, high] with low <= high")
        if all(v in self.exclude for v in range(lo, hi + 1)):
            raise ValueError("every value of the range is excluded")
        return self


class TemplateItem(_ItemBody):
    template: Literal[True]
    params: dict[str, ParamRange] = Field(min_length=1)
    constraints: list[str] = []
    derived: dict[str, str] = {}


class GeneratorItem(_Strict):
    """A template whose answer, steps and hints come from a maths-engine generator."""

    id: str = Field(pattern=ITEM_ID)
    template: Literal[True]
    generator: str = Field(min_length=1)
    params: dict[str, int | str | float | bool | list[int]] = {}
    skills: list[str] = Field(min_length=1)
    difficulty: int = Field(ge=1, le=5)
    misconceptions: list[str] = []


AnyItem = StaticItem | TemplateItem | GeneratorItem


def parse_item(raw: object) -> AnyItem:
    """Pick the item model from the raw mapping, so errors name the right fields."""
    if isinstance(raw, dict) and raw.get("template") is True:
        if "generator" in raw:
            return GeneratorItem.model_validate(raw)
        return TemplateItem.model_validate(raw)
    return StaticItem.model_validate(raw)
