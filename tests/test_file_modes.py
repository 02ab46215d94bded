"""The database, the rejected-imports log, the lock and the audit file are readable by
their owner only (0600), or by a group too when the operator says so (0640); a file
looser than that is named at start."""

from __future__ import annotations

import logging
import os
import stat

import pytest

from nextwork.ingest import audit, store
from nextwork.ingest.importer import import_export, rejected_log_path
from tests.apptest import open_app, texts
from tests.tiny_export import AS_OF, write_export


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def loose_umask():
    """The common umask 022, which makes new files 0644."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def imported(tmp_path):
    export = write_export(tmp_path / "export")
    db_path = tmp_path / "data" / "nextwork.duckdb"
    assert import_export(db_path, export, key_file=tmp_path / "k.key", today=AS_OF).ok
    (export / "participants.csv").write_text("participant_id\n", encoding="utf-8")
    assert not import_export(db_path, export, key_file=tmp_path / "k.key", today=AS_OF).ok
    audit.record("sign_in", "a@b.dk", "admin:all", database=db_path)
    return db_path


@pytest.mark.usefixtures("loose_umask")
def test_files_are_created_for_their_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("NEXTWORK_FILE_MODE", raising=False)
    db_path = imported(tmp_path)
    for path in (db_path, rejected_log_path(db_path), store.lock_path(db_path)):
        assert mode(path) == 0o600, path
    assert mode(audit.audit_path(db_path)) == 0o600
    assert store.loose_files(db_path) == []


@pytest.mark.usefixtures("loose_umask")
def test_a_group_may_read_them_when_configured(tmp_path, monkeypatch):
    monkeypatch.setenv("NEXTWORK_FILE_MODE", "0640")
    db_path = imported(tmp_path)
    for path in (db_path, rejected_log_path(db_path), audit.audit_path(db_path)):
        assert mode(path) == 0o640, path


def test_an_odd_file_mode_setting_is_refused(monkeypatch):
    monkeypatch.setenv("NEXTWORK_FILE_MODE", "0666")
    with pytest.raises(ValueError, match="NEXTWORK_FILE_MODE"):
        store.file_mode()


def test_looser_files_are_named_at_start(tmp_path, monkeypatch, caplog):
    """A database readable by anyone is named in the server's log when the app starts, and
    shown to an admin on the Data page."""
    monkeypatch.delenv("NEXTWORK_FILE_MODE", raising=False)
    db_path = imported(tmp_path)
    os.chmod(db_path, 0o644)
    assert store.loose_files(db_path) == [(db_path, 0o644)]
    with caplog.at_level(logging.WARNING):
        at = open_app(monkeypatch, db_path, "data")
    assert "0644" in caplog.text and str(db_path) in caplog.text
    assert "0644" in texts(at)
