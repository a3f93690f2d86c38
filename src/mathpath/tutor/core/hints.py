"""What each rung of the hint ladder says, from where the student is.

The student's working has reached some line of the worked solution (`position`, from the
maths engine's tracing; -1 means nothing beyond the question yet). The next-step and
worked-step rungs speak about the line after that one, so a student who has factorised is
told to set each bracket to zero, not to rearrange. No rung repeats a hint already given in
the session: each rung has a list of candidates and takes the first new one. Concept text
comes only from the Explanation sections of the item's skills, cut at whole sentences with
Markdown tables, headings and emphasis removed; maths is shown as LaTeX printed by the engine.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mathpath.maths.tracing.display import display_latex
from mathpath.tutor.core.items import SolutionStep, TutorItem
from mathpath.tutor.core.ladder import Rung
from mathpath.tutor.retrieval.passages import Passage

CONCEPT_CHARS = 360
MID_WORKING = "Your working is right so far."
NOTHING_NEW = (
    "I've given you every hint I have for this step. Try the next line, and I'll check it."
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z$(])")
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$", re.M)
_DISPLAY_MATHS = re.compile(r"\$\$(.+?)\$\$", re.S)
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+", re.M)
_HEADING = re.compile(r"^\s*#+\s.*$", re.M)
_RAW_SYNTAX = re.compile(r"\*\*|\w\*\w|\bsqrt\(|\bExp\(|\bAbs\(")
_WORD = re.compile(r"[a-z]{4,}")


def clean_prose(markdown: str) -> str:
    """Lesson Markdown as chat text: no tables, headings, list marks or emphasis; display
    maths kept inline; a paragraph that began mid-sentence (a list item) gets its capital."""
    text = _TABLE_ROW.sub(" ", markdown)
    text = _HEADING.sub(" ", text)
    text = _LIST_MARK.sub("", text)
    text = _DISPLAY_MATHS.sub(lambda m: f"${m.group(1).strip().rstrip('.,')}$.", text)
    text = _EMPHASIS.sub(lambda m: next(g for g in m.groups() if g), text)
    text = re.sub(r"\s+", " ", text).strip()
    return text[:1].upper() + text[1:]


LONG_SENTENCE = 160


def _chat_sentences(text: str) -> list[str]:
    """Sentences, with a long one split at its semicolons (a list written as one sentence)."""
    out: list[str] = []
    for sentence in (s.strip() for s in _SENTENCE_END.split(text) if s.strip()):
        if len(sentence) > LONG_SENTENCE and "; " in sentence:
            pieces = [p.strip() for p in sentence.split("; ") if p.strip()]
            out += [_sentence(p[:1].upper() + p[1:]) for p in pieces]
        else:
            out.append(sentence)
    return out


def whole_sentences(text: str, limit: int) -> str:
    """As many whole sentences as fit in `limit` characters (at least one whole sentence)."""
    sentences = _chat_sentences(text)
    out: list[str] = []
    for sentence in sentences:
        if out and len(" ".join([*out, sentence])) > limit:
            break
        out.append(sentence)
    chosen = " ".join(out)
    if chosen and chosen[-1] not in ".!?":
        chosen += "."
    return chosen


def _paragraphs(passage: Passage) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", passage.text) if p.strip()]


def concept_texts(
    item: TutorItem, passages: Iterable[Passage], limit: int = CONCEPT_CHARS
) -> list[str]:
    """Paragraphs of the Explanation sections of the item's skills, best fit first (sharing
    the most words with the item's stem, skills and hints), each as whole sentences."""
    words = set(_WORD.findall(" ".join([item.stem, *item.skills, *item.hints]).lower()))
    scored: list[tuple[int, int, str]] = []
    for passage in passages:
        if passage.kind != "explanation":
            continue
        if passage.skills and item.skills and not set(passage.skills) & set(item.skills):
            continue
        for paragraph in _paragraphs(passage):
            prose = clean_prose(paragraph)
            if not prose or _RAW_SYNTAX.search(prose):
                continue
            score = len(words & set(_WORD.findall(prose.lower())))
            scored.append((-score, len(scored), whole_sentences(prose, limit)))
    return [text for _, _, text in sorted(scored) if text]


