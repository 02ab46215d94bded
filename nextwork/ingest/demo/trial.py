"""Invented results of the randomised trial for the five demo sites, in the trial file's
format (see data/README.md): per site, arm and week since randomisation (0-156), how many
were randomised, how many of them were in job or education and how many on benefits.

Each young person in the control arm reaches a first job or education after a waiting time
drawn so that about 40 % have one by week 52, and may leave it again; in the NExTWORK arm
the chance of having reached one is raised by the site's true effect (Roskilde 15, København
10, Vejle 12, Horsens 8 and Sønderborg 1 percentage point at week 52: one site near zero).
Counts from 1 to 4 are left empty, as the statistics agency suppresses them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# site: (young people randomised to each arm, true effect at week 52)
TRUE_EFFECTS = {
    "Roskilde": (260, 0.15),
    "København": (380, 0.10),
    "Sønderborg": (220, 0.01),
    "Vejle": (300, 0.12),
    "Horsens": (240, 0.08),
}
LAST_WEEK = 156
SUPPRESSED_BELOW = 5
FILE = Path("forsoeg") / "forsoeg.csv"


def _arm(rng, n: int, reached_52: float, weeks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How many of n young people are in job or education, and how many on benefits, at each
    week: each reaches a job or education at an exponential waiting time (so that
    `reached_52` have by week 52) and leaves it after another (mean two years); of those not
    in one, nine in ten are on benefits."""
    rate = -np.log(1 - reached_52) / 52
    start = rng.exponential(1 / rate, n)
    stay = rng.exponential(104, n)
    in_work = (start[None, :] <= weeks[:, None]) & (weeks[:, None] < (start + stay)[None, :])
    on_benefits = ~in_work & (rng.random(n) < 0.9)[None, :]
    return in_work.sum(axis=1), on_benefits.sum(axis=1)


def trial_frame(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed + 1_000)
    weeks = np.arange(0, LAST_WEEK + 1)
    rows = []
    for site, (n, effect) in TRUE_EFFECTS.items():
        control_52 = float(rng.uniform(0.36, 0.44))
        for arm, reached in (("nextwork", control_52 + effect), ("control", control_52)):
            in_work, on_benefits = _arm(rng, n, reached, weeks)
            for week, k, b in zip(weeks, in_work, on_benefits, strict=True):
                rows.append((site, arm, int(week), n, _shown(k), _shown(b), "2023-2024"))
    return pd.DataFrame(
        rows,
        columns=[
            "municipality",
            "arm",
            "weeks",
            "randomised",
            "in_job_or_education",
            "on_benefits",
            "cohort",
        ],
    )


def _shown(count) -> str:
    return "" if 0 < count < SUPPRESSED_BELOW else str(int(count))


def write_demo_trial(out_dir: str | Path, seed: int = 1) -> Path:
    """Write the demo trial file into `out_dir`/forsoeg/forsoeg.csv and return its path."""
    path = Path(out_dir) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    trial_frame(seed).to_csv(path, index=False, sep=";", lineterminator="\n")
    return path
