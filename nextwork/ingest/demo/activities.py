"""The demo's activities (network meetings, joint meetings, sessions, company visits) on
each site's calendar, and each site's yearly costs."""

from __future__ import annotations

import numpy as np

from nextwork.ingest.demo.days import (
    DAY_BITS,
    DAY_MASK,
    FAR,
    FIRST_DAY,
    attend,
    back_to_weekday,
    day_number,
    expand,
    holiday,
    sched_key,
    uniform_days,
    weekday_of,
)
from nextwork.ingest.demo.sites import (
    COMPANY_MEETING,
    JOINT,
    OTHER,
    SESSION,
    SITES,
    VISIT,
    YOUTH,
    per_site,
)

# --- activities -------------------------------------------------------------------------------


def monthly_days(until: int, weekday: int, nth: int, months: tuple[int, ...]) -> np.ndarray:
    """The nth `weekday` (Monday = 0) of the given months, from 2019 up to `until`."""
    m = np.arange(np.datetime64(FIRST_DAY, "M"), np.datetime64(np.datetime64(until, "D"), "M") + 1)
    m = m[np.isin(m.astype(np.int64) % 12 + 1, months)]
    first = m.astype("datetime64[D]").astype(np.int64)
    days = first + (weekday - weekday_of(first)) % 7 + 7 * (nth - 1)
    return days[days <= until]


def site_schedule(n_sites: int, days: np.ndarray) -> np.ndarray:
    return np.sort(sched_key(np.repeat(np.arange(n_sites), len(days)), np.tile(days, n_sites)))


