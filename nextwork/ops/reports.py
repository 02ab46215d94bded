"""The work of the commands that print figures from the database: kpis, fair and effects,
each as a plain-text table in Danish or as JSON. They read the database read-only and say
so, once, when there is none."""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

from nextwork.ops.commands import EXIT_FAILURE, EXIT_OK, EXIT_REJECTED


class NoDatabase(Exception):
    """The database file a command should read is not there."""

    def __init__(self, path: Path):
        super().__init__(f"no database at {path}")


@contextlib.contextmanager
def reading(path: Path):
    """A read-only connection to the database at `path`, closed afterwards; NoDatabase
    (reported by `main` as an error, exit code 1) when there is no such file."""
    from nextwork.ingest import db

    if not path.exists():
        raise NoDatabase(path)
    con = db.connect(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


def effects(args) -> int:
    from nextwork.ingest import db
    from nextwork.metrics import trial_effects

    with reading(args.db) as con:
        stored = [
            r[0] for r in con.execute("select distinct municipality from trial_results").fetchall()
        ]
        unknown = sorted(set(args.municipality) - set(stored))
        sites = args.municipality or stored
        arms = db.run(con, "trial_arms", {"municipalities": sites})
    if unknown:  # a misspelt name would otherwise print nothing and look like success
        known = ", ".join(sorted(stored)) or "none: no trial results are loaded"
        print(
            f"error: no trial results for {', '.join(unknown)} (there are: {known})",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    if arms.empty or not (arms["weeks"] == args.week).any():
        weeks = sorted(set(arms["weeks"])) if not arms.empty else []
        found = ", ".join(str(w) for w in weeks) or "none"
        print(
            f"error: no trial results at week {args.week} (weeks with results: {found})",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    out = trial_effects.effects_at(arms, args.week)
    if out["pooled"] is not None:
        out["pooled"].pop("sites")
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(effects_table(out))
    return EXIT_OK


def effects_table(out: dict) -> str:
    from nextwork.present.trial_charts import points as shown

    def points(value) -> str:
        return shown(value, "da", 1)

    lines = [f"Effekt efter {out['week']} uger (procentpoint, 95 %-interval)"]
    for name, e in out["by_municipality"].items():
        if e is None:
            lines.append(f"{name}: -")
        else:
            lines.append(
                f"{name}: {points(e['difference'])} ({points(e['ci_low'])} til "
                f"{points(e['ci_high'])}); NExTWORK {e['treated_k']}/{e['treated_n']}, "
                f"kontrol {e['control_k']}/{e['control_n']}"
            )
    p = out["pooled"]
    if p is not None:
        lines.append(
            f"Samlet (fast effekt): {points(p['difference'])} ({points(p['ci_low'])} til "
            f"{points(p['ci_high'])})"
        )
        if p["i2"] is not None:  # with one site there is nothing to pool
            lines.append(
                f"Samlet (tilfældige effekter): {points(p['random_difference'])} "
                f"({points(p['random_ci_low'])} til {points(p['random_ci_high'])}); "
                f"I² {points(p['i2'])} %"
            )
    return "\n".join(lines)


def _unknown_municipalities(con, asked: list[str], path: Path) -> bool:
    """Whether a municipality asked for has no data (printed as an error): a misspelt name
    would otherwise give a column of zeros and look like an answer."""
    from nextwork.metrics.kpis import all_municipalities

    stored = all_municipalities(con)
    unknown = [m for m in dict.fromkeys(asked) if m not in stored]
    if unknown:
        known = ", ".join(stored) or "none: nothing is imported"
        print(
            f"error: no data for {', '.join(unknown)} in {path} (there is for: {known})",
            file=sys.stderr,
        )
    return bool(unknown)


def kpis(args) -> int:
    from nextwork.metrics.kpis import compute_kpis

    with reading(args.db) as con:
        if _unknown_municipalities(con, args.municipality, args.db):
            return EXIT_REJECTED
        out = compute_kpis(
            con,
            args.start,
            args.end,
            as_of=args.as_of,
            municipalities=args.municipality or None,
            target_groups=args.target_group,
            genders=args.gender,
            age_bands=args.age_band,
        )
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(kpi_table(out))
    return EXIT_OK


def fair(args) -> int:
    from nextwork.metrics import fair

    with reading(args.db) as con:
        if _unknown_municipalities(con, args.municipality, args.db):
            return EXIT_REJECTED
        out, result = fair.fair_json(
            con,
            args.start,
            args.end,
            args.kpi,
            as_of=args.as_of,
            by=args.by,
            municipalities=args.municipality or None,
        )
    if result.left_out:
        print(
            "note: strata left out (nobody in the programme): "
            + "; ".join(", ".join(s) for s in result.left_out),
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(fair_table(out, result))
    return EXIT_OK


def fair_table(out: dict, result) -> str:
    from nextwork.metrics.kpis import KPI_BY_KEY

    readings = {
        "above_998": "over 99,8 %-grænsen",
        "above_95": "over 95 %-grænsen",
        "within": "inden for grænserne",
        "below_95": "under 95 %-grænsen",
        "below_998": "under 99,8 %-grænsen",
    }
    reading = dict(zip(result.sites["municipality"], result.sites["reading"], strict=True))
    header = ["Kommune", "n", "Observeret", "Forventet", "Forskel (pct.-point)", "Placering"]
    rows = [header]
    for name, site in out["by_municipality"].items():
        difference = site["difference"]
        rows.append(
            [
                name,
                str(site["n"]),
                plain(site["observed"], "share"),
                plain(site["expected"], "share"),
                "-" if difference is None else f"{difference * 100:+.1f}".replace(".", ","),
                readings.get(reading.get(name), "-"),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        f"{KPI_BY_KEY[out['kpi']].label_da}: {out['start']} til {out['end']}, opgjort "
        f"{out['as_of']}; strata: {', '.join(out['by'])}; programmet: "
        f"{plain(result.programme_value, 'share')} af {result.programme_n}"
    ]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    return "\n".join(lines)


def kpi_table(out: dict) -> str:
    from nextwork.metrics.kpis import KPIS

    names = list(out["by_municipality"])
    header = ["KPI", "I alt", *names]
    rows = [header]
    for kpi in KPIS:
        values = [out["total"][kpi.key], *(out["by_municipality"][n][kpi.key] for n in names)]
        rows.append([kpi.label_da, *(plain(v, kpi.kind) for v in values)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [f"{out['start']} til {out['end']}, opgjort {out['as_of']}"]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    return "\n".join(lines)


def plain(value, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "share":
        return f"{value * 100:.1f} %".replace(".", ",")
    if kind == "days":
        return f"{value:.1f}".replace(".", ",")
    return str(value)