def concept_text(item: TutorItem, passages: Iterable[Passage], limit: int = CONCEPT_CHARS) -> str:
    """The best-fitting explanation paragraph ('' when no explanation was retrieved)."""
    found = concept_texts(item, passages, limit)
    return found[0] if found else ""


def maths(step: SolutionStep) -> str:
    """A worked step's maths as `$...$` (the engine's LaTeX), or '' when it cannot be shown."""
    if not step.math:
        return ""
    tex = display_latex(step.math)
    if tex is None and not re.search(r"[*]|sqrt\(", step.math):
        tex = step.math
    return f"${tex}$" if tex else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


@dataclass(frozen=True)
class HintContext:
    item: TutorItem
    position: int  # -1: nothing beyond the question yet
    given: tuple[str, ...]
    passages: tuple[Passage, ...] = ()


def _next(ctx: HintContext) -> SolutionStep | None:
    steps = ctx.item.solution
    index = ctx.position + 1
    return steps[index] if 0 <= index < len(steps) else None


def candidates(ctx: HintContext, rung: Rung) -> list[str]:
    """The texts a rung may say, best first (the caller takes the first new and safe one)."""
    item, hints = ctx.item, ctx.item.hints
    step = _next(ctx)
    reached = ctx.position >= 0 and ctx.position < len(item.solution)
    if rung == Rung.GUIDING_QUESTION:
        if reached and step is not None and step.text:
            # Mid-working, the first hint starts from the student's last line: what to do next,
            # in words (its maths waits for the worked-step rung).
            return [f"{MID_WORKING} Next: {_sentence(step.text)}", *hints[:1]]
        return [*hints[:1], "What is the question asking you to find?"]
    if rung == Rung.CONCEPT:
        concepts = concept_texts(item, ctx.passages)
        return concepts or [*hints[:1], "Think about which rule applies here."]
    if rung == Rung.METHOD:
        later = [_sentence(s.text) for s in item.solution[ctx.position + 1 :] if s.text]
        return [*hints[1:2], *later[:1], *hints[-1:], "Work step by step from your last line."]
    if rung == Rung.NEXT_STEP:
        out = [_sentence(step.text)] if step is not None and step.text else []
        return [*out, *hints[2:3], *hints[1:2], "Write down the next line of working."]
    if rung == Rung.WORKED_STEP:
        if step is None:
            return [*hints[-1:]]
        shown = maths(step)
        said = bool(step.text) and any(normalised(step.text) in normalised(g) for g in ctx.given)
        if shown and said:  # the words were the last rung: now only the maths they lead to
            return [f"Written out, that step is {shown}", *hints[-1:]]
        with_maths = f"{_sentence(step.text)} That gives {shown}" if shown else ""
        return [c for c in (with_maths, _sentence(step.text), *hints[-1:]) if c]
    if rung == Rung.FULL_SOLUTION:
        return [full_solution(item)]
    return []


def full_solution(item: TutorItem) -> str:
    lines = []
    for i, step in enumerate(item.solution, 1):
        shown = maths(step)
        lines.append(f"{i}. {_sentence(step.text)}" + (f" {shown}" if shown else ""))
    answer = display_latex(item.answer) or item.answer
    return "\n".join([*lines, f"So the answer is ${answer}$."])


def normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def is_new(text: str, given: Sequence[str]) -> bool:
    """Not a hint already given (the same words, ignoring case and punctuation)."""
    key = normalised(text)
    return bool(key) and all(
        key != normalised(g) and key not in normalised(g) and not _same_words(text, g)
        for g in given
    )


def _same_words(a: str, b: str) -> bool:
    """Nearly the same words ("Replace π with 180." and "Replace π with 180°.")."""
    wa, wb = set(_WORD.findall(a.lower())), set(_WORD.findall(b.lower()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.8
