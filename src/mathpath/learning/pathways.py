"""Learning pathways: named routes through the skills graph.

A pathway is defined by the levels it covers; its skills are those levels' skills plus
every prerequisite they need (so a GCSE pathway reaches down to the KS3 skills it builds on),
in prerequisite order. The recommender takes the skills below a pathway's level as known
there and only sends the student back to one when they are failing something that needs it
(`recommend.py`); a student who needs the KS3 ground itself enrols on KS3 catch-up. The exam
sprint covers the same ground as GCSE Higher but its recommendations favour exam-style items.
"""

from __future__ import annotations

from dataclasses import dataclass

from mathpath.learning.curriculum import Curriculum


@dataclass(frozen=True)
class Pathway:
    id: str
    title: str
    description: str
    levels: tuple[str, ...]
    exam_focus: bool = False

    def skills(self, curriculum: Curriculum) -> list[str]:
        return curriculum.prerequisite_closure(curriculum.skills_at_levels(set(self.levels)))

    def modules(self, curriculum: Curriculum) -> list[str]:
        return [m.id for m in curriculum.modules.values() if m.level in self.levels]


PATHWAYS: dict[str, Pathway] = {
    p.id: p
    for p in (
        Pathway(
            "ks3-catch-up",
            "KS3 catch-up",
            "Rebuild the Key Stage 3 foundations (number, algebra, ratio) before GCSE.",
            ("ks3",),
        ),
        Pathway(
            "gcse-higher",
            "GCSE Higher",
            "The GCSE Higher tier, from the KS3 skills it needs to the hardest topics.",
            ("gcse-higher",),
        ),
        Pathway(
            "gcse-exam-sprint",
            "GCSE exam sprint",
            "The weeks before the exam: exam-style questions and spaced review of GCSE skills.",
            ("gcse-higher",),
            exam_focus=True,
        ),
        Pathway(
            "a-level-pure-y1",
            "A-Level Pure Year 1",
            "Year 1 pure mathematics: algebra, quadratics, coordinate geometry, trigonometry, "
            "calculus.",
            ("a-level-y1",),
        ),
        Pathway(
            "a-level-pure-y2",
            "A-Level Pure Year 2",
            "Year 2 pure mathematics, building on Year 1.",
            ("a-level-y2",),
        ),
    )
}
