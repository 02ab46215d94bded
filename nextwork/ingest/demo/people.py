"""The demo's young people and companies: who enrols when, their careers and outcomes, the
companies of each municipality with names and addresses, the youth network groups, and the
placements that join them. Every draw comes from the one generator passed in, in a fixed
order."""

from __future__ import annotations

import datetime as dt

import numpy as np

from nextwork.ingest.demo.days import (
    FAR,
    FIRST_DAY,
    back_to_weekday,
    choice_rows,
    day_number,
    uniform_days,
    weekday_of,
)
from nextwork.ingest.demo.sites import (
    LARGE_INDUSTRIES,
    LOCAL_PLACES,
    PLACEMENT_WEEKS,
    PLACEMENT_WEEKS_P,
    SEASON,
    SIZE_P,
    SUFFIXES,
    SURNAMES,
    TRADES,
    TURNOVER,
    Municipalities,
    Site,
    per_site,
)

# --- young people -----------------------------------------------------------------------------


def draw_participants(rng, sites: list[Site], mult: np.ndarray, until: int) -> dict:
    """Enrolments by month with seasonal and yearly variation, and who the young people are."""
    first_month = np.datetime64(FIRST_DAY, "M")
    months = np.arange(first_month, np.datetime64(np.datetime64(until, "D"), "M") + 1)
    start = months.astype("datetime64[D]").astype(np.int64)
    nxt = (months + 1).astype("datetime64[D]").astype(np.int64)
    stop = np.minimum(nxt, until + 1)  # exclusive
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12
    covid = np.where((year == 2020) & (month >= 2) & (month <= 4), 0.5, 1.0)
    yearly = (1 + per_site(sites, "growth")[:, None]) ** (year - 2019)[None, :]
    lam = (mult * per_site(sites, "intake"))[:, None] * yearly / 12
    lam = lam * (SEASON[month] * covid * (stop - start) / (nxt - start))[None, :]
    counts = rng.poisson(lam)
    site = np.repeat(np.arange(len(sites)), counts.sum(axis=1))
    month_of = np.concatenate([np.repeat(np.arange(len(months)), row) for row in counts])
    enrolled = uniform_days(rng, start[month_of], stop[month_of] - 1)
    enrolled = back_to_weekday(enrolled, day_number(FIRST_DAY))
    order = np.lexsort((enrolled, site))
    site, enrolled = site[order], enrolled[order]
    n = len(site)

    target = choice_rows(rng, np.array([sites[s].target_mix for s in range(len(sites))])[site])
    target[rng.random(n) < 0.02] = -1
    female = rng.random(n) < per_site(sites, "female")[site]
    gender = np.where(female, 0, 1)
    u = rng.random(n)
    gender[u < 0.045] = 3  # unknown
    gender[u < 0.02] = 2  # other
    gender[u < 0.012] = -1  # missing
    # Mostly 18-29 at enrolment, skewed young; a handful just outside.
    age = 18 + np.floor(rng.beta(1.6, 2.4, n) * 12).astype(np.int64)
    outside = rng.random(n) < 0.025
    age[outside] = rng.choice([16, 17, 30, 31, 32], outside.sum())
    enrol_year = enrolled.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    birth_year = enrol_year - age - (rng.random(n) < 0.5)
    birth_year[rng.random(n) < 0.01] = -1

    # Pseudonymous, so drawn at random rather than numbered in order of enrolment.
    number = rng.choice(999_999, n, replace=False) + 1
    ids = [f"{sites[s].abbr}-{k:06d}" for s, k in zip(site.tolist(), number.tolist(), strict=True)]
    return {
        "site": site,
        "enrolled": enrolled,
        "target": target,
        "gender": gender,
        "birth_year": birth_year,
        "age": age,
        "id": ids,
    }


