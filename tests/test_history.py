"""Undoing an import: each accepted import keeps the version it replaces (the newest N),
`python -m nextwork history` lists them with what changed per site, and `restore` (or the
Data page's button) swaps one back in under the lock, audited, while pages are served."""

from __future__ import annotations

import pytest

from nextwork.ingest import audit, db, history
from nextwork.ingest.importer import import_export
from nextwork.ops import cli
from nextwork.web import snapshots
from tests.apptest import YEAR_2024, open_app, texts
from tests.tiny_export import AS_OF, write_export


def count(con, table="participants", site=None) -> int:
    where = f" where municipality = '{site}'" if site else ""
    return db.scalar(con, f"select count(*) from {table}{where}")


def vejle_only(folder):
    """The tiny export's Vejle part, with a seventh young person (V7)."""
    export = write_export(folder)
    for name in ("participants", "companies", "activities"):
        path = export / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        keep = [lines[0], *(x for x in lines[1:] if ",Vejle," in x)]
        if name == "participants":
            keep.append("V7,Vejle,2024-05-01,,2001,female,job_ready")
        path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    for name in ("placements", "outcomes"):
        path = export / f"{name}.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        keep = [lines[0], *(x for x in lines[1:] if ",V" in x or x.startswith("V"))]
        path.write_text("\n".join(keep) + "\n", encoding="utf-8")
    return export


@pytest.fixture
def two_imports(tmp_path, monkeypatch):
    """The tiny export (Vejle 6 young people, Horsens 5), then Vejle again with 7."""
    monkeypatch.setenv("NEXTWORK_KEY_FILE", str(tmp_path / "k.key"))
    monkeypatch.delenv("NEXTWORK_HISTORY_KEEP", raising=False)
    db_path = tmp_path / "data" / "nextwork.duckdb"
    assert import_export(db_path, write_export(tmp_path / "tiny"), today=AS_OF).ok
    assert import_export(db_path, vejle_only(tmp_path / "vejle"), today=AS_OF).ok
    return db_path


def test_an_import_keeps_the_version_it_replaces(two_imports):
    kept = history.versions(two_imports)
    assert len(kept) == 1, "the first import replaced no file"
    assert kept[0].what["action"] == "import" and kept[0].what["municipalities"] == ["Vejle"]
    assert kept[0].changes == {"Vejle": {"participants": (6, 7)}}


def test_only_the_newest_are_kept(two_imports, tmp_path, monkeypatch):
    monkeypatch.setenv("NEXTWORK_HISTORY_KEEP", "2")
    export = vejle_only(tmp_path / "again")
    for _ in range(3):
        assert import_export(two_imports, export, today=AS_OF).ok
    kept = history.versions(two_imports, with_changes=False)
    assert len(kept) == 2
    assert len(list(history.history_dir(two_imports).glob("*.duckdb"))) == 2


def test_restore_brings_back_the_figures_of_before_and_is_audited(two_imports, capsys):
    """Undo the second import on the command line: Vejle has 6 young people again, the audit
    log says who restored what, and the restore itself can be undone."""
    assert cli.main(["history", "--db", str(two_imports)]) == 0
    listed = capsys.readouterr().out
    (version,) = [v.id for v in history.versions(two_imports)]
    assert version in listed and "Vejle: participants 6 -> 7" in listed
    assert cli.main(["restore", "--db", str(two_imports), "--to", version]) == 0
    con = db.open_read_only(two_imports)
    try:
        assert (count(con, site="Vejle"), count(con, site="Horsens")) == (6, 5)
    finally:
        con.close()
    row = audit.entries(two_imports)[-1]
    assert row[2:4] == ("restore", "command line") and row[4].startswith(version)
    kept = history.versions(two_imports)
    assert kept[0].what == {"action": "restore", "restored": version}
    assert kept[0].changes == {"Vejle": {"participants": (7, 6)}}


def test_an_unknown_version_changes_nothing(two_imports, capsys):
    before = two_imports.stat().st_ino
    assert cli.main(["restore", "--db", str(two_imports), "--to", "20200101T000000-000000"]) == 1
    assert "no kept version" in capsys.readouterr().err
    assert two_imports.stat().st_ino == before


def test_a_restore_while_a_page_is_served_shows_old_or_new_never_mixed(two_imports):
    """A run that pinned the database before the restore reads the imported version whole;
    the next run reads the restored one."""
    snaps = snapshots.Snapshots()
    pinned = snaps.acquire(two_imports)
    con = snaps.connection(two_imports, pinned)
    assert count(con, site="Vejle") == 7
    (version,) = [v.id for v in history.versions(two_imports, with_changes=False)]
    history.restore(two_imports, version, "a@b.dk", "admin:all")
    assert (count(con, site="Vejle"), count(con, "placements")) == (7, 16)
    snaps.release(two_imports, pinned)
    fresh = snaps.acquire(two_imports)
    assert count(snaps.connection(two_imports, fresh), site="Vejle") == 6
    snaps.release(two_imports, fresh)


def test_an_admin_restores_on_the_data_page(two_imports, monkeypatch):
    at = open_app(monkeypatch, two_imports, "data", **YEAR_2024)
    assert "Fortryd en indlæsning" in texts(at)
    (label,) = at.selectbox(key="data_restore_version").options
    assert label.endswith(" · indlæsning 2: Vejle")
    at.button(key="data_restore").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "er gendannet" in texts(at)
    assert audit.entries(two_imports)[-1][1:3] == ("analytiker@example.dk", "restore")
    at.switch_page("views/overblik.py").run()
    con = db.open_read_only(two_imports)
    try:
        assert count(con, site="Vejle") == 6
    finally:
        con.close()


def test_only_an_admin_sees_the_undo(two_imports, monkeypatch):
    at = open_app(monkeypatch, two_imports, "data", role="foundation", **YEAR_2024)
    assert "Fortryd en indlæsning" not in texts(at)
    assert not [b for b in at.button if b.key == "data_restore"]
