"""The command line: `python -m nextwork
import|history|restore|trial|effects|template|kpis|fair|demo|bench|load`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

EXIT_OK, EXIT_FAILURE, EXIT_REJECTED = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from e


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nextwork",
        description="NExTWORK Indsigt: import activity exports and compute the programme's KPIs.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "import",
        help="validate an export folder and load it into the database",
        description="Validate an export folder against the data contract and, if it is valid, "
        "replace the stored data of the municipalities it contains. The dashboard may keep "
        "running: the new data is written to a copy of the database that then replaces it. "
        "Exit code 0 on success (warnings on stderr), 2 when the export breaks a rule (every "
        "problem on stderr, the database unchanged), 1 on any other failure (such as another "
        "import holding the database for longer than --lock-timeout).",
    )
    p.add_argument("export_dir", metavar="EXPORT_DIR", type=Path)
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")
    p.add_argument(
        "--key-file",
        type=Path,
        help="the pseudonymisation key for CPR numbers (default: $NEXTWORK_KEY_FILE, else a "
        "file in your config directory; created on first use)",
    )
    p.add_argument(
        "--lock-timeout",
        type=float,
        metavar="SECONDS",
        help="how long to wait for another import to finish (default: $NEXTWORK_LOCK_TIMEOUT, "
        "else 300)",
    )

    p = sub.add_parser(
        "history",
        help="list the earlier versions of the database kept by imports",
        description="List the earlier versions of the database that imports (and restores) "
        "kept, newest first, each with what replaced it and the rows per site and table "
        "that changed then. The number kept is `[history] keep` in the settings "
        "($NEXTWORK_HISTORY_KEEP; default 5).",
    )
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")

    p = sub.add_parser(
        "restore",
        help="swap an earlier version of the database back in (undo an import)",
        description="Replace the database with an earlier version listed by `history`, "
        "under the same lock as an import and while the dashboard keeps running. The "
        "version it replaces is kept, so a restore can be undone too. Audited.",
    )
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")
    p.add_argument("--to", required=True, metavar="ID", help="the version's id from `history`")
    p.add_argument("--lock-timeout", type=float, metavar="SECONDS")

    p = sub.add_parser(
        "kpis",
        help="print every KPI for a period",
        description="Print every KPI for a period, for the selection as a whole and per "
        "municipality.",
    )
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")
    p.add_argument("--start", type=_date, required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--end", type=_date, required=True, help="last day, YYYY-MM-DD")
    p.add_argument(
        "--as-of",
        type=_date,
        help="the day the data is true for (default: the day of the most recent import)",
    )
    p.add_argument(
        "--municipality",
        action="append",
        default=[],
        metavar="NAME",
        help="a municipality (repeat for several; default: all in the database)",
    )
    p.add_argument(
        "--target-group",
        action="append",
        metavar="G",
        help="activity_ready, education_ready, job_ready, other or unknown",
    )
    p.add_argument("--gender", action="append", metavar="G", help="female, male, other or unknown")
    p.add_argument(
        "--age-band", action="append", metavar="B", help="'under 18', 18-24, 25-29, 30+ or unknown"
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    from nextwork.metrics.fair import DIMENSIONS, FAIR_KEYS

    p = sub.add_parser(
        "fair",
        help="compare the sites fairly: each site's share against the share expected for its mix",
        description="For one share KPI about young people: each site's observed share against "
        "the share it would reach with the programme's rate (every site pooled) in each stratum "
        "of young people (target group, age band, gender) for its own mix, the difference "
        "(observed - expected) and where it lies in the funnel plot's 95 % and 99.8 % limits.",
    )
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")
    p.add_argument("--start", type=_date, required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--end", type=_date, required=True, help="last day, YYYY-MM-DD")
    p.add_argument(
        "--as-of",
        type=_date,
        help="the day the data is true for (default: the day of the most recent import)",
    )
    p.add_argument(
        "--kpi", required=True, choices=FAIR_KEYS, metavar="KEY", help=", ".join(FAIR_KEYS)
    )
    p.add_argument(
        "--by",
        action="append",
        choices=list(DIMENSIONS),
        metavar="DIMENSION",
        help="a characteristic of the strata: target_group, age_band or gender (repeat for "
        "several; default: [fair] strata in the settings, target group and age band)",
    )
    p.add_argument(
        "--municipality",
        action="append",
        default=[],
        metavar="NAME",
        help="a municipality to report (repeat for several; default: all in the database); "
        "the programme is always every municipality in the database",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser(
        "trial",
        help="validate a trial file and load it into the database",
        description="Validate the randomised trial's results (aggregates per municipality, "
        "arm and week since randomisation; see data/README.md) and, if the file is valid, "
        "replace the stored trial results with it, while the dashboard keeps running. Exit "
        "code 0 on success (warnings on stderr), 2 when the file breaks a rule (every problem "
        "on stderr, the database unchanged), 1 on any other failure.",
    )
    p.add_argument("file", metavar="FILE", type=Path, help="the trial file (.csv or .xlsx)")
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")
    p.add_argument("--lock-timeout", type=float, metavar="SECONDS")

    p = sub.add_parser(
        "effects",
        help="print the trial's effect per site and pooled at a week",
        description="Print the difference in the share in job or education (NExTWORK minus "
        "control) at a week since randomisation per municipality, with Newcombe's 95 % "
        "interval, and pooled over the municipalities (fixed effect by inverse-variance "
        "weighting, and DerSimonian-Laird random effects with I²).",
    )
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")
    p.add_argument("--week", type=int, default=52, help="weeks since randomisation (default 52)")
    p.add_argument(
        "--municipality",
        action="append",
        default=[],
        metavar="NAME",
        help="a municipality (repeat for several; default: all in the trial results)",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser(
        "template",
        help="write the template workbook for teams that keep their records in Excel",
        description="Write an Excel workbook with a sheet per table of the export (Danish "
        "and English headers, drop-down lists, date formats, an example row) and a sheet of "
        "instructions. Filled in, the one file imports as an export.",
    )
    p.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    p.add_argument("--lang", choices=("da", "en"), default="da", help="the instructions' language")

    p = sub.add_parser(
        "demo",
        help="write a demo export",
        description="Write an invented but plausible export for the five NExTWORK "
        "municipalities (or, at a large scale, all 98).",
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--scale", type=float, default=1.0, help="volume multiplier (default 1)")
    p.add_argument("--until", type=_date, help="last day of the data (default: today)")

    p = sub.add_parser(
        "bench",
        help="measure import and KPI speed at national scale",
        description="Build a national-scale export, import it, time the KPIs and the "
        "dashboard's queries, and print and save the figures.",
    )
    p.add_argument(
        "--scale",
        type=float,
        action="append",
        help="volume multiplier, repeatable (default: the demo, 1, and national scale, 40)",
    )
    p.add_argument(
        "--workdir",
        type=Path,
        default=Path("bench-out"),
        help="where the export, database and results go (default bench-out/)",
    )
    p.add_argument("--load-users", type=int, default=20, help="users in the load test (default 20)")
    p.add_argument(
        "--load-seconds", type=float, default=60.0, help="length of each load test (default 60)"
    )
    p.add_argument("--no-load", action="store_true", help="leave out the load test")

    p = sub.add_parser(
        "load",
        help="load-test the dashboard (Locust readers while imports run)",
        description="Let Locust's simulated readers open every page with random filters, "
        "speaking Streamlit's websocket protocol as its front end does, while the demo export "
        "is imported again every few seconds, and report the pages served, the errors (exit "
        "code 1 if there are any) and the page times (p50, p95). Without --url it starts the "
        "app itself on its own demo database (one process as `make run`, or --processes N "
        "behind nginx as `make serve`); with --url it tests a running one, importing into "
        "--db.",
    )
    p.add_argument("--url", help="a running app or proxy (default: start one)")
    p.add_argument(
        "--processes",
        type=int,
        default=1,
        help="app processes to start, behind nginx when more than 1 (default 1)",
    )
    p.add_argument("--users", type=int, default=20, help="simulated readers (default 20)")
    p.add_argument("--seconds", type=float, default=60.0, help="how long (default 60)")
    p.add_argument(
        "--import-every",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="seconds between imports, 0 for none (default 10)",
    )
    p.add_argument("--db", type=Path, help="with --url: the database that app reads")
    p.add_argument("--export", type=Path, help="with --url: the export to import (data/demo)")
    p.add_argument("--profile", type=Path, help="record a flame graph (SVG) of the app server")
    p.add_argument(
        "--workdir",
        type=Path,
        default=Path("bench-out/load"),
        help="where the demo export, database and results go (default bench-out/load/)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        commands = {
            "import": _import,
            "history": _history,
            "restore": _restore,
            "template": _template,
            "kpis": _kpis,
            "trial": _trial,
            "effects": _effects,
            "fair": _fair,
            "demo": _demo,
            "bench": _bench,
            "load": _load,
        }
        return commands[args.command](args)
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except Exception as e:  # the last line of defence: a message, not a traceback
        from nextwork.ingest.privacy import mask_cpr_like

        print(f"error: {type(e).__name__}: {mask_cpr_like(str(e))}", file=sys.stderr)
        return EXIT_FAILURE


def _import(args) -> int:
    from nextwork.ingest.importer import import_export
    from nextwork.ingest.privacy import mask_cpr_like
    from nextwork.ingest.store import Busy

    try:
        result = import_export(
            args.db, args.export_dir, key_file=args.key_file, lock_timeout=args.lock_timeout
        )
    except Busy as e:
        print(f"error: {mask_cpr_like(str(e))}", file=sys.stderr)
        return EXIT_FAILURE
    _audit_import(args.db, result)
    for line in result.report():
        print(line, file=sys.stderr)
    if not result.ok:
        print(
            f"import rejected: {result.count_errors} errors; nothing was changed", file=sys.stderr
        )
        return EXIT_REJECTED
    counts = ", ".join(f"{n} {t}" for t, n in result.row_counts.items())
    print(f"imported {', '.join(result.municipalities)}: {counts}")
    return EXIT_OK


def _audit_import(database: Path, result, what: str = "") -> None:
    """Who imported, from the command line: the operating-system user."""
    import getpass

    from nextwork.ingest import audit

    outcome = "accepted" if result.ok else "rejected"
    detail = f"{outcome}: {', '.join(result.municipalities) or '-'}"
    if what:
        detail = f"{what} {detail}"
    try:
        audit.record("import", getpass.getuser(), "command line", detail, database=database)
    except OSError as e:  # the import itself is done; say so rather than fail
        print(f"warning: the audit log could not be written ({e})", file=sys.stderr)


def _trial(args) -> int:
    from nextwork.ingest import trial
    from nextwork.ingest.privacy import mask_cpr_like
    from nextwork.ingest.store import Busy

    if not args.file.is_file():
        print(f"error: {mask_cpr_like(str(args.file))}: no such file", file=sys.stderr)
        return EXIT_FAILURE
    try:
        result = trial.load(args.db, args.file, lock_timeout=args.lock_timeout)
    except Busy as e:
        print(f"error: {mask_cpr_like(str(e))}", file=sys.stderr)
        return EXIT_FAILURE
    _audit_import(args.db, result, what="trial results")
    for line in result.report():
        print(line, file=sys.stderr)
    if not result.ok:
        print(
            f"trial file rejected: {len(result.errors)} errors; nothing was changed",
            file=sys.stderr,
        )
        return EXIT_REJECTED
    print(f"loaded trial results for {', '.join(result.municipalities)}: {result.rows} rows")
    return EXIT_OK


def _effects(args) -> int:
    from nextwork.ingest import db
    from nextwork.metrics import trial_effects

    if not args.db.exists():
        print(f"error: no database at {args.db}", file=sys.stderr)
        return EXIT_FAILURE
    con = db.connect(args.db, read_only=True)
    try:
        stored = [
            r[0] for r in con.execute("select distinct municipality from trial_results").fetchall()
        ]
        unknown = sorted(set(args.municipality) - set(stored))
        sites = args.municipality or stored
        arms = db.run(con, "trial_arms", {"municipalities": sites})
    finally:
        con.close()
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
        print(_effects_table(out))
    return EXIT_OK


def _effects_table(out: dict) -> str:
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


def _history(args) -> int:
    from nextwork.ingest import history

    kept = history.versions(args.db)
    if not kept:
        print(f"no earlier versions of {args.db} are kept")
        return EXIT_OK
    for version in kept:
        when = f"{version.replaced_at:%Y-%m-%d %H:%M:%S}"
        print(f"{version.id}  replaced {when} by {version.describe()}")
        for site, tables in version.changes.items():
            changes = ", ".join(f"{t} {a} -> {b}" for t, (a, b) in tables.items())
            print(f"    {site}: {changes}")
        if not version.changes:
            print("    no rows changed")
    return EXIT_OK


def _restore(args) -> int:
    import getpass

    from nextwork.ingest import history
    from nextwork.ingest.store import Busy

    try:
        kept = history.restore(
            args.db, args.to, getpass.getuser(), "command line", lock_timeout=args.lock_timeout
        )
    except (history.NoSuchVersion, Busy) as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"restored {args.to} into {args.db}; the version it replaced is kept as {kept}")
    return EXIT_OK


def _template(args) -> int:
    from nextwork.ingest import template

    template.write(args.out, lang=args.lang)
    print(f"wrote the template workbook to {args.out}")
    return EXIT_OK


def _kpis(args) -> int:
    from nextwork.ingest import db
    from nextwork.metrics.kpis import compute_kpis

    if not args.db.exists():
        print(f"error: no database at {args.db}", file=sys.stderr)
        return EXIT_FAILURE
    con = db.connect(args.db, read_only=True)
    try:
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
    finally:
        con.close()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(_table(out))
    return EXIT_OK


def _fair(args) -> int:
    from nextwork.ingest import db
    from nextwork.metrics import fair

    if not args.db.exists():
        print(f"error: no database at {args.db}", file=sys.stderr)
        return EXIT_FAILURE
    con = db.connect(args.db, read_only=True)
    try:
        out, result = fair.fair_json(
            con,
            args.start,
            args.end,
            args.kpi,
            as_of=args.as_of,
            by=args.by,
            municipalities=args.municipality or None,
        )
    finally:
        con.close()
    if result.left_out:
        print(
            "note: strata left out (nobody in the programme): "
            + "; ".join(", ".join(s) for s in result.left_out),
            file=sys.stderr,
        )
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(_fair_table(out, result))
    return EXIT_OK


def _fair_table(out: dict, result) -> str:
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
                _plain(site["observed"], "share"),
                _plain(site["expected"], "share"),
                "-" if difference is None else f"{difference * 100:+.1f}".replace(".", ","),
                readings.get(reading.get(name), "-"),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        f"{KPI_BY_KEY[out['kpi']].label_da}: {out['start']} til {out['end']}, opgjort "
        f"{out['as_of']}; strata: {', '.join(out['by'])}; programmet: "
        f"{_plain(result.programme_value, 'share')} af {result.programme_n}"
    ]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    return "\n".join(lines)


def _table(out: dict) -> str:
    from nextwork.metrics.kpis import KPIS

    names = list(out["by_municipality"])
    header = ["KPI", "I alt", *names]
    rows = [header]
    for kpi in KPIS:
        values = [out["total"][kpi.key], *(out["by_municipality"][n][kpi.key] for n in names)]
        rows.append([kpi.label_da, *(_plain(v, kpi.kind) for v in values)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [f"{out['start']} til {out['end']}, opgjort {out['as_of']}"]
    for r in rows:
        lines.append(
            "  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r))
        )
    return "\n".join(lines)


def _plain(value, kind: str) -> str:
    if value is None:
        return "-"
    if kind == "share":
        return f"{value * 100:.1f} %".replace(".", ",")
    if kind == "days":
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def _demo(args) -> int:
    from nextwork.ingest.demo import write_demo

    counts = write_demo(args.out, seed=args.seed, scale=args.scale, until=args.until)
    print(f"wrote demo export to {args.out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    from nextwork.ingest.demo_trial import write_demo_trial

    print(f"wrote demo trial results to {write_demo_trial(args.out, seed=args.seed)}")
    return EXIT_OK


def _bench(args) -> int:
    from nextwork.ops.bench import run_bench

    run_bench(
        args.workdir,
        scales=args.scale,
        load_users=args.load_users,
        load_seconds=args.load_seconds,
        load=not args.no_load,
    )
    return EXIT_OK


def _load(args) -> int:
    from nextwork.ops.load import run_load

    out = run_load(
        args.users,
        args.seconds,
        args.import_every,
        args.workdir,
        url=args.url,
        processes=args.processes,
        db=args.db,
        export=args.export,
        profile=args.profile,
    )
    return EXIT_OK if out["errors"] == 0 else EXIT_FAILURE