def draw_careers(rng, p: dict, sites: list[Site], until: int) -> dict:
    """Outcome spells and the exit day that follows from them.

    A young person who starts education or a job stays enrolled for follow-up of at least
    200 days, so a spell still running 6 months on is seen as retained. A spell is recorded
    up to the exit at the latest: an exported spell never runs on after the young person left.
    """
    n = len(p["site"])
    site, e, target = p["site"], p["enrolled"], p["target"]
    year = e.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    tg_factor = np.array([0.6, 1.1, 1.3, 0.9, 1.0])[target]  # index -1: missing
    chance = per_site(sites, "outcome")[site] * tg_factor * (1 + 0.03 * (year - 2019))
    has = rng.random(n) < np.clip(chance, 0.02, 0.95)
    first = e + 14 + np.minimum(rng.gamma(2.0, 95.0, n), 900).astype(np.int64)
    edu_shift = np.array([0.0, 0.25, -0.25, 0.0, 0.0])[target] - 0.1 * (p["age"] >= 25)
    edu = rng.random(n) < np.clip(per_site(sites, "education")[site] + edu_shift, 0.05, 0.95)
    dropout = rng.random(n) < np.where(edu, 0.26, 0.20)
    dropout_end = first + rng.integers(14, 171, n)
    second = dropout & (rng.random(n) < 0.45)
    second_start = dropout_end + rng.integers(14, 151, n)
    second_edu = rng.random(n) < 0.5
    second_end = np.where(rng.random(n) < 0.15, second_start + rng.integers(30, 301, n), FAR)
    base = e + rng.integers(150, 401, n)
    follow_up = rng.integers(200, 366, n)
    exit_ = np.where(
        ~has,
        e + rng.integers(180, 731, n),
        np.where(
            ~dropout,
            np.maximum(base, first + follow_up),
            np.where(
                second,
                np.maximum(base, second_start + follow_up),
                np.maximum(base, dropout_end + rng.integers(30, 151, n)),
            ),
        ),
    )
    # A few had a spell before enrolment (a dropped education), which the KPIs ignore.
    pre = (rng.random(n) < 0.03) & (e >= day_number(dt.date(2020, 6, 1)))
    pre_start = np.maximum(e - rng.integers(90, 501, n), day_number(FIRST_DAY))
    pre_end = np.maximum(e - rng.integers(7, 61, n), pre_start)
    pre_edu = rng.random(n) < 0.7

    who = np.concatenate([np.flatnonzero(has), np.flatnonzero(has & second), np.flatnonzero(pre)])
    kind = np.concatenate([np.zeros(has.sum()), np.ones((has & second).sum()),
                           np.full(pre.sum(), 2)]).astype(np.int8)  # fmt: skip
    start = np.concatenate([first[has], second_start[has & second], pre_start[pre]])
    end = np.concatenate([np.where(dropout, dropout_end, FAR)[has], second_end[has & second],
                          pre_end[pre]])  # fmt: skip
    is_edu = np.concatenate([edu[has], second_edu[has & second], pre_edu[pre]])
    end = np.minimum(end, exit_[who])
    keep = start <= until
    return {
        "has": has,
        "first": first,
        "exit": exit_,
        "spells": {
            "who": who[keep],
            "kind": kind[keep],  # 0 first, 1 second, 2 before enrolment
            "start": start[keep],
            "end": end[keep],
            "job": ~is_edu[keep],
        },
    }


# --- companies --------------------------------------------------------------------------------


def cvr_numbers(rng, n: int) -> np.ndarray:
    """Unique 8-digit numbers that pass the CVR modulus-11 check, like real CVR numbers."""
    weights = np.array([2, 7, 6, 5, 4, 3, 2])
    out = np.empty(0, dtype=np.int64)
    while len(out) < n:
        base = rng.integers(1_000_000, 4_500_000, 2 * n + 16)
        digits = base[:, None] // 10 ** np.arange(6, -1, -1) % 10
        check = (-(digits * weights).sum(axis=1)) % 11
        cand = (base * 10 + check)[check < 10]
        out = np.concatenate([out, cand])
        _, first = np.unique(out, return_index=True)
        out = out[np.sort(first)]
    return out[:n]


