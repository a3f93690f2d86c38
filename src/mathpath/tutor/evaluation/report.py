"""The evaluation report: configurations side by side, as Markdown and JSON."""

from __future__ import annotations

from typing import Any

ENGINE_ROWS = (
    ("verdict_accuracy", "Verdict accuracy"),
    ("misconception_accuracy", "Misconception accuracy"),
    ("reply_kind_accuracy", "Reply kind accuracy"),
    ("leak_rate", "Answer leak rate (must be 0)"),
    ("ladder_compliance", "Ladder compliance (scenarios)"),
)
REPLY_ROWS = (
    ("names_misconception", "Names the diagnosed misconception"),
    ("correct_working_not_called_wrong", "Correct working never called wrong"),
    ("hint_about_next_step", "Hint is about the student's next step"),
    ("partial_says_missing", "Partial answer: says what is missing"),
    ("why_answered", "'Why' question answered"),
    ("no_repeated_hint", "No repeated hint (scenarios)"),
    ("no_leak", "No answer leak"),
    ("no_truncation", "No truncation"),
    ("no_raw_syntax", "No raw SymPy syntax"),
    ("reading_level_for_age", "Reading level for the age"),
    ("ladder_order", "Hints in ladder order (scenarios)"),
)


def _pct(entry: dict[str, Any]) -> str:
    if not entry["n"]:
        return "n/a"
    low, high = entry["ci95"]
    share = f"({entry['hits']}/{entry['n']})"
    return f"{entry['rate'] * 100:.1f}% [{low * 100:.1f}, {high * 100:.1f}] {share}"


def _table(
    scores: dict[str, dict[str, Any]], rows: tuple[tuple[str, str], ...], part: str | None
) -> list[str]:
    names = list(scores)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key, label in rows:
        cells = [_pct(scores[n][part][key] if part else scores[n][key]) for n in names]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


def markdown(scores: dict[str, dict[str, Any]], meta: dict[str, Any]) -> str:
    names = list(scores)
    lines = [
        "# Tutor evaluation",
        "",
        f"Dataset: {meta.get('dataset')}, {meta.get('scenarios')} scenarios. "
        f"Machine: {meta.get('machine')}. Date: {meta.get('date')}.",
        "Rates with 95% Wilson intervals; latency percentiles with 95% bootstrap intervals.",
        "",
        "## What the student reads",
        "",
        "| **overall** (mean of the rows below x no-leak share) | "
        + " | ".join(f"**{scores[n]['overall']:.3f}**" for n in names)
        + " |",
        *_table(scores, REPLY_ROWS, "reply")[1:],
        "",
        "## What the engine and the policy decided",
        "",
        *_table(scores, ENGINE_ROWS, None),
    ]
    lines.append(
        "| Latency p50 (ms) | "
        + " | ".join(
            f"{s['latency_ms']['p50']:.1f} [{s['latency_ms']['p50_ci95'][0]:.1f}, "
            f"{s['latency_ms']['p50_ci95'][1]:.1f}]"
            for s in scores.values()
        )
        + " |"
    )
    lines.append(
        "| Latency p95 (ms) | "
        + " | ".join(
            f"{s['latency_ms']['p95']:.1f} [{s['latency_ms']['p95_ci95'][0]:.1f}, "
            f"{s['latency_ms']['p95_ci95'][1]:.1f}]"
            for s in scores.values()
        )
        + " |"
    )
    lines.append(
        "| Guard rejections per turn | "
        + " | ".join(f"{s['guard_rejections_per_turn']:.3f}" for s in scores.values())
        + " |"
    )
    lines.append(
        "| Tokens per turn | "
        + " | ".join(f"{s['tokens_per_turn']:.1f}" for s in scores.values())
        + " |"
    )
    lines.append(
        "| Cost per turn (USD) | "
        + " | ".join(f"{s['cost_usd_per_turn']:.6f}" for s in scores.values())
        + " |"
    )
    lines += ["", "## By level (overall score)", ""]
    levels = sorted({level for s in scores.values() for level in s["by_level"]})
    lines += ["| level | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for level in levels:
        cells = [
            f"{s['by_level'][level]['overall']:.3f} ({s['by_level'][level]['scenarios']})"
            if level in s["by_level"]
            else "n/a"
            for s in scores.values()
        ]
        lines.append(f"| {level} | " + " | ".join(cells) + " |")
    judged = {n: s["judge"] for n, s in scores.items() if s.get("judge")}
    if judged:
        lines += ["", "## Rubric judge (language model)", ""]
        lines += [
            f"- {n}: {j['mean']:.2f} / 5 over {j['n']} replies ({j['model']})"
            for n, j in judged.items()
        ]
    for name, s in scores.items():
        if s["errors"]:
            lines += ["", f"## Errors ({name})", *[f"- {e}" for e in s["errors"][:20]]]
        if s["failures"] and not name.startswith("control-"):
            lines += ["", f"## Expectation misses ({name}, first 25 of {len(s['failures'])})"]
            lines += [
                f"- `{f['scenario']}` turn {f['turn']}: expected {f['expected']}, got {f['got']}"
                + (" LEAK" if f["leaked"] else "")
                for f in s["failures"][:25]
            ]
    return "\n".join(lines) + "\n"
