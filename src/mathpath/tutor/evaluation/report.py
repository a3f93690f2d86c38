"""The evaluation report: configurations side by side, as Markdown and JSON."""

from __future__ import annotations

from typing import Any

ROWS = (
    ("verdict_accuracy", "Verdict accuracy"),
    ("misconception_accuracy", "Misconception accuracy"),
    ("reply_kind_accuracy", "Reply kind accuracy"),
    ("leak_rate", "Answer leak rate (must be 0)"),
    ("ladder_compliance", "Ladder compliance (scenarios)"),
)


def _pct(entry: dict[str, Any]) -> str:
    low, high = entry["ci95"]
    share = f"({entry['hits']}/{entry['n']})"
    return f"{entry['rate'] * 100:.1f}% [{low * 100:.1f}, {high * 100:.1f}] {share}"


def markdown(scores: dict[str, dict[str, Any]], meta: dict[str, Any]) -> str:
    names = list(scores)
    lines = [
        "# Tutor evaluation",
        "",
        f"Dataset: `{meta.get('dataset')}`, {meta.get('scenarios')} scenarios. "
        f"Machine: {meta.get('machine')}. Date: {meta.get('date')}.",
        "Rates with 95% Wilson intervals; latency percentiles with 95% bootstrap intervals.",
        "",
        "| metric | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for key, label in ROWS:
        lines.append(f"| {label} | " + " | ".join(_pct(scores[n][key]) for n in names) + " |")
    lines.append("| Latency p50 (ms) | " + " | ".join(
        f"{s['latency_ms']['p50']:.1f} [{s['latency_ms']['p50_ci95'][0]:.1f}, "
        f"{s['latency_ms']['p50_ci95'][1]:.1f}]" for s in scores.values()) + " |")  # fmt: skip
    lines.append("| Latency p95 (ms) | " + " | ".join(
        f"{s['latency_ms']['p95']:.1f} [{s['latency_ms']['p95_ci95'][0]:.1f}, "
        f"{s['latency_ms']['p95_ci95'][1]:.1f}]" for s in scores.values()) + " |")  # fmt: skip
    lines.append("| Guard rejections per turn | " + " | ".join(
        f"{s['guard_rejections_per_turn']:.3f}" for s in scores.values()) + " |")  # fmt: skip
    lines.append("| Tokens per turn | " + " | ".join(
        f"{s['tokens_per_turn']:.1f}" for s in scores.values()) + " |")  # fmt: skip
    lines.append("| Cost per turn (USD) | " + " | ".join(
        f"{s['cost_usd_per_turn']:.6f}" for s in scores.values()) + " |")  # fmt: skip
    for name, s in scores.items():
        if s["errors"]:
            lines += ["", f"## Errors ({name})", *[f"- {e}" for e in s["errors"][:20]]]
        if s["failures"]:
            lines += ["", f"## Expectation misses ({name}, first 25 of {len(s['failures'])})"]
            lines += [
                f"- `{f['scenario']}` turn {f['turn']}: expected {f['expected']}, got {f['got']}"
                + (" LEAK" if f["leaked"] else "")
                for f in s["failures"][:25]
            ]
    return "\n".join(lines) + "\n"
