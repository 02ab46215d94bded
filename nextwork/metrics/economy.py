"""The Økonomi page's figures: the labels of the cost columns, and the savings scenario, what
the user's own assumptions imply for one year's cost, kept here so that the arithmetic is
tested and the page only shows it.

Nothing here is an effect of NExTWORK. The effect (how many months less on benefit a young
person spends because of the programme) is what the randomised trial measures; the scenario
only shows what a given effect would be worth against the team's cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from nextwork import config

# The columns of `costs_per_year` as the Økonomi page shows them: (Danish, English) labels.
PER_UNIT = {  # the costs per unit
    "cost_per_participant": ("Kr. pr. aktiv ung", "DKK per active young person"),
    "cost_per_placement": ("Kr. pr. påbegyndt praktikforløb", "DKK per placement started"),
    "cost_per_outcome": ("Kr. pr. ung med første resultat", "DKK per young person with an outcome"),
    "cost_per_retained_outcome": ("Kr. pr. fastholdt resultat", "DKK per retained outcome"),
}
COLUMNS = {  # the table's columns, in their order
    "municipality": ("Kommune", "Municipality"),
    "year": ("År", "Year"),
    "cost_dkk": ("Omkostning (kr.)", "Cost (DKK)"),
    "staff_fte": ("Årsværk", "Staff (FTE)"),
    "participants_active": ("Aktive unge", "Active young people"),
    "cost_per_participant": PER_UNIT["cost_per_participant"],
    "placements_started": ("Påbegyndte praktikforløb", "Placements started"),
    "cost_per_placement": PER_UNIT["cost_per_placement"],
    "count_first_outcomes": ("Unge med første resultat", "Young people with a first outcome"),
    "cost_per_outcome": PER_UNIT["cost_per_outcome"],
    "count_retained_outcomes": ("Fastholdte resultater", "Retained outcomes"),
    "cost_per_retained_outcome": PER_UNIT["cost_per_retained_outcome"],
    "participants_per_fte": ("Unge pr. årsværk", "Young people per FTE"),
    "companies_per_fte": ("Virksomheder pr. årsværk", "Companies per FTE"),
}
RATIOS = ("staff_fte", "participants_per_fte", "companies_per_fte")  # shown with one decimal
# The count each figure divides by, or into.
COUNT_OF = {
    "cost_per_participant": "participants_active",
    "cost_per_placement": "placements_started",
    "cost_per_outcome": "count_first_outcomes",
    "cost_per_retained_outcome": "count_retained_outcomes",
    "participants_per_fte": "participants_active",
    "companies_per_fte": "companies_in_network",
}


@dataclass(frozen=True)
class Scenario:
    cost_dkk: float | None  # the year's cost; None when it is not known
    participants: int
    monthly_benefit_dkk: float
    months_off_benefit: float  # the assumed effect, per participant
    saving_per_month_dkk: float  # one month less on benefit for every participant
    gross_saving_dkk: float  # benefit not paid out
    net_dkk: float | None  # gross saving minus cost
    break_even_months: float | None  # the effect at which the net result is 0


def scenario(
    cost_dkk: float | None,
    participants: int,
    monthly_benefit_dkk: float,
    months_off_benefit: float,
) -> Scenario:
    """The gross benefit saving of `participants` young people each spending
    `months_off_benefit` fewer months on a benefit of `monthly_benefit_dkk` a month, the net
    result against `cost_dkk`, and the months off benefit per participant at which the saving
    pays the cost (None without a cost, or when nobody or nothing is saved per month)."""
    gross = participants * months_off_benefit * monthly_benefit_dkk
    per_month = participants * monthly_benefit_dkk
    return Scenario(
        cost_dkk=cost_dkk,
        participants=participants,
        monthly_benefit_dkk=monthly_benefit_dkk,
        months_off_benefit=months_off_benefit,
        saving_per_month_dkk=per_month,
        gross_saving_dkk=gross,
        net_dkk=None if cost_dkk is None else gross - cost_dkk,
        break_even_months=None if cost_dkk is None or per_month <= 0 else cost_dkk / per_month,
    )


def net_at(s: Scenario, months: list[float]) -> list[float | None]:
    """The net result for each number of months off benefit per participant."""
    if s.cost_dkk is None:
        return [None for _ in months]
    return [s.participants * m * s.monthly_benefit_dkk - s.cost_dkk for m in months]


def chart_months(s: Scenario) -> list[float]:
    """The months off benefit a chart of the net result spans: from 0 to twice the break-even
    point, and past the chosen months (at least 1)."""
    top = max(1.0, 2 * (s.break_even_months or 0.0), 1.25 * s.months_off_benefit)
    return [0.0, top]


def without_hidden_counts(costs: pd.DataFrame) -> pd.DataFrame:
    """`costs_per_year` as a viewer may see it: where a count was suppressed (empty), the
    figures built on it are emptied too, since the cost beside them would give it away."""
    out = costs.copy()
    for column, count in COUNT_OF.items():
        out[column] = out[column].where(out[count].notna())
    return out


def default_monthly_benefit() -> float:
    """The benefit per young person and month the scenario starts from (config/settings.toml)."""
    return float(config.settings()["economy"]["monthly_benefit_dkk"])


def default_year(years: list[int], complete: list[bool]) -> int | None:
    """The year the scenario starts on: the latest that is over on the as-of day, else the
    latest."""
    done = [y for y, c in zip(years, complete, strict=True) if c]
    if done:
        return max(done)
    return max(years) if years else None
