"""Small statistics for evaluation reports: Wilson intervals and bootstrap percentiles."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

Z95 = 1.959963984540054


def wilson(successes: int, total: int, z: float = Z95) -> tuple[float, float, float]:
    """Rate and its 95% Wilson score interval (good at 0 and 1, unlike the normal one)."""
    if total == 0:
        return (float("nan"), float("nan"), float("nan"))
    p = successes / total
    denom = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return (p, max(0.0, centre - half), min(1.0, centre + half))


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = (len(ordered) - 1) * q
    low, high = math.floor(index), math.ceil(index)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


def bootstrap_percentile(
    values: Sequence[float], q: float, resamples: int = 300, seed: int = 7
) -> tuple[float, float, float]:
    """A percentile with a 95% bootstrap interval."""
    if not values:
        return (float("nan"), float("nan"), float("nan"))
    rng = random.Random(seed)  # noqa: S311 - resampling for statistics, not secrets
    estimates = sorted(
        percentile([rng.choice(values) for _ in values], q) for _ in range(resamples)
    )
    return (percentile(values, q), percentile(estimates, 0.025), percentile(estimates, 0.975))
