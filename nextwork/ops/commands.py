"""The work of the commands that write or manage data: import, trial, history, restore,
template and demo, and the benchmark and load test. Each takes the parsed arguments and
returns the exit code."""

from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAILURE, EXIT_REJECTED = 0, 1, 2


def import_export_command(args) -> int:
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
    audit_import(args.db, result)
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


def audit_import(database: Path, result, what: str = "") -> None:
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


def trial(args) -> int:
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
    audit_import(args.db, result, what="trial results")
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


def history(args) -> int:
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


def restore(args) -> int:
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


def template(args) -> int:
    from nextwork.ingest import template

    template.write(args.out, lang=args.lang)
    print(f"wrote the template workbook to {args.out}")
    return EXIT_OK


def demo(args) -> int:
    from nextwork.ingest.demo import write_demo

    counts = write_demo(args.out, seed=args.seed, scale=args.scale, until=args.until)
    print(f"wrote demo export to {args.out}: " + ", ".join(f"{n} {t}" for t, n in counts.items()))
    from nextwork.ingest.demo.trial import write_demo_trial

    print(f"wrote demo trial results to {write_demo_trial(args.out, seed=args.seed)}")
    return EXIT_OK


def bench(args) -> int:
    from nextwork.ops.bench import run_bench

    run_bench(
        args.workdir,
        scales=args.scale,
        load_users=args.load_users,
        load_seconds=args.load_seconds,
        load=not args.no_load,
    )
    return EXIT_OK


def load(args) -> int:
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
