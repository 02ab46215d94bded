"""Settings from `config/settings.toml` (path overridable with NEXTWORK_SETTINGS)."""

from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DEFAULTS = {
    "targets": {"outcome_12m_share": 0.75},
    "status_quo": {"outcome_12m_share": 0.30},
    "charts": {"min_share_n": 10},
    "privacy": {
        "small_number_threshold": 5,
        "median_rounding_days": 7,
        "perturbation": {
            "positions": 256,
            "noise": [0, -1, 1, -2, 2],
            "1": [0.5, 0.3, 0.1, 0.0, 0.1],
            "2": [0.4, 0.2, 0.2, 0.1, 0.1],
        },
    },
    "economy": {"monthly_benefit_dkk": 11_900},
}


def settings_path() -> Path:
    """The settings file: NEXTWORK_SETTINGS, else config/settings.toml."""
    return Path(os.environ.get("NEXTWORK_SETTINGS", ROOT / "config" / "settings.toml"))


@functools.cache
def settings() -> dict:
    path = settings_path()
    merged = {section: dict(values) for section, values in DEFAULTS.items()}
    if path.exists():
        with path.open("rb") as f:
            for section, values in tomllib.load(f).items():
                merged.setdefault(section, {}).update(values)
    return merged


def target(key: str) -> float | None:
    return settings()["targets"].get(key)


def status_quo(key: str) -> float | None:
    """What the figure was before the programme, the level it set out to beat."""
    return settings().get("status_quo", {}).get(key)


def min_share_n() -> int:
    """Shares on fewer young people (or placements, companies) than this are drawn greyed."""
    return int(settings().get("charts", {}).get("min_share_n", 10))


def query_threads() -> int:
    """The threads DuckDB may use for one query of the app (NEXTWORK_QUERY_THREADS, default 1;
    0 leaves DuckDB's own choice, one per core). The app answers many readers at once, each
    run on its own thread, so the cores are busy with runs already: a query spread over two
    threads took 10-20 % more CPU in all for the same answer, which a room of readers waits
    for; a single reader of a national database waits about a quarter longer for a new
    view's queries with one thread."""
    text = os.environ.get("NEXTWORK_QUERY_THREADS", "1").strip()
    # DuckDB starts every thread it is given (100 000 of them hang the app): a bound above
    # the cores of any machine the app runs on
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_QUERY_THREADS:
        raise ValueError(
            f"NEXTWORK_QUERY_THREADS must be a whole number from 0 to {MAX_QUERY_THREADS}, "
            f"not {text!r}"
        )
    return int(text)


MAX_QUERY_THREADS = 256