def draw_companies(rng, muns, sites, mult, mun: Municipalities, until: int) -> dict:
    """Each municipality's company network: built up over 2019-2022, with some turnover."""
    until_year = int(np.datetime64(until, "D").astype("datetime64[Y]").astype(np.int64)) + 1970
    first_day = day_number(FIRST_DAY)
    site_l, joined_l = [], []
    for s, site in enumerate(sites):
        size = max(1.0, mult[s] * site.companies)

        def target(y, size=size):
            return size * min(1.0, 0.72 + 0.07 * (y - 2019))

        # The first company joined on day one and stays, so there is always a host.
        n0 = max(1, round(target(2019)))
        joined = [np.concatenate([[first_day], first_day + rng.integers(0, 31, n0 - 1)])]
        for y in range(2019, until_year + 1):
            y0, y1 = day_number(dt.date(y, 1, 1)), min(day_number(dt.date(y, 12, 31)), until)
            lam = max(0.0, target(y + 1) - target(y)) + TURNOVER * target(y)
            k = rng.poisson(lam * (y1 - y0 + 1) / 365.25)
            joined.append(uniform_days(rng, np.full(k, y0), np.full(k, y1)))
        joined = np.concatenate(joined)
        site_l.append(np.full(len(joined), s))
        joined_l.append(joined)
    site = np.concatenate(site_l)
    joined = np.concatenate(joined_l)
    n = len(site)
    left = joined + 30 + rng.exponential(365.25 / TURNOVER, n).astype(np.int64)
    anchor = np.r_[True, site[1:] != site[:-1]]
    left[anchor] = FAR

    industry = np.empty(n, dtype=object)
    postcode = np.empty(n, dtype=np.int64)
    town = np.empty(n, dtype=object)
    lat = np.empty(n)
    lon = np.empty(n)
    for s, site_params in enumerate(sites):
        rows = np.flatnonzero(site == s)
        letters = list(site_params.industry)
        w = np.array([site_params.industry[c] for c in letters], dtype=float)
        industry[rows] = np.array(letters, dtype=object)[
            rng.choice(len(w), len(rows), p=w / w.sum())
        ]
        m = muns[s]
        pcs = mun.postcodes[m]
        pick = rng.integers(0, len(pcs), len(rows))
        postcode[rows] = pcs[pick]
        town[rows] = np.array(mun.postcode_names[m], dtype=object)[pick]
        # A few km around the municipality's centre, kept inside Denmark's bounding box.
        lat[rows] = np.clip(mun.lat[m] + rng.normal(0, 0.027, len(rows)), 54.56, 57.74)
        lon[rows] = np.clip(mun.lon[m] + rng.normal(0, 0.045, len(rows)), 8.08, 15.19)
    no_coords = rng.random(n) < 0.1
    lat = np.where(no_coords, np.nan, np.round(lat, 5))
    lon = np.where(no_coords, np.nan, np.round(lon, 5))
    large = np.isin(industry, list(LARGE_INDUSTRIES))
    size_p = np.where(large[:, None], SIZE_P["large"], SIZE_P["small"])
    size = choice_rows(rng, size_p)
    names = company_names(rng, industry, size, town, [mun.name[muns[s]] for s in site])
    return {
        "site": site,
        "joined": joined,
        "left": left,  # beyond `until` means still a member
        "id": cvr_numbers(rng, n),
        "name": names,
        "industry": industry,
        "size": size,
        "postcode": postcode,
        "lat": lat,
        "lon": lon,
        # How much a company engages: hosts, meetings and visits all follow it.
        "weight": rng.lognormal(0.0, 0.9, n),
    }


