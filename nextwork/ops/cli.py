"""The command line: `python -m nextwork
import|history|restore|trial|effects|template|kpis|fair|demo|bench|load`.

This module is the argument parser; the commands' work is in `nextwork.ops.commands`
(writing and managing data) and `nextwork.ops.reports` (printing figures)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from nextwork.ops import commands, reports
from nextwork.ops.commands import EXIT_FAILURE


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from e


def _period_arguments(p: argparse.ArgumentParser) -> None:
    """The database and the period a report is for: --db, --start, --end and --as-of."""
    p.add_argument("--db", type=Path, required=True, help="the DuckDB database file")
    p.add_argument("--start", type=_date, required=True, help="first day, YYYY-MM-DD")
    p.add_argument("--end", type=_date, required=True, help="last day, YYYY-MM-DD")
    p.add_argument(
        "--as-of",
        type=_date,
        help="the day the data is true for (default: the day of the most recent import)",
    )


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
    _period_arguments(p)
    p.add_argument(
        "--municipality",
        action="append",
        default=[],
        metavar="NAME",
        help="a municipality (repeat for several; default: all in the database)",
    )
    from nextwork.metrics.kpis import AGE_BANDS, GENDERS, TARGET_GROUPS

    for option, values, metavar in (
        ("--target-group", TARGET_GROUPS, "G"),
        ("--gender", GENDERS, "G"),
        ("--age-band", AGE_BANDS, "B"),
    ):
        shown = ", ".join(f"'{v}'" if " " in v else v for v in values)
        p.add_argument(option, action="append", choices=values, metavar=metavar, help=shown)
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
    _period_arguments(p)
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
    p.add_argument(
        "--db",
        type=Path,
        help="with --url: the database that app reads; without: the database the app "
        "started reads instead of the demo's (imported into, unless --import-every 0)",
    )
    p.add_argument(
        "--export", type=Path, help="the export to import (with --url: data/demo by default)"
    )
    p.add_argument("--profile", type=Path, help="record a flame graph (SVG) of the app server")
    p.add_argument(
        "--workdir",
        type=Path,
        default=Path("bench-out/load"),
        help="where the demo export, database and results go (default bench-out/load/)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    start, end = getattr(args, "start", None), getattr(args, "end", None)
    if start and end and start > end:  # an empty period would print figures all the same
        parser.error(f"--start {start} is after --end {end}")
    try:
        run = {
            "import": commands.import_export_command,
            "history": commands.history,
            "restore": commands.restore,
            "template": commands.template,
            "trial": commands.trial,
            "demo": commands.demo,
            "bench": commands.bench,
            "load": commands.load,
            "kpis": reports.kpis,
            "fair": reports.fair,
            "effects": reports.effects,
        }
        return run[args.command](args)
    except KeyboardInterrupt:
        return EXIT_FAILURE
    except reports.NoDatabase as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as e:  # the last line of defence: a message, not a traceback
        from nextwork.ingest.privacy import mask_cpr_like

        print(f"error: {type(e).__name__}: {mask_cpr_like(str(e))}", file=sys.stderr)
        return EXIT_FAILURE