def draw_activities(rng, p, car, group, comp, sites, mult, until) -> dict:
    """Attendance rows: one per attending young person or company, a few with neither."""
    n_sites = len(sites)
    e = p["enrolled"]
    p_end = np.minimum(car["exit"], until)
    p_first_outcome = np.where(car["has"], car["first"], FAR)
    # How reliably each young person turns up; after starting a job or education, less.
    p_att = rng.beta(8.0, 2.4, len(e))
    c_end = np.minimum(comp["left"], until)
    parts = []

    # Youth network: each group meets weekly on its own weekday while it has members.
    in_group = np.flatnonzero(group >= 0)
    g = group[in_group]
    n_groups = int(group.max()) + 1 if len(in_group) else 0
    g_first = np.full(n_groups, FAR)
    g_last = np.full(n_groups, -1)
    np.minimum.at(g_first, g, e[in_group])
    np.maximum.at(g_last, g, p_end[in_group])
    g_site = np.zeros(n_groups, dtype=np.int64)
    g_site[g] = p["site"][in_group]
    wd = rng.integers(0, 4, n_groups)
    g_start = g_first + (wd - weekday_of(g_first)) % 7
    owner, k = expand(
        np.zeros(n_groups, dtype=np.int64), np.maximum((g_last - g_start) // 7 + 1, 0)
    )
    meet_day = g_start[owner] + 7 * k
    every = per_site(sites, "meeting_every").astype(np.int64)[g_site[owner]]
    keep = ~holiday(meet_day) & (k % every == 0)
    meet_group, meet_day = owner[keep], meet_day[keep]
    schedule = sched_key(meet_group, meet_day)
    who, m = attend(schedule, g, e[in_group], p_end[in_group])
    who = in_group[who]
    day = meet_day[m]
    prob = p_att[who] * np.where(day >= p_first_outcome[who], 0.6, 1.0)
    hit = rng.random(len(who)) < prob
    parts.append((m[hit], day[hit], g_site[meet_group[m[hit]]], YOUTH, who[hit], None))
    offset = len(schedule)

    # Company network: monthly, second Tuesday, not in July.
    days = monthly_days(until, 1, 2, (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12))
    schedule = site_schedule(n_sites, days)
    who, m = attend(schedule, comp["site"], comp["joined"], c_end)
    hit = rng.random(len(who)) < 1 - np.exp(-0.22 * comp["weight"][who])
    m, who = m[hit], who[hit]
    parts.append((offset + m, schedule[m] & DAY_MASK, schedule[m] >> DAY_BITS, COMPANY_MEETING,
                  None, who))  # fmt: skip
    offset += len(schedule)

    # Joint meetings of young people and companies: quarterly, third Thursday.
    days = monthly_days(until, 3, 3, (3, 6, 9, 12))
    schedule = site_schedule(n_sites, days)
    who, m = attend(schedule, p["site"], e, p_end)
    hit = rng.random(len(who)) < 0.55 * p_att[who]
    parts.append((offset + m[hit], schedule[m[hit]] & DAY_MASK, p["site"][who[hit]], JOINT,
                  who[hit], None))  # fmt: skip
    who, m = attend(schedule, comp["site"], comp["joined"], c_end)
    hit = rng.random(len(who)) < 1 - np.exp(-0.3 * comp["weight"][who])
    parts.append((offset + m[hit], schedule[m[hit]] & DAY_MASK, comp["site"][who[hit]], JOINT,
                  None, who[hit]))  # fmt: skip
    offset += len(schedule)

    # Individual sessions: one at enrolment, then every few weeks.
    months = (p_end - e + 1) / 30.44
    n_more = rng.poisson(per_site(sites, "sessions")[p["site"]] * np.maximum(months, 0))
    who = np.concatenate([np.arange(len(e)), np.repeat(np.arange(len(e)), n_more)])
    is_first = np.r_[np.ones(len(e), bool), np.zeros(len(who) - len(e), bool)]
    day = np.where(is_first, e[who], uniform_days(rng, e[who], p_end[who]))
    day = back_to_weekday(day, e[who])
    parts.append((offset + np.arange(len(who)), day, p["site"][who], SESSION, who, None))
    offset += len(who)

    # Company visits by the team, more often to engaged companies.
    months = (c_end - comp["joined"] + 1) / 30.44
    n_visits = rng.poisson(0.6 * np.sqrt(comp["weight"]) * np.maximum(months, 0))
    who = np.repeat(np.arange(len(comp["site"])), n_visits)
    day = uniform_days(rng, comp["joined"][who], c_end[who])
    day = back_to_weekday(day, comp["joined"][who])
    parts.append((offset + np.arange(len(who)), day, comp["site"][who], VISIT, None, who))
    offset += len(who)

    # Other activities (a job fair, an open house) with attendance not recorded.
    years = (until - day_number(FIRST_DAY) + 1) / 365.25
    n_other = rng.poisson(3.0 * mult * years)
    site = np.repeat(np.arange(n_sites), n_other)
    day = uniform_days(rng, np.full(len(site), day_number(FIRST_DAY)), np.full(len(site), until))
    day = back_to_weekday(day, day_number(FIRST_DAY))
    parts.append((offset + np.arange(len(site)), day, site, OTHER, None, None))

    cols = {k: [] for k in ("key", "day", "site", "type", "person", "company")}
    for key, day, site, kind, person, company in parts:
        k = len(key)
        cols["key"].append(np.asarray(key, dtype=np.int64))
        cols["day"].append(np.asarray(day, dtype=np.int64))
        cols["site"].append(np.asarray(site, dtype=np.int64))
        cols["type"].append(np.full(k, kind, dtype=np.int8))
        cols["person"].append(np.full(k, -1) if person is None else person)
        cols["company"].append(np.full(k, -1) if company is None else company)
    act = {k: np.concatenate(v) for k, v in cols.items()}
    attendee = np.where(act["person"] >= 0, act["person"], len(e) + act["company"])
    order = np.lexsort((attendee, act["key"], act["day"]))
    act = {k: v[order] for k, v in act.items()}
    act["seq"] = np.cumsum(np.r_[True, act["key"][1:] != act["key"][:-1]])
    del act["key"]
    return act


# --- costs ------------------------------------------------------------------------------------


def draw_costs(rng, sites, mult, until: int) -> dict:
    """A team of about 5-6 FTE per site at ~650,000 DKK each, plus running costs."""
    until_year = int(np.datetime64(until, "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    years = np.arange(2019, until_year + 1)
    site = np.repeat(np.arange(len(sites)), len(years))
    year = np.tile(years, len(sites))
    staff = per_site(sites, "staff")[site]
    # The sites' teams are 5-6 FTE at scale 1; other municipalities' are sized by intake.
    fte = np.where(
        site < len(SITES),
        np.clip(staff + rng.normal(0, 0.25, len(site)), 5.0, 6.0) * mult[site],
        staff * rng.uniform(0.95, 1.05, len(site)),
    )
    fte = np.round(fte, 1)
    salary = 640_000 * 1.015 ** (year - 2019)
    running = rng.uniform(300_000, 450_000, len(site)) * fte / 5.5
    cost = np.round((fte * salary + running) / 1000) * 1000
    return {"site": site, "year": year, "cost": cost.astype(np.int64), "fte": fte}