def company_names(rng, industry, size, town, municipality) -> list[str]:
    n = len(industry)
    template = rng.integers(0, 5, n)
    r1, r2, r3, r4 = (rng.integers(0, 1 << 30, n) for _ in range(4))
    names = []
    for i in range(n):
        trade = TRADES[industry[i]][r1[i] % len(TRADES[industry[i]])]
        surname = SURNAMES[r2[i] % len(SURNAMES)]
        # A town with a district suffix (København K) reads oddly in a name.
        place = town[i] if " " not in town[i] else municipality[i]
        t = template[i]
        if t == 0:
            name = f"{surname} & Søn {trade}"
        elif t == 1:
            name = f"{place} {trade}"
        elif t == 2:
            name = f"{trade} {LOCAL_PLACES[r3[i] % len(LOCAL_PLACES)]}"
        elif t == 3:
            # Danish genitive: Jensens, but Friis'.
            genitive = "'" if surname.endswith("s") else "s"
            name = f"{surname}{genitive} {trade}"
        else:
            name = f"{SURNAMES[r3[i] % len(SURNAMES)][0]}{surname[0]} {trade}"
        suffixes = SUFFIXES[min(int(size[i]), 2)]
        suffix = suffixes[r4[i] % len(suffixes)]
        names.append(f"{name} {suffix}" if suffix else name)
    return names


def pick_company(rng, comp: dict, site: np.ndarray, day: np.ndarray) -> np.ndarray:
    """A company of `site`'s network that is a member on `day`, engaged ones more likely."""
    n_sites = int(comp["site"].max()) + 1
    cum = np.cumsum(comp["weight"])
    lo = np.searchsorted(comp["site"], np.arange(n_sites), side="left")
    hi = np.searchsorted(comp["site"], np.arange(n_sites), side="right")
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    total = cum[hi - 1] - base
    out = lo[site].copy()  # the anchor company, when nothing else fits
    todo = np.arange(len(site))
    for _ in range(40):
        if len(todo) == 0:
            break
        s = site[todo]
        idx = np.searchsorted(cum, base[s] + rng.random(len(todo)) * total[s], side="right")
        idx = np.clip(idx, lo[s], hi[s] - 1)
        ok = (comp["joined"][idx] <= day[todo]) & (comp["left"][idx] >= day[todo])
        out[todo[ok]] = idx[ok]
        todo = todo[~ok]
    return out


# --- youth network groups ---------------------------------------------------------------------


