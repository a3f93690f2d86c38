"""Knowledge tracing on ASSISTments 2009 (DKT split): AUC and RMSE of next-answer prediction.

Compares pyBKT's own fits (standard BKT, BKT with forgetting) with the service's model: the
same BKT-with-forgetting update the service runs on every attempt (`mathpath.learning.bkt`),
with per-skill parameters fitted by pyBKT on the training split, plus the online student
ability offset. The ability rate is chosen on a held-out 20% of the training students, never
on the test split.

    .venv/bin/python benchmarks/learning_kt/run.py [DATA_DIR]

DATA_DIR defaults to ../shared/data relative to the repository root. Needs the `kt` extra.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from pyBKT.models import Model
from sklearn.metrics import mean_squared_error, roc_auc_score

from mathpath.learning.bkt import (
    DEFAULT_PARAMS,
    Evidence,
    Params,
    ability_after,
    predict,
    update,
)

ROOT = Path(__file__).resolve().parents[2]
RATES = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3)
SEED = 42


def load(data_dir: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(data_dir / f"assistments2009_{name}.csv")
    frame = frame.sort_values(["student", "step"], kind="stable").reset_index(drop=True)
    return frame.rename(columns={"student": "user_id", "skill_id": "skill_name"}).assign(
        order_id=lambda d: np.arange(len(d))
    )


def fit(frame: pd.DataFrame, *, forgets: bool) -> tuple[Model, float]:
    model = Model(seed=SEED, num_fits=3)
    start = time.perf_counter()
    model.fit(data=frame.copy(), forgets=forgets)
    return model, time.perf_counter() - start


def params_of(model: Model) -> dict[int, Params]:
    found: dict[int, dict[str, float]] = {}
    for (skill, param, _cls), row in model.params().iterrows():
        found.setdefault(int(skill), {})[str(param)] = float(row["value"])
    return {
        skill: Params(v["prior"], v["learns"], v["guesses"], v["slips"], v.get("forgets", 0.0))
        for skill, v in found.items()
    }


def service_predictions(frame: pd.DataFrame, params: dict[int, Params], rate: float) -> np.ndarray:
    """Predict each answer before seeing it, updating online exactly as the service does."""
    known: dict[tuple[str, int], float] = {}
    ability: dict[str, float] = {}
    out = np.empty(len(frame))
    rows = zip(
        frame["user_id"].values, frame["skill_name"].values, frame["correct"].values, strict=True
    )
    for n, (user, skill, correct) in enumerate(rows):
        p = params.get(int(skill), DEFAULT_PARAMS)
        state = known.get((user, skill), p.p_init)
        theta = ability.get(user, 0.0)
        predicted = predict(state, p, theta)
        out[n] = predicted
        ability[user] = ability_after(theta, predicted, bool(correct), rate)
        known[(user, skill)] = update(state, Evidence(correct=bool(correct)), p)
    return out


def scores(truth: np.ndarray, predicted: np.ndarray) -> tuple[float, float]:
    auc = float(roc_auc_score(truth, predicted))
    rmse = math.sqrt(float(mean_squared_error(truth, predicted)))
    return auc, rmse


def pybkt_scores(model: Model, frame: pd.DataFrame) -> tuple[float, float]:
    predicted = model.predict(data=frame.copy())
    return scores(predicted["correct"].to_numpy(), predicted["correct_predictions"].to_numpy())


def main() -> None:
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    train, test = load(data_dir, "train"), load(data_dir, "test")
    truth = test["correct"].to_numpy()
    print(f"train {len(train)} rows, test {len(test)} rows, {train.skill_name.nunique()} skills")

    # Choose the ability rate on held-out training students.
    students = np.array(sorted(train["user_id"].unique()))
    rng = np.random.default_rng(SEED)
    held = set(rng.choice(students, size=len(students) // 5, replace=False))
    inner = train[~train["user_id"].isin(held)]
    holdout = train[train["user_id"].isin(held)]
    inner_model, _ = fit(inner, forgets=True)
    inner_params = params_of(inner_model)
    tuning = {
        rate: scores(
            holdout["correct"].to_numpy(), service_predictions(holdout, inner_params, rate)
        )[0]
        for rate in RATES
    }
    best = max(tuning, key=lambda r: tuning[r])
    print("held-out AUC by ability rate:", {r: round(a, 4) for r, a in tuning.items()})

    standard, t_standard = fit(train, forgets=False)
    forgetting, t_forget = fit(train, forgets=True)
    params = params_of(forgetting)
    start = time.perf_counter()
    ours = service_predictions(test, params, best)
    t_ours = time.perf_counter() - start
    rows = [
        ("pyBKT standard BKT", *pybkt_scores(standard, test), f"fit {t_standard:.1f} s"),
        ("pyBKT BKT + forgetting", *pybkt_scores(forgetting, test), f"fit {t_forget:.1f} s"),
        (
            "service BKT + forgetting (no ability)",
            *scores(truth, service_predictions(test, params, 0.0)),
            "pyBKT params",
        ),
        (
            f"service BKT + forgetting + ability (rate {best})",
            *scores(truth, ours),
            f"online pass {t_ours:.1f} s ({len(test) / t_ours:,.0f} updates/s)",
        ),
    ]
    print("| model | AUC | RMSE | notes |")
    print("|---|---|---|---|")
    for name, auc, rmse, note in rows:
        print(f"| {name} | {auc:.4f} | {rmse:.4f} | {note} |")


if __name__ == "__main__":
    main()
