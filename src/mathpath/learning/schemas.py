"""Request and response bodies of the learning API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mathpath.contracts.learning_client import SkillState
from mathpath.contracts.learning_events import VerdictStatus


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- curriculum -------------------------------------------------------------------------


class SkillOut(BaseModel):
    id: str
    name: str
    level: str
    topic: str
    prerequisites: list[str]
    summary: str
    modules: list[str]


class LessonSummary(BaseModel):
    id: str
    title: str
    skills: list[str]


class ModuleOut(BaseModel):
    id: str
    title: str
    level: str
    topic: str
    summary: str
    skills: list[str]
    lessons: list[LessonSummary]
    items: list[str]


class LessonOut(BaseModel):
    id: str
    module_id: str
    title: str
    skills: list[str]
    body: str


class PartOut(BaseModel):
    label: str
    prompt: str
    marks: int
    answer_kind: str
    answer_form: str


class ItemOut(BaseModel):
    """An item as a student sees it: the question, never its answer, hints or solution."""

    id: str
    content_version: str
    module_id: str
    skills: list[str]
    difficulty: int
    parametric: bool
    seed: int | None
    stem: str
    answer_kind: str | None
    answer_form: str | None
    marks: int | None
    parts: list[PartOut] | None
    hint_count: int


class PathwayOut(BaseModel):
    id: str
    title: str
    description: str
    levels: list[str]
    skills: int
    modules: list[str]
    enrolled: bool = False


# --- attempts ---------------------------------------------------------------------------


class AttemptIn(_In):
    item_id: str = Field(min_length=1, max_length=120)
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1)
    part: str | None = Field(default=None, max_length=20)
    answer: str = Field(max_length=2000)
    content_version: str | None = Field(default=None, max_length=120)
    hints_used: int = Field(default=0, ge=0, le=50)
    saw_solution: bool = False
    tutor_help: bool = False
    duration_ms: int | None = Field(default=None, ge=0, le=86_400_000)


class SkillMasteryOut(BaseModel):
    skill_id: str
    p_known: float
    previous: float
    mastered: bool


class AttemptOut(BaseModel):
    attempt_id: str
    item_id: str
    part: str | None
    seed: int | None
    content_version: str
    status: VerdictStatus
    correct: bool
    reason: str
    feedback: str
    misconception: str | None
    mastery: list[SkillMasteryOut]
    answered_at: datetime
    recorded_at: datetime


class SyncAttemptIn(AttemptIn):
    client_id: str = Field(min_length=8, max_length=100)
    answered_at: datetime


class SyncIn(_In):
    attempts: list[SyncAttemptIn] = Field(min_length=1, max_length=500)


class SyncResult(BaseModel):
    client_id: str
    outcome: Literal["recorded", "duplicate", "rejected"]
    attempt: AttemptOut | None = None
    error: str | None = None


class SyncOut(BaseModel):
    results: list[SyncResult]
    mastery: list[SkillMasteryOut]


# --- progress ---------------------------------------------------------------------------


class MasteryOut(BaseModel):
    skill_id: str
    p_known: float
    mastered: bool
    attempts: int
    correct: int
    last_attempt_at: datetime | None


class MisconceptionCount(BaseModel):
    misconception: str
    count: int
    skills: list[str]


class NextOut(BaseModel):
    activity: Literal["review", "lesson", "practice", "done"]
    reason: str = Field(description="Why this is next, in words the app shows the student")
    source: Literal["assignment", "review", "prerequisite", "pathway", "maintenance", "none"] = (
        Field(
            description="What chose it: a teacher's assignment, a due review, a prerequisite of "
            "a skill the student is failing, the next skill on a pathway, keeping mastered "
            "skills sharp, or nothing to do"
        )
    )
    skill_id: str | None
    skill_name: str | None
    item_id: str | None
    seed: int | None = Field(
        default=None, description="For a template or generator item: the instance to show"
    )
    module_id: str | None
    lesson_id: str | None
    p_known: float | None
    predicted_success: float | None
    pathway_id: str | None
    assignment_id: str | None = Field(description="The assignment this is work for")
    assignment_title: str | None
    due_at: datetime | None = Field(description="When that assignment is due")
    teacher_id: str | None = Field(description="Who set that assignment")
    prerequisite_of: str | None = Field(
        description="For a prerequisite review: the skill the student is failing that needs it"
    )
    reviews_due: int
    content_version: str


class ActivityOut(BaseModel):
    attempt_id: str
    item_id: str
    skills: list[str]
    skill_names: list[str]
    status: str
    correct: bool
    misconception: str | None
    answered_at: datetime


class ModuleMasteryOut(BaseModel):
    module_id: str
    title: str
    skills: int
    mastered: int
    mean_p_known: float
    started: bool


class PathwayProgressOut(BaseModel):
    pathway_id: str
    title: str
    enrolled: bool
    skills: int
    mastered: int
    # Over every skill of the pathway, an unpractised skill counting 0.
    mean_p_known: float
    started: bool


class StudentProgressOut(BaseModel):
    student_id: str
    skills: list[SkillState]
    pathways: list[PathwayProgressOut]


class StudentsProgressOut(BaseModel):
    students: list[StudentProgressOut]
    # Asked for but not the caller's to see (or no such student: the same answer).
    denied: list[str]


class DashboardOut(BaseModel):
    student_id: str
    skills: list[SkillState]
    modules: list[ModuleMasteryOut]
    skills_mastered: int
    streak_days: int
    days_practised: int
    attempts: int
    time_spent_ms: int
    time_spent_ms_7d: int
    reviews_due: int
    pathways: list[str]
    recent: list[ActivityOut]


class WeeklySummaryOut(BaseModel):
    student_id: str
    week_start: datetime
    week_end: datetime
    attempts: int
    correct: int
    days_active: int
    time_spent_ms: int
    skills_practised: list[str]
    skills_mastered: list[str]
    struggling_with: list[str]
    misconceptions: list[str]
    streak_days: int


class FeedbackIn(_In):
    body: str = Field(min_length=1, max_length=4000)
    skill_id: str | None = Field(default=None, max_length=120)


class ReviewOut(BaseModel):
    skill_id: str
    skill_name: str
    due: datetime
    overdue: bool


# --- teachers ---------------------------------------------------------------------------


class AssignmentIn(_In):
    title: str = Field(min_length=1, max_length=200)
    target_kind: Literal["module", "skills", "items"]
    target_ids: list[str] = Field(min_length=1, max_length=200)
    due_at: datetime


class AssignmentOut(BaseModel):
    id: str
    class_id: str
    teacher_id: str
    title: str
    target_kind: str
    target_ids: list[str]
    skills: list[str]
    due_at: datetime
    created_at: datetime


class _Progress(BaseModel):
    skills_mastered: int
    skills_total: int
    items_attempted: int = Field(
        description="Distinct items of the assignment attempted (a module: its items; skills: "
        "every item practising them; items: the targets)"
    )
    items_total: int
    attempts: int = Field(description="Attempts on those items, whenever made")
    correct: int = Field(description="Of those attempts, the correct ones")
    complete: bool = Field(
        description="Items: every target attempted; a module or skills: every skill mastered"
    )
    overdue: bool


class AssignmentProgress(_Progress):
    assignment: AssignmentOut


class StudentAssignmentProgress(_Progress):
    student_id: str


class AssignmentClassProgress(BaseModel):
    assignment: AssignmentOut
    students: list[StudentAssignmentProgress]


class StudentRow(BaseModel):
    student_id: str
    mastery: dict[str, float]
    mastered: int
    attempts: int
    stuck_on: list[str]


class SkillSummary(BaseModel):
    skill_id: str
    name: str
    mean_p_known: float
    mastered: int
    students_practised: int


class StuckStudent(BaseModel):
    student_id: str
    skill_id: str
    skill_name: str
    wrong_in_a_row: int
    attempts: int
    p_known: float


class ClassOverviewOut(BaseModel):
    class_id: str
    students: list[StudentRow]
    skills: list[SkillSummary]
    stuck: list[StuckStudent]
    misconceptions: list[MisconceptionCount]


class ChildSummary(BaseModel):
    student_id: str
    summary: WeeklySummaryOut | None
    dashboard: DashboardOut