def draw_groups(rng, p: dict, n_sites: int) -> tuple[np.ndarray, np.ndarray]:
    """Groups of 6-8 young people who enrol one after another in the same municipality.

    Returns each young person's group (-1: not in a group) and each group's number within its
    municipality. The newest group of a municipality may still be filling up."""
    n = len(p["site"])
    group = np.full(n, -1, dtype=np.int64)
    in_group = rng.random(n) >= 0.03  # a few follow an individual track only
    numbers = []
    # People are sorted by municipality, then enrolment day.
    bounds = np.searchsorted(p["site"], np.arange(n_sites + 1))
    for s in range(n_sites):
        member = bounds[s] + np.flatnonzero(in_group[bounds[s] : bounds[s + 1]])
        cuts = np.cumsum(rng.integers(6, 9, len(member) // 6 + 1))
        chunk = np.searchsorted(cuts, np.arange(len(member)), side="right")
        offset = sum(len(x) for x in numbers)
        group[member] = offset + chunk
        numbers.append(np.arange(1, (chunk[-1] + 2) if len(chunk) else 1))
    return group, np.concatenate(numbers)


# --- placements -------------------------------------------------------------------------------


def draw_placements(rng, p: dict, car: dict, sites: list[Site], comp: dict, until: int) -> dict:
    """Chains of placements from soon after enrolment until the first outcome or exit.

    An interrupted placement is often followed by a new one within 60 days."""
    site, e = p["site"], p["enrolled"]
    exit_ = car["exit"]
    # A placement ends by the day before the first outcome and by exit, and starts at least
    # two weeks before that.
    stop_end = np.where(car["has"], np.minimum(car["first"] - 1, exit_), exit_)
    stop_start = stop_end - 13
    mixes = np.zeros((len(sites), max(len(s.placements) for s in sites)))
    for i, s in enumerate(sites):
        mixes[i, : len(s.placements)] = s.placements
    remaining = choice_rows(rng, mixes[site])
    median = per_site(sites, "days_to_placement")[site]
    start = e + np.maximum(1, rng.lognormal(np.log(median), 0.7)).astype(np.int64)
    completion = per_site(sites, "completion")[site]
    chosen_p = per_site(sites, "chosen")[site]
    hours_mean = per_site(sites, "hours")[site]
    low_hours = per_site(sites, "low_hours")[site]
    retry = per_site(sites, "retry")[site]
    quick_retry = per_site(sites, "quick_retry")[site]

    cols: dict[str, list[np.ndarray]] = {k: [] for k in ("who", "start", "end", "reason",
                                                          "chosen", "hours")}  # fmt: skip
    alive = np.flatnonzero(remaining > 0)
    while len(alive):
        s = start[alive]
        s = s + np.where(weekday_of(s) == 5, 2, 0) + np.where(weekday_of(s) == 6, 1, 0)
        ok = (s <= stop_start[alive]) & (s <= until)
        alive, s = alive[ok], s[ok]
        k = len(alive)
        weeks = rng.choice(PLACEMENT_WEEKS, k, p=PLACEMENT_WEEKS_P)
        u = rng.random(k)
        c = completion[alive]
        reason = np.where(u < c, 0, np.where(u < c + (1 - c) * 0.72, 1, 2))
        length = np.select(
            [reason == 0, reason == 1],
            [
                7 * weeks - rng.integers(0, 3, k),
                np.maximum(7, 7 * weeks * rng.uniform(0.1, 0.8, k)),
            ],
            np.maximum(14, 7 * weeks * rng.uniform(0.3, 1.0, k)),
        ).astype(np.int64)
        end = np.minimum(s + length - 1, stop_end[alive])
        hours = np.clip(np.round(rng.normal(hours_mean[alive], 6.5)), 15, 37)
        low = rng.random(k) < low_hours[alive]
        hours[low] = rng.integers(10, 15, low.sum())
        chosen = np.where(rng.random(k) < chosen_p[alive], 1, 0)
        chosen[rng.random(k) < 0.03] = -1
        for key, val in zip(cols, (alive, s, end, reason, chosen, hours), strict=True):
            cols[key].append(val)
        interrupted = reason == 1
        remaining[alive] -= 1
        remaining[alive[interrupted & (rng.random(k) < retry[alive])]] += 1
        gap = np.where(
            interrupted,
            np.where(
                rng.random(k) < quick_retry[alive], rng.integers(5, 61, k), rng.integers(61, 181, k)
            ),
            rng.integers(7, 151, k),
        )
        start[alive] = end + gap
        alive = alive[remaining[alive] > 0]
    pl = {k: np.concatenate(v) if v else np.empty(0, dtype=np.int64) for k, v in cols.items()}
    order = np.lexsort((pl["who"], pl["start"]))
    pl = {k: v[order] for k, v in pl.items()}

    # Always a company in the young person's own network: a placement elsewhere is legal but
    # draws an import warning, and a demo should import cleanly.
    pl["company"] = pick_company(rng, comp, site[pl["who"]], pl["start"])
    return pl


def draw_job_companies(
    rng, p: dict, car: dict, pl: dict, sites: list[Site], comp: dict
) -> np.ndarray:
    """The employer of each job spell when it is a network company, else -1."""
    sp = car["spells"]
    n = len(p["site"])
    last = np.full(n, -1)
    np.maximum.at(last, pl["who"], np.arange(len(pl["who"])))
    who = sp["who"]
    company = np.full(len(who), -1)
    after_placement = sp["job"] & (sp["kind"] == 0) & (last[who] >= 0)
    host = after_placement & (rng.random(len(who)) < per_site(sites, "host_job")[p["site"][who]])
    company[host] = pl["company"][last[who[host]]]
    other = sp["job"] & ~host & (sp["kind"] != 2) & (rng.random(len(who)) < 0.12)
    company[other] = pick_company(rng, comp, p["site"][who[other]], sp["start"][other])
    return company
